"""The read side of the sandbox: what the pages list, as plain frozen rows (never ORM objects).

Nothing here changes a row; every change goes through a service. Every query is scoped by the sandbox id (one
sandbox's pages never list another's dossiers) and, for the citizen's own views, by the signed-in citizen. The
lists encode which dossiers wait for whom (status filters live here, not in the pages); which buttons a role sees
on a dossier comes from `trainer.sandbox.transitions.available_actions`.

Public API (`now` is the sandbox's clock, `lang` the language of procedure and document names):
- rows: `DossierRow`, `DocLine`, `ShipmentRow`, `CitizenDossierRow`, `TimelineEntry`, `Tracking`, `DraftRow`,
  `CitizenRow`, `StoredRow`, `SandboxRow`, `BundleRow`, `BundlePartRow`; lists: `DeskLists`, `ProcessingLists`,
  `PostLists`.
- `desk_lists(session, sandbox_id, now, lang) -> DeskLists`: Bộ phận Một cửa's inbox (8 working hours), the
  supplements asked before reception, walk-in drafts, received dossiers to forward, results ready to return, and
  the inbox's overdue dossiers.
- `processing_lists(session, sandbox_id, actor, now, lang) -> ProcessingLists`: the dossiers at the actor's step
  (and payments they confirm), supplements asked in processing, the late ones, results signed at another level,
  withdrawal requests.
- `post_lists(session, sandbox_id, now, lang) -> PostLists`: items to collect, to hand to the desk, handed over,
  results to deliver, delivered.
- `citizen_dossiers(session, sandbox_id, citizen_id, now, lang)`, `citizen_bundles(session, sandbox_id,
  citizen_id, now)`: Hồ sơ của tôi, newest first / oldest first.
- `tracking(session, sandbox_id, code, now, lang="vi") -> Tracking`: Tra cứu hồ sơ by code (NotFound).
- `dossier_row`, `document_lines`, `issued_slips`, `citizen_choices`, `procedure_choices`, `open_draft`,
  `citizen`, `stored_documents`, `sandbox_row`: the smaller reads the pages need.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from trainer.actor import Actor
from trainer.db.events import Event
from trainer.sandbox import reference
from trainer.sandbox.codes import find_by_code
from trainer.sandbox.deadlines import due_at, is_late, reception_hours_left
from trainer.sandbox.interconnection import bundle_parts, bundle_view
from trainer.sandbox.models import (
    Bundle,
    Citizen,
    Dossier,
    DossierDocument,
    Rating,
    Sandbox,
    Shipment,
    SlipIssued,
    StoredDocument,
)
from trainer.sandbox.transitions import PROCESSORS, Status, is_allowed


@dataclass(frozen=True)
class DossierRow:
    """What an official's list or panel shows of one dossier."""

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
    result_with_post: bool = False  # the result was handed to the post (a delivery item exists): no longer the desk's


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


@dataclass(frozen=True)
class DeskLists:
    """Bộ phận Một cửa's work, one list per tab."""

    inbox: tuple[DossierRow, ...]  # submitted online or by post: 8 working hours to act
    waiting: tuple[DossierRow, ...]  # a supplement asked before reception
    walk_in_drafts: tuple[DossierRow, ...]  # paper dossiers opened at the counter
    received: tuple[DossierRow, ...]  # to forward for processing (or transfer)
    ready_to_return: tuple[DossierRow, ...]  # results back at this desk
    overdue: tuple[DossierRow, ...]  # the inbox's dossiers past the 8 working hours


@dataclass(frozen=True)
class ProcessingLists:
    """Xử lý hồ sơ for one processing role."""

    mine: tuple[DossierRow, ...]  # at the role's step, and payments the role confirms
    waiting: tuple[DossierRow, ...]  # a supplement asked during processing
    late: tuple[DossierRow, ...]  # of mine and waiting, past their due date
    signed_elsewhere: tuple[DossierRow, ...]  # results signed at this level for another unit's desk
    withdrawing: tuple[DossierRow, ...]  # the citizen asked to withdraw: to stop with a reason


@dataclass(frozen=True)
class PostLists:
    """Bưu chính công ích: one list per state of an item."""

    to_collect: tuple[ShipmentRow, ...]
    to_hand_over: tuple[ShipmentRow, ...]
    handed_over: tuple[ShipmentRow, ...]
    to_deliver: tuple[ShipmentRow, ...]
    delivered: tuple[ShipmentRow, ...]


@dataclass(frozen=True)
class CitizenDossierRow:
    """One line of Hồ sơ của tôi."""

    id: int
    code: str | None
    procedure_code: str
    procedure_name: str
    status: int
    submitted_at: datetime | None
    appointment_at: datetime | None
    late: bool
    delivery: str
    at_receiving_desk: bool
    rated: bool

    @property
    def result_file_kept(self) -> bool:
        """The electronic result was received: its file can be downloaded again."""
        return self.status == Status.RETURNED and self.delivery == "electronic"


@dataclass(frozen=True)
class TimelineEntry:
    """One line of the tracking timeline: when, who (role), what (event action), status before and after."""

    at: datetime
    actor: str
    action: str
    from_status: int | None
    to_status: int | None
    note: str | None


@dataclass(frozen=True)
class Tracking:
    """What "Tra cứu hồ sơ" shows for a code."""

    code: str
    dossier_id: int
    procedure_code: str
    procedure_name: str
    status: int
    appointment_at: datetime | None
    new_appointment_at: datetime | None
    due_at: datetime | None
    late: bool
    delivery: str
    tracking_numbers: tuple[str, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()


@dataclass(frozen=True)
class DraftRow:
    """A draft the portal is filling in (status 0), with the ids of the documents it holds."""

    id: int
    citizen_id: int
    procedure_code: str
    channel: str
    delivery: str
    fee_amount: int
    fee_paid: bool
    form_data: dict[str, Any] = field(default_factory=dict)
    attached: tuple[str, ...] = ()


@dataclass(frozen=True)
class CitizenRow:
    """A fake citizen of the sandbox, as the portal shows them."""

    id: int
    full_name: str
    date_of_birth: date
    national_id: str
    address: str


@dataclass(frozen=True)
class StoredRow:
    """A paper in the citizen's data store (kho dữ liệu)."""

    id: int
    doc_type: str
    title: str
    data: dict[str, Any] = field(default_factory=dict)
    number: str = ""
    issued_on: date | None = None


@dataclass(frozen=True)
class SandboxRow:
    """Whose sandbox this is and its own clock."""

    id: int
    label: str
    owner_id: int | None
    clock: datetime


@dataclass(frozen=True)
class BundlePartRow:
    id: int
    code: str | None
    procedure_code: str
    deciding_agency_id: str
    fee_amount: int
    fee_paid: bool
    status: int


@dataclass(frozen=True)
class BundleRow:
    """A bundle of the citizen (Hồ sơ liên thông): its parts, due date, and whether it is done or stopped."""

    id: int
    kind: str
    subject: dict[str, str]
    created_at: datetime
    parts: tuple[BundlePartRow, ...]
    due_at: datetime | None
    done: bool
    stopped: bool

    @property
    def has_drafts(self) -> bool:
        """Some part is still a draft: the citizen can go on filling the bundle in."""
        return any(p.status == Status.DRAFT for p in self.parts)


def _bundle_of(session: Session, dossier: Dossier) -> dict[str, Any]:
    """The bundle a dossier is a part of (kind and the other parts' codes), if any."""
    if dossier.bundle_id is None:
        return {}
    bundle = session.get(Bundle, dossier.bundle_id)
    others = tuple(p.code for p in bundle_parts(session, bundle) if p.id != dossier.id and p.code) if bundle else ()
    return {"bundle_kind": bundle.kind if bundle else None, "bundle_codes": others}


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
        result_with_post=dossier.status == Status.DONE and dossier.delivery == "post" and session.scalar(
            select(Shipment.id).where(Shipment.dossier_id == dossier.id, Shipment.kind == "delivery").limit(1)
        ) is not None,
        **_bundle_of(session, dossier),
    )


def _dossiers(
    session: Session, sandbox_id: int, statuses: Iterable[int], now: datetime, lang: str, *,
    step: str | None = None, channel: str | None = None,
) -> tuple[DossierRow, ...]:
    """Dossiers of the sandbox in the given statuses (optionally at one internal step or channel), oldest first."""
    query = select(Dossier).where(Dossier.sandbox_id == sandbox_id, Dossier.status.in_([int(s) for s in statuses]))
    if step is not None:
        query = query.where(Dossier.step == step)
    if channel is not None:
        query = query.where(Dossier.channel == channel)
    return tuple(_row(session, d, now, lang) for d in session.scalars(query.order_by(Dossier.id)))


def desk_lists(session: Session, sandbox_id: int, now: datetime, lang: str) -> DeskLists:
    """Everything waiting for Bộ phận Một cửa in this sandbox, by tab."""
    inbox = _dossiers(session, sandbox_id, (Status.SUBMITTED,), now, lang)
    asked = _dossiers(session, sandbox_id, (Status.SUPPLEMENT,), now, lang)
    done = _dossiers(session, sandbox_id, (Status.DONE,), now, lang)
    return DeskLists(
        inbox=inbox,
        waiting=tuple(r for r in asked if r.supplement_from in (Status.DRAFT, Status.SUBMITTED)),
        walk_in_drafts=_dossiers(session, sandbox_id, (Status.DRAFT,), now, lang, channel="walk_in"),
        received=_dossiers(session, sandbox_id, (Status.RECEIVED,), now, lang),
        ready_to_return=tuple(r for r in done if r.at_receiving_desk and not r.result_with_post),
        overdue=tuple(r for r in inbox if r.hours_left is not None and r.hours_left < 0),
    )


def processing_lists(session: Session, sandbox_id: int, actor: Actor, now: datetime, lang: str) -> ProcessingLists:
    """What one processing role works on: its step's dossiers and the payments it confirms (from the table)."""
    role = actor.practice_role
    if role not in PROCESSORS:
        return ProcessingLists((), (), (), (), ())
    mine = _dossiers(session, sandbox_id, (Status.IN_PROCESS,), now, lang, step=role)
    if is_allowed("confirm_payment", Status.PAYMENT, role):
        mine += _dossiers(session, sandbox_id, (Status.PAYMENT,), now, lang)
    waiting = tuple(r for r in _dossiers(session, sandbox_id, (Status.SUPPLEMENT,), now, lang)
                    if r.supplement_from == Status.IN_PROCESS)
    signed = _dossiers(session, sandbox_id, (Status.DONE,), now, lang)
    return ProcessingLists(
        mine=mine,
        waiting=waiting,
        late=tuple(r for r in mine + waiting if r.late),
        signed_elsewhere=tuple(r for r in signed if not r.at_receiving_desk),
        withdrawing=_dossiers(session, sandbox_id, (Status.WITHDRAWAL,), now, lang),
    )


def _shipments(session: Session, sandbox_id: int, kind: str, status: str, now: datetime,
               lang: str) -> tuple[ShipmentRow, ...]:
    query = select(Shipment).where(Shipment.sandbox_id == sandbox_id, Shipment.kind == kind, Shipment.status == status)
    out = []
    for item in session.scalars(query.order_by(Shipment.id)):
        dossier = session.get(Dossier, item.dossier_id)
        out.append(ShipmentRow(id=item.id, kind=item.kind, status=item.status, tracking_no=item.tracking_no,
                               address=item.address, postage=item.postage,
                               at=item.delivered_at or item.handed_over_at or item.picked_up_at,
                               dossier=_row(session, dossier, now, lang)))
    return tuple(out)


def post_lists(session: Session, sandbox_id: int, now: datetime, lang: str) -> PostLists:
    """The sandbox's postal items, by what the postal worker does next."""
    return PostLists(
        to_collect=_shipments(session, sandbox_id, "pickup", "requested", now, lang),
        to_hand_over=_shipments(session, sandbox_id, "pickup", "picked_up", now, lang),
        handed_over=_shipments(session, sandbox_id, "pickup", "handed_over", now, lang),
        to_deliver=_shipments(session, sandbox_id, "delivery", "at_post", now, lang),
        delivered=_shipments(session, sandbox_id, "delivery", "delivered", now, lang),
    )


def dossier_row(session: Session, sandbox_id: int, dossier_id: int, now: datetime, lang: str) -> DossierRow | None:
    """One dossier of this sandbox, or None."""
    dossier = session.get(Dossier, dossier_id)
    if dossier is None or dossier.sandbox_id != sandbox_id:
        return None
    return _row(session, dossier, now, lang)


def document_lines(session: Session, sandbox_id: int, dossier_id: int, lang: str) -> tuple[DocLine, ...]:
    """The procedure's document list, each with the way it reached the dossier (store, upload, digitised)."""
    dossier = session.get(Dossier, dossier_id)
    if dossier is None or dossier.sandbox_id != sandbox_id:
        return ()
    held = {d.doc_id: d.source for d in session.scalars(select(DossierDocument).where(
        DossierDocument.sandbox_id == sandbox_id, DossierDocument.dossier_id == dossier_id).order_by(DossierDocument.id))}
    mandatory = set(reference.mandatory_ids(dossier.procedure_code))
    return tuple(
        DocLine(doc_id=doc_id, name=reference.document_name(dossier.procedure_code, doc_id, lang),
                mandatory=doc_id in mandatory, attached=doc_id in held, source=held.get(doc_id))
        for doc_id in reference.document_ids(dossier.procedure_code)
    )


def issued_slips(session: Session, sandbox_id: int, dossier_id: int) -> tuple[str | None, tuple[tuple[str, datetime], ...]]:
    """The dossier's code and the slips (form number, time) issued for it, in order."""
    dossier = session.get(Dossier, dossier_id)
    if dossier is None or dossier.sandbox_id != sandbox_id:
        return None, ()
    rows = session.scalars(select(SlipIssued).where(
        SlipIssued.sandbox_id == sandbox_id, SlipIssued.dossier_id == dossier_id).order_by(SlipIssued.id))
    return dossier.code, tuple((row.form, row.issued_at) for row in rows)


def _citizen_row(c: Citizen) -> CitizenRow:
    return CitizenRow(c.id, c.full_name, c.date_of_birth, c.national_id, c.address)


def citizen_choices(session: Session, sandbox_id: int) -> tuple[CitizenRow, ...]:
    """The sandbox's fake citizens, in the order they were made (who to serve at the counter, or sign in as)."""
    rows = session.scalars(select(Citizen).where(Citizen.sandbox_id == sandbox_id).order_by(Citizen.id))
    return tuple(_citizen_row(c) for c in rows)


def citizen(session: Session, sandbox_id: int, citizen_id: int) -> CitizenRow | None:
    """The citizen if they live in this sandbox (a reset forgets them), else None."""
    found = session.get(Citizen, citizen_id)
    return _citizen_row(found) if found is not None and found.sandbox_id == sandbox_id else None


def procedure_choices(lang: str) -> tuple[tuple[str, str], ...]:
    """(code, "code · name") of every procedure of the catalogue."""
    from trainer.world.procedures import load_catalogue

    return tuple((p.code, f"{p.code} · {p.name.get(lang)}") for p in load_catalogue().all())


def stored_documents(session: Session, sandbox_id: int, citizen_id: int) -> tuple[StoredRow, ...]:
    """The citizen's data store (kho dữ liệu) in this sandbox."""
    rows = session.scalars(select(StoredDocument).where(
        StoredDocument.sandbox_id == sandbox_id, StoredDocument.citizen_id == citizen_id).order_by(StoredDocument.id))
    return tuple(StoredRow(s.id, s.doc_type, s.title, dict(s.data or {}), s.number, s.issued_on) for s in rows)


def sandbox_row(session: Session, sandbox_id: int) -> SandboxRow | None:
    sandbox = session.get(Sandbox, sandbox_id)
    return SandboxRow(sandbox.id, sandbox.label, sandbox.owner_id, sandbox.clock) if sandbox is not None else None


def open_draft(session: Session, sandbox_id: int, dossier_id: int, citizen_id: int | None = None) -> DraftRow | None:
    """The draft (status 0) being filled in, if it is still one, in this sandbox (and the citizen's); else None."""
    dossier = session.get(Dossier, dossier_id)
    if dossier is None or dossier.sandbox_id != sandbox_id or dossier.status != Status.DRAFT:
        return None
    if citizen_id is not None and dossier.citizen_id != citizen_id:
        return None
    attached = session.scalars(select(DossierDocument.doc_id).where(DossierDocument.dossier_id == dossier.id)
                               .order_by(DossierDocument.id)).all()
    return DraftRow(dossier.id, dossier.citizen_id, dossier.procedure_code, dossier.channel, dossier.delivery,
                    dossier.fee_amount, dossier.fee_paid, dict(dossier.form_data or {}), tuple(dict.fromkeys(attached)))


def citizen_dossiers(
    session: Session, sandbox_id: int, citizen_id: int, now: datetime, lang: str
) -> tuple[CitizenDossierRow, ...]:
    """Hồ sơ của tôi: the citizen's dossiers in this sandbox, newest first (drafts included)."""
    rated = set(session.scalars(select(Rating.dossier_id).where(Rating.sandbox_id == sandbox_id)))
    rows = session.scalars(select(Dossier).where(Dossier.sandbox_id == sandbox_id, Dossier.citizen_id == citizen_id)
                           .order_by(Dossier.id.desc()))
    return tuple(
        CitizenDossierRow(
            id=d.id, code=d.code, procedure_code=d.procedure_code,
            procedure_name=reference.procedure_name(d.procedure_code, lang), status=d.status,
            submitted_at=d.submitted_at, appointment_at=d.appointment_at, late=is_late(d, now), delivery=d.delivery,
            at_receiving_desk=d.current_agency_id == d.receiving_agency_id, rated=d.id in rated,
        )
        for d in rows
    )


def citizen_bundles(session: Session, sandbox_id: int, citizen_id: int, now: datetime) -> tuple[BundleRow, ...]:
    """The citizen's interconnected bundles in this sandbox, oldest first, each with its parts' own statuses."""
    rows = session.scalars(select(Bundle).where(Bundle.sandbox_id == sandbox_id, Bundle.citizen_id == citizen_id)
                           .order_by(Bundle.id))
    out = []
    for bundle in rows:
        view = bundle_view(session, sandbox_id, bundle.id, now)
        parts = tuple(BundlePartRow(p.id, p.code, p.procedure_code, p.deciding_agency_id, p.fee_amount, p.fee_paid,
                                    p.status) for p in bundle_parts(session, bundle))
        out.append(BundleRow(bundle.id, bundle.kind, dict(bundle.subject or {}), bundle.created_at, parts,
                             view.due_at, view.done, view.stopped))
    return tuple(out)


def _int(value: str | None) -> int | None:
    return int(value) if value not in (None, "") and str(value).lstrip("-").isdigit() else None


def timeline(session: Session, dossier: Dossier) -> tuple[TimelineEntry, ...]:
    """The dossier's events in order (its draft events included)."""
    names = [f"draft-{dossier.id}"] + ([dossier.code] if dossier.code else [])
    events = session.scalars(
        select(Event)
        .where(
            Event.sandbox_id == dossier.sandbox_id,
            Event.entity == "dossier",
            or_(*(Event.entity_id == n for n in names)),
        )
        .order_by(Event.at, Event.id)
    )
    return tuple(
        TimelineEntry(e.at, e.actor, e.action, _int(e.from_state), _int(e.to_state), e.note) for e in events
    )


def tracking(session: Session, sandbox_id: int, code: str, now: datetime, lang: str = "vi") -> Tracking:
    """Tra cứu hồ sơ by dossier code within the sandbox: status, dates, late flag and timeline (NotFound)."""
    dossier = find_by_code(session, sandbox_id, code)
    numbers = tuple(
        n for n in session.scalars(select(Shipment.tracking_no).where(Shipment.dossier_id == dossier.id)) if n
    )
    return Tracking(
        code=dossier.code or "",
        dossier_id=dossier.id,
        procedure_code=dossier.procedure_code,
        procedure_name=reference.procedure_name(dossier.procedure_code, lang),
        status=dossier.status,
        appointment_at=dossier.appointment_at,
        new_appointment_at=dossier.new_appointment_at,
        due_at=due_at(dossier, now),
        late=is_late(dossier, now),
        delivery=dossier.delivery,
        tracking_numbers=numbers,
        timeline=timeline(session, dossier),
    )
