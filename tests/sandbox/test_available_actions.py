"""The buttons a role sees on a dossier come from one function, and that function is the transition table."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from trainer.actor import Actor
from trainer.sandbox.transitions import (
    DOCUMENT_ACTIONS,
    EDITABLE,
    ROLES,
    STEP_ACTIONS,
    STEPS,
    TRANSITIONS,
    Status,
    available_actions,
)

CASES = [(status, role, step) for status in Status for role in ROLES for step in (None, *STEPS)]


@pytest.mark.parametrize(("status", "role", "step"), CASES)
def test_for_every_status_role_and_step_the_buttons_are_the_tables_moves(status, role, step):
    table = {a for (a, s, r) in TRANSITIONS if s == status and r == role}
    if status == Status.IN_PROCESS and step != role:
        table -= STEP_ACTIONS  # only the role holding the internal step moves it on, back, to payment or signs
    table |= {a for a, roles in DOCUMENT_ACTIONS.items() if role in roles and status in EDITABLE}
    shown = available_actions(status, step, Actor.playing(role))
    assert set(shown) == table
    assert len(shown) == len(set(shown))
    assert shown == available_actions(status, step, role)  # an Actor or its practice role, the same


def test_a_refused_or_stopped_dossier_offers_nothing_to_anyone():
    for status in (Status.REFUSED, Status.STOPPED):
        assert all(available_actions(status, None, role) == () for role in ROLES)


def test_withdrawal_is_offered_to_the_citizen_from_received_to_payment_only():
    offered = [s for s in Status if "request_withdrawal" in available_actions(s, None, "citizen")]
    assert offered == [Status.RECEIVED, Status.IN_PROCESS, Status.SUPPLEMENT, Status.PAYMENT]


def _row(**kwargs):  # type: ignore[no-untyped-def]
    base = {"status": Status.DONE, "needs_transfer": False, "at_receiving_desk": True, "delivery": "desk"}
    return SimpleNamespace(**{**base, **kwargs})


def test_with_a_row_the_desk_forwards_or_transfers_as_the_dossier_is_decided_here_or_elsewhere():
    here = _row(status=Status.RECEIVED)
    elsewhere = _row(status=Status.RECEIVED, needs_transfer=True)
    assert "forward_to_processing" in available_actions(here, None, "desk_officer")
    assert "transfer_to_linked_agency" not in available_actions(here, None, "desk_officer")
    assert "transfer_to_linked_agency" in available_actions(elsewhere, None, "desk_officer")
    assert "forward_to_processing" not in available_actions(elsewhere, None, "desk_officer")


def test_with_a_row_a_result_is_returned_handed_to_the_post_or_downloaded_as_the_citizen_chose():
    assert available_actions(_row(), None, "desk_officer") == ("return_result",)
    assert available_actions(_row(delivery="post"), None, "desk_officer") == ("hand_result_to_post",)
    assert available_actions(_row(delivery="electronic"), None, "citizen") == ("download_result",)
    assert available_actions(_row(delivery="desk"), None, "citizen") == ()
    away = _row(at_receiving_desk=False)
    assert available_actions(away, None, "desk_officer") == ()
    assert available_actions(away, None, "leader") == ("send_result_to_desk", "recall")
    assert "send_result_to_desk" not in available_actions(_row(), None, "leader")


def test_with_a_row_a_returned_dossier_is_rated_once():
    assert available_actions(_row(status=Status.RETURNED, rated=False), None, "citizen") == ("rate",)
    assert available_actions(_row(status=Status.RETURNED, rated=True), None, "citizen") == ()


def test_the_services_refuse_a_step_action_off_step_as_the_buttons_hide_it(sqlite_url):
    from tests.sandbox.helpers import MARITAL, NOW, in_process, new_sandbox
    from trainer.db.engine import get_session_factory
    from trainer.errors import DomainError
    from trainer.sandbox import lifecycle

    calls = {"approve_step": lambda s, sid, did, who: lifecycle.approve_step(s, sid, did, actor=who, now=NOW),
             "send_back_step": lambda s, sid, did, who: lifecycle.send_back_step(s, sid, did, actor=who, now=NOW,
                                                                                  reason="Thiếu căn cứ"),
             "request_payment": lambda s, sid, did, who: lifecycle.request_payment(s, sid, did, actor=who, now=NOW,
                                                                                    amount=1000),
             "sign": lambda s, sid, did, who: lifecycle.sign(s, sid, did, actor=who, now=NOW)}
    assert set(calls) == STEP_ACTIONS
    factory = get_session_factory(sqlite_url)
    with factory.begin() as s:
        sid = new_sandbox(s, households=2)
        dossier_id = in_process(s, sid, MARITAL).id  # at the specialist's step
    for action, call in calls.items():
        for role in ROLES:
            if (action, int(Status.IN_PROCESS), role) not in TRANSITIONS or role == "specialist":
                continue
            assert action not in available_actions(Status.IN_PROCESS, "specialist", role)
            with factory() as s:
                with pytest.raises(DomainError) as caught:
                    call(s, sid, dossier_id, Actor.playing(role))
                assert caught.value.key == "errors.sandbox.not_your_step", (action, role)
                s.rollback()
