"""Desk and processing actions on a dossier; each checks role and status, changes rows, writes one event.

Every function: `(session, sandbox_id, dossier_id, *, actor, now, ...) -> Dossier` (`actor`: a
`trainer.actor.Actor`, whose practice role the transition table checks), raising
`DomainError("errors.sandbox.<reason>")` when a rule forbids it. The caller owns the transaction.
Public API: `check_completeness`, `missing_documents`, `start_walk_in`, `receive_online`, `receive_walk_in`,
`request_supplement`, `submit_supplement`, `refuse`, `forward_to_processing`, `approve_step`, `send_back_step`,
`request_payment`, `confirm_payment`, `sign`, `stop_processing`, `return_result`, `recall`, `issue_apology`,
`digitise_document`, `collect_fee` (a walk-in fee at the counter, with its receipt); the processing actions live in `processing.py` and are re-exported here. Citizen
actions are in `portal.py`, the post in `post.py`, transfers in `interconnection.py`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from trainer.actor import Actor
from trainer.errors import DomainError
from trainer.sandbox import reference
from trainer.sandbox.codes import next_code
from trainer.sandbox.core import clean_reason, get_dossier, hand_over, issue_slip, transition
from trainer.sandbox.deadlines import is_late, paused_days, reception_hours_left
from trainer.sandbox.documents import add_document, attached_ids, create_draft
from trainer.sandbox.models import Dossier, Payment, Shipment, SupplementRequest
from trainer.sandbox.terms import Term, money_term, role_term
from trainer.sandbox.transitions import DESK, SPECIALIST, STEPS, Status, target

FEE_MEANS = ("cash", "transfer", "card")  # how a fee is paid at the counter: cash, bank transfer (QR), card (POS)
FEE_RECEIPT = "BL"  # the slip record of a fee receipt (biên lai thu phí, lệ phí), beside Mẫu 01–05


def missing_documents(procedure_code: str, attached: Iterable[str]) -> list[str]:
    """Mandatory document ids of the procedure not among attached (pure; the order of the procedure's list)."""
    have = set(attached)
    return [doc_id for doc_id in reference.mandatory_ids(procedure_code) if doc_id not in have]


def check_completeness(session: Session, sandbox_id: int, dossier_id: int) -> list[str]:
    """The mandatory documents still missing from the dossier (empty list: complete)."""
    dossier = get_dossier(session, sandbox_id, dossier_id)
    return missing_documents(dossier.procedure_code, attached_ids(session, dossier))


def _require_complete(session: Session, dossier: Dossier) -> None:
    missing = missing_documents(dossier.procedure_code, attached_ids(session, dossier))
    if missing:
        names = reference.documents_term(dossier.procedure_code, missing)
        raise DomainError("errors.sandbox.incomplete", missing=names)


def _set_received(session: Session, dossier: Dossier, now: datetime) -> None:
    if (
        dossier.fee_amount > 0 and not dossier.fee_paid
    ):  # the desk collects the fee when it receives the dossier
        session.add(
            Payment(
                sandbox_id=dossier.sandbox_id,
                dossier_id=dossier.id,
                kind="fee",
                amount=dossier.fee_amount,
                method="desk",
                requested_at=now,
                paid_at=now,
                reference=dossier.code,
            )
        )
        dossier.fee_paid = True
    dossier.received_at = now
    dossier.appointment_at = reference.appointment(dossier.procedure_code, now)
    issue_slip(session, dossier, "01", at=now, data={"appointment_at": dossier.appointment_at.isoformat()})


def start_walk_in(
    session: Session,
    sandbox_id: int,
    *,
    citizen_id: int,
    procedure_code: str,
    actor: Actor,
    now: datetime,
    pages: int | None = None,
) -> Dossier:
    """The desk opens a paper dossier for a citizen at the counter (draft until received); pages for per-page fees."""
    if actor.practice_role != DESK:
        raise DomainError(
            "errors.sandbox.role_forbidden",
            role=role_term(actor.practice_role),
            action=Term("sandbox.verb.start_walk_in"),
        )
    return create_draft(
        session,
        sandbox_id,
        citizen_id=citizen_id,
        procedure_code=procedure_code,
        channel="walk_in",
        actor=actor,
        now=now,
        pages=pages,
    )


def receive_online(
    session: Session, sandbox_id: int, dossier_id: int, *, actor: Actor, now: datetime
) -> Dossier:
    """Desk receives a dossier submitted online or by post (1 → 2) and issues the receipt (Mẫu 01)."""
    dossier = get_dossier(session, sandbox_id, dossier_id)
    if dossier.status == Status.SUBMITTED and dossier.channel == "post":
        pickup = session.scalar(
            select(Shipment).where(Shipment.dossier_id == dossier.id, Shipment.kind == "pickup")
        )
        if pickup is None or pickup.status != "handed_over":
            raise DomainError("errors.sandbox.not_handed_over")
    if dossier.status == Status.SUBMITTED:
        _require_complete(session, dossier)
    hours_left = reception_hours_left(dossier, now)
    transition(session, dossier, "receive_online", actor=actor, now=now)
    _set_received(session, dossier, now)
    return _logged_appointment(session, dossier, actor, now, hours_left)


def _logged_appointment(
    session: Session, dossier: Dossier, actor: Actor, now: datetime, hours_left: float | None
) -> Dossier:
    from trainer.sandbox.core import log

    late_reception = hours_left is not None and hours_left < 0
    log(
        session,
        dossier,
        "dossier.receipt_issued",
        actor=actor.as_role(DESK),  # the receipt is the desk's, also when a citizen's supplement triggered it
        now=now,
        data={
            "appointment_at": dossier.appointment_at.isoformat() if dossier.appointment_at else None,
            "late_reception": late_reception,
            "reception_hours_left": hours_left,
        },
    )
    return dossier


def receive_walk_in(
    session: Session, sandbox_id: int, dossier_id: int, *, actor: Actor, now: datetime
) -> Dossier:
    """Desk receives a complete paper dossier at the counter (draft → 2): code, receipt and appointment. A fee is
    collected first (`collect_fee`)."""
    dossier = get_dossier(session, sandbox_id, dossier_id)
    target("receive_walk_in", dossier.status, actor.practice_role)  # every check before any change
    _require_complete(session, dossier)
    if dossier.fee_amount > 0 and not dossier.fee_paid:
        raise DomainError("errors.sandbox.fee_not_collected", amount=money_term(dossier.fee_amount))
    dossier.code = next_code(session, sandbox_id, dossier.receiving_agency_id, now)
    dossier.submitted_at = now
    transition(session, dossier, "receive_walk_in", actor=actor, now=now)
    _set_received(session, dossier, now)
    return _logged_appointment(session, dossier, actor, now, None)


def request_supplement(
    session: Session,
    sandbox_id: int,
    dossier_id: int,
    *,
    actor: Actor,
    now: datetime,
    missing: list[str],
    note: str = "",
    wrong_fields: list[str] | None = None,
) -> Dossier:
    """One written request listing everything missing (Mẫu 02): desk from 0/1, specialist from 4 → 5.

    `wrong_fields` points at fields of the e-form declared wrong ("Tờ khai ghi sai ngày sinh của trẻ"): the
    declaration is then asked again in the same request, the note names each field, and the event data carries
    `wrong_fields`; the citizen corrects the tờ khai while supplementing."""
    from trainer.eforms import for_procedure

    dossier = get_dossier(session, sandbox_id, dossier_id)
    known = set(reference.document_ids(dossier.procedure_code))
    fields = list(dict.fromkeys(f for f in (wrong_fields or []) if f))
    form = for_procedure(dossier.procedure_code)
    unknown_fields = [f for f in fields if form.field(f) is None]
    if unknown_fields:
        raise DomainError("errors.eforms.unknown_field", field=", ".join(unknown_fields))
    if fields:  # the tờ khai itself must be corrected: it is part of the one request
        missing = [*missing, *reference.declaration_ids(dossier.procedure_code)]
        named = "; ".join(form.field(f).label("vi") for f in fields)  # type: ignore[union-attr]
        note = f"Tờ khai ghi sai: {named}. {note}".strip()
    wanted = list(dict.fromkeys(m for m in missing if m))
    if not wanted:
        raise DomainError("errors.sandbox.supplement_empty")
    unknown = [m for m in wanted if m not in known]
    if unknown:
        raise DomainError("errors.sandbox.unknown_document", doc_id=", ".join(unknown))
    target("request_supplement", dossier.status, actor.practice_role)  # role and status before the list's content
    left_out = [m for m in missing_documents(dossier.procedure_code, attached_ids(session, dossier)) if m not in wanted]
    if left_out:  # one request must list everything missing (Decree 61/2018 art. 19, as amended)
        raise DomainError(
            "errors.sandbox.supplement_must_list_all", missing=reference.documents_term(dossier.procedure_code, left_out)
        )
    earlier = session.scalars(
        select(SupplementRequest)
        .where(SupplementRequest.dossier_id == dossier.id)
        .order_by(SupplementRequest.id)
    ).all()
    have = set(attached_ids(session, dossier))
    already = [m for m in wanted if m in have]  # allowed (a wrong or unreadable paper), but the page warns first
    first_list = set(earlier[0].missing) if earlier else set(wanted)
    new_items = [m for m in wanted if m not in first_list]
    fault = bool(earlier) and bool(new_items)
    origin = dossier.status
    hours_left = reception_hours_left(dossier, now)
    transition(
        session,
        dossier,
        "request_supplement",
        actor=actor,
        now=now,
        note=note or None,
        data={
            "missing": wanted,
            "request_no": len(earlier) + 1,
            "fault": fault,
            "new_items": new_items,
            "already_attached": already,
            "reception_hours_left": hours_left,
            "late_reception": hours_left is not None and hours_left < 0,
            "wrong_fields": fields,
            "wrong_values": pointed_values_of(form, dossier.form_data or {}, fields),
        },
    )
    session.add(
        SupplementRequest(
            sandbox_id=sandbox_id,
            dossier_id=dossier.id,
            requested_at=now,
            requested_by=actor.practice_role,
            from_status=origin,
            missing=wanted,
            note=note,
            fault=fault,
        )
    )
    dossier.supplement_count += 1
    dossier.supplement_from = origin
    dossier.paused_at = now
    issue_slip(session, dossier, "02", at=now, data={"missing": wanted})
    return dossier


def pointed_values_of(form: Any, values: Mapping[str, Any], fields: list[str]) -> dict[str, str]:
    """The declared values of the fields a supplement request points at (an address with its commune), as they were
    when the desk asked: the citizen's correction must change them (`declared.not_corrected`)."""
    kept: dict[str, str] = {}
    for name in fields:
        kept[name] = str(values.get(name) or "")
        f = form.field(name)
        if f is not None and f.type == "address":
            kept[name + "_unit"] = str(values.get(name + "_unit") or "")
    return kept


def submit_supplement(
    session: Session, sandbox_id: int, dossier_id: int, *, actor: Actor, now: datetime
) -> Dossier:
    """The supplement arrives: back to where the request was made. Asked at reception (from 0 or 1), the dossier
    goes back to the desk, which checks it again and receives it (or refuses, or asks again); asked in
    processing (from 4), it goes back to processing and the clock resumes. The citizen sends it online; the
    desk records papers brought to the counter ("Nhận bổ sung")."""
    dossier = get_dossier(session, sandbox_id, dossier_id)
    request = session.scalar(
        select(SupplementRequest)
        .where(SupplementRequest.dossier_id == dossier.id, SupplementRequest.answered_at.is_(None))
        .order_by(SupplementRequest.id.desc())
    )
    if dossier.status == Status.SUPPLEMENT and request is not None:
        still = [m for m in request.missing if m not in set(attached_ids(session, dossier))]
        if still:
            names = reference.documents_term(dossier.procedure_code, still)
            raise DomainError("errors.sandbox.supplement_incomplete", missing=names)
    origin = dossier.supplement_from if dossier.supplement_from is not None else Status.IN_PROCESS
    back_to = Status(origin) if origin in (Status.DRAFT, Status.SUBMITTED) else Status.IN_PROCESS
    days = paused_days(dossier.paused_at, now) if dossier.paused_at and back_to == Status.IN_PROCESS else 0
    transition(
        session,
        dossier,
        "submit_supplement",
        actor=actor,
        now=now,
        to=back_to,
        data={"paused_days": days, "back_to_desk": back_to != Status.IN_PROCESS},
    )
    if request is not None:
        request.answered_at = now
        request.paused_days = days
    dossier.supplement_days += days
    dossier.paused_at = None
    if back_to == Status.SUBMITTED:
        dossier.resubmitted_at = now  # the desk's 8 working hours start again
    return dossier


def collect_fee(
    session: Session, sandbox_id: int, dossier_id: int, *, actor: Actor, now: datetime, paid_by: str = "cash"
) -> Payment:
    """The desk collects a walk-in dossier's fee at the counter and hands over the receipt (biên lai thu phí,
    lệ phí): a payment row, the event `dossier.fee_collected` and the receipt (slip "BL"). Before reception."""
    dossier = get_dossier(session, sandbox_id, dossier_id)
    target("collect_fee", dossier.status, actor.practice_role)  # role and status first, so their message wins
    if dossier.fee_amount <= 0:
        raise DomainError("errors.sandbox.nothing_to_pay")
    if dossier.fee_paid:
        raise DomainError("errors.sandbox.already_paid")
    if paid_by not in FEE_MEANS:
        raise DomainError("errors.sandbox.bad_payment_method", method=paid_by)
    payment = Payment(
        sandbox_id=sandbox_id,
        dossier_id=dossier.id,
        kind="fee",
        amount=dossier.fee_amount,
        method="desk",
        requested_at=now,
        paid_at=now,
        note=paid_by,
    )
    session.add(payment)
    session.flush()
    payment.reference = f"BL-{sandbox_id:04d}-{payment.id:06d}"
    transition(
        session,
        dossier,
        "collect_fee",
        actor=actor,
        now=now,
        data={"amount": payment.amount, "paid_by": paid_by, "reference": payment.reference},
    )
    dossier.fee_paid = True
    issue_slip(session, dossier, FEE_RECEIPT, at=now,
               data={"amount": payment.amount, "paid_by": paid_by, "reference": payment.reference})
    return payment


def refuse(
    session: Session, sandbox_id: int, dossier_id: int, *, actor: Actor, now: datetime, reason: str
) -> Dossier:
    """Desk refuses reception with a written reason (Mẫu 03): 0/1 → 3."""
    dossier = get_dossier(session, sandbox_id, dossier_id)
    clean = clean_reason(reason, "errors.sandbox.reason_required")
    transition(session, dossier, "refuse", actor=actor, now=now, note=clean, data={"reason": clean})
    dossier.reason = clean
    dossier.finished_at = now
    issue_slip(session, dossier, "03", at=now, data={"reason": clean})
    return dossier


def forward_to_processing(
    session: Session, sandbox_id: int, dossier_id: int, *, actor: Actor, now: datetime
) -> Dossier:
    """Desk hands a received dossier to the competent office (2 → 4, specialist step), control slip Mẫu 05."""
    dossier = get_dossier(session, sandbox_id, dossier_id)
    if dossier.status == Status.RECEIVED and reference.needs_transfer(dossier):
        raise DomainError("errors.sandbox.needs_transfer")
    transition(session, dossier, "forward_to_processing", actor=actor, now=now)
    dossier.step = STEPS[0]
    hand_over(
        session, dossier, at=now, from_role=DESK, to_role=SPECIALIST, to_agency_id=dossier.deciding_agency_id
    )
    dossier.current_agency_id = dossier.deciding_agency_id
    issue_slip(session, dossier, "05", at=now)
    return dossier


def return_result(
    session: Session, sandbox_id: int, dossier_id: int, *, actor: Actor, now: datetime
) -> Dossier:
    """Desk hands the result to the citizen (9 → 10); the result must be back at this desk."""
    dossier = get_dossier(session, sandbox_id, dossier_id)
    if dossier.status == Status.DONE and dossier.current_agency_id != dossier.receiving_agency_id:
        raise DomainError("errors.sandbox.result_not_at_desk")
    posted = session.scalar(
        select(Shipment.id).where(Shipment.dossier_id == dossier.id, Shipment.kind == "delivery")
    )
    if dossier.status == Status.DONE and posted is not None:
        raise DomainError("errors.sandbox.result_with_post")
    transition(
        session,
        dossier,
        "return_result",
        actor=actor,
        now=now,
        data={"late": is_late(dossier, now), "channel": "desk"},
    )
    dossier.finished_at = now
    return dossier


def digitise_document(
    session: Session,
    sandbox_id: int,
    dossier_id: int,
    *,
    actor: Actor,
    now: datetime,
    doc_id: str,
    filename: str | None = None,
    content: bytes | None = None,
) -> Dossier:
    """Desk scans a paper document the citizen brought and attaches it to the dossier (Số hóa hồ sơ)."""
    dossier = get_dossier(session, sandbox_id, dossier_id)
    if doc_id not in reference.document_ids(dossier.procedure_code):
        raise DomainError("errors.sandbox.unknown_document", doc_id=doc_id)
    transition(session, dossier, "digitise_document", actor=actor, now=now, data={"doc_id": doc_id})
    add_document(
        session,
        dossier,
        doc_id=doc_id,
        source="digitised",
        actor=actor,
        now=now,
        filename=filename,
        content=content,
        log_event=False,
    )
    return dossier


# Processing actions, importable from here as before (the module was split to stay small).
from trainer.sandbox.processing import (
    approve_step,
    confirm_payment,
    issue_apology,
    recall,
    request_payment,
    send_back_step,
    sign,
    stop_processing,
)

__all__ = [
    "approve_step",
    "check_completeness",
    "collect_fee",
    "confirm_payment",
    "digitise_document",
    "forward_to_processing",
    "issue_apology",
    "missing_documents",
    "recall",
    "receive_online",
    "receive_walk_in",
    "refuse",
    "request_payment",
    "request_supplement",
    "return_result",
    "send_back_step",
    "sign",
    "start_walk_in",
    "stop_processing",
    "submit_supplement",
]
