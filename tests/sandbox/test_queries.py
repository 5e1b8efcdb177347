"""The read side on both databases: run the services first, then assert what the pages would list.

Each test drives dossiers with the same services the pages call and then reads one query, as cosmicpython's
`tests/integration/test_views.py` does. The rows are plain frozen values, scoped by sandbox (and citizen).
"""

from __future__ import annotations

from dataclasses import FrozenInstanceError, fields
from datetime import datetime, timedelta

import pytest

from tests.sandbox.helpers import (
    BIRTH,
    LAND_CHANGE,
    MARITAL,
    NOW,
    THREE,
    first_citizen,
    in_process,
    new_sandbox,
    online_dossier,
    received_dossier,
    signed,
)
from trainer.actor import Actor
from trainer.db.base import Base
from trainer.db.engine import get_session_factory
from trainer.errors import NotFound
from trainer.sandbox import interconnection, lifecycle, portal, post, queries
from trainer.sandbox.sandboxes import citizens
from trainer.sandbox.transitions import Status

DESK, SPEC, HEAD, LEAD, POSTAL, CITIZEN = (Actor.playing(r) for r in (
    "desk_officer", "specialist", "office_head", "leader", "postal_worker", "citizen"))
LATER = datetime(2026, 3, 4, 9, 0)  # two working days after NOW: past the 8 working hours of reception


def ids(rows) -> list[int]:  # type: ignore[no-untyped-def]
    return [r.id for r in rows]


@pytest.fixture
def factory(db_url):  # type: ignore[no-untyped-def]
    return get_session_factory(db_url)


def test_the_desk_lists_each_dossier_under_the_tab_that_acts_on_it(factory):
    with factory.begin() as s:
        sid = new_sandbox(s)
        inbox = online_dossier(s, sid, MARITAL)
        asked = online_dossier(s, sid, MARITAL)
        lifecycle.request_supplement(s, sid, asked.id, actor=DESK, now=NOW, missing=["divorce_judgment"])
        walk_in = lifecycle.start_walk_in(s, sid, citizen_id=first_citizen(s, sid), procedure_code=BIRTH, actor=DESK,
                                          now=NOW)
        received = received_dossier(s, sid, MARITAL)
        ready = signed(s, sid, MARITAL)
        in_processing = in_process(s, sid, MARITAL)
        other = new_sandbox(s, seed=12)
        online_dossier(s, other, MARITAL)  # another sandbox's dossier is never listed
    with factory() as s:
        lists = queries.desk_lists(s, sid, NOW, "vi")
        assert ids(lists.inbox) == [inbox.id]
        assert ids(lists.waiting) == [asked.id]
        assert ids(lists.walk_in_drafts) == [walk_in.id]
        assert ids(lists.received) == [received.id]
        assert ids(lists.ready_to_return) == [ready.id]
        assert lists.overdue == ()
        listed = {r.id for tab in (lists.inbox, lists.waiting, lists.walk_in_drafts, lists.received,
                                   lists.ready_to_return) for r in tab}
        assert in_processing.id not in listed
        row = lists.inbox[0]
        assert row.procedure_name == "Cấp Giấy xác nhận tình trạng hôn nhân" and row.hours_left == pytest.approx(8.0)
        assert ids(queries.desk_lists(s, sid, LATER, "vi").overdue) == [inbox.id]  # past the 8 working hours


def test_processing_lists_the_dossiers_at_the_actors_step_and_the_payments_it_confirms(factory):
    with factory.begin() as s:
        sid = new_sandbox(s)
        at_specialist = in_process(s, sid, MARITAL)
        at_head = in_process(s, sid, MARITAL)
        lifecycle.approve_step(s, sid, at_head.id, actor=SPEC, now=NOW)
        paying = in_process(s, sid, MARITAL)
        lifecycle.request_payment(s, sid, paying.id, actor=SPEC, now=NOW, amount=50_000)
        asked = in_process(s, sid, MARITAL)
        lifecycle.request_supplement(s, sid, asked.id, actor=SPEC, now=NOW, missing=["divorce_judgment"])
        leaving = received_dossier(s, sid, MARITAL)
        portal.request_withdrawal(s, sid, leaving.id, actor=CITIZEN, now=NOW, reason="Không cần nữa")
    with factory() as s:
        specialist = queries.processing_lists(s, sid, SPEC, NOW, "vi")
        assert ids(specialist.mine) == [at_specialist.id, paying.id]
        assert ids(specialist.waiting) == [asked.id]
        assert ids(specialist.withdrawing) == [leaving.id]
        assert specialist.late == () and specialist.signed_elsewhere == ()
        assert ids(queries.processing_lists(s, sid, HEAD, NOW, "vi").mine) == [at_head.id]
        assert queries.processing_lists(s, sid, LEAD, NOW, "vi").mine == ()
        assert queries.processing_lists(s, sid, DESK, NOW, "vi") == queries.ProcessingLists((), (), (), (), ())
        weeks_later = queries.processing_lists(s, sid, SPEC, NOW + timedelta(days=30), "vi")
        assert ids(weeks_later.late) == [at_specialist.id, paying.id]  # a supplement asked pauses the clock


def test_a_result_signed_at_the_district_is_listed_for_processing_until_it_is_back_at_the_commune_desk(factory):
    with factory.begin() as s:
        sid = new_sandbox(s, model=THREE)
        dossier = received_dossier(s, sid, LAND_CHANGE)
        assert queries.desk_lists(s, sid, NOW, "vi").received[0].needs_transfer
        interconnection.transfer_to_linked_agency(s, sid, dossier.id, actor=DESK, now=NOW)
        for actor in (SPEC, HEAD):
            lifecycle.approve_step(s, sid, dossier.id, actor=actor, now=NOW)
        lifecycle.sign(s, sid, dossier.id, actor=LEAD, now=NOW)
        assert ids(queries.processing_lists(s, sid, LEAD, NOW, "vi").signed_elsewhere) == [dossier.id]
        assert queries.desk_lists(s, sid, NOW, "vi").ready_to_return == ()
        interconnection.send_result_to_desk(s, sid, dossier.id, actor=LEAD, now=NOW)
        assert queries.processing_lists(s, sid, LEAD, NOW, "vi").signed_elsewhere == ()
        assert ids(queries.desk_lists(s, sid, NOW, "vi").ready_to_return) == [dossier.id]


def test_the_post_lists_follow_an_item_from_pickup_to_delivery(factory):
    with factory.begin() as s:
        sid = new_sandbox(s)
        draft = portal.start_online_dossier(s, sid, citizen_id=first_citizen(s, sid), procedure_code=MARITAL,
                                            actor=CITIZEN, now=NOW)
        pickup = post.request_pickup(s, sid, draft.id, actor=CITIZEN, now=NOW)

        def where() -> dict[str, list[int]]:
            lists = queries.post_lists(s, sid, NOW, "vi")
            return {name.name: ids(getattr(lists, name.name)) for name in fields(lists)}

        assert where() == {"to_collect": [pickup.id], "to_hand_over": [], "handed_over": [], "to_deliver": [],
                           "delivered": []}
        post.pick_up(s, sid, pickup.id, checked_doc_ids=["marital_status_declaration"], actor=Actor.playing(
            "postal_worker"), now=NOW)
        assert where()["to_hand_over"] == [pickup.id]
        post.hand_over_to_desk(s, sid, pickup.id, actor=POSTAL, now=NOW)
        assert where()["handed_over"] == [pickup.id]
        result = in_process(s, sid, MARITAL)
        portal.choose_delivery(s, sid, result.id, delivery="post", actor=CITIZEN, now=NOW)
        for actor in (SPEC, HEAD):
            lifecycle.approve_step(s, sid, result.id, actor=actor, now=NOW)
        lifecycle.sign(s, sid, result.id, actor=LEAD, now=NOW)
        delivery = post.hand_result_to_post(s, sid, result.id, actor=DESK, now=NOW)
        assert where()["to_deliver"] == [delivery.id]
        post.deliver_result(s, sid, delivery.id, actor=POSTAL, now=NOW)
        lists = queries.post_lists(s, sid, NOW, "vi")
        assert ids(lists.delivered) == [delivery.id] and lists.to_deliver == ()
        assert lists.delivered[0].dossier.code == result.code and lists.delivered[0].at == NOW


def test_my_dossiers_lists_only_the_signed_in_citizens_own_newest_first_with_rating_and_late_flags(factory):
    with factory.begin() as s:
        sid = new_sandbox(s)
        me, neighbour = (c.id for c in citizens(s, sid)[:2])
        first = received_dossier(s, sid, MARITAL)  # the helpers' citizen is the first one: me
        returned = signed(s, sid, MARITAL)
        lifecycle.return_result(s, sid, returned.id, actor=DESK, now=NOW)
        theirs = online_dossier(s, sid, MARITAL, citizen_id=neighbour)
    with factory.begin() as s:
        mine = queries.citizen_dossiers(s, sid, me, NOW, "vi")
        assert ids(mine) == [returned.id, first.id]
        assert theirs.id not in ids(mine) and ids(queries.citizen_dossiers(s, sid, neighbour, NOW, "vi")) == [theirs.id]
        assert not mine[0].rated and mine[0].status == Status.RETURNED
        portal.rate_satisfaction(s, sid, returned.id, score=5, actor=CITIZEN, now=NOW, citizen_id=me)
    with factory() as s:
        assert queries.citizen_dossiers(s, sid, me, NOW, "vi")[0].rated
        assert [r.late for r in queries.citizen_dossiers(s, sid, me, NOW + timedelta(days=40), "vi")] == [False, True]


def test_tracking_by_code_shows_the_timeline_within_its_sandbox_only(factory):
    with factory.begin() as s:
        sid = new_sandbox(s)
        dossier = received_dossier(s, sid, MARITAL)
        other = new_sandbox(s, seed=12)
    with factory() as s:
        view = queries.tracking(s, sid, dossier.code, NOW)
        assert (view.code, view.status, view.late) == (dossier.code, Status.RECEIVED, False)
        assert [e.action for e in view.timeline][-2:] == ["dossier.received", "dossier.receipt_issued"]
        assert view.timeline[0].action == "dossier.drafted" and view.timeline[0].actor == "citizen"
        with pytest.raises(NotFound):
            queries.tracking(s, other, dossier.code, NOW)


def test_an_open_draft_is_found_until_it_is_submitted_and_only_for_its_citizen(factory):
    with factory.begin() as s:
        sid = new_sandbox(s)
        me, neighbour = (c.id for c in citizens(s, sid)[:2])
        draft = portal.start_online_dossier(s, sid, citizen_id=me, procedure_code=MARITAL, actor=CITIZEN, now=NOW)
        row = queries.open_draft(s, sid, draft.id, me)
        assert row is not None and row.attached == () and row.form_data["national_id"]
        assert queries.open_draft(s, sid, draft.id, neighbour) is None
        assert queries.open_draft(s, new_sandbox(s, seed=12), draft.id) is None
        online = online_dossier(s, sid, MARITAL)
        assert queries.open_draft(s, sid, online.id) is None  # submitted: no longer a draft


def test_a_bundle_is_listed_for_its_citizen_with_each_parts_own_status(factory):
    with factory.begin() as s:
        sid = new_sandbox(s)
        me, neighbour = (c.id for c in citizens(s, sid)[:2])
        bundle = interconnection.start_bundle(s, sid, bundle_id="birth_bundle", citizen_id=me, actor=CITIZEN, now=NOW,
                                              subject={"child_name": "Ma Văn Tú"})
    with factory() as s:
        [row] = queries.citizen_bundles(s, sid, me, NOW)
        assert (row.id, row.kind, row.subject["child_name"], row.has_drafts, row.done) == (
            bundle.id, "birth_bundle", "Ma Văn Tú", True, False)
        assert [p.status for p in row.parts] == [Status.DRAFT] * len(row.parts) and len(row.parts) == 3
        assert queries.citizen_bundles(s, sid, neighbour, NOW) == ()


def test_every_row_is_a_frozen_plain_value_not_a_database_object(factory):
    with factory.begin() as s:
        sid = new_sandbox(s)
        in_process(s, sid, MARITAL)
        lists = queries.processing_lists(s, sid, SPEC, NOW, "vi")
        row = lists.mine[0]
        lines = queries.document_lines(s, sid, row.id, "vi")
    for value in (lists, row, lines[0], queries.citizen_choices(s, sid)[0]):
        assert not isinstance(value, Base)
        with pytest.raises(FrozenInstanceError):
            value.id = 0  # type: ignore[misc]
    assert isinstance(lists.mine, tuple) and isinstance(lines, tuple)
