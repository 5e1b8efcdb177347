"""Read-only views for the officials' pages: small rows built inside one session, shown after it closes.

Nothing here changes a row: every change goes through a service of `trainer.sandbox`. Every query filters by
the sandbox id, so one sandbox's pages never list another's dossiers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from trainer.sandbox import reference
from trainer.sandbox.deadlines import due_at, is_late, reception_hours_left
from trainer.sandbox.documents import dossier_documents
from trainer.sandbox.interconnection import bundle_parts
from trainer.sandbox.models import Bundle, Citizen, Dossier, Shipment, SlipIssued


@dataclass(frozen=True)
class DossierRow:
    """What a list or a panel shows of one dossier."""

    id: int
    code: str | None
    procedure_code: str
    procedure_name: str
    citizen_id: int
    citizen_name: str
    status: int
    step: str | None
    channel: str
    delivery: str
    submitted_at: datetime | None
    appointment_at: datetime | None
    due: datetime | None
    late: bool
    hours_left: float | None
    at_receiving_desk: bool
    needs_transfer: bool
    supplement_from: int | None
    new_appointment_at: datetime | None
    fee_amount: int
    bundle_kind: str | None = None  # the interconnected bundle (liên thông) the dossier is a part of
    bundle_codes: tuple[str, ...] = ()  # codes of the bundle's other parts (submitted ones)
    fee_paid: bool = False


@dataclass(frozen=True)
class DocLine:
    """One document of the procedure's list, and whether (and how) the dossier holds it."""

    doc_id: str
    name: str
    mandatory: bool
    attached: bool
    source: str | None


@dataclass(frozen=True)
class ShipmentRow:
    """One BCCI item as the postal worker sees it."""

    id: int
    kind: str
    status: str
    tracking_no: str | None
    address: str
    postage: int
    at: datetime | None  # the latest hand-over of the item: delivered, handed to the desk, or picked up
    dossier: DossierRow


def _row(session: Session, dossier: Dossier, now: datetime, lang: str) -> DossierRow:
    citizen = session.get(Citizen, dossier.citizen_id)
    return DossierRow(
        id=dossier.id, code=dossier.code, procedure_code=dossier.procedure_code,
        procedure_name=reference.procedure_name(dossier.procedure_code, lang), citizen_id=dossier.citizen_id,
        citizen_name=citizen.full_name if citizen is not None else "?", status=dossier.status, step=dossier.step,
        channel=dossier.channel, delivery=dossier.delivery, submitted_at=dossier.submitted_at,
        appointment_at=dossier.appointment_at, due=due_at(dossier, now), late=is_late(dossier, now),
        hours_left=reception_hours_left(dossier, now),
        at_receiving_desk=dossier.current_agency_id == dossier.receiving_agency_id,
        needs_transfer=reference.needs_transfer(dossier), supplement_from=dossier.supplement_from,
        new_appointment_at=dossier.new_appointment_at, fee_amount=dossier.fee_amount, fee_paid=dossier.fee_paid,
        **_bundle_of(session, dossier),
    )


def _bundle_of(session: Session, dossier: Dossier) -> dict[str, Any]:
    """The bundle a dossier is a part of (kind and the other parts' codes), if any."""
    if dossier.bundle_id is None:
        return {}
    bundle = session.get(Bundle, dossier.bundle_id)
    others = tuple(p.code for p in bundle_parts(session, bundle) if p.id != dossier.id and p.code) if bundle else ()
    return {"bundle_kind": bundle.kind if bundle else None, "bundle_codes": others}


def dossier_rows(
    session: Session, sandbox_id: int, statuses: Iterable[int], now: datetime, lang: str, *,
    step: str | None = None, channel: str | None = None,
) -> list[DossierRow]:
    """Dossiers of the sandbox in the given statuses (optionally at one internal step or channel), oldest first."""
    query = select(Dossier).where(Dossier.sandbox_id == sandbox_id, Dossier.status.in_([int(s) for s in statuses]))
    if step is not None:
        query = query.where(Dossier.step == step)
    if channel is not None:
        query = query.where(Dossier.channel == channel)
    return [_row(session, d, now, lang) for d in session.scalars(query.order_by(Dossier.id))]


def dossier_row(session: Session, sandbox_id: int, dossier_id: int, now: datetime, lang: str) -> DossierRow | None:
    """One dossier of this sandbox, or None."""
    dossier = session.get(Dossier, dossier_id)
    if dossier is None or dossier.sandbox_id != sandbox_id:
        return None
    return _row(session, dossier, now, lang)


def document_lines(session: Session, sandbox_id: int, dossier_id: int, lang: str) -> list[DocLine]:
    """The procedure's document list, each with the way it reached the dossier (store, upload, digitised)."""
    dossier = session.get(Dossier, dossier_id)
    if dossier is None or dossier.sandbox_id != sandbox_id:
        return []
    held = {d.doc_id: d.source for d in dossier_documents(session, sandbox_id, dossier_id)}
    mandatory = set(reference.mandatory_ids(dossier.procedure_code))
    return [
        DocLine(doc_id=doc_id, name=reference.document_name(dossier.procedure_code, doc_id, lang),
                mandatory=doc_id in mandatory, attached=doc_id in held, source=held.get(doc_id))
        for doc_id in reference.document_ids(dossier.procedure_code)
    ]


def slips_of(session: Session, sandbox_id: int, dossier_id: int) -> tuple[str | None, list[tuple[str, datetime]]]:
    """The dossier's code and the slips (form number, time) issued for it, in order."""
    dossier = session.get(Dossier, dossier_id)
    if dossier is None or dossier.sandbox_id != sandbox_id:
        return None, []
    rows = session.scalars(select(SlipIssued).where(
        SlipIssued.sandbox_id == sandbox_id, SlipIssued.dossier_id == dossier_id).order_by(SlipIssued.id))
    return dossier.code, [(row.form, row.issued_at) for row in rows]


def shipment_rows(session: Session, sandbox_id: int, kind: str, status: str, now: datetime, lang: str) -> list[ShipmentRow]:
    """The sandbox's postal items of one kind (pickup | delivery) in one status."""
    query = select(Shipment).where(Shipment.sandbox_id == sandbox_id, Shipment.kind == kind, Shipment.status == status)
    out = []
    for item in session.scalars(query.order_by(Shipment.id)):
        dossier = session.get(Dossier, item.dossier_id)
        out.append(ShipmentRow(id=item.id, kind=item.kind, status=item.status, tracking_no=item.tracking_no,
                               address=item.address, postage=item.postage,
                               at=item.delivered_at or item.handed_over_at or item.picked_up_at, dossier=_row(session, dossier, now, lang)))
    return out


def citizen_choices(session: Session, sandbox_id: int) -> list[tuple[int, str]]:
    """(id, "name — born year — ID …1234") of the sandbox's citizens, for a walk-in at the counter."""
    rows = session.scalars(select(Citizen).where(Citizen.sandbox_id == sandbox_id).order_by(Citizen.id))
    return [(c.id, f"{c.full_name} — {c.date_of_birth.year} — …{c.national_id[-4:]}") for c in rows]


def procedure_choices(lang: str) -> list[tuple[str, str]]:
    """(code, "code · name") of every procedure of the catalogue."""
    from trainer.world.procedures import load_catalogue

    return [(p.code, f"{p.code} · {p.name.get(lang)}") for p in load_catalogue().all()]
