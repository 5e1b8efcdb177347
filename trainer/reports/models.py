"""The province's own monthly figures of the real one-stop system (báo cáo tháng theo xã), imported to set beside
training completion: one import (who, when, which file) and its rows, one per commune and month."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from trainer.db.base import Base


class RealReportImport(Base):
    """One imported file: every row of it was good, or none was stored."""

    __tablename__ = "real_report_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(String(200))
    rows: Mapped[int]
    replaced: Mapped[int]  # rows that replaced an earlier import's figures for the same commune and month
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id", ondelete="SET NULL"), index=True)
    imported_at: Mapped[datetime]


class RealMonthlyFigure(Base):
    """One commune's figures for one month, as the real system reported them (the latest import wins)."""

    __tablename__ = "real_monthly_figures"
    __table_args__ = (UniqueConstraint("unit_code", "month", name="uq_real_monthly_figures_unit_code_month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("real_report_imports.id", ondelete="CASCADE"), index=True)
    unit_code: Mapped[str] = mapped_column(String(20), index=True)
    month: Mapped[date]  # the first day of the month
    received: Mapped[int]
    online: Mapped[int]
    handled: Mapped[int | None]  # dossiers handled (đã giải quyết) when the report gives them
    on_time: Mapped[int]
