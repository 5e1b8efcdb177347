"""Every service refuses to act on a dossier in a status its action does not start from, and changes nothing."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select

from tests.sandbox.helpers import MARITAL, NOW, new_sandbox, online_dossier
from trainer.actor import Actor
from trainer.db.engine import get_session_factory
from trainer.db.events import Event
from trainer.errors import DomainError
from trainer.sandbox import interconnection, lifecycle, portal, post
from trainer.sandbox.transitions import TRANSITIONS, Status

LATER = datetime(2026, 3, 20, 16, 30)
SERVICES = {  # action: (service, role, extra keyword arguments)
    "submit_online": (portal.submit_online, "citizen", {}),
    "receive_online": (lifecycle.receive_online, "desk_officer", {}),
    "receive_walk_in": (lifecycle.receive_walk_in, "desk_officer", {}),
    "request_supplement": (lifecycle.request_supplement, "desk_officer", {"missing": ["divorce_judgment"]}),
    "submit_supplement": (lifecycle.submit_supplement, "citizen", {}),
    "refuse": (lifecycle.refuse, "desk_officer", {"reason": "Không thuộc thẩm quyền"}),
    "forward_to_processing": (lifecycle.forward_to_processing, "desk_officer", {}),
    "transfer_to_linked_agency": (interconnection.transfer_to_linked_agency, "desk_officer", {}),
    "approve_step": (lifecycle.approve_step, "specialist", {}),
    "send_back_step": (lifecycle.send_back_step, "office_head", {"reason": "Thiếu căn cứ"}),
    "request_payment": (lifecycle.request_payment, "specialist", {"amount": 1000}),
    "confirm_payment": (lifecycle.confirm_payment, "desk_officer", {}),
    "sign": (lifecycle.sign, "leader", {}),
    "stop_processing": (lifecycle.stop_processing, "leader", {"reason": "Dừng"}),
    "request_withdrawal": (portal.request_withdrawal, "citizen", {}),
    "send_result_to_desk": (interconnection.send_result_to_desk, "leader", {}),
    "return_result": (lifecycle.return_result, "desk_officer", {}),
    "download_result": (portal.download_result, "citizen", {}),
    "recall": (lifecycle.recall, "leader", {"reason": "Sai"}),
    "rate": (portal.rate_satisfaction, "citizen", {"score": 4}),
    "issue_apology": (lifecycle.issue_apology, "specialist", {"new_appointment_at": LATER, "reason": "Chậm"}),
    "digitise_document": (lifecycle.digitise_document, "desk_officer", {"doc_id": "divorce_judgment"}),
    "hand_result_to_post": (post.hand_result_to_post, "desk_officer", {}),
    "collect_fee": (lifecycle.collect_fee, "desk_officer", {}),
}
STEP_OF = {"specialist": "specialist", "office_head": "office_head", "leader": "leader"}


def _call(service, session, sandbox_id, dossier_id, role, extra):
    if service.__module__.endswith(".portal"):
        return service(session, sandbox_id, dossier_id, now=NOW, actor=Actor.playing(role), **extra)
    return service(session, sandbox_id, dossier_id, actor=Actor.playing(role), now=NOW, **extra)


def test_the_forbidden_matrix_covers_every_action_with_a_service():
    service_free = {"pay_obligation", "pick_up", "hand_over_to_desk", "deliver_result"}  # tested with their flows
    assert {a for a, _, _ in TRANSITIONS} - service_free == set(SERVICES)


@pytest.mark.parametrize("action", sorted(SERVICES))
def test_a_service_called_in_a_wrong_status_or_by_a_wrong_role_raises_and_leaves_no_trace(sqlite_url, action):
    service, role, extra = SERVICES[action]
    factory = get_session_factory(sqlite_url)
    with factory.begin() as session:
        sandbox_id = new_sandbox(session, households=2)
        dossier_id = online_dossier(session, sandbox_id, MARITAL).id
    forbidden = [s for s in Status if (action, int(s), role) not in TRANSITIONS]
    assert forbidden
    for status in forbidden:
        with factory() as session:
            from trainer.sandbox.models import Dossier

            dossier = session.get(Dossier, dossier_id)
            dossier.status = status
            dossier.step = STEP_OF.get(role) if status == Status.IN_PROCESS else None
            dossier.supplement_from = Status.IN_PROCESS
            dossier.appointment_at = datetime(2026, 3, 5, 16, 30)
            session.flush()
            events_before = session.scalar(select(func.count()).select_from(Event))
            with pytest.raises(DomainError) as caught:
                _call(service, session, sandbox_id, dossier_id, role, extra)
            assert caught.value.key == "errors.sandbox.wrong_status", (action, status, caught.value.key)
            assert dossier.status == status
            assert session.scalar(select(func.count()).select_from(Event)) == events_before
            session.rollback()

    outsiders = [r for r in ("citizen", "desk_officer", "specialist", "office_head", "leader", "postal_worker")
                 if not any(a == action and r2 == r for a, _, r2 in TRANSITIONS)]
    if action == "confirm_payment":
        outsiders.remove("citizen")  # the citizen's call is pay_obligation, allowed from status 6
    for outsider in outsiders:  # a role outside the action is refused whatever the status
        with factory() as session:
            with pytest.raises(DomainError) as caught:
                _call(service, session, sandbox_id, dossier_id, outsider, extra)
            assert caught.value.key == "errors.sandbox.role_forbidden", (action, outsider, caught.value.key)
            session.rollback()
