"""The event log: every state change writes one row here, in the same transaction as the change."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, Session, mapped_column

from trainer.db.base import Base


class Event(Base):
    """Who did what to which thing, from which state to which, at what (sandbox) time."""

    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_sandbox_at", "sandbox_id", "at"),
        Index("ix_events_entity", "entity", "entity_id"),
        Index("ix_events_trainee_id_id", "trainee_id", "id"),  # a live board's tick: newest event of its people
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sandbox_id: Mapped[int | None] = mapped_column(index=False)
    trainee_id: Mapped[int | None] = mapped_column(ForeignKey("trainees.id", ondelete="SET NULL"), index=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"), index=True)
    actor: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str | None] = mapped_column(String(60))
    from_state: Mapped[str | None] = mapped_column(String(40))
    to_state: Mapped[str | None] = mapped_column(String(40))
    at: Mapped[datetime]
    note: Mapped[str | None] = mapped_column(Text)
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)


def record_event(
    session: Session,
    *,
    actor: str,
    action: str,
    entity: str,
    at: datetime,
    entity_id: str | int | None = None,
    from_state: str | None = None,
    to_state: str | None = None,
    note: str | None = None,
    sandbox_id: int | None = None,
    trainee_id: int | None = None,
    account_id: int | None = None,
    data: dict[str, Any] | None = None,
) -> Event:
    """Add an event to the session's transaction (the caller commits it with the change)."""
    event = Event(
        actor=actor,
        action=action,
        entity=entity,
        entity_id=None if entity_id is None else str(entity_id),
        from_state=from_state,
        to_state=to_state,
        at=at,
        note=note,
        sandbox_id=sandbox_id,
        trainee_id=trainee_id,
        account_id=account_id,
        data=data or {},
    )
    session.add(event)
    return event
