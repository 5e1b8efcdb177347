"""Deadlines: appointment date, time lost to supplements, lateness (computed, never a status).

Public API:
- `appointment_for(received_at, days=None, hours=None) -> datetime` (working days or working hours; calendar).
- `paused_days(start, end) -> int`: working days a supplement request held the dossier.
- `due_at(dossier, now=None) -> datetime | None`: appointment pushed back by the days spent supplementing
  (and by the current pause when the dossier is waiting for a supplement at `now`).
- `is_late(dossier, now) -> bool`: more than one supplement request, or finished/now past due_at.
- `reception_hours_left(dossier, now) -> float | None`: of the 8 working hours to receive an online dossier.
"""

from __future__ import annotations

from datetime import datetime

from trainer.sandbox.models import Dossier
from trainer.sandbox.transitions import Status
from trainer.world.calendar import (
    ONLINE_RECEPTION_LIMIT_HOURS,
    add_working_days,
    appointment_after_hours,
    appointment_date,
    working_days_between,
    working_hours_between,
)

MAX_ON_TIME_SUPPLEMENTS = 1  # a second supplement request makes the dossier late (Decision 766/QĐ-TTg)


def appointment_for(
    received_at: datetime, *, days: int | None = None, hours: float | None = None
) -> datetime:
    """The appointment for a procedure timed in working days (15:00 cut-off) or in working hours."""
    if hours is not None and days is None:
        return appointment_after_hours(received_at, hours)
    return appointment_date(received_at, days or 0)


def paused_days(start: datetime, end: datetime) -> int:
    """Working days between a supplement request and its answer (days after the request, up to the answer)."""
    return max(0, working_days_between(start.date(), end.date()))


def _shift(moment: datetime, working_days: int) -> datetime:
    if working_days <= 0:
        return moment
    return datetime.combine(add_working_days(moment.date(), working_days), moment.time())


def due_at(dossier: Dossier, now: datetime | None = None) -> datetime | None:
    """When the result is due: the appointment plus the working days spent supplementing."""
    if dossier.appointment_at is None:
        return None
    days = dossier.supplement_days
    if dossier.status == Status.SUPPLEMENT and dossier.paused_at is not None and now is not None:
        days += paused_days(dossier.paused_at, now)
    return _shift(dossier.appointment_at, days)


def is_late(dossier: Dossier, now: datetime) -> bool:
    """Late (quá hạn): more than one supplement request, or not finished by the due time."""
    if dossier.supplement_count > MAX_ON_TIME_SUPPLEMENTS:
        return True
    due = due_at(dossier, now)
    if due is None:
        return False
    end = dossier.finished_at or now
    return end > due


def reception_hours_left(dossier: Dossier, now: datetime) -> float | None:
    """Working hours left to receive (or ask to supplement) an online dossier in status 1; None otherwise. They
    count from the submission, or from the supplement that brought the dossier back to the desk."""
    start = dossier.resubmitted_at or dossier.submitted_at
    if dossier.status != Status.SUBMITTED or start is None:
        return None
    return ONLINE_RECEPTION_LIMIT_HOURS - working_hours_between(start, now)
