"""Tables of the sandbox: every row except `sandboxes` itself carries sandbox_id (cascade on delete)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from trainer.db.base import Base


def _sandbox_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("sandboxes.id", ondelete="CASCADE"), index=True)


class Sandbox(Base):
    """One practice copy of the one-stop system, with its own clock, citizens and dossiers."""

    __tablename__ = "sandboxes"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("trainees.id", ondelete="SET NULL"), index=True)
    label: Mapped[str] = mapped_column(String(120))
    admin_model: Mapped[str] = mapped_column(String(30))
    unit_code: Mapped[str] = mapped_column(String(20))
    seed: Mapped[int]
    citizen_count: Mapped[int]
    clock: Mapped[datetime]
    start_clock: Mapped[datetime]
    created_at: Mapped[datetime]
    start_state: Mapped[str] = mapped_column(Text, default="")
    # "demo" for the shared demo sandbox, "trainee-<id>" for a trainee's practice sandbox, None for the others
    # (scenario runs, tools): unique, so two sessions asking at once get one sandbox (sandboxes.practice_sandbox)
    practice_key: Mapped[str | None] = mapped_column(String(40), index=True, unique=True)


class Citizen(Base):
    """A fake person living in the sandbox's commune (from the fake-people factory)."""

    __tablename__ = "sandbox_citizens"
    __table_args__ = (
        UniqueConstraint("sandbox_id", "national_id", name="uq_sandbox_citizens_sandbox_national_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sandbox_id: Mapped[int] = _sandbox_fk()
    full_name: Mapped[str] = mapped_column(String(120))
    gender: Mapped[str] = mapped_column(String(10))
    date_of_birth: Mapped[date] = mapped_column(Date)
    ethnicity: Mapped[str] = mapped_column(String(40))
    national_id: Mapped[str] = mapped_column(String(12))
    phone: Mapped[str] = mapped_column(String(15))
    address: Mapped[str] = mapped_column(String(300))
    commune_code: Mapped[str] = mapped_column(String(20))
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)


class StoredDocument(Base):
    """A document already held for a citizen in the data store (kho dữ liệu), reusable in dossiers."""

    __tablename__ = "sandbox_stored_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    sandbox_id: Mapped[int] = _sandbox_fk()
    citizen_id: Mapped[int] = mapped_column(ForeignKey("sandbox_citizens.id", ondelete="CASCADE"), index=True)
    doc_type: Mapped[str] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(String(200))
    number: Mapped[str] = mapped_column(String(40))
    issued_on: Mapped[date] = mapped_column(Date)
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Dossier(Base):
    """A dossier (hồ sơ): status 0 = draft (not a national code), then the national codes 1–10."""

    __tablename__ = "sandbox_dossiers"
    __table_args__ = (
        UniqueConstraint("sandbox_id", "code", name="uq_sandbox_dossiers_sandbox_code"),
        Index("ix_sandbox_dossiers_sandbox_status", "sandbox_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sandbox_id: Mapped[int] = _sandbox_fk()
    code: Mapped[str | None] = mapped_column(String(40))
    procedure_code: Mapped[str] = mapped_column(String(20))
    citizen_id: Mapped[int] = mapped_column(ForeignKey("sandbox_citizens.id", ondelete="CASCADE"), index=True)
    status: Mapped[int] = mapped_column(default=0)
    step: Mapped[str | None] = mapped_column(String(20))
    channel: Mapped[str] = mapped_column(String(20))  # online | walk_in | post
    delivery: Mapped[str] = mapped_column(String(20), default="desk")  # desk | post | electronic
    receiving_agency_id: Mapped[str] = mapped_column(String(40))
    deciding_agency_id: Mapped[str] = mapped_column(String(40))
    current_agency_id: Mapped[str] = mapped_column(String(40))
    bundle_id: Mapped[int | None] = mapped_column(
        ForeignKey("sandbox_bundles.id", ondelete="CASCADE"), index=True
    )
    form_data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime]
    submitted_at: Mapped[datetime | None]
    received_at: Mapped[datetime | None]
    resubmitted_at: Mapped[datetime | None]  # a supplement brought it back to the desk: 8 working hours from then
    appointment_at: Mapped[datetime | None]
    new_appointment_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    supplement_count: Mapped[int] = mapped_column(default=0)
    supplement_days: Mapped[int] = mapped_column(default=0)
    supplement_from: Mapped[int | None]
    paused_at: Mapped[datetime | None]
    withdraw_from: Mapped[int | None]
    reason: Mapped[str | None] = mapped_column(Text)
    fee_amount: Mapped[int] = mapped_column(default=0)
    fee_paid: Mapped[bool] = mapped_column(default=False)
    result_text: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(default=0, server_default="0")  # moves on with every action (core.claim)


class Upload(Base):
    """Bytes of an uploaded file, kept inside the sandbox (deleted with it)."""

    __tablename__ = "sandbox_uploads"

    id: Mapped[int] = mapped_column(primary_key=True)
    sandbox_id: Mapped[int] = _sandbox_fk()
    filename: Mapped[str] = mapped_column(String(200))
    mime: Mapped[str] = mapped_column(String(60))
    size: Mapped[int]
    content: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_at: Mapped[datetime]


class DossierDocument(Base):
    """One document of a dossier: reused from the store, uploaded, or a paper original digitised at the desk."""

    __tablename__ = "sandbox_dossier_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    sandbox_id: Mapped[int] = _sandbox_fk()
    dossier_id: Mapped[int] = mapped_column(ForeignKey("sandbox_dossiers.id", ondelete="CASCADE"), index=True)
    doc_id: Mapped[str] = mapped_column(String(60))
    source: Mapped[str] = mapped_column(String(20))  # store | upload | digitised | eform
    stored_document_id: Mapped[int | None] = mapped_column(
        ForeignKey("sandbox_stored_documents.id", ondelete="CASCADE")
    )
    upload_id: Mapped[int | None] = mapped_column(ForeignKey("sandbox_uploads.id", ondelete="CASCADE"))
    label: Mapped[str] = mapped_column(String(200), default="")
    added_at: Mapped[datetime]
    added_by: Mapped[str] = mapped_column(String(20))


class SupplementRequest(Base):
    """A written request to supplement (Mẫu 02): everything missing, listed once."""

    __tablename__ = "sandbox_supplement_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    sandbox_id: Mapped[int] = _sandbox_fk()
    dossier_id: Mapped[int] = mapped_column(ForeignKey("sandbox_dossiers.id", ondelete="CASCADE"), index=True)
    requested_at: Mapped[datetime]
    requested_by: Mapped[str] = mapped_column(String(20))
    from_status: Mapped[int]
    missing: Mapped[list[Any]] = mapped_column(default=list)
    note: Mapped[str] = mapped_column(Text, default="")
    fault: Mapped[bool] = mapped_column(default=False)
    answered_at: Mapped[datetime | None]
    paused_days: Mapped[int] = mapped_column(default=0)


class Payment(Base):
    """A fee, financial obligation or postage: requested, then paid (simulated)."""

    __tablename__ = "sandbox_payments"

    id: Mapped[int] = mapped_column(primary_key=True)
    sandbox_id: Mapped[int] = _sandbox_fk()
    dossier_id: Mapped[int] = mapped_column(ForeignKey("sandbox_dossiers.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # fee | obligation | postage
    amount: Mapped[int]
    method: Mapped[str | None] = mapped_column(String(20))  # online | desk | post
    reference: Mapped[str | None] = mapped_column(String(40))
    requested_at: Mapped[datetime]
    paid_at: Mapped[datetime | None]
    note: Mapped[str] = mapped_column(Text, default="")


class Shipment(Base):
    """A BCCI postal item: pickup of a dossier or delivery of a result, with its tracking number."""

    __tablename__ = "sandbox_shipments"

    id: Mapped[int] = mapped_column(primary_key=True)
    sandbox_id: Mapped[int] = _sandbox_fk()
    dossier_id: Mapped[int] = mapped_column(ForeignKey("sandbox_dossiers.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # pickup | delivery
    status: Mapped[str] = mapped_column(String(20))  # requested | picked_up | handed_over | delivered
    tracking_no: Mapped[str | None] = mapped_column(String(13))
    address: Mapped[str] = mapped_column(String(300))
    postage: Mapped[int] = mapped_column(default=0)
    checked_documents: Mapped[list[Any]] = mapped_column(default=list)
    sealed: Mapped[bool] = mapped_column(default=False)
    requested_at: Mapped[datetime]
    picked_up_at: Mapped[datetime | None]
    handed_over_at: Mapped[datetime | None]
    delivered_at: Mapped[datetime | None]


class HandOver(Base):
    """One signed hand-over of a dossier (a row of the control slip, Mẫu 05, or a BCCI record)."""

    __tablename__ = "sandbox_handovers"

    id: Mapped[int] = mapped_column(primary_key=True)
    sandbox_id: Mapped[int] = _sandbox_fk()
    dossier_id: Mapped[int] = mapped_column(ForeignKey("sandbox_dossiers.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime]
    from_role: Mapped[str] = mapped_column(String(20))
    to_role: Mapped[str] = mapped_column(String(20))
    from_agency_id: Mapped[str] = mapped_column(String(40))
    to_agency_id: Mapped[str] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(Text, default="")


class Bundle(Base):
    """An interconnected bundle (liên thông): birth or death, whose parts are dossiers."""

    __tablename__ = "sandbox_bundles"

    id: Mapped[int] = mapped_column(primary_key=True)
    sandbox_id: Mapped[int] = _sandbox_fk()
    kind: Mapped[str] = mapped_column(String(20))  # birth | death
    citizen_id: Mapped[int] = mapped_column(ForeignKey("sandbox_citizens.id", ondelete="CASCADE"))
    subject: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime]


class Rating(Base):
    """A citizen's satisfaction rating of a returned dossier (one per dossier)."""

    __tablename__ = "sandbox_ratings"
    __table_args__ = (UniqueConstraint("dossier_id", name="uq_sandbox_ratings_dossier_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sandbox_id: Mapped[int] = _sandbox_fk()
    dossier_id: Mapped[int] = mapped_column(ForeignKey("sandbox_dossiers.id", ondelete="CASCADE"))
    score: Mapped[int]
    comment: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime]


class SlipIssued(Base):
    """A slip (Mẫu 01–05) issued for a dossier, with the time it was issued."""

    __tablename__ = "sandbox_slips"

    id: Mapped[int] = mapped_column(primary_key=True)
    sandbox_id: Mapped[int] = _sandbox_fk()
    dossier_id: Mapped[int] = mapped_column(ForeignKey("sandbox_dossiers.id", ondelete="CASCADE"), index=True)
    form: Mapped[str] = mapped_column(String(2))  # "01".."05"
    issued_at: Mapped[datetime]
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)


class CodeCounter(Base):
    """The last daily sequence number given by one agency in one sandbox (dossier codes)."""

    __tablename__ = "sandbox_code_counters"

    sandbox_id: Mapped[int] = mapped_column(ForeignKey("sandboxes.id", ondelete="CASCADE"), primary_key=True)
    agency_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    last: Mapped[int] = mapped_column(default=0)
