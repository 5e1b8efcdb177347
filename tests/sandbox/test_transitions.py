"""The status table copies DOMAIN.md §2: every move is a national edge, and errors say whether role or state forbids."""

from __future__ import annotations

import itertools

import pytest

from trainer.errors import DomainError
from trainer.i18n import t
from trainer.sandbox.terms import action_term, status_term
from trainer.sandbox.transitions import (
    ACTIONS,
    RETURN_TO_ORIGIN,
    ROLES,
    TRANSITIONS,
    UNCHANGED,
    Status,
    is_allowed,
    target,
)

S = Status
# DOMAIN.md §2, column "from → to", plus the sandbox's draft (0) before submission or walk-in reception.
NATIONAL_EDGES = {
    (1, 2), (1, 3), (1, 5), (2, 4), (4, 5), (4, 6), (4, 8), (4, 9), (5, 4), (5, 2), (6, 4), (7, 8), (9, 10), (9, 4),
    (2, 7), (4, 7), (5, 7), (6, 7),
    (0, 1), (0, 2), (0, 3), (0, 5),
}
FINAL = (S.REFUSED, S.STOPPED)
STATUSES = list(Status)


@pytest.mark.parametrize(("key", "to"), sorted(TRANSITIONS.items()))
def test_every_status_change_in_the_table_is_an_edge_of_the_national_list(key, to):
    action, source, role = key
    assert role in ROLES
    if to in (UNCHANGED,):
        return
    if to == RETURN_TO_ORIGIN:
        assert action == "submit_supplement" and source == S.SUPPLEMENT
        return
    if to != source:
        assert (source, to) in NATIONAL_EDGES, f"{action} by {role}: {source} → {to} is not in DOMAIN.md §2"


def test_refused_and_stopped_dossiers_accept_no_action_at_all():
    for action, role, status in itertools.product(ACTIONS, ROLES, FINAL):
        assert not is_allowed(action, status, role)


def test_a_returned_dossier_can_only_be_rated_by_its_citizen():
    allowed = {(a, r) for a, r in itertools.product(ACTIONS, ROLES) if is_allowed(a, S.RETURNED, r)}
    assert allowed == {("rate", "citizen")}


@pytest.mark.parametrize(("action", "roles"), [
    ("receive_online", {"desk_officer"}), ("receive_walk_in", {"desk_officer"}), ("refuse", {"desk_officer"}),
    ("forward_to_processing", {"desk_officer"}), ("return_result", {"desk_officer"}), ("sign", {"leader"}),
    ("submit_online", {"citizen"}), ("request_withdrawal", {"citizen"}), ("rate", {"citizen"}),
    ("deliver_result", {"postal_worker"}), ("pick_up", {"postal_worker"}),
    ("request_supplement", {"desk_officer", "specialist"}), ("request_payment", {"specialist"}),
])
def test_only_the_roles_of_the_one_stop_process_may_do_each_action(action, roles):
    assert {r for r in ROLES if any(is_allowed(action, s, r) for s in STATUSES)} == roles


def test_the_desk_asks_for_a_supplement_before_reception_and_the_specialist_during_processing():
    assert is_allowed("request_supplement", S.SUBMITTED, "desk_officer")
    assert not is_allowed("request_supplement", S.IN_PROCESS, "desk_officer")
    assert is_allowed("request_supplement", S.IN_PROCESS, "specialist")
    assert not is_allowed("request_supplement", S.RECEIVED, "specialist")


def test_withdrawal_is_open_from_received_to_payment_only():
    open_states = {s for s in STATUSES if is_allowed("request_withdrawal", s, "citizen")}
    assert open_states == {S.RECEIVED, S.IN_PROCESS, S.SUPPLEMENT, S.PAYMENT}


@pytest.mark.parametrize("action", ACTIONS)
def test_the_full_role_by_status_matrix_either_moves_or_names_the_reason(action):
    for status, role in itertools.product(STATUSES, ROLES):
        if is_allowed(action, status, role):
            assert target(action, status, role) == TRANSITIONS[(action, int(status), role)]
            continue
        with pytest.raises(DomainError) as caught:
            target(action, status, role)
        role_can_ever = any(is_allowed(action, s, role) for s in STATUSES)
        expected = "errors.sandbox.wrong_status" if role_can_ever else "errors.sandbox.role_forbidden"
        assert caught.value.key == expected, (action, status, role)


def test_the_refusal_of_a_received_dossier_reads_as_clear_vietnamese():
    with pytest.raises(DomainError) as caught:
        target("refuse", S.RECEIVED, "desk_officer")
    assert str(caught.value) == "Hồ sơ đang ở trạng thái “Được tiếp nhận”, không thể từ chối tiếp nhận."
    english = t(caught.value.key, "en", **caught.value.params)
    assert english == "The dossier is “Received”: you cannot refuse it."


def test_a_citizen_signing_is_told_the_role_may_not_sign():
    with pytest.raises(DomainError) as caught:
        target("sign", S.IN_PROCESS, "citizen")
    assert str(caught.value) == "Vai trò “Công dân” không được phép ký duyệt."


def test_every_status_and_action_has_a_name_in_both_languages():
    for lang in ("vi", "en"):
        for status in STATUSES:
            assert format(status_term(status), lang) != f"sandbox.status.s{int(status)}"
        for action in ACTIONS:
            assert format(action_term(action), lang) != f"sandbox.verb.{action}"
            assert t(f"sandbox.action.{action}", lang) != f"sandbox.action.{action}"
