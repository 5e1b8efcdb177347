"""Citizen services of the practice portal (Cổng Dịch vụ công — bản thực hành).

Public API (the caller owns the transaction; `actor` is a `trainer.actor.Actor` playing the citizen, unless said
otherwise; `citizen_id` is the citizen signed in with VNeID, whose dossiers alone are found):
- `sign_in_vneid(session, sandbox_id, citizen_id, *, actor, now) -> Citizen` (mock VNeID level 2).
- `prefill_form(session, sandbox_id, citizen_id, procedure_code) -> dict` (e-form from the population data).
- `start_online_dossier(session, sandbox_id, *, citizen_id, procedure_code, actor, now, form=None) -> Dossier`.
- `save_online_form(session, sandbox_id, dossier_id, *, citizen_id, form, documents, delivery, address,
  actor, now, limit_bytes) -> Dossier`: the whole e-form in one go (eform.py; online the saved tờ khai is
  the declaration document); its halves `save_form(...)` and `choose_delivery(..., delivery, address=None)`.
- `attach_from_store`, `upload_document` (from documents.py).
- `pay_online(session, sandbox_id, dossier_id, *, actor, now) -> Payment` (simulated; level-4 procedures' fee).
- `submit_online(session, sandbox_id, dossier_id, *, actor, now) -> Dossier` (0 → 1, code given).
- `my_dossiers(session, sandbox_id, citizen_id) -> list[Dossier]`; `track(session, sandbox_id, code, now) -> Tracking`
  (the read side's `queries.tracking`, frozen rows).
- `answer_supplement(...)`, `request_withdrawal(..., reason)`, `download_result(...) -> ResultFile`,
  `pay_obligation(...)`, `rate_satisfaction(..., score, comment="")`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from trainer.actor import Actor
from trainer.db.events import record_event
from trainer.errors import DomainError
from trainer.sandbox import reference
from trainer.sandbox.codes import next_code
from trainer.sandbox.core import claim, event_trainee, get_citizen, log, require_role, transition
from trainer.sandbox.deadlines import is_late
from trainer.sandbox.documents import attach_from_store, create_draft, upload_document
from trainer.sandbox.eform import (
    DELIVERIES,
    FORM_VALUE_MAX_CHARS,
    choose_delivery,
    clean_form,
    own_dossier,
    save_form,
    save_online_form,
)
from trainer.sandbox.lifecycle import confirm_payment, submit_supplement
from trainer.sandbox.models import Citizen, Dossier, Payment, Rating
from trainer.sandbox.queries import TimelineEntry, Tracking, timeline  # noqa: F401 (portal API, as before)
from trainer.sandbox.queries import tracking as track
from trainer.sandbox.terms import money_term, status_term
from trainer.sandbox.transitions import CITIZEN, Status, target

RATING_SCORES = (1, 2, 3, 4, 5)  # 1 = very dissatisfied … 5 = very satisfied (labels in sandbox.rating.*)
COMMENT_MAX_CHARS = 1000

__all__ = [
    "DELIVERIES",
    "FORM_VALUE_MAX_CHARS",
    "ResultFile",
    "TimelineEntry",
    "Tracking",
    "answer_supplement",
    "attach_from_store",
    "choose_delivery",
    "download_result",
    "my_dossiers",
    "pay_obligation",
    "pay_online",
    "prefill_form",
    "rate_satisfaction",
    "request_withdrawal",
    "save_form",
    "save_online_form",
    "sign_in_vneid",
    "start_online_dossier",
    "submit_online",
    "track",
    "upload_document",
]


def sign_in_vneid(session: Session, sandbox_id: int, citizen_id: int, *, actor: Actor, now: datetime) -> Citizen:
    """Mock VNeID sign-in as one of the sandbox's fake citizens (logged, so scenarios can see it)."""
    require_role(actor, (CITIZEN,), "sign_in_vneid")
    citizen = get_citizen(session, sandbox_id, citizen_id)
    record_event(
        session,
        actor=actor.practice_role,
        action="citizen.signed_in",
        entity="citizen",
        entity_id=citizen.id,
        at=now,
        sandbox_id=sandbox_id,
        trainee_id=event_trainee(session, sandbox_id, actor),
        data={"method": "vneid"},
    )
    return citizen


def prefill_form(session: Session, sandbox_id: int, citizen_id: int, procedure_code: str) -> dict[str, Any]:
    """The requester's part of the procedure's e-form, pre-filled from the population data the sandbox holds about
    the signed-in citizen (never the child's, the deceased's or another person's fields)."""
    from trainer.eforms import for_procedure, prefill

    citizen = get_citizen(session, sandbox_id, citizen_id)
    reference.procedure(procedure_code)
    return {**prefill(for_procedure(procedure_code), citizen), "commune_code": citizen.commune_code}


def start_online_dossier(
    session: Session,
    sandbox_id: int,
    *,
    citizen_id: int,
    procedure_code: str,
    actor: Actor,
    now: datetime,
    form: dict[str, Any] | None = None,
) -> Dossier:
    """A draft online dossier for the signed-in citizen, with the e-form pre-filled."""
    require_role(actor, (CITIZEN,), "start_online_dossier")
    if not reference.online_submission(procedure_code):
        raise DomainError("errors.sandbox.not_online", code=procedure_code)
    dossier = create_draft(
        session,
        sandbox_id,
        citizen_id=citizen_id,
        procedure_code=procedure_code,
        channel="online",
        actor=actor,
        now=now,
    )
    dossier.form_data = {
        **prefill_form(session, sandbox_id, citizen_id, procedure_code),
        **clean_form(form or {}),
    }
    return dossier


def pay_online(
    session: Session,
    sandbox_id: int,
    dossier_id: int,
    *,
    now: datetime,
    actor: Actor,
    citizen_id: int | None = None,
) -> Payment:
    """Simulated online payment of the fee (level-4 procedures that charge one)."""
    require_role(actor, (CITIZEN,), "pay_online")
    dossier = own_dossier(session, sandbox_id, dossier_id, citizen_id)
    if not reference.online_payment(dossier.procedure_code):
        raise DomainError("errors.sandbox.online_payment_not_offered")
    if dossier.fee_amount <= 0:
        raise DomainError("errors.sandbox.nothing_to_pay")
    if dossier.fee_paid:
        raise DomainError("errors.sandbox.already_paid")
    if dossier.status not in (Status.DRAFT, Status.SUBMITTED, Status.SUPPLEMENT):
        raise DomainError("errors.sandbox.not_editable", status=status_term(dossier.status))
    claim(session, dossier)  # a second tab paying at the same time is refused here
    payment = Payment(
        sandbox_id=sandbox_id,
        dossier_id=dossier.id,
        kind="fee",
        amount=dossier.fee_amount,
        method="online",
        requested_at=now,
        paid_at=now,
    )
    session.add(payment)
    session.flush()
    payment.reference = f"PAY-{sandbox_id:04d}-{payment.id:06d}"
    dossier.fee_paid = True
    log(
        session,
        dossier,
        "dossier.fee_paid",
        actor=actor,
        now=now,
        data={"amount": payment.amount, "method": "online", "reference": payment.reference},
    )
    return payment


def submit_online(
    session: Session,
    sandbox_id: int,
    dossier_id: int,
    *,
    now: datetime,
    actor: Actor,
    citizen_id: int | None = None,
) -> Dossier:
    """Submit the draft (0 → 1): the dossier gets its code; the desk has 8 working hours to act on it."""
    dossier = own_dossier(session, sandbox_id, dossier_id, citizen_id)
    target("submit_online", dossier.status, actor.practice_role)  # every check before any change
    if dossier.channel != "online":
        raise DomainError("errors.sandbox.not_online", code=dossier.procedure_code)
    if dossier.fee_amount > 0 and reference.online_payment(dossier.procedure_code) and not dossier.fee_paid:
        raise DomainError("errors.sandbox.fee_unpaid", amount=money_term(dossier.fee_amount))
    if not dossier_has_documents(session, dossier):
        raise DomainError("errors.sandbox.no_documents")
    dossier.code = next_code(session, sandbox_id, dossier.receiving_agency_id, now)
    dossier.submitted_at = now
    transition(
        session, dossier, "submit_online", actor=actor, now=now, data={"delivery": dossier.delivery}
    )
    return dossier


def dossier_has_documents(session: Session, dossier: Dossier) -> bool:
    from trainer.sandbox.documents import attached_ids

    return bool(attached_ids(session, dossier))


def my_dossiers(session: Session, sandbox_id: int, citizen_id: int) -> list[Dossier]:
    """The citizen's dossiers in this sandbox, newest first (drafts included)."""
    get_citizen(session, sandbox_id, citizen_id)
    return list(
        session.scalars(
            select(Dossier)
            .where(Dossier.sandbox_id == sandbox_id, Dossier.citizen_id == citizen_id)
            .order_by(Dossier.id.desc())
        )
    )


def answer_supplement(
    session: Session,
    sandbox_id: int,
    dossier_id: int,
    *,
    now: datetime,
    actor: Actor,
    citizen_id: int | None = None,
) -> Dossier:
    """The citizen sends the requested documents (attach or upload them first): 5 → 2 or 4. When the request points
    at wrong fields of the tờ khai, each must have been corrected (a changed value) first: else DomainError
    `errors.eforms.not_corrected` naming them, and nothing is sent."""
    from trainer.sandbox.declared import form_of, not_corrected, pointed_at

    dossier = own_dossier(session, sandbox_id, dossier_id, citizen_id)
    form = form_of(dossier)
    left = not_corrected(form, dossier.form_data or {}, pointed_at(session, dossier))
    if left:
        raise DomainError("errors.eforms.not_corrected",
                          fields="; ".join(form.field(name).label("vi") for name in left))  # type: ignore[union-attr]
    return submit_supplement(session, sandbox_id, dossier_id, actor=actor, now=now)


def request_withdrawal(
    session: Session,
    sandbox_id: int,
    dossier_id: int,
    *,
    now: datetime,
    reason: str = "",
    actor: Actor,
    citizen_id: int | None = None,
) -> Dossier:
    """The citizen asks to withdraw the dossier (2–6 → 7); processing then stops it."""
    dossier = own_dossier(session, sandbox_id, dossier_id, citizen_id)
    origin = dossier.status
    clean = " ".join(reason.split())[:COMMENT_MAX_CHARS]
    transition(
        session,
        dossier,
        "request_withdrawal",
        actor=actor,
        now=now,
        note=clean or None,
        data={"from_status": origin},
    )
    dossier.withdraw_from = origin
    return dossier


def pay_obligation(
    session: Session,
    sandbox_id: int,
    dossier_id: int,
    *,
    now: datetime,
    actor: Actor,
    citizen_id: int | None = None,
) -> Dossier:
    """The citizen pays the financial obligation online (6 → 4)."""
    own_dossier(session, sandbox_id, dossier_id, citizen_id)
    return confirm_payment(session, sandbox_id, dossier_id, actor=actor, now=now, method="online")


@dataclass
class ResultFile:
    """The electronic result handed to the citizen: a practice copy with no legal value."""

    filename: str
    mime: str
    content: bytes


def download_result(
    session: Session,
    sandbox_id: int,
    dossier_id: int,
    *,
    now: datetime,
    actor: Actor,
    citizen_id: int | None = None,
) -> ResultFile:
    """Receive the electronic result (9 → 10 for dossiers that chose electronic delivery)."""
    dossier = own_dossier(session, sandbox_id, dossier_id, citizen_id)
    again = (
        dossier.status == Status.RETURNED and dossier.delivery == "electronic"
    )  # downloading it a second time
    if dossier.status == Status.DONE and dossier.delivery != "electronic":
        raise DomainError("errors.sandbox.not_electronic")
    if dossier.status == Status.DONE and dossier.current_agency_id != dossier.receiving_agency_id:
        raise DomainError("errors.sandbox.result_not_at_desk")
    if not again:
        transition(
            session,
            dossier,
            "download_result",
            actor=actor,
            now=now,
            data={"channel": "electronic", "late": is_late(dossier, now)},
        )
        dossier.finished_at = now
    citizen = get_citizen(session, sandbox_id, dossier.citizen_id)
    from trainer.i18n import t

    lines = [
        t("sandbox.result_file.mark"),
        "",
        reference.result_name(dossier.procedure_code),
        f"{t('sandbox.result_file.code')}: {dossier.code}",
        f"{t('sandbox.result_file.citizen')}: {citizen.full_name} ({citizen.national_id})",
        f"{t('sandbox.result_file.agency')}: {reference.agency_name(dossier.deciding_agency_id)}",
        dossier.result_text or "",
        "",
        t("sandbox.result_file.mark"),
    ]
    safe = "".join(ch if ch.isalnum() or ch in ".-" else "_" for ch in dossier.code or "draft")
    return ResultFile(f"ket-qua-{safe}.txt", "text/plain; charset=utf-8", "\n".join(lines).encode("utf-8"))


def rate_satisfaction(
    session: Session,
    sandbox_id: int,
    dossier_id: int,
    *,
    score: int,
    now: datetime,
    comment: str = "",
    actor: Actor,
    citizen_id: int | None = None,
) -> Rating:
    """Rate a returned dossier once (Đánh giá mức độ hài lòng), 1–5."""
    dossier = own_dossier(session, sandbox_id, dossier_id, citizen_id)
    if score not in RATING_SCORES:
        raise DomainError("errors.sandbox.bad_score")
    target("rate", dossier.status, actor.practice_role)
    if session.scalar(select(Rating.id).where(Rating.dossier_id == dossier.id)) is not None:
        raise DomainError("errors.sandbox.already_rated")
    clean = " ".join(comment.split())[:COMMENT_MAX_CHARS]
    transition(session, dossier, "rate", actor=actor, now=now, data={"score": score})
    rating = Rating(sandbox_id=sandbox_id, dossier_id=dossier.id, score=score, comment=clean, at=now)
    session.add(rating)
    return rating
