"""Services for trainee profiles: create one (with a resume code) and find it again by that code."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from trainer.db.events import record_event
from trainer.errors import DomainError, NotFound
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
