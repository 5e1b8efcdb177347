"""Evaluate the scenario expectation language against one sandbox's tables and its events.

Public API:
- `Context(sandbox_id, since_event_id, citizens, dossiers, now)`: what refs mean in this run, which events count
  (those written after the run started), and the sandbox clock.
- `holds(session, ctx, expectation) -> bool`; `all_hold(session, ctx, condition) -> bool` (every expectation).
Each check counts matching rows and compares with `count` (exact) or `min` (default 1). Only codes and values are
compared, never labels. A `dossier` check with `bind: name` names its first match for later expectations.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from trainer.coach.schema import (
    DossierCheck,
    EventCheck,
    Expectation,
    PaymentCheck,
    RatingCheck,
    ShipmentCheck,
    SlipCheck,
    SupplementCheck,
)
from trainer.db.events import Event
from trainer.sandbox.models import (
    Dossier,
    DossierDocument,
    Payment,
    Rating,
    Shipment,
    SlipIssued,
    SupplementRequest,
)

UNBOUND = -1  # id used for a ref not bound yet: matches no row


@dataclass
class Context:
    """The run's view of its sandbox: ref names → row ids, the first event that counts, the sandbox clock."""

    sandbox_id: int
    since_event_id: int
    citizens: dict[str, int] = field(default_factory=dict)
    dossiers: dict[str, int] = field(default_factory=dict)
    now: datetime | None = None
    bound: dict[str, int] = field(default_factory=dict)

    def dossier_id(self, ref: str) -> int:
        return self.dossiers.get(ref, self.bound.get(ref, UNBOUND))

    def citizen_id(self, ref: str) -> int:
        return self.citizens.get(ref, UNBOUND)


def _same(a: object, b: object) -> bool:
    """Declared and expected values compared as a careful reader would: spaces, case, accents' encoding, and a date
    written 1/3/2026 or 01/03/2026 are the same."""
    import unicodedata

    from trainer.eforms import parse_date

    def norm(value: object) -> str:
        text = unicodedata.normalize("NFC", " ".join(str(value or "").split())).casefold()
        day = parse_date(text)
        return day.isoformat() if day is not None else text

    return norm(a) == norm(b)


def _expected(session: Session, dossier: Dossier, wanted: object) -> str | None:
    """The value a form field is compared with: a text, a fact of the citizen's paper, or the citizen's own data."""
    from trainer.coach.schema import CitizenFact, PaperFact
    from trainer.sandbox.models import Citizen, StoredDocument

    if isinstance(wanted, PaperFact):
        data = session.scalar(select(StoredDocument.data).where(
            StoredDocument.sandbox_id == dossier.sandbox_id, StoredDocument.citizen_id == dossier.citizen_id,
            StoredDocument.doc_type == wanted.paper).order_by(StoredDocument.id.desc()))
        return None if data is None or wanted.fact not in data else str(data[wanted.fact])
    if isinstance(wanted, CitizenFact):
        citizen = session.get(Citizen, dossier.citizen_id)
        value = getattr(citizen, wanted.citizen, None) if citizen is not None else None
        return value.strftime("%d/%m/%Y") if hasattr(value, "strftime") else (None if value is None else str(value))
    return str(wanted)


def _form_matches(session: Session, dossier: Dossier, check: DossierCheck) -> bool:
    values = dossier.form_data or {}
    for name, wanted in (check.form or {}).items():
        expected = _expected(session, dossier, wanted)
        if expected is None or not _same(values.get(name), expected):
            return False
    for name, wanted in (check.form_not or {}).items():
        expected = _expected(session, dossier, wanted)
        if name not in values or expected is None or _same(values.get(name), expected):
            return False
    return True


def _dossier_matches(session: Session, ctx: Context, dossier: Dossier, check: DossierCheck) -> bool:
    if (check.form or check.form_not) and not _form_matches(session, dossier, check):
        return False
    statuses = check.statuses()
    if statuses is not None and dossier.status not in statuses:
        return False
    simple = {"channel": dossier.channel, "delivery": dossier.delivery, "fee_paid": dossier.fee_paid,
              "supplement_count": dossier.supplement_count}
    for name, value in simple.items():
        wanted = getattr(check, name)
        if wanted is not None and wanted != value:
            return False
    if check.procedure is not None and dossier.procedure_code != check.procedure:
        return False
    if check.citizen is not None and dossier.citizen_id != ctx.citizen_id(check.citizen):
        return False
    if check.not_citizen is not None and dossier.citizen_id == ctx.citizen_id(check.not_citizen):
        return False
    if check.in_bundle is not None and (dossier.bundle_id is not None) != check.in_bundle:
        return False
    if check.step is not None and (dossier.step or "none") != check.step:
        return False
    if check.has_code is not None and (dossier.code is not None) != check.has_code:
        return False
    if check.new_appointment is not None and (dossier.new_appointment_at is not None) != check.new_appointment:
        return False
    if check.documents:
        attached = set(session.scalars(select(DossierDocument.doc_id).where(DossierDocument.dossier_id == dossier.id)))
        if not set(check.documents) <= attached:
            return False
    if check.late is not None:
        from trainer.sandbox.deadlines import is_late

        if is_late(dossier, ctx.now or datetime.max) != check.late:
            return False
    return check.at_agency_level is None or _at_level(dossier, check.at_agency_level)


def _at_level(dossier: Dossier, level: str) -> bool:
    if level == "receiving":
        return dossier.current_agency_id == dossier.receiving_agency_id
    if level == "deciding":
        return dossier.current_agency_id == dossier.deciding_agency_id
    from trainer.world.agencies import get_agency

    return get_agency(dossier.current_agency_id).level == level


def _dossiers(session: Session, ctx: Context, check: DossierCheck) -> bool:
    query = select(Dossier).where(Dossier.sandbox_id == ctx.sandbox_id).order_by(Dossier.id)
    if check.ref is not None:
        query = query.where(Dossier.id == ctx.dossier_id(check.ref))
    found = [d for d in session.scalars(query) if _dossier_matches(session, ctx, d, check)]
    ok = check.accepts(len(found))
    if ok and check.bind and found and check.bind not in ctx.bound:
        ctx.bound[check.bind] = found[0].id
    return ok


def _subset(data: dict[str, Any], wanted: dict[str, Any]) -> bool:
    return all(data.get(key) == value for key, value in wanted.items())


def _events(session: Session, ctx: Context, check: EventCheck) -> bool:
    query = select(Event).where(
        Event.sandbox_id == ctx.sandbox_id, Event.id > ctx.since_event_id, Event.action == check.action
    )
    if check.actor is not None:
        query = query.where(Event.actor == check.actor)
    rows = list(session.scalars(query))
    if check.dossier is not None:
        wanted = ctx.dossier_id(check.dossier)
        rows = [e for e in rows if e.entity == "dossier" and (e.data or {}).get("dossier_id") == wanted]
    for name, attr in (("from_status", "from_state"), ("to_status", "to_state")):
        spec = getattr(check, name)
        if spec is not None:
            codes = {str(c) for c in ([spec] if isinstance(spec, int) else spec)}
            rows = [e for e in rows if getattr(e, attr) in codes]
    if check.data:
        rows = [e for e in rows if _subset(e.data or {}, check.data)]
    if check.note_contains_any:
        from trainer.world.procedures import fold

        wanted = [fold(w) for w in check.note_contains_any]
        rows = [e for e in rows if any(w in fold(e.note or "") for w in wanted)]
    return check.accepts(len(rows))


def _supplements(session: Session, ctx: Context, check: SupplementCheck) -> bool:
    rows = session.scalars(select(SupplementRequest).where(
        SupplementRequest.sandbox_id == ctx.sandbox_id, SupplementRequest.dossier_id == ctx.dossier_id(check.dossier)
    )).all()
    found = 0
    for row in rows:
        listed = set(row.missing or [])
        if check.lists is not None and not set(check.lists) <= listed:
            continue
        if check.lists_any is not None and not set(check.lists_any) & listed:
            continue
        if check.exactly is not None and set(check.exactly) != listed:
            continue
        if check.fault is not None and row.fault != check.fault:
            continue
        found += 1
    return check.accepts(found)


def _slips(session: Session, ctx: Context, check: SlipCheck) -> bool:
    query = select(SlipIssued).where(SlipIssued.sandbox_id == ctx.sandbox_id, SlipIssued.form == check.form)
    if check.dossier is not None:
        query = query.where(SlipIssued.dossier_id == ctx.dossier_id(check.dossier))
    rows = list(session.scalars(query))
    if check.before_due is not None:
        rows = [r for r in rows if _before_due(session, r) == check.before_due]
    return check.accepts(len(rows))


def _before_due(session: Session, slip: SlipIssued) -> bool:
    dossier = session.get(Dossier, slip.dossier_id)
    old_due = (slip.data or {}).get("old_due")
    if old_due:
        return slip.issued_at <= datetime.fromisoformat(old_due)
    if dossier is None or dossier.appointment_at is None:
        return False
    return slip.issued_at <= dossier.appointment_at


def _payments(session: Session, ctx: Context, check: PaymentCheck) -> bool:
    query = select(Payment).where(Payment.sandbox_id == ctx.sandbox_id, Payment.dossier_id == ctx.dossier_id(check.dossier))
    rows = list(session.scalars(query))
    if check.kind is not None:
        rows = [r for r in rows if r.kind == check.kind]
    if check.paid is not None:
        rows = [r for r in rows if (r.paid_at is not None) == check.paid]
    if check.amount is not None:
        rows = [r for r in rows if r.amount == check.amount]
    if check.method is not None:
        rows = [r for r in rows if r.method == check.method]
    return check.accepts(len(rows))


def _shipments(session: Session, ctx: Context, check: ShipmentCheck) -> bool:
    query = select(Shipment).where(Shipment.sandbox_id == ctx.sandbox_id, Shipment.dossier_id == ctx.dossier_id(check.dossier))
    rows = list(session.scalars(query))
    if check.kind is not None:
        rows = [r for r in rows if r.kind == check.kind]
    if check.status is not None:
        rows = [r for r in rows if r.status == check.status]
    return check.accepts(len(rows))


def _ratings(session: Session, ctx: Context, check: RatingCheck) -> bool:
    rows = list(session.scalars(select(Rating).where(
        Rating.sandbox_id == ctx.sandbox_id, Rating.dossier_id == ctx.dossier_id(check.dossier)
    )))
    if check.min_score is not None:
        rows = [r for r in rows if r.score >= check.min_score]
    return check.accepts(len(rows))


EVALUATORS = {
    "dossier": _dossiers, "event": _events, "supplement_request": _supplements, "slip": _slips,
    "payment": _payments, "shipment": _shipments, "rating": _ratings,
}


def holds(session: Session, ctx: Context, expectation: Expectation) -> bool:
    """True when the sandbox's state and events satisfy this one expectation."""
    return EVALUATORS[expectation.kind](session, ctx, expectation.check)


def all_hold(session: Session, ctx: Context, condition: list[Expectation]) -> bool:
    """True when every expectation of the condition holds (evaluated in order, so a `bind` serves later ones)."""
    return all(holds(session, ctx, e) for e in condition)
