"""Trainee profiles: a name, an audience, a unit and a personal resume code (accounts come later)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
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
