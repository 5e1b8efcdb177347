"""The working-day calendar follows Vietnam's public holidays, weekends, office hours and the 15:00 cut-off."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trainer.world.calendar import (
    APPOINTMENT_TIME,
    ONLINE_RECEPTION_LIMIT_HOURS,
    add_working_days,
    add_working_hours,
    appointment_date,
    counting_start,
    holiday_name,
    is_working_day,
    is_working_time,
    next_working_day,
    next_working_moment,
    working_days_between,
    working_hours_between,
)

DATES = st.dates(min_value=date(2018, 1, 1), max_value=date(2030, 12, 31))
MOMENTS = st.datetimes(min_value=datetime(2018, 1, 1), max_value=datetime(2030, 12, 31))


def test_weekends_are_not_working_days():
    assert is_working_day(date(2026, 3, 6))  # Friday
    assert not is_working_day(date(2026, 3, 7))  # Saturday
    assert not is_working_day(date(2026, 3, 8))  # Sunday


@pytest.mark.parametrize("day", [16, 17, 18, 19, 20])
def test_tet_2026_is_sixteenth_to_twentieth_of_february(day):
    assert not is_working_day(date(2026, 2, day))
    assert holiday_name(date(2026, 2, day))


def test_offices_reopen_after_tet_2026_on_monday_the_twenty_third():
    assert next_working_day(date(2026, 2, 13)) == date(2026, 2, 23)
    assert add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 23)


def test_tet_2027_closes_offices_from_fourth_to_tenth_of_february():
    assert is_working_day(date(2027, 2, 3))
    assert [d for d in range(4, 12) if not is_working_day(date(2027, 2, d))] == [4, 5, 6, 7, 8, 9, 10]
    assert next_working_day(date(2027, 2, 3)) == date(2027, 2, 11)


def test_reunification_and_labour_day_2026_make_a_four_day_break():
    assert is_working_day(date(2026, 4, 29))
    for d in (date(2026, 4, 30), date(2026, 5, 1), date(2026, 5, 2), date(2026, 5, 3)):
        assert not is_working_day(d)
    assert next_working_day(date(2026, 4, 29)) == date(2026, 5, 4)


def test_hung_kings_day_on_a_sunday_is_observed_on_monday():
    assert not is_working_day(date(2026, 4, 27))
    assert holiday_name(date(2026, 4, 27)) is not None


def test_national_day_2026_with_its_swapped_days():
    for d in (date(2026, 8, 31), date(2026, 9, 1), date(2026, 9, 2)):
        assert not is_working_day(d)
    assert is_working_day(date(2026, 9, 3))
    # Saturday 22 August 2026 is worked in exchange for Monday 31 August.
    assert is_working_day(date(2026, 8, 22))


def test_a_dossier_received_before_three_pm_counts_from_the_same_day():
    assert counting_start(datetime(2026, 3, 2, 14, 59)) == date(2026, 3, 2)
    assert counting_start(datetime(2026, 3, 2, 15, 0)) == date(2026, 3, 2)


def test_a_dossier_received_after_three_pm_counts_from_the_next_working_day():
    assert counting_start(datetime(2026, 3, 2, 15, 1)) == date(2026, 3, 3)
    assert counting_start(datetime(2026, 3, 6, 16, 0)) == date(2026, 3, 9)  # Friday → Monday


def test_a_dossier_received_on_a_holiday_counts_from_the_next_working_day():
    assert counting_start(datetime(2026, 2, 17, 9, 0)) == date(2026, 2, 23)
    assert counting_start(datetime(2026, 3, 7, 9, 0)) == date(2026, 3, 9)


def test_same_day_procedure_before_cutoff_is_due_the_same_afternoon():
    assert appointment_date(datetime(2026, 3, 2, 10, 0), 0) == datetime.combine(date(2026, 3, 2), APPOINTMENT_TIME)


def test_same_day_procedure_after_cutoff_is_due_the_next_working_day():
    assert appointment_date(datetime(2026, 3, 6, 15, 30), 0) == datetime(2026, 3, 9, 16, 30)


def test_three_day_procedure_received_before_tet_skips_the_holiday():
    # Thursday 12 Feb 2026: Fri 13, (Tết 16–20), Mon 23, Tue 24.
    assert appointment_date(datetime(2026, 2, 12, 9, 0), 3) == datetime(2026, 2, 24, 16, 30)


def test_working_days_between_counts_the_end_not_the_start():
    assert working_days_between(date(2026, 3, 2), date(2026, 3, 6)) == 4
    assert working_days_between(date(2026, 3, 6), date(2026, 3, 2)) == -4
    assert working_days_between(date(2026, 2, 13), date(2026, 2, 23)) == 1


def test_working_hours_skip_lunch_nights_and_weekends():
    assert add_working_hours(datetime(2026, 3, 2, 10, 30), 2) == datetime(2026, 3, 2, 14, 30)
    assert add_working_hours(datetime(2026, 3, 6, 16, 0), ONLINE_RECEPTION_LIMIT_HOURS) == datetime(2026, 3, 9, 16, 0)
    assert add_working_hours(datetime(2026, 3, 7, 9, 0), 1) == datetime(2026, 3, 9, 8, 30)
    assert working_hours_between(datetime(2026, 3, 6, 16, 0), datetime(2026, 3, 9, 16, 0)) == 8
    assert working_hours_between(datetime(2026, 3, 2, 11, 0), datetime(2026, 3, 2, 14, 0)) == 1


def test_an_online_dossier_submitted_before_tet_must_be_answered_after_it():
    assert add_working_hours(datetime(2026, 2, 13, 14, 0), 8) == datetime(2026, 2, 23, 14, 0)


def test_a_full_working_day_has_eight_office_hours():
    assert working_hours_between(datetime(2026, 3, 2), datetime(2026, 3, 3)) == 8
    assert not is_working_time(datetime(2026, 3, 2, 12, 0))
    assert next_working_moment(datetime(2026, 3, 2, 12, 0)) == datetime(2026, 3, 2, 13, 30)


@settings(max_examples=300, deadline=None)
@given(MOMENTS, st.integers(min_value=0, max_value=30))
def test_an_appointment_never_lands_on_a_day_off(received_at, days):
    due = appointment_date(received_at, days)
    assert is_working_day(due.date())
    assert due.date() >= received_at.date()
    assert working_days_between(counting_start(received_at), due.date()) == days


@settings(max_examples=300, deadline=None)
@given(DATES, st.integers(min_value=0, max_value=40))
def test_adding_working_days_lands_on_a_working_day_and_counts_back(start, n):
    end = add_working_days(start, n)
    assert is_working_day(end)
    if is_working_day(start):
        assert working_days_between(start, end) == n


@settings(max_examples=300, deadline=None)
@given(MOMENTS, st.integers(min_value=0, max_value=80 * 60))
def test_adding_working_hours_is_undone_by_measuring_them(start, minutes):
    end = add_working_hours(start, minutes / 60)
    assert end >= start
    assert working_hours_between(start, end) == pytest.approx(minutes / 60)
    if minutes:
        assert is_working_time(end - timedelta(microseconds=1))


@settings(max_examples=200, deadline=None)
@given(DATES)
def test_next_working_day_is_the_first_open_day_after(d):
    nxt = next_working_day(d)
    assert nxt > d and is_working_day(nxt)
    assert all(not is_working_day(d + timedelta(days=k)) for k in range(1, (nxt - d).days))


def test_office_hours_outside_a_working_day_do_not_count():
    assert working_hours_between(datetime(2026, 2, 16, 7, 0), datetime(2026, 2, 20, 18, 0)) == 0
    assert not is_working_time(datetime.combine(date(2026, 2, 18), time(9, 0)))


def test_new_year_2019_swap_closes_monday_31_december_and_opens_saturday_5_january():
    assert not is_working_day(date(2018, 12, 31))
    assert is_working_day(date(2019, 1, 5))
    assert next_working_day(date(2018, 12, 28)) == date(2019, 1, 2)

