"""The acting person on the sandbox's services: the practice role is checked, events name who acted."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.sandbox.helpers import (
    MARITAL,
    NOW,
    THREE,
    commune_code,
    first_citizen,
    new_sandbox,
    online_dossier,
)
from trainer.actor import Actor
from trainer.db.engine import get_session_factory
from trainer.db.events import Event
from trainer.errors import DomainError
from trainer.sandbox import lifecycle, portal
from trainer.sandbox.models import Dossier
from trainer.sandbox.sandboxes import create_sandbox
from trainer.sandbox.transitions import Status
from trainer.training.trainees import create_trainee


def _trainee(session, name: str = "Hà Thị Thu") -> int:
    return create_trainee(session, name=name, audience="official", unit_code=None, now=NOW).id


def _events(session, action: str) -> list[Event]:
    return list(session.scalars(select(Event).where(Event.action == action).order_by(Event.id)))


def test_an_event_names_the_practice_role_and_the_trainee_who_acted(db_url):
    with get_session_factory(db_url).begin() as s:
        sid = new_sandbox(s)  # the shared demo sandbox: nobody owns it
        me = Actor.trainee("desk_officer", _trainee(s))
        dossier = online_dossier(s, sid, MARITAL)
        lifecycle.receive_online(s, sid, dossier.id, actor=me, now=NOW)
        [received] = _events(s, "dossier.received")
        assert (received.actor, received.trainee_id) == ("desk_officer", me.trainee_id)
        [receipt] = _events(s, "dossier.receipt_issued")  # written by the same action, as the desk
        assert (receipt.actor, receipt.trainee_id) == ("desk_officer", me.trainee_id)
        [submitted] = _events(s, "dossier.submitted")  # the helper's citizen had no profile: the owner (none)
        assert (submitted.actor, submitted.trainee_id) == ("citizen", None)


def test_without_a_profile_the_event_falls_back_to_the_sandboxs_owner(db_url):
    with get_session_factory(db_url).begin() as s:
        owner = _trainee(s)
        sandbox = create_sandbox(s, owner_id=owner, unit_code=commune_code(), model=THREE, seed=3,
                                 now=NOW, clock=NOW, households=2)
        citizen = first_citizen(s, sandbox.id)
        portal.sign_in_vneid(s, sandbox.id, citizen, actor=Actor.playing("citizen"), now=NOW)
        [signed_in] = _events(s, "citizen.signed_in")
        assert (signed_in.actor, signed_in.trainee_id) == ("citizen", owner)
        other = Actor.trainee("citizen", _trainee(s, "Lường Văn Bốn"))  # a visitor with a profile of their own
        portal.sign_in_vneid(s, sandbox.id, citizen, actor=other, now=NOW)
        assert _events(s, "citizen.signed_in")[-1].trainee_id == other.trainee_id


@pytest.mark.parametrize("role", ["citizen", "specialist", "office_head", "leader", "postal_worker"])
def test_a_forbidden_actor_gets_the_vietnamese_error_and_nothing_changes(db_url, role):
    factory = get_session_factory(db_url)
    with factory.begin() as s:
        sid = new_sandbox(s)
        dossier_id = online_dossier(s, sid, MARITAL).id
    with factory() as s:
        before = s.scalar(select(func.count()).select_from(Event))
        with pytest.raises(DomainError) as caught:
            lifecycle.receive_online(s, sid, dossier_id, actor=Actor.trainee(role, None), now=NOW)
        s.rollback()
        assert caught.value.key == "errors.sandbox.role_forbidden"
        assert str(caught.value).startswith("Vai trò “") and "không được phép tiếp nhận hồ sơ" in str(caught.value)
        assert s.get(Dossier, dossier_id).status == Status.SUBMITTED
        assert s.scalar(select(func.count()).select_from(Event)) == before
