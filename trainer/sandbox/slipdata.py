"""Data printed on the slips Mẫu 01–05 (Circular 01/2018/TT-VPCP), and on the fee receipt the desk hands over
("BL", biên lai thu phí, lệ phí), built from a dossier; `slips.py` renders them.

Public API: dataclasses `ReceiptSlip`, `SupplementSlip`, `RefusalSlip`, `ApologySlip`, `ControlSlip`,
`HandOverRow`, `FeeReceipt`, and builders `receipt_slip(session, sandbox_id, dossier_id, lang="vi")`,
`supplement_slip(...)`, `refusal_slip(...)`, `apology_slip(...)`, `control_slip(...)`, `fee_receipt(...)`; `tracking_path(code)` ("tra-cuu-ho-so?dossier=<code>").
A builder raises DomainError("errors.sandbox.slip_not_issued") when the dossier never had that slip.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import quote

from sqlalchemy import select
from sqlalchemy.orm import Session

from trainer.errors import DomainError
from trainer.i18n import t
from trainer.sandbox import reference
from trainer.sandbox.core import get_citizen, get_dossier, get_sandbox
from trainer.sandbox.deadlines import due_at
from trainer.sandbox.models import Dossier, DossierDocument, HandOver, SlipIssued, SupplementRequest
from trainer.world.calendar import WORKING_HOURS_PER_DAY

TRACKING_PAGE = "tra-cuu-ho-so"  # url_path of views/practice/tracking.py = trainer.ui.nav.TRACKING_URL_PATH (tested)
TRACKING_PARAM = "dossier"  # the `code` query parameter is the trainee's resume code


def tracking_path(code: str) -> str:
    """The tracking page of a dossier, relative to the app's base URL."""
    return f"{TRACKING_PAGE}?{TRACKING_PARAM}={quote(code, safe='')}"


@dataclass
class ReceiptSlip:
    """Mẫu 01: receipt and appointment slip."""

    dossier_code: str
    agency_name: str
    place: str
    issued_at: datetime
    citizen_name: str
    citizen_address: str
    citizen_phone: str
    procedure_name: str
    documents: list[str]
    copies: int
    processing_days: int
    received_at: datetime
    appointment_at: datetime
    delivery: str
    logbook_book: str
    logbook_number: str
    officer_name: str
    tracking_path: str = ""


@dataclass
class SupplementSlip:
    """Mẫu 02: request to supplement, listing everything missing."""

    dossier_code: str
    agency_name: str
    place: str
    issued_at: datetime
    citizen_name: str
    citizen_address: str
    citizen_phone: str
    procedure_name: str
    missing: list[str]
    reason: str
    officer_name: str
    officer_phone: str
    tracking_path: str = ""


@dataclass
class RefusalSlip:
    """Mẫu 03: refusal with the reason."""

    dossier_code: str
    agency_name: str
    place: str
    issued_at: datetime
    citizen_name: str
    procedure_name: str
    reason: str
    officer_name: str
    tracking_path: str = ""


@dataclass
class ApologySlip:
    """Mẫu 04: apology and new appointment date."""

    dossier_code: str
    agency_name: str
    place: str
    issued_at: datetime
    citizen_name: str
    procedure_name: str
    received_at: datetime
    old_appointment_at: datetime
    new_appointment_at: datetime
    reason: str
    head_name: str
    tracking_path: str = ""


@dataclass
class HandOverRow:
    """One hand-over of the control slip: from whom, to whom, when, and whether it was on time."""

    from_party: str
    to_party: str
    at: datetime | None
    result: str | None  # early | on_time | late
    note: str | None


@dataclass
class ControlSlip:
    """Mẫu 05: dossier-control slip, one row per hand-over."""

    dossier_code: str
    agency_name: str
    place: str
    issued_at: datetime
    citizen_name: str
    procedure_name: str
    handling_agency: str
    partner_agency: str | None
    appointment_at: datetime
    handovers: list[HandOverRow] = field(default_factory=list)
    tracking_path: str = ""


@dataclass
class FeeReceipt:
    """Biên lai thu phí, lệ phí: what the desk collected at the counter for a walk-in dossier."""

    dossier_code: str
    agency_name: str
    place: str
    issued_at: datetime
    citizen_name: str
    citizen_address: str
    procedure_name: str
    amount: int
    paid_by: str  # cash | transfer | card (lifecycle.FEE_MEANS)
    reference: str
    officer_name: str
    tracking_path: str = ""


def _issued(session: Session, dossier: Dossier, form: str) -> SlipIssued:
    row = session.scalar(
        select(SlipIssued)
        .where(
            SlipIssued.sandbox_id == dossier.sandbox_id,
            SlipIssued.dossier_id == dossier.id,
            SlipIssued.form == form,
        )
        .order_by(SlipIssued.id.desc())
    )
    if row is None:
        raise DomainError("errors.sandbox.slip_not_issued", form=form)
    return row


def _place(session: Session, dossier: Dossier) -> str:
    from trainer.world.units import load_units

    sandbox = get_sandbox(session, dossier.sandbox_id)
    unit = load_units(sandbox.admin_model).find(reference.agency_unit(dossier.receiving_agency_id))
    return unit.name if unit is not None else sandbox.unit_code


def _officer(session: Session, dossier: Dossier) -> str:
    from trainer.training.models import Trainee

    sandbox = get_sandbox(session, dossier.sandbox_id)
    trainee = session.get(Trainee, sandbox.owner_id) if sandbox.owner_id is not None else None
    return trainee.name if trainee is not None else ""


def _common(session: Session, dossier: Dossier, issued_at: datetime, lang: str) -> dict[str, Any]:
    citizen = get_citizen(session, dossier.sandbox_id, dossier.citizen_id)
    return {
        "dossier_code": dossier.code or "",
        "agency_name": reference.agency_name(dossier.receiving_agency_id, lang),
        "place": _place(session, dossier),
        "issued_at": issued_at,
        "citizen_name": citizen.full_name,
        "procedure_name": reference.procedure_name(dossier.procedure_code, lang),
        "tracking_path": tracking_path(dossier.code or ""),
    }


def _contact(session: Session, dossier: Dossier) -> dict[str, str]:
    citizen = get_citizen(session, dossier.sandbox_id, dossier.citizen_id)
    return {"citizen_address": citizen.address, "citizen_phone": citizen.phone}


def _document_lines(session: Session, dossier: Dossier, lang: str) -> list[str]:
    forms = {d.id: d.form for d in reference.procedure(dossier.procedure_code).documents}
    rows = session.execute(
        select(DossierDocument.doc_id, DossierDocument.source)
        .where(DossierDocument.sandbox_id == dossier.sandbox_id, DossierDocument.dossier_id == dossier.id)
        .order_by(DossierDocument.id)
    ).all()
    held: dict[str, str] = {}
    for doc_id, source in rows:  # first way each document arrived; the e-form is its own "form"
        held.setdefault(doc_id, "eform" if source == "eform" else forms.get(doc_id, "copy"))
    return [
        f"{reference.document_name(dossier.procedure_code, doc_id, lang)} ({t('sandbox.form.' + form, lang)})"
        for doc_id, form in held.items()
    ]


def _processing_days(code: str) -> int:
    time = reference.procedure(code).time
    if time.working_days is not None:
        return time.working_days
    return math.ceil((time.working_hours or 0) / WORKING_HOURS_PER_DAY)


def receipt_slip(session: Session, sandbox_id: int, dossier_id: int, lang: str = "vi") -> ReceiptSlip:
    """Mẫu 01 for a received dossier."""
    dossier = get_dossier(session, sandbox_id, dossier_id)
    issued = _issued(session, dossier, "01")
    received = dossier.received_at or issued.issued_at
    return ReceiptSlip(
        **_common(session, dossier, issued.issued_at, lang),
        **_contact(session, dossier),
        documents=_document_lines(session, dossier, lang),
        copies=1,
        processing_days=_processing_days(dossier.procedure_code),
        received_at=received,
        appointment_at=dossier.appointment_at or received,
        delivery=dossier.delivery,
        logbook_book=f"{received:%Y}",
        logbook_number=(dossier.code or "")[-4:],
        officer_name=_officer(session, dossier),
    )


def supplement_slip(session: Session, sandbox_id: int, dossier_id: int, lang: str = "vi") -> SupplementSlip:
    """Mẫu 02 for the latest supplement request."""
    dossier = get_dossier(session, sandbox_id, dossier_id)
    issued = _issued(session, dossier, "02")
    request = session.scalar(
        select(SupplementRequest)
        .where(SupplementRequest.sandbox_id == sandbox_id, SupplementRequest.dossier_id == dossier.id)
        .order_by(SupplementRequest.id.desc())
    )
    missing = list(request.missing) if request is not None else []
    return SupplementSlip(
        **_common(session, dossier, issued.issued_at, lang),
        **_contact(session, dossier),
        missing=[reference.document_name(dossier.procedure_code, m, lang) for m in missing],
        reason=request.note if request is not None else "",
        officer_name=_officer(session, dossier),
        officer_phone="",
    )


def refusal_slip(session: Session, sandbox_id: int, dossier_id: int, lang: str = "vi") -> RefusalSlip:
    """Mẫu 03 for a refused dossier."""
    dossier = get_dossier(session, sandbox_id, dossier_id)
    issued = _issued(session, dossier, "03")
    return RefusalSlip(
        **_common(session, dossier, issued.issued_at, lang),
        reason=dossier.reason or "",
        officer_name=_officer(session, dossier),
    )


def apology_slip(session: Session, sandbox_id: int, dossier_id: int, lang: str = "vi") -> ApologySlip:
    """Mẫu 04 for the latest apology: the date that will be missed and the new one."""
    dossier = get_dossier(session, sandbox_id, dossier_id)
    issued = _issued(session, dossier, "04")
    old = issued.data.get("old_due")
    new = issued.data.get("new_appointment_at")
    return ApologySlip(
        **_common(session, dossier, issued.issued_at, lang),
        received_at=dossier.received_at or issued.issued_at,
        old_appointment_at=datetime.fromisoformat(old)
        if old
        else (dossier.appointment_at or issued.issued_at),
        new_appointment_at=datetime.fromisoformat(new)
        if new
        else (dossier.new_appointment_at or issued.issued_at),
        reason=str(issued.data.get("reason", "")),
        head_name="",
    )


def _party(role: str, agency_id: str, lang: str) -> str:
    if role in ("citizen", "postal_worker"):  # people outside the agency: no office name
        return t(f"roles.{role}", lang)
    return f"{t(f'roles.{role}', lang)} — {reference.agency_name(agency_id, lang)}"


def _timeliness(at: datetime, due: datetime | None) -> str | None:
    if due is None:
        return None
    if at > due:
        return "late"
    return "early" if at.date() < due.date() else "on_time"


def control_slip(session: Session, sandbox_id: int, dossier_id: int, lang: str = "vi") -> ControlSlip:
    """Mẫu 05: every hand-over of the dossier so far, with the time and whether it was on time."""
    dossier = get_dossier(session, sandbox_id, dossier_id)
    issued = _issued(session, dossier, "05")
    due = due_at(dossier)
    rows = session.scalars(
        select(HandOver)
        .where(HandOver.sandbox_id == sandbox_id, HandOver.dossier_id == dossier.id)
        .order_by(HandOver.at, HandOver.id)
    )
    handovers = [
        HandOverRow(
            _party(r.from_role, r.from_agency_id, lang),
            _party(r.to_role, r.to_agency_id, lang),
            r.at,
            _timeliness(r.at, due),
            r.note or None,
        )
        for r in rows
    ]
    partner = (
        reference.agency_name(dossier.receiving_agency_id, lang)
        if reference.needs_transfer(dossier)
        else None
    )
    return ControlSlip(
        **_common(session, dossier, issued.issued_at, lang),
        handling_agency=reference.agency_name(dossier.deciding_agency_id, lang),
        partner_agency=partner,
        appointment_at=dossier.appointment_at or issued.issued_at,
        handovers=handovers,
    )


def fee_receipt(session: Session, sandbox_id: int, dossier_id: int, lang: str = "vi") -> FeeReceipt:
    """The receipt of the fee collected at the desk (`lifecycle.collect_fee`)."""
    dossier = get_dossier(session, sandbox_id, dossier_id)
    issued = _issued(session, dossier, "BL")
    citizen = get_citizen(session, sandbox_id, dossier.citizen_id)
    return FeeReceipt(
        **_common(session, dossier, issued.issued_at, lang),
        citizen_address=citizen.address,
        amount=int(issued.data.get("amount", dossier.fee_amount)),
        paid_by=str(issued.data.get("paid_by", "cash")),
        reference=str(issued.data.get("reference", "")),
        officer_name=_officer(session, dossier),
    )
