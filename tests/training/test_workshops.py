"""Campaigns, workshops, joining by code, kiosk and the roster, on SQLite and PostgreSQL; who may do what."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from tests.races import race
from trainer.accounts.services import account_actor, create_account
from trainer.actor import Actor
from trainer.coach.models import Run
from trainer.db.engine import get_session_factory
from trainer.errors import DomainError, NotFound, TrainerError
from trainer.training import workshops as ws
from trainer.training.trainees import trainee_card

NOW = datetime(2026, 3, 2, 8, 0)
COMMUNE = "01849"  # Xã Phong Quang (two-level 2025)
OTHER_COMMUNE = "01864"
PARTICIPANT = Actor.playing("citizen")


def account(url: str, username: str, role: str, units=()) -> Actor:
    with get_session_factory(url).begin() as session:
        row = create_account(session, actor=Actor.operator_shell(), username=username, password="mat-khau-dai-1",
                             role=role, display_name=username, unit_codes=units, now=NOW)
        return account_actor(row, "desk_officer")


def new_workshop(url: str, trainer: Actor, paths=("can-bo-mot-cua", "nguoi-dan-truc-tuyen")) -> ws.WorkshopRow:
    with get_session_factory(url).begin() as session:
        return ws.create_workshop(session, actor=trainer, unit_code=COMMUNE, held_on=date(2026, 3, 2),
                                  path_ids=paths, now=NOW)


def join(url: str, code: str, name: str, **kw) -> ws.Joined:
    kw.setdefault("audience", "official")
    kw.setdefault("path_id", "can-bo-mot-cua" if kw["audience"] == "official" else None)
    actor = kw.pop("actor", PARTICIPANT)
    with get_session_factory(url).begin() as session:
        return ws.join_workshop(session, actor=actor, code=code, name=name, now=NOW + timedelta(minutes=5), **kw)


def refused(call) -> str:
    with pytest.raises(TrainerError) as info:
        call()
    return info.value.key


def test_a_trainer_creates_a_workshop_with_a_six_character_code_without_0_o_1_i(db_url):
    trainer = account(db_url, "gv.lan", "trainer")
    row = new_workshop(db_url, trainer)
    assert len(row.join_code) == 6 and not set(row.join_code) & set("0O1I")
    assert row.is_open and row.unit_label == "Xã Phong Quang" and "Xã Phong Quang" in row.title
    codes = {ws.new_join_code() for _ in range(2000)}
    assert not set("".join(codes)) & set("0O1I") and all(len(c) == 6 for c in codes)
    with get_session_factory(db_url)() as session:
        assert [w.id for w in ws.workshops_for(session, trainer)] == [row.id]


def test_only_trainers_and_administrators_create_workshops_and_only_in_their_units(db_url):
    leader = account(db_url, "ld.tinh", "leader", units=["19"])
    scoped = account(db_url, "gv.xa", "trainer", units=[OTHER_COMMUNE])
    admin = account(db_url, "qtv", "administrator")
    with get_session_factory(db_url).begin() as session:
        for who in (PARTICIPANT, Actor.trainee("citizen", None), leader):
            assert refused(lambda who=who: ws.create_workshop(session, actor=who, unit_code=COMMUNE,
                                                              held_on=date(2026, 3, 2), path_ids=["buu-dien-bcci"],
                                                              now=NOW)) == "errors.workshops.forbidden"
        assert refused(lambda: ws.create_workshop(session, actor=scoped, unit_code=COMMUNE, held_on=date(2026, 3, 2),
                                                  path_ids=["buu-dien-bcci"], now=NOW)) == "errors.workshops.unit_outside_scope"
        assert refused(lambda: ws.create_workshop(session, actor=admin, unit_code="19", held_on=date(2026, 3, 2),
                                                  path_ids=["buu-dien-bcci"], now=NOW)) == "errors.workshops.not_a_commune"
        assert refused(lambda: ws.create_workshop(session, actor=admin, unit_code=COMMUNE, held_on=date(2026, 3, 2),
                                                  path_ids=["khong-co"], now=NOW)) == "errors.workshops.unknown_paths"
        assert ws.create_workshop(session, actor=admin, unit_code=COMMUNE, held_on=date(2026, 3, 2),
                                  path_ids=["buu-dien-bcci"], now=NOW).is_open


def test_administrators_and_leaders_create_campaigns_and_trainers_attach_workshops(db_url):
    leader = account(db_url, "ld.tinh", "leader", units=["19"])
    trainer = account(db_url, "gv.lan", "trainer")
    with get_session_factory(db_url).begin() as session:
        assert refused(lambda: ws.create_campaign(
            session, actor=trainer, name="X", unit_codes=[COMMUNE], audiences=["official"], path_ids=["can-bo-mot-cua"],
            starts_on=date(2026, 3, 1), ends_on=date(2026, 6, 30), targets=[], now=NOW)) == "errors.workshops.campaigns_forbidden"
        campaign = ws.create_campaign(
            session, actor=leader, name="Chuyển đổi số 2026", unit_codes=["19"], audiences=["official"],
            path_ids=["can-bo-mot-cua"], starts_on=date(2026, 3, 1), ends_on=date(2026, 6, 30),
            targets=[{"path_id": "can-bo-mot-cua", "audience": "official", "share": 0.9, "by": "2026-06-30"}], now=NOW)
        assert campaign.targets == (("can-bo-mot-cua", "official", 0.9, date(2026, 6, 30)),)
        assert refused(lambda: ws.create_campaign(
            session, actor=leader, name="Y", unit_codes=["19"], audiences=["official"], path_ids=["can-bo-mot-cua"],
            starts_on=date(2026, 3, 1), ends_on=date(2026, 6, 30),
            targets=[{"path_id": "can-bo-mot-cua", "audience": "official", "share": 0.9, "by": "2026-07-30"}],
            now=NOW)) == "errors.workshops.target_out_of_dates"
        assert refused(lambda: ws.create_workshop(
            session, actor=trainer, unit_code=COMMUNE, held_on=date(2026, 3, 2), path_ids=["buu-dien-bcci"], now=NOW,
            campaign_id=campaign.id)) == "errors.workshops.path_not_in_campaign"
        row = ws.create_workshop(session, actor=trainer, unit_code=COMMUNE, held_on=date(2026, 3, 2),
                                 path_ids=["can-bo-mot-cua"], now=NOW, campaign_id=campaign.id)
    join(db_url, row.join_code, "Lò Thị Mai")
    with get_session_factory(db_url)() as session:
        [target] = ws.campaign_progress(session, campaign.id, leader)
        assert (target.enrolled, target.passed) == (1, 0)


def test_joining_by_code_gives_a_resume_code_that_alone_finds_the_person_again(db_url):
    trainer = account(db_url, "gv.lan", "trainer")
    row = new_workshop(db_url, trainer)
    joined = join(db_url, row.join_code.lower()[:3] + " " + row.join_code.lower()[3:], "  Lò   Thị Mai ", pin="2468")
    assert joined.trainee.name == "Lò Thị Mai" and joined.path_id == "can-bo-mot-cua" and not joined.came_back
    with get_session_factory(db_url)() as session:
        card = trainee_card(session, resume_code=joined.trainee.resume_code)
        assert card == joined.trainee
        [mine] = ws.my_enrolments(session, Actor.trainee("desk_officer", card.id))
        assert mine.workshop_id == row.id and mine.path_id == "can-bo-mot-cua" and mine.outcome.steps_done == 0
    again = join(db_url, row.join_code, "LÒ THỊ MAI", pin="2468")  # same name and PIN on another device
    assert again.came_back and again.trainee.id == joined.trainee.id


@pytest.mark.parametrize(("code", "key"), [
    ("", "errors.workshops.code_required"), ("ABC", "errors.workshops.bad_code"),
    ("AB0CDE", "errors.workshops.bad_code"), ("ABCDE1", "errors.workshops.bad_code"),
    ("<b>ABC", "errors.workshops.bad_code"), ("ZZZZZZ", "errors.workshops.unknown_code"),
])
def test_malformed_and_unknown_codes_are_refused_clearly(db_url, code, key):
    assert refused(lambda: join(db_url, code, "Lò Thị Mai")) == key


def test_bad_names_and_pins_and_a_closed_workshop_change_nothing(db_url):
    trainer = account(db_url, "gv.lan", "trainer")
    row = new_workshop(db_url, trainer)
    assert refused(lambda: join(db_url, row.join_code, "   ")) == "errors.workshops.name_required"
    assert refused(lambda: join(db_url, row.join_code, "A" * 500)) == "errors.workshops.name_too_long"
    for pin in ("123", "12345", "12a4", "١٢٣٤"):
        assert refused(lambda pin=pin: join(db_url, row.join_code, "Lò Thị Mai", pin=pin)) == "errors.workshops.bad_pin"
    assert refused(lambda: join(db_url, row.join_code, "Mai", audience="citizen", path_id="can-bo-mot-cua")) == \
        "errors.workshops.path_not_for_audience"
    with get_session_factory(db_url)() as session:
        assert ws.roster(session, row.id, trainer) == ()
    with get_session_factory(db_url).begin() as session:
        ws.close_workshop(session, actor=trainer, workshop_id=row.id, now=NOW)
    assert refused(lambda: join(db_url, row.join_code, "Lò Thị Mai")) == "errors.workshops.closed"
    with get_session_factory(db_url).begin() as session:
        assert refused(lambda: ws.close_workshop(session, actor=trainer, workshop_id=row.id, now=NOW)) == \
            "errors.workshops.already_closed"


def test_two_people_with_the_same_name_are_told_apart_by_unit_or_pin(db_url):
    trainer = account(db_url, "gv.lan", "trainer")
    row = new_workshop(db_url, trainer)
    first = join(db_url, row.join_code, "Nguyễn Văn An")
    assert refused(lambda: join(db_url, row.join_code, "nguyễn văn an")) == "errors.workshops.same_name"
    other_unit = join(db_url, row.join_code, "Nguyễn Văn An", unit_code=OTHER_COMMUNE)
    with_pin = join(db_url, row.join_code, "Nguyễn Văn An", pin="1357")
    assert len({first.trainee.id, other_unit.trainee.id, with_pin.trainee.id}) == 3
    assert join(db_url, row.join_code, "Nguyễn Văn An", pin="1357").trainee.id == with_pin.trainee.id
    with get_session_factory(db_url)() as session:
        names = [(r.name, r.unit_label) for r in ws.roster(session, row.id, trainer)]
    assert names.count(("Nguyễn Văn An", "Xã Phong Quang")) == 2 and ("Nguyễn Văn An", "Xã Bằng Thành") in names


def test_two_people_joining_at_once_with_one_name_run_in_turn(db_url):
    trainer = account(db_url, "gv.lan", "trainer")
    row = new_workshop(db_url, trainer)
    outcome = race(db_url, *[lambda s: ws.join_workshop(s, actor=PARTICIPANT, code=row.join_code, name="Hà Văn Bình",
                                                         audience="official", path_id="can-bo-mot-cua", now=NOW)] * 2)
    assert outcome.crashed == [] and len(outcome.results) == 1 and outcome.refused == ["errors.workshops.same_name"]


def test_the_kiosk_lists_the_roster_and_a_pin_protects_a_name(db_url):
    trainer = account(db_url, "gv.lan", "trainer")
    row = new_workshop(db_url, trainer)
    mai = join(db_url, row.join_code, "Lò Thị Mai", pin="2468")
    binh = join(db_url, row.join_code, "Hà Văn Bình", audience="citizen")
    with get_session_factory(db_url).begin() as session:
        entries = ws.kiosk_roster(session, row.join_code)
        assert [(e.name, e.has_pin) for e in entries] == [("Hà Văn Bình", False), ("Lò Thị Mai", True)]
        by_name = {e.name: e.enrolment_id for e in entries}
        for pin, key in ((None, "errors.workshops.pin_required"), ("1111", "errors.workshops.wrong_pin"),
                         ("24", "errors.workshops.bad_pin")):
            assert refused(lambda pin=pin: ws.kiosk_sign_in(session, actor=PARTICIPANT, code=row.join_code,
                                                            enrolment_id=by_name["Lò Thị Mai"], pin=pin, now=NOW)) == key
        assert ws.kiosk_sign_in(session, actor=PARTICIPANT, code=row.join_code, enrolment_id=by_name["Lò Thị Mai"],
                                pin="2468", now=NOW).trainee.id == mai.trainee.id
        assert ws.kiosk_sign_in(session, actor=PARTICIPANT, code=row.join_code, enrolment_id=by_name["Hà Văn Bình"],
                                pin=None, now=NOW).trainee.id == binh.trainee.id
    other = new_workshop(db_url, trainer)
    with get_session_factory(db_url).begin() as session:
        assert refused(lambda: ws.kiosk_sign_in(session, actor=PARTICIPANT, code=other.join_code,
                                                enrolment_id=by_name["Hà Văn Bình"], pin=None, now=NOW)) == \
            "errors.workshops.unknown_participant"


def test_runs_made_after_joining_count_for_the_enrolment_and_the_version_moves(db_url):
    trainer = account(db_url, "gv.lan", "trainer")
    row = new_workshop(db_url, trainer, paths=("buu-dien-bcci",))
    with get_session_factory(db_url)() as session:
        before = ws.workshop_version(session, row.id)
    joined = join(db_url, row.join_code, "Lò Thị Mai", path_id=None)
    with get_session_factory(db_url).begin() as session:
        assert ws.workshop_version(session, row.id) > before
        for at, status in ((NOW - timedelta(days=1), "passed"), (NOW + timedelta(hours=1), "passed")):
            session.add(Run(trainee_id=joined.trainee.id, scenario_id="post-pickup-and-delivery", scenario_version=1,
                            role="postal_worker", status=status, started_at=at, finished_at=at, with_help=True,
                            score=5, max_score=10))
    with get_session_factory(db_url)() as session:
        [r] = ws.roster(session, row.id, trainer)
        assert r.outcome.steps_done == 1 and r.outcome.scenarios_with_help == 1 and not r.outcome.passed
        assert r.progress.step("scenario:post-pickup-and-delivery").attempts == 1  # the run before joining is not counted
        assert r.last_activity_at == NOW + timedelta(hours=1)


def test_a_participant_reaches_neither_the_roster_nor_another_participants_progress(db_url):
    trainer = account(db_url, "gv.lan", "trainer")
    other_trainer = account(db_url, "gv.hoa", "trainer")
    admin = account(db_url, "qtv", "administrator")
    row = new_workshop(db_url, trainer)
    mai = join(db_url, row.join_code, "Lò Thị Mai")
    binh = join(db_url, row.join_code, "Hà Văn Bình")
    mai_actor = Actor.trainee("desk_officer", mai.trainee.id)
    with get_session_factory(db_url)() as session:
        assert ws.enrolment_progress(session, mai.enrolment_id, mai_actor)[0].path_id == "can-bo-mot-cua"
        for call in (lambda: ws.enrolment_progress(session, binh.enrolment_id, mai_actor),
                     lambda: ws.roster(session, row.id, mai_actor), lambda: ws.workshops_for(session, mai_actor),
                     lambda: ws.workshop(session, row.id, PARTICIPANT)):
            assert refused(call) == "errors.workshops.forbidden"
        assert refused(lambda: ws.roster(session, row.id, other_trainer)) == "errors.workshops.not_your_workshop"
        assert len(ws.roster(session, row.id, admin)) == 2
        assert [m.enrolment_id for m in ws.my_enrolments(session, mai_actor)] == [mai.enrolment_id]
        assert ws.my_enrolments(session, PARTICIPANT) == ()
    with get_session_factory(db_url).begin() as session:
        for who in (mai_actor, other_trainer):
            with pytest.raises(DomainError):
                ws.close_workshop(session, actor=who, workshop_id=row.id, now=NOW)
            with pytest.raises(DomainError):
                ws.reset_workshop_sandboxes(session, actor=who, workshop_id=row.id, now=NOW)
        with pytest.raises(NotFound):
            ws.roster(session, 99999, trainer)


def test_resetting_the_workshops_sandboxes_keeps_progress(db_url):
    from trainer.sandbox.sandboxes import practice_sandbox, sandboxes_of

    trainer = account(db_url, "gv.lan", "trainer")
    row = new_workshop(db_url, trainer, paths=("buu-dien-bcci",))
    joined = join(db_url, row.join_code, "Lò Thị Mai", path_id=None)
    with get_session_factory(db_url).begin() as session:
        practice_sandbox(session, owner_id=joined.trainee.id, unit_code=COMMUNE, model="two-level-2025", seed=7, now=NOW)
        session.add(Run(trainee_id=joined.trainee.id, scenario_id="post-pickup-and-delivery", scenario_version=1,
                        role="postal_worker", status="passed", started_at=NOW + timedelta(hours=1),
                        finished_at=NOW + timedelta(hours=1), score=10, max_score=10))
    with get_session_factory(db_url).begin() as session:
        assert ws.reset_workshop_sandboxes(session, actor=trainer, workshop_id=row.id, now=NOW + timedelta(hours=2)) == 1
        assert len(sandboxes_of(session, joined.trainee.id)) == 1
    with get_session_factory(db_url)() as session:
        [r] = ws.roster(session, row.id, trainer)
        assert r.outcome.scenarios_alone == 1


def test_closing_while_someone_joins_either_admits_them_first_or_refuses_them(db_url):
    trainer = account(db_url, "gv.lan", "trainer")
    for attempt in range(3):
        row = new_workshop(db_url, trainer)
        outcome = race(db_url,
                       lambda s, row=row: ws.close_workshop(s, actor=trainer, workshop_id=row.id, now=NOW),
                       lambda s, row=row: ws.join_workshop(s, actor=PARTICIPANT, code=row.join_code, name="Hà Văn Bình",
                                                           audience="official", path_id="can-bo-mot-cua", now=NOW))
        assert outcome.crashed == []
        with get_session_factory(db_url)() as session:
            joined = len(ws.roster(session, row.id, trainer))
            assert ws.workshop(session, row.id, trainer).status == "closed"
        assert (joined, outcome.refused) in ((1, []), (0, ["errors.workshops.closed"])), (joined, outcome.refused)
