"""Shared steps of every dossier action: load within a sandbox, apply a transition, write the event.

Public API:
- `EVENT_ACTIONS`: lifecycle action → event action name written to the log (what scenario checks read).
- `get_sandbox(session, sandbox_id)`, `get_dossier(session, sandbox_id, dossier_id)`,
  `get_citizen(session, sandbox_id, citizen_id)`: NotFound when the row is not in this sandbox.
- `transition(session, dossier, action, *, actor, now, to=None, data=None, note=None) -> int` (the new status):
  the table is checked against `actor.practice_role`; the event names that role and the acting trainee. It is
  the one place a dossier changes state, and it claims the dossier first (`claim`).
- `claim(session, dossier)`: the dossier as this action read it is still current, and now held until commit;
  else `DomainError("errors.sandbox.dossier_changed")` (someone acted on it meanwhile; the caller's transaction
  is rolled back, so nothing of the action remains). For actions that change a dossier without a transition.
- `log(session, dossier, event_action, *, actor, now, data=None, note=None)`: an event without a status change.
- `require_role(actor, allowed, what)`: for actions outside the status table.
- `event_trainee(session, sandbox_id, actor) -> int | None`: the trainee an event is about (the acting one, else
  the sandbox's owner).
- `hand_over(...)`, `issue_slip(...)`: a control-slip row (Mẫu 05) and a record of a slip issued (Mẫu 01–05).
- `entity_id(dossier) -> str`: the dossier code, or "draft-<id>" before it has one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from trainer.actor import Actor
from trainer.db.events import record_event
from trainer.db.guards import claim as claim_row
from trainer.errors import DomainError, NotFound
from trainer.sandbox.models import Citizen, Dossier, HandOver, Sandbox, SlipIssued
from trainer.sandbox.terms import role_term
from trainer.sandbox.transitions import RETURN_TO_ORIGIN, UNCHANGED, target

EVENT_ACTIONS: dict[str, str] = {
    "create_draft": "dossier.drafted",
    "submit_online": "dossier.submitted",
    "receive_online": "dossier.received",
    "receive_walk_in": "dossier.received",
    "request_supplement": "dossier.supplement_requested",
    "submit_supplement": "dossier.supplemented",
    "collect_fee": "dossier.fee_collected",
    "refuse": "dossier.refused",
    "forward_to_processing": "dossier.forwarded",
    "transfer_to_linked_agency": "dossier.transferred",
    "approve_step": "dossier.step_approved",
    "send_back_step": "dossier.step_sent_back",
    "request_payment": "dossier.payment_requested",
    "confirm_payment": "dossier.payment_confirmed",
    "pay_obligation": "dossier.payment_confirmed",
    "sign": "dossier.signed",
    "stop_processing": "dossier.stopped",
    "request_withdrawal": "dossier.withdrawal_requested",
    "send_result_to_desk": "dossier.result_sent_to_desk",
    "return_result": "dossier.result_returned",
    "download_result": "dossier.result_returned",
    "deliver_result": "dossier.result_returned",
    "recall": "dossier.recalled",
    "rate": "dossier.rated",
    "issue_apology": "dossier.apology_issued",
    "digitise_document": "dossier.document_digitised",
    "hand_result_to_post": "dossier.result_handed_to_post",
    "pick_up": "dossier.picked_up",
    "hand_over_to_desk": "dossier.handed_to_desk",
}


def get_sandbox(session: Session, sandbox_id: int) -> Sandbox:
    """The sandbox row, or NotFound."""
    sandbox = session.get(Sandbox, sandbox_id)
    if sandbox is None:
        raise NotFound("errors.sandbox.sandbox_not_found", sandbox_id=sandbox_id)
    return sandbox


def get_dossier(session: Session, sandbox_id: int, dossier_id: int) -> Dossier:
    """The dossier if it belongs to this sandbox, else NotFound (never another sandbox's row)."""
    dossier = session.get(Dossier, dossier_id)
    if dossier is None or dossier.sandbox_id != sandbox_id:
        raise NotFound("errors.sandbox.dossier_not_found", dossier_id=dossier_id)
    return dossier


def get_citizen(session: Session, sandbox_id: int, citizen_id: int) -> Citizen:
    """The citizen if they live in this sandbox, else NotFound."""
    citizen = session.get(Citizen, citizen_id)
    if citizen is None or citizen.sandbox_id != sandbox_id:
        raise NotFound("errors.sandbox.citizen_not_found", citizen_id=citizen_id)
    return citizen


def entity_id(dossier: Dossier) -> str:
    """How the event log names a dossier: its code, or draft-<id> before it has one."""
    return dossier.code or f"draft-{dossier.id}"


def event_trainee(session: Session, sandbox_id: int, actor: Actor) -> int | None:
    """The trainee an event is about (boards and reports read it): the acting one, else the sandbox's owner."""
    if actor.trainee_id is not None:
        return actor.trainee_id
    sandbox = session.get(Sandbox, sandbox_id)
    return sandbox.owner_id if sandbox is not None else None


def _event_data(dossier: Dossier, data: dict[str, Any] | None) -> dict[str, Any]:
    base: dict[str, Any] = {
        "dossier_id": dossier.id,
        "procedure": dossier.procedure_code,
        "step": dossier.step,
    }
    base.update(data or {})
    return base


def claim(session: Session, dossier: Dossier) -> None:
    """Hold the dossier for this action, or DomainError when another action changed it since it was read."""
    if not claim_row(session, dossier):
        raise DomainError("errors.sandbox.dossier_changed", code=dossier.code or f"#{dossier.id}")


def transition(
    session: Session,
    dossier: Dossier,
    action: str,
    *,
    actor: Actor,
    now: datetime,
    to: int | None = None,
    data: dict[str, Any] | None = None,
    note: str | None = None,
) -> int:
    """Check the table, move the dossier to its new status and log the event; returns the new status."""
    new = target(action, dossier.status, actor.practice_role)
    if new == RETURN_TO_ORIGIN:
        if to is None:
            raise ValueError(f"{action} needs an explicit target status")
        new = to
    elif new == UNCHANGED:
        new = dossier.status
    old = dossier.status
    claim(session, dossier)
    dossier.status = new
    session.flush()
    record_event(
        session,
        actor=actor.practice_role,
        action=EVENT_ACTIONS[action],
        entity="dossier",
        entity_id=entity_id(dossier),
        from_state=str(old),
        to_state=str(new),
        at=now,
        note=note,
        sandbox_id=dossier.sandbox_id,
        trainee_id=event_trainee(session, dossier.sandbox_id, actor),
        data=_event_data(dossier, data),
    )
    return new


def log(
    session: Session,
    dossier: Dossier,
    event_action: str,
    *,
    actor: Actor,
    now: datetime,
    data: dict[str, Any] | None = None,
    note: str | None = None,
) -> None:
    """An event about a dossier that does not change its status (documents attached, delivery chosen...)."""
    session.flush()
    record_event(
        session,
        actor=actor.practice_role,
        action=event_action,
        entity="dossier",
        entity_id=entity_id(dossier),
        from_state=str(dossier.status),
        to_state=str(dossier.status),
        at=now,
        note=note,
        sandbox_id=dossier.sandbox_id,
        trainee_id=event_trainee(session, dossier.sandbox_id, actor),
        data=_event_data(dossier, data),
    )


def require_role(actor: Actor, allowed: tuple[str, ...], what: str) -> None:
    """DomainError when the actor's practice role is not one of allowed (for actions outside the status table)."""
    if actor.practice_role not in allowed:
        from trainer.sandbox.terms import action_term

        raise DomainError("errors.sandbox.role_forbidden", role=role_term(actor.practice_role),
                          action=action_term(what))


def hand_over(
    session: Session,
    dossier: Dossier,
    *,
    at: datetime,
    from_role: str,
    to_role: str,
    from_agency_id: str | None = None,
    to_agency_id: str | None = None,
    note: str = "",
) -> HandOver:
    """One row of the control slip: who handed the dossier to whom, when."""
    row = HandOver(
        sandbox_id=dossier.sandbox_id,
        dossier_id=dossier.id,
        at=at,
        from_role=from_role,
        to_role=to_role,
        from_agency_id=from_agency_id or dossier.current_agency_id,
        to_agency_id=to_agency_id or dossier.current_agency_id,
        note=note,
    )
    session.add(row)
    return row


def issue_slip(
    session: Session, dossier: Dossier, form: str, *, at: datetime, data: dict[str, Any] | None = None
) -> SlipIssued:
    """Record that slip Mẫu `form` ("01".."05") was issued for the dossier."""
    row = SlipIssued(
        sandbox_id=dossier.sandbox_id, dossier_id=dossier.id, form=form, issued_at=at, data=data or {}
    )
    session.add(row)
    return row


REASON_MAX_CHARS = 2000  # characters of a written reason (refusal, stop, send-back): a guard, not a rule


def clean_reason(reason: str, key: str) -> str:
    """The reason with single spaces; DomainError(key) when empty, or when too long."""
    clean = " ".join((reason or "").split())
    if not clean:
        raise DomainError(key)
    if len(clean) > REASON_MAX_CHARS:
        raise DomainError("errors.sandbox.text_too_long", limit=REASON_MAX_CHARS)
    return clean
