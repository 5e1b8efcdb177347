"""The dossier state machine: national status codes, internal steps, and who may do what from where.

Public API:
- `Status`: 0 = draft (sandbox only), 1–10 = the national codes (DOMAIN.md §2).
- `STEPS`: internal processing steps, specialist → office head → leader.
- `TRANSITIONS`: {(action, from_status, role): to_status}; `RETURN_TO_ORIGIN` means "back to where it came from".
- `ACTIONS`, `ROLES`: every action name and role the table knows.
- `target(action, status, role) -> int`: the new status, or DomainError naming the reason (role or state).
- `is_allowed(action, status, role) -> bool`.
- `STEP_ACTIONS`: actions of status 4 that only the role holding the dossier's internal step may take.
- `EDITABLE`: statuses in which documents can still be attached (draft, supplement asked); `DOCUMENT_ACTIONS`.
- `available_actions(dossier_or_status, step, actor) -> tuple[str, ...]`: what the actor may do now, in table
  order; the one place the pages learn which buttons to show.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from trainer.actor import CITIZEN, DESK, LEADER, OFFICE_HEAD, POSTAL, PRACTICE_ROLES, SPECIALIST
from trainer.errors import DomainError
from trainer.sandbox.terms import action_term, role_term, status_term


class Status(IntEnum):
    """Dossier status: the national 10-code list plus 0 for a draft not yet submitted."""

    DRAFT = 0
    SUBMITTED = 1  # Mới đăng ký
    RECEIVED = 2  # Được tiếp nhận
    REFUSED = 3  # Không được tiếp nhận
    IN_PROCESS = 4  # Đang xử lý
    SUPPLEMENT = 5  # Yêu cầu bổ sung giấy tờ
    PAYMENT = 6  # Yêu cầu thực hiện nghĩa vụ tài chính
    WITHDRAWAL = 7  # Công dân yêu cầu rút hồ sơ
    STOPPED = 8  # Dừng xử lý
    DONE = 9  # Đã xử lý xong
    RETURNED = 10  # Đã trả kết quả


ROLES = PRACTICE_ROLES  # the practice roles (trainer.actor), in menu order
PROCESSORS = (SPECIALIST, OFFICE_HEAD, LEADER)
STEPS = (SPECIALIST, OFFICE_HEAD, LEADER)  # internal steps of status 4, in order

FINAL = frozenset({Status.REFUSED, Status.STOPPED, Status.RETURNED})
OPEN_FOR_WITHDRAWAL = (Status.RECEIVED, Status.IN_PROCESS, Status.SUPPLEMENT, Status.PAYMENT)
RETURN_TO_ORIGIN = (
    -1
)  # submit_supplement: back to where the request was made (0 or 1: the desk checks again; 4: processing)

S = Status
TRANSITIONS: dict[tuple[str, int, str], int] = {}


def _allow(action: str, sources: tuple[int, ...], roles: tuple[str, ...], to: int) -> None:
    for source in sources:
        for role in roles:
            TRANSITIONS[(action, int(source), role)] = int(to)


# Citizen (portal) and desk intake
_allow("submit_online", (S.DRAFT,), (CITIZEN,), S.SUBMITTED)
_allow("receive_online", (S.SUBMITTED,), (DESK,), S.RECEIVED)
_allow("receive_walk_in", (S.DRAFT,), (DESK,), S.RECEIVED)
_allow("request_supplement", (S.DRAFT, S.SUBMITTED), (DESK,), S.SUPPLEMENT)
_allow("request_supplement", (S.IN_PROCESS,), (SPECIALIST,), S.SUPPLEMENT)
_allow("submit_supplement", (S.SUPPLEMENT,), (CITIZEN, DESK), RETURN_TO_ORIGIN)
_allow("collect_fee", (S.DRAFT,), (DESK,), -2)  # a walk-in dossier's fee, at the counter, before reception
_allow("refuse", (S.DRAFT, S.SUBMITTED), (DESK,), S.REFUSED)
_allow("forward_to_processing", (S.RECEIVED,), (DESK,), S.IN_PROCESS)
_allow("transfer_to_linked_agency", (S.RECEIVED,), (DESK,), S.IN_PROCESS)
# Processing (the internal step is checked as well: only the role holding the step acts)
_allow("approve_step", (S.IN_PROCESS,), (SPECIALIST, OFFICE_HEAD), S.IN_PROCESS)
_allow("send_back_step", (S.IN_PROCESS,), (OFFICE_HEAD, LEADER), S.IN_PROCESS)
_allow("request_payment", (S.IN_PROCESS,), (SPECIALIST,), S.PAYMENT)
_allow("confirm_payment", (S.PAYMENT,), (DESK, SPECIALIST), S.IN_PROCESS)
_allow("pay_obligation", (S.PAYMENT,), (CITIZEN,), S.IN_PROCESS)
_allow("sign", (S.IN_PROCESS,), (LEADER,), S.DONE)
_allow("stop_processing", (S.IN_PROCESS, S.WITHDRAWAL), (SPECIALIST, OFFICE_HEAD, LEADER), S.STOPPED)
_allow("stop_processing", (S.WITHDRAWAL,), (DESK,), S.STOPPED)
_allow("request_withdrawal", OPEN_FOR_WITHDRAWAL, (CITIZEN,), S.WITHDRAWAL)
_allow("send_result_to_desk", (S.DONE,), PROCESSORS, S.DONE)
_allow("return_result", (S.DONE,), (DESK,), S.RETURNED)
_allow("download_result", (S.DONE,), (CITIZEN,), S.RETURNED)
_allow("deliver_result", (S.DONE,), (POSTAL,), S.RETURNED)
_allow("recall", (S.DONE,), (SPECIALIST, LEADER), S.IN_PROCESS)
_allow("rate", (S.RETURNED,), (CITIZEN,), S.RETURNED)
_allow("issue_apology", (S.RECEIVED, S.IN_PROCESS, S.SUPPLEMENT, S.PAYMENT), (DESK, *PROCESSORS), -2)
_allow("digitise_document", (S.DRAFT, S.SUBMITTED, S.RECEIVED, S.SUPPLEMENT), (DESK,), -2)
_allow("hand_result_to_post", (S.DONE,), (DESK,), S.DONE)
_allow("pick_up", (S.DRAFT,), (POSTAL,), S.SUBMITTED)
_allow("hand_over_to_desk", (S.SUBMITTED,), (POSTAL,), S.SUBMITTED)

UNCHANGED = -2  # the action keeps the status (apology, digitising)
ACTIONS = tuple(sorted({action for action, _, _ in TRANSITIONS}))


def is_allowed(action: str, status: int, role: str) -> bool:
    """True when role may do action on a dossier in status."""
    return (action, int(status), role) in TRANSITIONS


STEP_ACTIONS = frozenset({"approve_step", "send_back_step", "request_payment", "sign"})  # checked by processing.py
EDITABLE = (Status.DRAFT, Status.SUPPLEMENT)  # documents can be attached (documents.require_editable)
DOCUMENT_ACTIONS = {"attach_from_store": (CITIZEN, DESK)}  # outside the table: reuse a paper of the data store
ORDER = {action: n for n, action in enumerate(dict.fromkeys(a for a, _, _ in TRANSITIONS))}  # as declared above


def _role(actor: Any) -> str:
    return actor if isinstance(actor, str) else actor.practice_role


def available_actions(dossier: Any, step: str | None, actor: Any) -> tuple[str, ...]:
    """What `actor` (an Actor, or a practice role) may do to a dossier now, in the order of the table above.

    `dossier` is a status, or a row with `.status` (e.g. `queries.DossierRow`); with a row, what the row says of
    the dossier narrows the table the way the services do: a dossier decided elsewhere is transferred, not
    forwarded; a result goes back to the receiving desk before it is returned, handed to the post (delivery by post)
    or downloaded (electronic delivery); a dossier is rated once. `step` is the internal step (status 4).
    """
    role = _role(actor)
    status = int(getattr(dossier, "status", dossier))
    allowed = [a for (a, s, r) in TRANSITIONS if s == status and r == role]
    if status == Status.IN_PROCESS:
        allowed = [a for a in allowed if a not in STEP_ACTIONS or step == role]
    allowed += [a for a, roles in DOCUMENT_ACTIONS.items() if role in roles and status in EDITABLE]
    if not isinstance(dossier, int):
        allowed = [a for a in allowed if _fits(dossier, a)]
    return tuple(sorted(dict.fromkeys(allowed), key=lambda a: ORDER.get(a, len(ORDER))))


def _fits(row: Any, action: str) -> bool:
    """What the row knows beyond its status, as the services check it (unknown fields narrow nothing)."""
    transfer = getattr(row, "needs_transfer", None)
    at_desk = getattr(row, "at_receiving_desk", None)
    delivery = getattr(row, "delivery", None)
    if transfer is not None and action in ("forward_to_processing", "transfer_to_linked_agency"):
        return transfer == (action == "transfer_to_linked_agency")
    if at_desk is not None and action == "send_result_to_desk":
        return not at_desk
    if action in ("return_result", "hand_result_to_post", "download_result", "deliver_result"):
        wanted = {"return_result": ("desk", "electronic"), "hand_result_to_post": ("post",),
                  "download_result": ("electronic",), "deliver_result": ("post",)}[action]
        with_post = getattr(row, "result_with_post", None) and action in ("return_result", "hand_result_to_post")
        return at_desk is not False and (delivery is None or delivery in wanted) and not with_post
    if action == "rate":
        return not getattr(row, "rated", False)
    if action == "collect_fee":  # a fee to collect, not yet paid (lifecycle.collect_fee)
        return getattr(row, "fee_amount", 1) > 0 and not getattr(row, "fee_paid", False)
    return True


def target(action: str, status: int, role: str) -> int:
    """The status after action, or a DomainError saying whether the role or the state forbids it."""
    key = (action, int(status), role)
    if key in TRANSITIONS:
        return TRANSITIONS[key]
    if action not in ACTIONS:
        raise DomainError("errors.sandbox.unknown_action", action=action)
    if not any(a == action and r == role for a, _, r in TRANSITIONS):
        raise DomainError("errors.sandbox.role_forbidden", role=role_term(role), action=action_term(action))
    raise DomainError("errors.sandbox.wrong_status", action=action_term(action), status=status_term(status))
