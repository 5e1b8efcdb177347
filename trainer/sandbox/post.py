"""Public postal service (BCCI, Decision 45/2016/QĐ-TTg): pickup of dossiers and delivery of results.

Public API:
- `POSTAGE_VND`: the sandbox tariff per item; `tracking_number(seed, serial) -> str` (fake S10 "EB…VN").
- `request_pickup(session, sandbox_id, dossier_id, *, actor, now, address=None) -> Shipment` (citizen, draft).
- `pick_up(session, sandbox_id, shipment_id, *, checked_doc_ids, actor, now) -> Shipment`: the postal worker
  checks the published list, seals, collects fee + postage, gives the code (dossier 0 → 1).
- `hand_over_to_desk(session, sandbox_id, shipment_id, *, actor, now) -> Shipment` (hand-over record).
- `hand_result_to_post(session, sandbox_id, dossier_id, *, actor, now) -> Shipment` (desk, result ready).
- `deliver_result(session, sandbox_id, shipment_id, *, actor, now) -> Shipment` (dossier 9 → 10).
- `shipments(session, sandbox_id, *, status=None) -> list[Shipment]`; `get_shipment(...)`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from trainer.actor import Actor
from trainer.errors import DomainError, NotFound
from trainer.sandbox import reference
from trainer.sandbox.codes import next_code
from trainer.sandbox.core import (
    claim,
    get_citizen,
    get_dossier,
    get_sandbox,
    hand_over,
    log,
    require_role,
    transition,
)
from trainer.sandbox.models import Payment, Shipment
from trainer.sandbox.transitions import CITIZEN, DESK, POSTAL, Status, target

# Sandbox tariff, NOT Vietnam Post's price list: one flat postage per item each way, in VND.
POSTAGE_VND = 25_000
S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)  # UPU S10 check digit weights
TRACKING_PREFIX = "EB"  # service indicator used by the sandbox's fake tracking numbers
TRACKING_COUNTRY = "VN"


def tracking_number(seed: int, serial: int) -> str:
    """A fake UPU S10 tracking number such as EB123456785VN (8-digit serial + check digit)."""
    digits = f"{(seed * 7919 + serial * 104_729) % 100_000_000:08d}"
    check = 11 - sum(int(d) * w for d, w in zip(digits, S10_WEIGHTS, strict=True)) % 11
    check = {10: 0, 11: 5}.get(check, check)
    return f"{TRACKING_PREFIX}{digits}{check}{TRACKING_COUNTRY}"


def get_shipment(session: Session, sandbox_id: int, shipment_id: int) -> Shipment:
    """The shipment if it belongs to this sandbox, else NotFound."""
    shipment = session.get(Shipment, shipment_id)
    if shipment is None or shipment.sandbox_id != sandbox_id:
        raise NotFound("errors.sandbox.shipment_not_found", shipment_id=shipment_id)
    return shipment


def _tracking_for(session: Session, shipment: Shipment) -> str:
    """The shipment's tracking number, from its row id (unique, as 104,729 is prime to 10^8)."""
    session.flush()
    return tracking_number(get_sandbox(session, shipment.sandbox_id).seed, shipment.id)


def request_pickup(
    session: Session,
    sandbox_id: int,
    dossier_id: int,
    *,
    actor: Actor,
    now: datetime,
    address: str | None = None,
) -> Shipment:
    """The citizen asks the post to collect a draft dossier at home or at the post office."""
    require_role(actor, (CITIZEN,), "request_pickup")
    dossier = get_dossier(session, sandbox_id, dossier_id)
    if dossier.status != Status.DRAFT:
        from trainer.sandbox.terms import action_term, status_term

        raise DomainError(
            "errors.sandbox.wrong_status",
            status=status_term(dossier.status),
            action=action_term("request_pickup"),
        )
    if not reference.bcci_allowed(dossier.procedure_code):
        raise DomainError("errors.sandbox.post_not_allowed")
    if session.scalar(
        select(Shipment.id).where(Shipment.dossier_id == dossier.id, Shipment.kind == "pickup")
    ):
        raise DomainError("errors.sandbox.pickup_already_requested")
    citizen = get_citizen(session, sandbox_id, dossier.citizen_id)
    claim(session, dossier)  # a second request at the same time is refused here
    shipment = Shipment(
        sandbox_id=sandbox_id,
        dossier_id=dossier.id,
        kind="pickup",
        status="requested",
        address=(address or citizen.address)[:300],
        postage=POSTAGE_VND,
        requested_at=now,
    )
    session.add(shipment)
    session.flush()
    dossier.channel = "post"
    log(
        session,
        dossier,
        "dossier.pickup_requested",
        actor=actor,
        now=now,
        data={"address": shipment.address},
    )
    return shipment


def pick_up(
    session: Session,
    sandbox_id: int,
    shipment_id: int,
    *,
    checked_doc_ids: list[str],
    actor: Actor,
    now: datetime,
) -> Shipment:
    """Check the documents against the published list, seal, collect fee and postage, give the dossier its code."""
    shipment = get_shipment(session, sandbox_id, shipment_id)
    dossier = get_dossier(session, sandbox_id, shipment.dossier_id)
    if shipment.kind != "pickup" or shipment.status != "requested":
        raise DomainError("errors.sandbox.shipment_wrong_state")
    published = reference.document_ids(dossier.procedure_code)
    extra = [d for d in checked_doc_ids if d not in published]
    if extra:
        raise DomainError("errors.sandbox.not_on_published_list", doc_id=", ".join(extra))
    from trainer.sandbox.lifecycle import missing_documents

    missing = missing_documents(dossier.procedure_code, checked_doc_ids)
    if missing:
        names = reference.documents_term(dossier.procedure_code, missing)
        raise DomainError("errors.sandbox.pickup_incomplete", missing=names)
    target("pick_up", dossier.status, actor.practice_role)  # every check before any change
    shipment.tracking_no = _tracking_for(session, shipment)
    dossier.code = next_code(session, sandbox_id, dossier.receiving_agency_id, now)
    dossier.submitted_at = now
    transition(
        session,
        dossier,
        "pick_up",
        actor=actor,
        now=now,
        data={"shipment_id": shipment.id, "tracking_no": shipment.tracking_no},
    )
    shipment.status = "picked_up"
    shipment.sealed = True
    shipment.checked_documents = list(dict.fromkeys(checked_doc_ids))
    shipment.picked_up_at = now
    session.add(
        Payment(
            sandbox_id=sandbox_id,
            dossier_id=dossier.id,
            kind="postage",
            amount=shipment.postage,
            method="post",
            requested_at=now,
            paid_at=now,
            reference=shipment.tracking_no,
        )
    )
    if dossier.fee_amount > 0 and not dossier.fee_paid:
        session.add(
            Payment(
                sandbox_id=sandbox_id,
                dossier_id=dossier.id,
                kind="fee",
                amount=dossier.fee_amount,
                method="post",
                requested_at=now,
                paid_at=now,
                reference=shipment.tracking_no,
            )
        )
        dossier.fee_paid = True
    hand_over(session, dossier, at=now, from_role=CITIZEN, to_role=POSTAL, note=shipment.tracking_no)
    return shipment


def hand_over_to_desk(
    session: Session, sandbox_id: int, shipment_id: int, *, actor: Actor, now: datetime
) -> Shipment:
    """The postal worker hands the sealed dossier to the desk against a signed hand-over record."""
    shipment = get_shipment(session, sandbox_id, shipment_id)
    dossier = get_dossier(session, sandbox_id, shipment.dossier_id)
    if shipment.kind != "pickup" or shipment.status != "picked_up":
        raise DomainError("errors.sandbox.shipment_wrong_state")
    transition(
        session,
        dossier,
        "hand_over_to_desk",
        actor=actor,
        now=now,
        data={"shipment_id": shipment.id, "tracking_no": shipment.tracking_no},
    )
    shipment.status = "handed_over"
    shipment.handed_over_at = now
    hand_over(session, dossier, at=now, from_role=POSTAL, to_role=DESK, note=shipment.tracking_no or "")
    return shipment


def hand_result_to_post(
    session: Session, sandbox_id: int, dossier_id: int, *, actor: Actor, now: datetime
) -> Shipment:
    """The desk gives a ready result (status 9, delivery by post) to the postal worker."""
    dossier = get_dossier(session, sandbox_id, dossier_id)
    if dossier.status == Status.DONE and dossier.delivery != "post":
        raise DomainError("errors.sandbox.delivery_not_post")
    if dossier.status == Status.DONE and dossier.current_agency_id != dossier.receiving_agency_id:
        raise DomainError("errors.sandbox.result_not_at_desk")
    if session.scalar(
        select(Shipment.id).where(Shipment.dossier_id == dossier.id, Shipment.kind == "delivery")
    ):
        raise DomainError("errors.sandbox.result_with_post")
    transition(session, dossier, "hand_result_to_post", actor=actor, now=now)
    citizen = get_citizen(session, sandbox_id, dossier.citizen_id)
    address = str(dossier.form_data.get("delivery_address") or citizen.address)[:300]
    shipment = Shipment(
        sandbox_id=sandbox_id,
        dossier_id=dossier.id,
        kind="delivery",
        status="at_post",
        address=address,
        postage=POSTAGE_VND,
        requested_at=now,
        picked_up_at=now,
        sealed=True,
    )
    session.add(shipment)
    shipment.tracking_no = _tracking_for(session, shipment)
    hand_over(session, dossier, at=now, from_role=DESK, to_role=POSTAL, note=shipment.tracking_no or "")
    return shipment


def deliver_result(
    session: Session, sandbox_id: int, shipment_id: int, *, actor: Actor, now: datetime
) -> Shipment:
    """The postal worker delivers the result to the citizen (dossier 9 → 10) and collects the postage."""
    shipment = get_shipment(session, sandbox_id, shipment_id)
    dossier = get_dossier(session, sandbox_id, shipment.dossier_id)
    if shipment.kind != "delivery" or shipment.status != "at_post":
        raise DomainError("errors.sandbox.shipment_wrong_state")
    from trainer.sandbox.deadlines import is_late

    transition(
        session,
        dossier,
        "deliver_result",
        actor=actor,
        now=now,
        data={
            "shipment_id": shipment.id,
            "tracking_no": shipment.tracking_no,
            "channel": "post",
            "late": is_late(dossier, now),
        },
    )
    shipment.status = "delivered"
    shipment.delivered_at = now
    dossier.finished_at = now
    session.add(
        Payment(
            sandbox_id=sandbox_id,
            dossier_id=dossier.id,
            kind="postage",
            amount=shipment.postage,
            method="post",
            requested_at=now,
            paid_at=now,
            reference=shipment.tracking_no,
        )
    )
    hand_over(session, dossier, at=now, from_role=POSTAL, to_role=CITIZEN, note=shipment.tracking_no or "")
    return shipment


def shipments(session: Session, sandbox_id: int, *, status: str | None = None) -> list[Shipment]:
    """The sandbox's postal items (optionally in one status), oldest first."""
    query = select(Shipment).where(Shipment.sandbox_id == sandbox_id)
    if status is not None:
        query = query.where(Shipment.status == status)
    return list(session.scalars(query.order_by(Shipment.id)))
