"""Two desk officers at once, on SQLite and PostgreSQL: one action wins, the other is refused and leaves nothing.

Each race runs `TRIALS` times with threads released together by a barrier (tests/races.py); the stale-read tests
after them replay the losing order exactly: a session reads the dossier, another acts and commits, then the
first acts on what it read.
"""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import func, select

from tests.races import TRIALS, race
from tests.sandbox.helpers import MARITAL, NOW, new_sandbox, online_dossier
from trainer.actor import Actor
from trainer.db.engine import get_session_factory
from trainer.db.events import Event
from trainer.sandbox import lifecycle
from trainer.sandbox.models import Dossier, Payment, SlipIssued
from trainer.sandbox.transitions import Status

DESK = "desk_officer"
LOSER_KEYS = {"errors.sandbox.dossier_changed", "errors.sandbox.wrong_status"}


@pytest.fixture
def desk(db_url):
    with get_session_factory(db_url).begin() as session:
        sandbox_id = new_sandbox(session, households=2)
    return db_url, sandbox_id


def _submitted(url: str, sandbox_id: int, code: str = MARITAL) -> int:
    with get_session_factory(url).begin() as session:
        return online_dossier(session, sandbox_id, code).id


def _tally(url: str, dossier_id: int) -> dict[str, object]:
    with get_session_factory(url)() as session:
        dossier = session.get(Dossier, dossier_id)
        actions = Counter(session.scalars(select(Event.action).where(
            Event.entity == "dossier", Event.entity_id == dossier.code)).all())
        slips = Counter(session.scalars(select(SlipIssued.form).where(SlipIssued.dossier_id == dossier_id)).all())
        payments = session.scalar(select(func.count()).select_from(Payment).where(Payment.dossier_id == dossier_id))
        return {"status": dossier.status, "events": actions, "slips": slips, "payments": payments}


def _receive(sandbox_id: int, dossier_id: int):
    return lambda s: lifecycle.receive_online(s, sandbox_id, dossier_id, actor=Actor.playing(DESK), now=NOW).status


def _refuse(sandbox_id: int, dossier_id: int):
    return lambda s: lifecycle.refuse(s, sandbox_id, dossier_id, actor=Actor.playing(DESK), now=NOW,
                                      reason="Hồ sơ không thuộc thẩm quyền").status


def test_two_desk_officers_receiving_one_dossier_at_once_give_one_receipt(desk):
    url, sandbox_id = desk
    bad = []
    for trial in range(TRIALS):
        dossier_id = _submitted(url, sandbox_id)
        outcome = race(url, _receive(sandbox_id, dossier_id), _receive(sandbox_id, dossier_id))
        tally = _tally(url, dossier_id)
        ok = (not outcome.crashed and outcome.results == [Status.RECEIVED] and len(outcome.refused) == 1
              and set(outcome.refused) <= LOSER_KEYS and tally["events"]["dossier.received"] == 1
              and tally["events"]["dossier.receipt_issued"] == 1 and tally["slips"] == Counter({"01": 1}))
        if not ok:
            bad.append((trial, outcome, tally))
    assert not bad, f"{len(bad)} of {TRIALS} trials went wrong; first: {bad[0]}"


def test_receiving_racing_refusing_ends_in_exactly_one_of_them(desk):
    url, sandbox_id = desk
    bad = []
    for trial in range(TRIALS):
        dossier_id = _submitted(url, sandbox_id)
        outcome = race(url, _receive(sandbox_id, dossier_id), _refuse(sandbox_id, dossier_id))
        tally = _tally(url, dossier_id)
        events = tally["events"]
        ok = (not outcome.crashed and len(outcome.results) == 1 and len(outcome.refused) == 1
              and set(outcome.refused) <= LOSER_KEYS
              and events["dossier.received"] + events["dossier.refused"] == 1
              and tally["status"] == outcome.results[0]
              and sum(tally["slips"].values()) == 1)
        if not ok:
            bad.append((trial, outcome, tally))
    assert not bad, f"{len(bad)} of {TRIALS} trials went wrong; first: {bad[0]}"


# --- the losing order replayed exactly, for every other state change of the same shape --------------------------
# Each case: (setup in one transaction -> (dossier id, action), event the action writes). The stale session reads
# the dossier (and its shipments) first; another session then does the action and commits; the stale one acts.

def _posted(s, sid):
    from tests.sandbox.helpers import first_citizen, upload_all
    from trainer.sandbox import portal

    dossier = portal.start_online_dossier(s, sid, citizen_id=first_citizen(s, sid), procedure_code=MARITAL,
                                         actor=Actor.playing("citizen"), now=NOW)
    upload_all(s, sid, dossier, ["marital_status_declaration"])
    portal.choose_delivery(s, sid, dossier.id, delivery="post", actor=Actor.playing("citizen"), now=NOW)
    return dossier


def case_pick_up(s, sid):
    from trainer.sandbox import post

    pickup = post.request_pickup(s, sid, _posted(s, sid).id, actor=Actor.playing("citizen"), now=NOW)
    return pickup.dossier_id, lambda t: post.pick_up(t, sid, pickup.id, checked_doc_ids=["marital_status_declaration"],
                                                      actor=Actor.playing("postal_worker"), now=NOW), "dossier.picked_up"


def case_hand_over_to_desk(s, sid):
    from trainer.sandbox import post

    pickup = post.request_pickup(s, sid, _posted(s, sid).id, actor=Actor.playing("citizen"), now=NOW)
    post.pick_up(s, sid, pickup.id, checked_doc_ids=["marital_status_declaration"], actor=Actor.playing("postal_worker"), now=NOW)
    return pickup.dossier_id, lambda t: post.hand_over_to_desk(t, sid, pickup.id, actor=Actor.playing("postal_worker"),
                                                                now=NOW), "dossier.handed_to_desk"


def _signed_by_post(s, sid):
    from tests.sandbox.helpers import signed
    from trainer.sandbox.models import Dossier as D

    dossier = signed(s, sid)
    s.get(D, dossier.id).delivery = "post"
    return dossier


def case_hand_result_to_post(s, sid):
    from trainer.sandbox import post

    dossier = _signed_by_post(s, sid)
    return dossier.id, lambda t: post.hand_result_to_post(t, sid, dossier.id, actor=Actor.playing(DESK), now=NOW), \
        "dossier.result_handed_to_post"


def case_deliver_result(s, sid):
    from trainer.sandbox import post

    dossier = _signed_by_post(s, sid)
    delivery = post.hand_result_to_post(s, sid, dossier.id, actor=Actor.playing(DESK), now=NOW)
    return dossier.id, lambda t: post.deliver_result(t, sid, delivery.id, actor=Actor.playing("postal_worker"), now=NOW), \
        "dossier.result_returned"


def case_confirm_payment(s, sid):
    from tests.sandbox.helpers import in_process

    dossier = in_process(s, sid)
    lifecycle.request_payment(s, sid, dossier.id, actor=Actor.playing("specialist"), now=NOW, amount=50_000)
    return dossier.id, lambda t: lifecycle.confirm_payment(t, sid, dossier.id, actor=Actor.playing(DESK), now=NOW), \
        "dossier.payment_confirmed"


def case_pay_online(s, sid):
    from tests.sandbox.helpers import first_citizen, upload_all
    from trainer.sandbox import portal, reference

    dossier = portal.start_online_dossier(s, sid, citizen_id=first_citizen(s, sid), procedure_code=MARITAL,
                                         actor=Actor.playing("citizen"), now=NOW)
    upload_all(s, sid, dossier, reference.mandatory_ids(MARITAL))
    return dossier.id, lambda t: portal.pay_online(t, sid, dossier.id, actor=Actor.playing("citizen"), now=NOW), \
        "dossier.fee_paid"


def case_request_supplement(s, sid):
    from tests.sandbox.helpers import online_dossier

    dossier = online_dossier(s, sid)
    return dossier.id, lambda t: lifecycle.request_supplement(t, sid, dossier.id, actor=Actor.playing(DESK), now=NOW,
                                                              missing=["divorce_judgment"]), \
        "dossier.supplement_requested"


def case_approve_step(s, sid):
    from tests.sandbox.helpers import in_process

    dossier = in_process(s, sid)
    return dossier.id, lambda t: lifecycle.approve_step(t, sid, dossier.id, actor=Actor.playing("specialist"), now=NOW), \
        "dossier.step_approved"


def case_issue_apology(s, sid):
    from datetime import datetime

    from tests.sandbox.helpers import in_process

    dossier = in_process(s, sid)
    return dossier.id, lambda t: lifecycle.issue_apology(t, sid, dossier.id, actor=Actor.playing(DESK), now=NOW,
                                                         new_appointment_at=datetime(2026, 4, 1, 9, 0),
                                                         reason="Cần xác minh thêm"), "dossier.apology_issued"


def case_submit_bundle(s, sid):
    from tests.sandbox.helpers import first_citizen, upload_all
    from trainer.sandbox import interconnection, portal, reference

    bundle = interconnection.start_bundle(s, sid, bundle_id="birth_bundle", citizen_id=first_citizen(s, sid), now=NOW,
                                          actor=Actor.playing("citizen"), subject={"child_name": "Ma Thị Lan"})
    parts = interconnection.bundle_parts(s, bundle)
    for part in parts:
        upload_all(s, sid, part, reference.mandatory_ids(part.procedure_code))
        if part.fee_amount:
            portal.pay_online(s, sid, part.id, actor=Actor.playing("citizen"), now=NOW)
    return parts[0].id, lambda t: interconnection.submit_bundle(t, sid, bundle.id, actor=Actor.playing("citizen"),
                                                                now=NOW), "dossier.submitted"


STALE_CASES = [case_pick_up, case_hand_over_to_desk, case_hand_result_to_post, case_deliver_result,
               case_confirm_payment, case_pay_online, case_request_supplement, case_approve_step, case_issue_apology,
               case_submit_bundle]


ALSO_REFUSED_BY = {case_hand_result_to_post: ("errors.sandbox.result_with_post",)}  # its check reads the shipments


@pytest.mark.parametrize("case", STALE_CASES, ids=lambda c: c.__name__.removeprefix("case_"))
def test_an_action_on_a_dossier_read_before_another_changed_it_is_refused_and_leaves_nothing(desk, case):
    from trainer.errors import DomainError
    from trainer.sandbox.models import Shipment

    url, sandbox_id = desk
    factory = get_session_factory(url)
    with factory.begin() as session:
        dossier_id, action, event = case(session, sandbox_id)
    with factory() as stale:
        read = [stale.get(Dossier, dossier_id),  # what the second party read before the first acted (kept:
                *stale.scalars(select(Shipment).where(Shipment.dossier_id == dossier_id))]  # the map is weak)
        with factory.begin() as first:
            action(first)
        with pytest.raises(DomainError) as caught:
            action(stale)
        stale.rollback()
    assert read and caught.value.key in {"errors.sandbox.dossier_changed", *ALSO_REFUSED_BY.get(case, ())}
    with factory() as session:
        code = session.get(Dossier, dossier_id).code
        written = session.scalar(select(func.count()).select_from(Event).where(
            Event.action == event, Event.entity_id.in_([code, f"draft-{dossier_id}"])))
    assert written == 1


def test_two_clock_moves_at_once_both_count_and_their_events_chain(desk):
    from trainer.sandbox.models import Sandbox
    from trainer.sandbox.sandboxes import advance_clock

    url, sandbox_id = desk
    factory = get_session_factory(url)
    with factory() as stale:
        start = stale.get(Sandbox, sandbox_id)  # read before the other move (kept: the identity map is weak)
        with factory.begin() as first:
            advance_clock(first, sandbox_id, working_days=2)
        advance_clock(stale, sandbox_id, working_days=2)
        stale.commit()
        assert start.clock.date().isoformat() == "2026-03-06"  # Monday + 4 working days, not + 2
    with factory() as session:
        moves = session.scalars(select(Event).where(Event.action == "sandbox.clock_advanced").order_by(Event.id)).all()
        assert [(m.data["from"][:10], m.data["to"][:10]) for m in moves] == [
            ("2026-03-02", "2026-03-04"), ("2026-03-04", "2026-03-06")]


def test_two_resets_at_once_leave_the_sandbox_in_its_start_state(desk):
    from trainer.sandbox.models import Citizen
    from trainer.sandbox.sandboxes import reset_sandbox

    url, sandbox_id = desk
    with get_session_factory(url)() as session:
        people = sorted(session.scalars(select(Citizen.national_id).where(Citizen.sandbox_id == sandbox_id)).all())
    for _ in range(3):  # a reset rebuilds the households: slower than the desk races, so fewer trials
        _submitted(url, sandbox_id)
        outcome = race(url, lambda s: reset_sandbox(s, sandbox_id, NOW).id, lambda s: reset_sandbox(s, sandbox_id, NOW).id)
        assert not outcome.crashed and outcome.results == [sandbox_id, sandbox_id]
        with get_session_factory(url)() as session:
            again = sorted(session.scalars(select(Citizen.national_id).where(Citizen.sandbox_id == sandbox_id)).all())
            assert again == people
            assert session.scalar(select(func.count()).select_from(Dossier).where(Dossier.sandbox_id == sandbox_id)) == 0


def _demo(session):
    from tests.sandbox.helpers import THREE, commune_code
    from trainer.sandbox.sandboxes import practice_sandbox

    return practice_sandbox(session, owner_id=None, unit_code=commune_code(THREE), model=THREE, seed=7, now=NOW).id


def test_fifty_sessions_asking_for_the_shared_demo_sandbox_at_once_get_the_same_one(db_url):
    from trainer.sandbox.models import Sandbox

    outcome = race(db_url, *([_demo] * 50))
    assert not outcome.crashed and not outcome.refused
    assert len(set(outcome.results)) == 1, f"{len(set(outcome.results))} demo sandboxes made"
    with get_session_factory(db_url)() as session:
        demo = session.scalars(select(Sandbox.id).where(Sandbox.practice_key == "demo")).all()
    assert len(demo) == 1 and outcome.results == demo * 50


def test_a_scenario_sandbox_without_an_owner_is_never_taken_for_the_demo_one(desk):
    url, scenario_sandbox = desk  # made by new_sandbox without an owner, as a scenario run's or a tool's
    with get_session_factory(url).begin() as session:
        demo = _demo(session)
    with get_session_factory(url).begin() as session:
        assert _demo(session) == demo != scenario_sandbox
