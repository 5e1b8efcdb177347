"""BCCI public post (pickup, hand-over, delivery) and interconnection (transfers between levels, bundles)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from tests.sandbox.helpers import (
    BIRTH,
    LAND_CHANGE,
    MARITAL,
    NOW,
    THREE,
    TWO,
    first_citizen,
    new_sandbox,
    received_dossier,
    signed,
    upload_all,
)
from trainer.actor import Actor
from trainer.db.engine import get_session_factory
from trainer.errors import DomainError
from trainer.sandbox import interconnection, lifecycle, portal, post, reference
from trainer.sandbox.models import HandOver, Payment
from trainer.sandbox.transitions import Status

DESK, POSTAL = "desk_officer", "postal_worker"
S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)


def s10_valid(number: str) -> bool:
    """UPU S10 check: 2 letters, 8 digits, check digit, country code."""
    if len(number) != 13 or not number[:2].isalpha() or not number[2:11].isdigit() or number[11:] != "VN":
        return False
    check = 11 - sum(int(d) * w for d, w in zip(number[2:10], S10_WEIGHTS, strict=True)) % 11
    return int(number[10]) == {10: 0, 11: 5}.get(check, check)


@given(st.integers(0, 10**6), st.integers(1, 10**6))
def test_tracking_numbers_are_well_formed_s10_codes(seed, serial):
    assert s10_valid(post.tracking_number(seed, serial))


def test_the_post_collects_a_dossier_hands_it_to_the_desk_and_delivers_the_result(db_url):
    factory = get_session_factory(db_url)
    with factory.begin() as s:
        sid = new_sandbox(s)
        dossier = portal.start_online_dossier(s, sid, citizen_id=first_citizen(s, sid), procedure_code=MARITAL,
                                              actor=Actor.playing("citizen"), now=NOW)
        upload_all(s, sid, dossier, ["marital_status_declaration"])
        portal.choose_delivery(s, sid, dossier.id, delivery="post", actor=Actor.playing("citizen"), now=NOW)
        pickup = post.request_pickup(s, sid, dossier.id, actor=Actor.playing("citizen"), now=NOW)
        with pytest.raises(DomainError) as caught:
            post.pick_up(s, sid, pickup.id, checked_doc_ids=[], actor=Actor.playing(POSTAL), now=NOW)
        assert caught.value.key == "errors.sandbox.pickup_incomplete"
        with pytest.raises(DomainError) as caught:
            post.pick_up(s, sid, pickup.id, checked_doc_ids=["marital_status_declaration", "passport_copy"],
                         actor=Actor.playing(POSTAL), now=NOW)
        assert caught.value.key == "errors.sandbox.not_on_published_list"
        post.pick_up(s, sid, pickup.id, checked_doc_ids=["marital_status_declaration"],
                     actor=Actor.playing(POSTAL), now=NOW)
        assert dossier.status == Status.SUBMITTED and dossier.code and pickup.sealed and s10_valid(pickup.tracking_no)
        paid = s.scalars(select(Payment.kind).where(Payment.dossier_id == dossier.id, Payment.method == "post")).all()
        assert sorted(paid) == ["fee", "postage"]
        with pytest.raises(DomainError) as caught:
            lifecycle.receive_online(s, sid, dossier.id, actor=Actor.playing(DESK), now=NOW)
        assert caught.value.key == "errors.sandbox.not_handed_over"
        post.hand_over_to_desk(s, sid, pickup.id, actor=Actor.playing(POSTAL), now=NOW)
        lifecycle.receive_online(s, sid, dossier.id, actor=Actor.playing(DESK), now=NOW)
        lifecycle.forward_to_processing(s, sid, dossier.id, actor=Actor.playing(DESK), now=NOW)
        for role in ("specialist", "office_head"):
            lifecycle.approve_step(s, sid, dossier.id, actor=Actor.playing(role), now=NOW)
        lifecycle.sign(s, sid, dossier.id, actor=Actor.playing("leader"), now=NOW)
        delivery = post.hand_result_to_post(s, sid, dossier.id, actor=Actor.playing(DESK), now=NOW)
        with pytest.raises(DomainError) as caught:
            lifecycle.return_result(s, sid, dossier.id, actor=Actor.playing(DESK), now=NOW)
        assert caught.value.key == "errors.sandbox.result_with_post"
        post.deliver_result(s, sid, delivery.id, actor=Actor.playing(POSTAL), now=NOW)
        assert dossier.status == Status.RETURNED and delivery.status == "delivered"
        assert [x.id for x in post.shipments(s, sid, status="delivered")] == [delivery.id]
        chain = s.scalars(select(HandOver).where(HandOver.dossier_id == dossier.id).order_by(HandOver.id)).all()
        assert (chain[0].from_role, chain[0].to_role) == ("citizen", POSTAL)
        assert (chain[1].from_role, chain[1].to_role) == (POSTAL, DESK)
        assert (chain[-1].from_role, chain[-1].to_role) == (POSTAL, "citizen")


def test_the_desk_only_hands_results_to_the_post_when_the_citizen_asked_for_it(db_url):
    with get_session_factory(db_url).begin() as s:
        sid = new_sandbox(s)
        dossier = signed(s, sid)
        with pytest.raises(DomainError) as caught:
            post.hand_result_to_post(s, sid, dossier.id, actor=Actor.playing(DESK), now=NOW)
        assert caught.value.key == "errors.sandbox.delivery_not_post"


def test_a_district_decided_dossier_is_transferred_and_its_result_comes_back_to_the_commune_desk(db_url):
    with get_session_factory(db_url).begin() as s:
        sid = new_sandbox(s, model=THREE)
        dossier = received_dossier(s, sid, LAND_CHANGE)
        assert reference.needs_transfer(dossier)
        with pytest.raises(DomainError) as caught:
            lifecycle.forward_to_processing(s, sid, dossier.id, actor=Actor.playing(DESK), now=NOW)
        assert caught.value.key == "errors.sandbox.needs_transfer"
        interconnection.transfer_to_linked_agency(s, sid, dossier.id, actor=Actor.playing(DESK), now=NOW)
        assert dossier.current_agency_id == dossier.deciding_agency_id != dossier.receiving_agency_id
        for role in ("specialist", "office_head"):
            lifecycle.approve_step(s, sid, dossier.id, actor=Actor.playing(role), now=NOW)
        lifecycle.sign(s, sid, dossier.id, actor=Actor.playing("leader"), now=NOW)
        with pytest.raises(DomainError) as caught:
            lifecycle.return_result(s, sid, dossier.id, actor=Actor.playing(DESK), now=NOW)
        assert caught.value.key == "errors.sandbox.result_not_at_desk"
        interconnection.send_result_to_desk(s, sid, dossier.id, actor=Actor.playing("leader"), now=NOW)
        lifecycle.return_result(s, sid, dossier.id, actor=Actor.playing(DESK), now=NOW)
        assert dossier.status == Status.RETURNED
        agencies = s.scalars(select(HandOver.to_agency_id).where(HandOver.dossier_id == dossier.id)
                             .order_by(HandOver.id)).all()
        assert agencies[0] == dossier.deciding_agency_id and agencies[-1] == dossier.receiving_agency_id


def test_a_commune_decided_procedure_needs_no_transfer(db_url):
    with get_session_factory(db_url).begin() as s:
        sid = new_sandbox(s, model=TWO)
        dossier = received_dossier(s, sid, MARITAL)
        with pytest.raises(DomainError) as caught:
            interconnection.transfer_to_linked_agency(s, sid, dossier.id, actor=Actor.playing(DESK), now=NOW)
        assert caught.value.key == "errors.sandbox.no_transfer_needed"


@pytest.mark.parametrize("model", [THREE, TWO])
def test_the_birth_bundle_has_three_parts_with_their_own_agencies_and_is_done_when_all_are(db_url, model):
    with get_session_factory(db_url).begin() as s:
        sid = new_sandbox(s, model=model)
        bundle = interconnection.start_bundle(s, sid, bundle_id="birth_bundle", citizen_id=first_citizen(s, sid),
                                              actor=Actor.playing("citizen"), now=NOW, subject={"child_name": "Ma Thị Lan"})
        parts = interconnection.bundle_parts(s, bundle)
        assert [p.procedure_code for p in parts] == [BIRTH, "1.004222", "SB.0012"]
        assert len({p.deciding_agency_id for p in parts}) == 3
        assert all(p.form_data["child_name"] == "Ma Thị Lan" for p in parts)
        for part in parts:
            upload_all(s, sid, part, reference.mandatory_ids(part.procedure_code))
            if part.fee_amount:
                portal.pay_online(s, sid, part.id, actor=Actor.playing("citizen"), now=NOW)
        submitted = interconnection.submit_bundle(s, sid, bundle.id, actor=Actor.playing("citizen"), now=NOW)
        assert len({p.code for p in submitted}) == 3
        view = interconnection.bundle_view(s, sid, bundle.id, NOW)
        assert [p.status for p in view.parts] == [Status.SUBMITTED] * 3 and not view.done
        for part in parts:
            lifecycle.receive_online(s, sid, part.id, actor=Actor.playing(DESK), now=NOW)
            if reference.needs_transfer(part):
                interconnection.transfer_to_linked_agency(s, sid, part.id, actor=Actor.playing(DESK), now=NOW)
            else:
                lifecycle.forward_to_processing(s, sid, part.id, actor=Actor.playing(DESK), now=NOW)
            for role in ("specialist", "office_head"):
                lifecycle.approve_step(s, sid, part.id, actor=Actor.playing(role), now=NOW)
            assert not interconnection.bundle_view(s, sid, bundle.id, NOW).done
            lifecycle.sign(s, sid, part.id, actor=Actor.playing("leader"), now=NOW)
        view = interconnection.bundle_view(s, sid, bundle.id, NOW)
        assert view.done and not view.stopped
        assert view.due_at is not None and view.due_at.date().isoformat() == "2026-03-05"  # 3 working days


def test_a_death_bundle_can_be_opened_at_the_desk_but_not_by_a_citizen_walking_in(db_url):
    with get_session_factory(db_url).begin() as s:
        sid = new_sandbox(s)
        with pytest.raises(DomainError):
            interconnection.start_bundle(s, sid, bundle_id="death_bundle", citizen_id=first_citizen(s, sid), now=NOW,
                                         actor=Actor.playing("citizen"), channel="walk_in")
        bundle = interconnection.start_bundle(s, sid, bundle_id="death_bundle", citizen_id=first_citizen(s, sid),
                                              now=NOW, actor=Actor.playing(DESK), channel="walk_in")
        assert [p.channel for p in interconnection.bundle_parts(s, bundle)] == ["walk_in"] * 3
        with pytest.raises(DomainError):
            interconnection.start_bundle(s, sid, bundle_id="no_such_bundle", citizen_id=first_citizen(s, sid),
                                         actor=Actor.playing("citizen"), now=NOW)
