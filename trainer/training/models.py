"""Trainee profiles (a name, an audience, a unit and a personal resume code), campaigns, workshops and enrolments."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from trainer.db.base import Base


class Trainee(Base):
    """A person practising: an official or a citizen, attached to a commune-level unit."""

    __tablename__ = "trainees"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    audience: Mapped[str] = mapped_column(String(20))  # "official" or "citizen"
    unit_code: Mapped[str | None] = mapped_column(String(20))
    resume_code: Mapped[str] = mapped_column(String(12), unique=True)
    created_at: Mapped[datetime]


class Campaign(Base):
    """An awareness campaign (chiến dịch): target units and audiences, the paths it uses, dates and targets."""

    __tablename__ = "campaigns"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    unit_codes: Mapped[list[Any]] = mapped_column(default=list)
    audiences: Mapped[list[Any]] = mapped_column(default=list)
    path_ids: Mapped[list[Any]] = mapped_column(default=list)
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    targets: Mapped[list[Any]] = mapped_column(default=list)  # [{"path_id", "audience", "share", "by"}]
    created_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]


class Workshop(Base):
    """A training session in a commune (lớp tập huấn): a join code, the paths offered, open then closed."""

    __tablename__ = "workshops"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    unit_code: Mapped[str] = mapped_column(String(20))
    held_on: Mapped[date]
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id", ondelete="SET NULL"), index=True)
    path_ids: Mapped[list[Any]] = mapped_column(default=list)
    join_code: Mapped[str] = mapped_column(String(6), unique=True)
    status: Mapped[str] = mapped_column(String(10), default="open")  # open | closed
    created_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=0)


class Enrolment(Base):
    """One person in one workshop on one path (ghi danh): their progress is the path's, not a browser's.

    `joined_at` is None for a person imported from a roster who has not yet joined; `pin_hash` is the SHA-256 of
    the workshop, the person and their 4-digit PIN (optional)."""

    __tablename__ = "enrolments"
    __table_args__ = (UniqueConstraint("workshop_id", "trainee_id", name="uq_enrolments_workshop_id_trainee_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("trainees.id", ondelete="CASCADE"), index=True)
    path_id: Mapped[str] = mapped_column(String(60))
    name_key: Mapped[str] = mapped_column(String(120))  # the name folded for comparison (same-name detection)
    position: Mapped[str | None] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(20))
    pin_hash: Mapped[str | None] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(10))  # joined | roster
    enrolled_at: Mapped[datetime]
    joined_at: Mapped[datetime | None]
