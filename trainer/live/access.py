"""Who belongs to a room: the workshop's trainer (or an administrator) runs it; its enrolled participants play.

Every live-room service goes through these two doors, so a participant of another workshop, or nobody, is refused
the same way on every path (page, agent API, direct call).
"""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from trainer.actor import Actor
from trainer.errors import DomainError, NotFound
from trainer.training.models import Enrolment, Workshop
from trainer.training.workshops import _managed

ROOM_ENTITY = "workshop"  # room events are the workshop's events: its version number moves with them


def managed_workshop(session: Session, workshop_id: int, actor: Actor) -> Workshop:
    """The workshop when the actor runs it (its trainer, or an administrator); else a DomainError."""
    return _managed(session, workshop_id, actor)


def member_enrolment(session: Session, workshop_id: int, actor: Actor) -> Enrolment:
    """The acting participant's enrolment in this workshop (another's, or none, is refused)."""
    if actor.trainee_id is None:
        raise DomainError("errors.live.not_a_participant")
    found = session.scalar(select(Enrolment).where(Enrolment.workshop_id == workshop_id,
                                                   Enrolment.trainee_id == actor.trainee_id))
    if found is None:
        raise NotFound("errors.live.not_a_participant")
    return found


def open_workshop(session: Session, workshop_id: int) -> Workshop:
    found = session.get(Workshop, workshop_id)
    if found is None:
        raise NotFound("errors.live.unknown_workshop")
    if found.status != "open":
        raise DomainError("errors.live.workshop_closed")
    return found


_PARTICIPANT_WORKSHOP = (  # built once: this read runs on every page of every participant (the help corner)
    select(Enrolment.workshop_id).join(Workshop, Workshop.id == Enrolment.workshop_id)
    .where(Enrolment.trainee_id == bindparam("trainee_id"), Workshop.status == "open")
    .order_by(Enrolment.enrolled_at.desc(), Enrolment.id.desc()).limit(1)
)


def participant_workshop(session: Session, trainee_id: int | None) -> int | None:
    """The open workshop the participant joined last (their live room), or None: one indexed read per page."""
    if trainee_id is None:
        return None
    return session.scalar(_PARTICIPANT_WORKSHOP, {"trainee_id": trainee_id})
