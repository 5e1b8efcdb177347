"""Deadlines: working days across Tết and weekends, the 15:00 cut-off, supplement pauses, lateness."""

from __future__ import annotations

from datetime import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from trainer.sandbox.deadlines import appointment_for, due_at, is_late, paused_days, reception_hours_left
from trainer.sandbox.models import Dossier
from trainer.sandbox.transitions import Status
from trainer.world.calendar import is_working_day


def dossier(**values: object) -> Dossier:
    base = {"status": Status.IN_PROCESS, "supplement_count": 0, "supplement_days": 0, "paused_at": None, "finished_at": None,
                "appointment_at": None, "submitted_at": None}
    base.update(values)
    return Dossier(**base)


def test_a_three_day_dossier_received_before_tet_2026_is_due_after_the_holiday():
    # Tết 2026: offices closed Saturday 14 to Sunday 22 February.
    assert appointment_for(datetime(2026, 2, 13, 10, 0), days=3) == datetime(2026, 2, 25, 16, 30)


def test_a_dossier_received_after_15_00_counts_from_the_next_working_day():
    assert appointment_for(datetime(2026, 3, 2, 14, 59), days=0) == datetime(2026, 3, 2, 16, 30)
    assert appointment_for(datetime(2026, 3, 2, 15, 1), days=0) == datetime(2026, 3, 3, 16, 30)
    assert appointment_for(datetime(2026, 3, 6, 15, 30), days=1) == datetime(2026, 3, 10, 16, 30)  # Fri → Mon → Tue


def test_a_dossier_received_on_the_last_afternoon_before_tet_starts_counting_after_it():
    assert appointment_for(datetime(2026, 2, 13, 16, 0), days=0) == datetime(2026, 2, 23, 16, 30)


def test_procedures_timed_in_hours_count_office_hours_only():
    assert appointment_for(datetime(2026, 3, 6, 16, 0), hours=4) == datetime(2026, 3, 9, 10, 0)  # 1.5 h on Friday, 2.5 h on Monday


@settings(max_examples=200, deadline=None)
@given(st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 1)), st.integers(0, 30))
def test_an_appointment_never_falls_on_a_day_off(received, days):
    assert is_working_day(appointment_for(received, days=days).date())


def test_days_spent_supplementing_push_the_due_date_back():
    base = dossier(appointment_at=datetime(2026, 3, 5, 16, 30))
    assert due_at(base) == datetime(2026, 3, 5, 16, 30)
    paused = dossier(appointment_at=datetime(2026, 3, 5, 16, 30), supplement_days=2)
    assert due_at(paused) == datetime(2026, 3, 9, 16, 30)  # Thu + 2 working days = Mon


def test_a_dossier_waiting_for_a_supplement_is_not_late_while_the_clock_is_paused():
    waiting = dossier(status=Status.SUPPLEMENT, appointment_at=datetime(2026, 3, 3, 16, 30),
                      paused_at=datetime(2026, 3, 2, 10, 0), supplement_count=1)
    later = datetime(2026, 3, 6, 9, 0)
    assert due_at(waiting, later) == datetime(2026, 3, 9, 16, 30)  # 4 working days paused: Tue → Mon
    assert not is_late(waiting, later)


def test_the_supplement_pause_counts_working_days_only():
    assert paused_days(datetime(2026, 2, 13, 9), datetime(2026, 2, 23, 9)) == 1  # Tết in between
    assert paused_days(datetime(2026, 3, 2, 9), datetime(2026, 3, 2, 16)) == 0


def test_a_second_supplement_request_makes_the_dossier_late_whatever_the_dates():
    twice = dossier(appointment_at=datetime(2026, 3, 20, 16, 30), supplement_count=2)
    assert is_late(twice, datetime(2026, 3, 2, 9, 0))
    once = dossier(appointment_at=datetime(2026, 3, 20, 16, 30), supplement_count=1)
    assert not is_late(once, datetime(2026, 3, 2, 9, 0))


def test_lateness_is_judged_on_the_finish_time_once_finished():
    finished = dossier(status=Status.RETURNED, appointment_at=datetime(2026, 3, 3, 16, 30),
                       finished_at=datetime(2026, 3, 3, 16, 0))
    assert not is_late(finished, datetime(2026, 4, 1))
    overdue = dossier(appointment_at=datetime(2026, 3, 3, 16, 30))
    assert is_late(overdue, datetime(2026, 3, 3, 16, 31))
    assert not is_late(overdue, datetime(2026, 3, 3, 16, 30))


def test_an_online_dossier_has_eight_working_hours_to_be_received():
    submitted = dossier(status=Status.SUBMITTED, submitted_at=datetime(2026, 3, 6, 15, 30))
    assert reception_hours_left(submitted, datetime(2026, 3, 6, 17, 30)) == 6
    assert reception_hours_left(submitted, datetime(2026, 3, 9, 15, 30)) == 0  # Friday evening to Monday afternoon
    assert reception_hours_left(submitted, datetime(2026, 3, 9, 16, 30)) < 0
    assert reception_hours_left(dossier(status=Status.RECEIVED), datetime(2026, 3, 9)) is None


@given(st.integers(0, 40), st.integers(0, 10))
def test_due_time_never_moves_earlier_when_more_days_are_spent_supplementing(days, extra):
    appointment = datetime(2026, 3, 2, 16, 30)
    one = due_at(dossier(appointment_at=appointment, supplement_days=days))
    two = due_at(dossier(appointment_at=appointment, supplement_days=days + extra))
    assert one is not None and two is not None and two >= one
