"""Services for trainee profiles: create one (with a resume code) and find it again by that code.

Public API: `create_trainee(...) -> Trainee`, `find_by_resume_code(session, code) -> Trainee`,
`trainee_card(session, *, trainee_id=None, resume_code=None) -> TraineeCard | None` (the read the shell makes once
per rerun: by id, else by resume code).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from trainer.db.events import record_event
from trainer.errors import DomainError, NotFound, TrainerError
from trainer.training.models import Trainee

AUDIENCES = ("official", "citizen")
RESUME_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud in a hall
RESUME_CODE_LENGTH = 6
NAME_MAX_CHARS = 120


def new_resume_code() -> str:
    return "".join(secrets.choice(RESUME_ALPHABET) for _ in range(RESUME_CODE_LENGTH))


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def create_trainee(session: Session, *, name: str, audience: str, unit_code: str | None, now: datetime) -> Trainee:
    """Register a trainee profile and give it a unique resume code."""
    clean = " ".join(name.split())
    if not clean:
        raise DomainError("errors.trainee.name_required")
    if len(clean) > NAME_MAX_CHARS:
        raise DomainError("errors.trainee.name_too_long", limit=NAME_MAX_CHARS)
    if audience not in AUDIENCES:
        raise DomainError("errors.trainee.bad_audience")
    code = new_resume_code()
    while session.scalar(select(Trainee.id).where(Trainee.resume_code == code)) is not None:
        code = new_resume_code()
    trainee = Trainee(name=clean, audience=audience, unit_code=unit_code, resume_code=code, created_at=now)
    session.add(trainee)
    session.flush()
    record_event(
        session, actor=audience, action="trainee.created", entity="trainee", entity_id=trainee.id,
        at=now, trainee_id=trainee.id, data={"unit_code": unit_code},
    )
    return trainee


def find_by_resume_code(session: Session, code: str) -> Trainee:
    """The trainee with this resume code (spaces, dashes and case ignored)."""
    clean = normalise_code(code)
    trainee = session.scalar(select(Trainee).where(Trainee.resume_code == clean)) if clean else None
    if trainee is None:
        raise NotFound("errors.trainee.unknown_code", code=code.strip())
    return trainee


@dataclass(frozen=True)
class TraineeCard:
    """What the pages show of a trainee: a plain value."""

    id: int
    name: str
    audience: str
    unit_code: str | None
    resume_code: str


def trainee_card(session: Session, *, trainee_id: int | None = None, resume_code: str | None = None) -> TraineeCard | None:
    """The trainee with this id, else with this resume code; None when neither finds one."""
    found = session.get(Trainee, trainee_id) if trainee_id is not None else None
    if found is None and resume_code:
        try:
            found = find_by_resume_code(session, resume_code)
        except TrainerError:
            found = None
    if found is None:
        return None
    return TraineeCard(found.id, found.name, found.audience, found.unit_code, found.resume_code)
