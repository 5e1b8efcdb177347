"""Processing actions (Xử lý hồ sơ): internal steps, financial obligations, signing, stopping, recall, apology.

Every function: `(session, sandbox_id, dossier_id, *, actor, now, ...) -> Dossier`; the caller owns the
transaction. Public API: `approve_step`, `send_back_step`, `request_payment`, `confirm_payment`, `sign`,
`stop_processing`, `recall`, `issue_apology` (all re-exported by `lifecycle`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from trainer.actor import Actor
from trainer.errors import DomainError
from trainer.sandbox import reference
from trainer.sandbox.core import clean_reason, get_dossier, hand_over, issue_slip, transition
from trainer.sandbox.deadlines import due_at, is_late
from trainer.sandbox.models import Dossier, Payment
from trainer.sandbox.terms import role_term
from trainer.sandbox.transitions import CITIZEN, DESK, LEADER, SPECIALIST, STEPS, Status, target


def _require_step(dossier: Dossier, role: str, action: str) -> None:
    target(action, dossier.status, role)  # role and status first, so their message wins
    if dossier.status == Status.IN_PROCESS and dossier.step != role:
        raise DomainError("errors.sandbox.not_your_step", step=role_term(dossier.step or STEPS[0]))


def approve_step(
    session: Session, sandbox_id: int, dossier_id: int, *, actor: Actor, now: datetime, note: str = ""
) -> Dossier:
    """Move the dossier to the next internal step (specialist → office head → leader)."""
    dossier = get_dossier(session, sandbox_id, dossier_id)
    _require_step(dossier, actor.practice_role, "approve_step")
    following = STEPS[STEPS.index(actor.practice_role) + 1] if actor.practice_role in STEPS[:-1] else None
    transition(
        session,
        dossier,
        "approve_step",
        actor=actor,
        now=now,
        note=note or None,
        data={"to_step": following},
    )
    dossier.step = following
    hand_over(session, dossier, at=now, from_role=actor.practice_role, to_role=following or LEADER, note=note)
    return dossier


def send_back_step(
    session: Session, sandbox_id: int, dossier_id: int, *, actor: Actor, now: datetime, reason: str
) -> Dossier:
    """Send the dossier back one internal step, with a reason."""
    dossier = get_dossier(session, sandbox_id, dossier_id)
    _require_step(dossier, actor.practice_role, "send_back_step")
    clean = clean_reason(reason, "errors.sandbox.reason_required")
    previous = STEPS[STEPS.index(actor.practice_role) - 1] if actor.practice_role in STEPS[1:] else None
    transition(
        session,
        dossier,
        "send_back_step",
        actor=actor,
        now=now,
        note=clean,
        data={"to_step": previous, "reason": clean},
    )
    dossier.step = previous
    hand_over(session, dossier, at=now, from_role=actor.practice_role, to_role=previous or SPECIALIST, note=clean)
    return dossier


def request_payment(
    session: Session,
    sandbox_id: int,
    dossier_id: int,
    *,
    actor: Actor,
    now: datetime,
    amount: int,
    note: str = "",
) -> Dossier:
    """Specialist asks the citizen to fulfil a financial obligation (4 → 6)."""
    dossier = get_dossier(session, sandbox_id, dossier_id)
    _require_step(dossier, actor.practice_role, "request_payment")
    if amount <= 0:
        raise DomainError("errors.sandbox.amount_positive")
    transition(
        session,
        dossier,
        "request_payment",
        actor=actor,
        now=now,
        note=note or None,
        data={"amount": amount},
    )
    session.add(
        Payment(
            sandbox_id=sandbox_id,
            dossier_id=dossier.id,
            kind="obligation",
            amount=amount,
            requested_at=now,
            note=note,
        )
    )
    return dossier


def confirm_payment(
    session: Session,
    sandbox_id: int,
    dossier_id: int,
    *,
    actor: Actor,
    now: datetime,
    method: str = "desk",
) -> Dossier:
    """The obligation is paid (citizen online, or confirmed by desk/specialist): 6 → 4."""
    dossier = get_dossier(session, sandbox_id, dossier_id)
    action = "pay_obligation" if actor.practice_role == CITIZEN else "confirm_payment"
    transition(session, dossier, action, actor=actor, now=now, data={"method": method})
    for payment in session.scalars(
        select(Payment).where(
            Payment.dossier_id == dossier.id, Payment.kind == "obligation", Payment.paid_at.is_(None)
        )
    ):
        payment.paid_at = now
        payment.method = method
        payment.reference = f"TT{dossier.id:06d}{payment.id:04d}"
    return dossier


def sign(
    session: Session,
    sandbox_id: int,
    dossier_id: int,
    *,
    actor: Actor,
    now: datetime,
    result_text: str = "",
) -> Dossier:
    """The leader approves and signs the result (4 → 9); it goes to the desk of the receiving agency."""
    dossier = get_dossier(session, sandbox_id, dossier_id)
    _require_step(dossier, actor.practice_role, "sign")
    transition(session, dossier, "sign", actor=actor, now=now, data={"late": is_late(dossier, now)})
    dossier.step = None
    dossier.result_text = result_text or reference.result_name(dossier.procedure_code)
    if not reference.needs_transfer(dossier):
        hand_over(
            session, dossier, at=now, from_role=LEADER, to_role=DESK, to_agency_id=dossier.receiving_agency_id
        )
        dossier.current_agency_id = dossier.receiving_agency_id
    return dossier


def stop_processing(
    session: Session, sandbox_id: int, dossier_id: int, *, actor: Actor, now: datetime, reason: str
) -> Dossier:
    """Stop processing with a reason (4 or 7 → 8), e.g. after the citizen asked to withdraw."""
    dossier = get_dossier(session, sandbox_id, dossier_id)
    clean = clean_reason(reason, "errors.sandbox.reason_required")
    transition(
        session, dossier, "stop_processing", actor=actor, now=now, note=clean, data={"reason": clean}
    )
    dossier.reason = clean
    dossier.step = None
    dossier.finished_at = now
    return dossier


def recall(
    session: Session, sandbox_id: int, dossier_id: int, *, actor: Actor, now: datetime, reason: str
) -> Dossier:
    """Take a finished result back for correction (9 → 4, specialist step)."""
    dossier = get_dossier(session, sandbox_id, dossier_id)
    clean = clean_reason(reason, "errors.sandbox.reason_required")
    transition(session, dossier, "recall", actor=actor, now=now, note=clean, data={"reason": clean})
    dossier.step = STEPS[0]
    dossier.current_agency_id = dossier.deciding_agency_id
    return dossier


def issue_apology(
    session: Session,
    sandbox_id: int,
    dossier_id: int,
    *,
    actor: Actor,
    now: datetime,
    new_appointment_at: datetime,
    reason: str,
) -> Dossier:
    """Apology and new appointment (Mẫu 04): only before the deadline passes, and with a later date."""
    dossier = get_dossier(session, sandbox_id, dossier_id)
    target("issue_apology", dossier.status, actor.practice_role)  # role and status first, so their message wins
    clean = clean_reason(reason, "errors.sandbox.reason_required")
    due = due_at(dossier, now)
    if due is not None and now > due:
        raise DomainError("errors.sandbox.apology_too_late", due=due.strftime("%H:%M %d/%m/%Y"))
    if due is None or new_appointment_at <= due:
        raise DomainError("errors.sandbox.apology_date_not_later")
    transition(
        session,
        dossier,
        "issue_apology",
        actor=actor,
        now=now,
        note=clean,
        data={
            "old_due": due.isoformat(),
            "new_appointment_at": new_appointment_at.isoformat(),
            "reason": clean,
        },
    )
    dossier.new_appointment_at = new_appointment_at
    issue_slip(
        session,
        dossier,
        "04",
        at=now,
        data={"reason": clean, "new_appointment_at": new_appointment_at.isoformat()},
    )
    return dossier
