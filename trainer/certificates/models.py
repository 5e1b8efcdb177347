"""The certificates table: what was certified, to whom, by whom; a snapshot, so a certificate reads the same later."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from trainer.db.base import Base


class Certificate(Base):
    """One certificate of completion of a learning path (one generation per person and path: a revoked one may be
    followed by a new one)."""

    __tablename__ = "certificates"
    __table_args__ = (
        UniqueConstraint("trainee_id", "path_id", "generation", name="uq_certificates_trainee_id_path_id_generation"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    serial: Mapped[str] = mapped_column(String(24), unique=True)
    trainee_id: Mapped[int | None] = mapped_column(ForeignKey("trainees.id", ondelete="SET NULL"), index=True)
    path_id: Mapped[str] = mapped_column(String(60))
    generation: Mapped[int] = mapped_column(default=1)
    path_title: Mapped[dict[str, Any]] = mapped_column(default=dict)  # {"vi": ..., "en": ...} when issued
    holder_name: Mapped[str] = mapped_column(String(120))
    unit_code: Mapped[str | None] = mapped_column(String(20))
    unit_label: Mapped[str] = mapped_column(String(200), default="")
    workshop_id: Mapped[int | None] = mapped_column(ForeignKey("workshops.id", ondelete="SET NULL"), index=True)
    workshop_title: Mapped[str] = mapped_column(String(200), default="")
    trainer_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"), index=True)
    trainer_name: Mapped[str] = mapped_column(String(120), default="")
    how: Mapped[str] = mapped_column(String(10))  # automatic | trainer
    issued_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    issued_on: Mapped[date]
    issued_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    revoked_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"))
    revoke_reason: Mapped[str | None] = mapped_column(String(500))
