"""Working-day calendar of Vietnamese state offices: public holidays, weekends, office hours, the 15:00 cut-off.

Public API (all pure functions of their arguments; time is always passed in, naive local time):
- `is_working_day(d) -> bool`: Monday–Friday that is not a public holiday or day off, or a swapped working Saturday.
- `holiday_name(d) -> str | None`: the holiday's name from the `holidays` package (English), None on other days.
- `next_working_day(d) -> date`: the first working day strictly after d.
- `add_working_days(d, n) -> date`: n working days after d (n = 0: d itself if working, else the next working day).
- `working_days_between(a, b) -> int`: working days in (a, b]; negative when b < a.
- `counting_start(received_at) -> date`: the day counting starts (next working day after 15:00 or on a day off).
- `appointment_date(received_at, working_days) -> datetime`: the appointment (ngày hẹn trả) at APPOINTMENT_TIME.
- `appointment_after_hours(received_at, hours) -> datetime`: appointment for procedures timed in working hours.
- `is_working_time(at) -> bool`, `next_working_moment(at) -> datetime`: inside / next start of office hours.
- `add_working_hours(start, hours) -> datetime`: the moment `hours` office hours after start.
- `working_hours_between(a, b) -> float`: office hours between two moments (negative when b < a).

Holidays come from the `holidays` package's Vietnam calendar (Labour Code 2019 art. 112): New Year,
Tết (5 days around Lunar New Year), Hùng Kings' day (10/3 lunar), 30/4, 1/5, 2/9 plus one adjacent day,
and from 2026 the Vietnam Culture Day 24/11; the package also holds the "observed" days when a holiday
falls on a weekend, the days off swapped by the Prime Minister's decisions and the Saturdays worked in
exchange (`weekend_workdays`). Checked for 2018–2027 with holidays 0.109: Tết 2026 is 16–20 Feb
(with the weekends: 14–22 Feb), Tết 2027 is 4–10 Feb, 2/9/2026 is 31 Aug–2 Sep with Saturday 22 Aug worked.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache

import holidays

# Office hours: 8 working hours a day, 40 a week (Decision 188/1999/QĐ-TTg); the 07:30–11:30 and
# 13:30–17:30 split is the schedule most provincial one-stop desks publish.
MORNING = (time(7, 30), time(11, 30))
AFTERNOON = (time(13, 30), time(17, 30))
OFFICE_PERIODS = (MORNING, AFTERNOON)
WORKING_HOURS_PER_DAY = 8  # hours, Decision 188/1999/QĐ-TTg
RECEPTION_CUTOFF = time(15, 0)  # received after 15:00 → counted from the next working day (DOMAIN.md §3, Decree 61/2018)
ONLINE_RECEPTION_LIMIT_HOURS = 8  # working hours to receive or ask to supplement an online dossier, Decree 45/2020
APPOINTMENT_TIME = time(16, 30)  # hour printed on the appointment slip (sandbox choice: the afternoon of the due day)
WEEKEND = (5, 6)  # weekday numbers of Saturday and Sunday: 5-day week, Decision 188/1999/QĐ-TTg

_SECONDS_PER_HOUR = 3600


@lru_cache(maxsize=64)
def _year(year: int) -> tuple[dict[date, str], frozenset[date]]:
    """Holidays (date → name) and swapped working Saturdays of one year."""
    calendar = holidays.country_holidays("VN", years=year)
    days = {d: str(name) for d, name in calendar.items() if d.year == year}
    worked = frozenset(d for d in getattr(calendar, "weekend_workdays", ()) if d.year == year)
    return days, worked


def holiday_name(d: date) -> str | None:
    """The public holiday or day off on d, or None."""
    return _year(d.year)[0].get(d)


def is_working_day(d: date) -> bool:
    """True when state offices are open on d."""
    days, worked = _year(d.year)
    if d in worked:
        return True
    return d.weekday() not in WEEKEND and d not in days


def next_working_day(d: date) -> date:
    """The first working day strictly after d."""
    d = d + timedelta(days=1)
    while not is_working_day(d):
        d += timedelta(days=1)
    return d


def add_working_days(d: date, n: int) -> date:
    """The date n working days after d; with n = 0, d itself when it is a working day, else the next one."""
    if n < 0:
        raise ValueError("n must be >= 0")
    if n == 0:
        return d if is_working_day(d) else next_working_day(d)
    for _ in range(n):
        d = next_working_day(d)
    return d


def working_days_between(a: date, b: date) -> int:
    """Count of working days d with a < d <= b (so working_days_between(d, add_working_days(d, n)) == n)."""
    if b < a:
        return -working_days_between(b, a)
    count = 0
    d = a + timedelta(days=1)
    while d <= b:
        if is_working_day(d):
            count += 1
        d += timedelta(days=1)
    return count


def counting_start(received_at: datetime) -> date:
    """The day the processing time starts: that day if a working day and before 15:00, else the next working day."""
    d = received_at.date()
    if is_working_day(d) and received_at.time() <= RECEPTION_CUTOFF:
        return d
    return next_working_day(d)


def appointment_date(received_at: datetime, working_days: int) -> datetime:
    """The appointment: working_days after the counting start (0 = same day), at APPOINTMENT_TIME."""
    due = add_working_days(counting_start(received_at), working_days)
    return datetime.combine(due, APPOINTMENT_TIME)


def appointment_after_hours(received_at: datetime, hours: float) -> datetime:
    """The appointment for a procedure timed in working hours, counted from reception in office hours."""
    return add_working_hours(received_at, hours)


def _periods(d: date) -> list[tuple[datetime, datetime]]:
    if not is_working_day(d):
        return []
    return [(datetime.combine(d, start), datetime.combine(d, end)) for start, end in OFFICE_PERIODS]


def is_working_time(at: datetime) -> bool:
    """True when at falls inside office hours of a working day."""
    return any(start <= at < end for start, end in _periods(at.date()))


def next_working_moment(at: datetime) -> datetime:
    """at itself when inside office hours, else the start of the next office period."""
    d = at.date()
    while True:
        for start, end in _periods(d):
            if at < end:
                return max(at, start)
        d = next_working_day(d)
        at = datetime.combine(d, time(0, 0))


def add_working_hours(start: datetime, hours: float) -> datetime:
    """The moment `hours` office hours after start (time outside office hours does not count)."""
    if hours < 0:
        raise ValueError("hours must be >= 0")
    remaining = timedelta(seconds=round(hours * _SECONDS_PER_HOUR))
    at = next_working_moment(start)
    while True:
        for period_start, period_end in _periods(at.date()):
            if at >= period_end:
                continue
            at = max(at, period_start)
            available = period_end - at
            if remaining <= available:
                return at + remaining
            remaining -= available
            at = period_end
        at = datetime.combine(next_working_day(at.date()), time(0, 0))


def working_hours_between(a: datetime, b: datetime) -> float:
    """Office hours elapsed from a to b (negative when b is before a)."""
    if b < a:
        return -working_hours_between(b, a)
    seconds = 0.0
    d = a.date()
    while d <= b.date():
        for start, end in _periods(d):
            lo, hi = max(start, a), min(end, b)
            if hi > lo:
                seconds += (hi - lo).total_seconds()
        d += timedelta(days=1)
    return seconds / _SECONDS_PER_HOUR
