"""The acting person: a small frozen value of primitives that pickles (Streamlit session state) and checks roles."""

from __future__ import annotations

import pickle
from dataclasses import FrozenInstanceError

import pytest

from trainer.actor import ACCOUNT_ROLES, PRACTICE_ROLES, Actor
from trainer.sandbox.transitions import ROLES


def test_an_actor_survives_pickling_unchanged():
    actor = Actor(practice_role="leader", trainee_id=7, account_id=3, account_role="trainer",
                  unit_codes=["01234", "05678"], name="Nông Thị Hoa")
    again = pickle.loads(pickle.dumps(actor))
    assert again == actor and again.unit_codes == ("01234", "05678")
    assert again.is_account and again.is_trainee


def test_an_actor_cannot_be_changed_only_replaced():
    actor = Actor.playing("desk_officer")
    with pytest.raises(FrozenInstanceError):
        actor.practice_role = "leader"  # type: ignore[misc]
    assert actor.as_role("leader") == Actor.playing("leader")
    assert actor.practice_role == "desk_officer"


def test_a_trainee_is_a_participant_without_an_account():
    actor = Actor.trainee("citizen", 12, name="Lò Văn Minh", unit_code="01234")
    assert (actor.is_trainee, actor.is_account, actor.unit_codes) == (True, False, ("01234",))
    assert not Actor.trainee("citizen", None).is_trainee
    assert not Actor.playing("citizen").is_trainee


def test_the_practice_roles_are_the_sandbox_roles_and_apart_from_the_account_roles():
    assert PRACTICE_ROLES == ROLES
    assert ACCOUNT_ROLES == ("administrator", "trainer", "leader")


@pytest.mark.parametrize("kwargs", [
    {"practice_role": "thu_ky"},
    {"practice_role": "citizen", "account_id": 1, "account_role": "director"},
    {"practice_role": "citizen", "account_id": 1},
    {"practice_role": "citizen", "account_role": "trainer"},
])
def test_an_unknown_role_or_half_an_account_is_a_programming_error(kwargs):
    with pytest.raises(ValueError):
        Actor(**kwargs)
