"""Tables of the calibrated history: dossiers received in a past period and their public-post shipments."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from trainer.db.base import Base


class HistoryDossier(Base):
    """One dossier of a generated past period (read-only history for statistics; not a sandbox dossier)."""

    __tablename__ = "history_dossiers"
    __table_args__ = (
        Index("ix_history_dossiers_profile", "profile"),
        Index("ix_history_dossiers_received_at", "received_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    profile: Mapped[str] = mapped_column(String(40))
    code: Mapped[str] = mapped_column(String(40))  # dossier code, Circular 01/2018 art. 19
    procedure_code: Mapped[str] = mapped_column(String(20))
    level: Mapped[str] = mapped_column(String(10))  # level of the receiving desk: commune | district | province
    unit_code: Mapped[str] = mapped_column(String(10))  # administrative unit of the receiving desk
    agency_id: Mapped[str] = mapped_column(String(30))  # the receiving one-stop desk
    channel: Mapped[str] = mapped_column(String(10))  # direct | online | post (picked up by public post)
    online_level: Mapped[int | None] = mapped_column(SmallInteger)  # 3 or 4 for online dossiers (Decree 43/2011)
    result_by_post: Mapped[bool]
    submitted_at: Mapped[datetime]
    received_at: Mapped[datetime | None]  # None: refused at reception (status 3), not counted as received
    due_at: Mapped[datetime | None]  # appointment date (ngày hẹn trả) from the working-day calendar
    finished_at: Mapped[datetime | None]  # result ready, stopped or withdrawn; None: still open at period end
    returned_at: Mapped[datetime | None]  # result handed over (desk or post)
    status: Mapped[int] = mapped_column(SmallInteger)  # national status code at the end of the period (DOMAIN.md §2)
    withdrawn: Mapped[bool]  # stopped because the citizen withdrew (status 7 → 8)


class HistoryShipment(Base):
    """One public-post (BCCI) shipment: a dossier picked up from a citizen, or a result delivered to one."""

    __tablename__ = "history_shipments"
    __table_args__ = (Index("ix_history_shipments_profile_kind", "profile", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    profile: Mapped[str] = mapped_column(String(40))
    dossier_id: Mapped[int] = mapped_column(ForeignKey("history_dossiers.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # pickup | return
    tracking_code: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime]
