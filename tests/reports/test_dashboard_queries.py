"""The leaders' dashboard read side on SQLite and PostgreSQL: completion against targets at every level, the people
still missing, mastery topic × unit, missed questions, mistakes, help, trends, one participant's detail, and scope
(province, district and commune leaders see their units only; a participant is refused)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from trainer.accounts.services import account_actor, create_account
from trainer.actor import Actor
from trainer.coach.models import Run, RunMistake, RunStep
from trainer.db.engine import get_session_factory
from trainer.errors import DomainError, NotFound
from trainer.live.models import HelpRequest
from trainer.quiz.models import QuizAnswer, QuizAttempt
from trainer.reports import dashboard as dash
from trainer.settings import get_settings
from trainer.training import workshops as ws
from trainer.training.paths import evaluate, get_path, path_progress
from trainer.world.units import load_units

NOW = datetime(2026, 3, 2, 8, 0)
PROVINCE = "06"  # Tỉnh Bắc Kạn (three-level 2019)
DISTRICT_A, COMMUNE_A1, COMMUNE_A2 = "058", "01834", "01837"  # Thành phố Bắc Kạn
DISTRICT_B, COMMUNE_B1 = "060", "01858"  # Huyện Pác Nặm
PATH = "buu-dien-bcci"  # post-pickup-and-delivery, then quiz co-ban ≥ 80%
SCENARIO, QUIZ = "post-pickup-and-delivery", "co-ban"


@pytest.fixture(autouse=True)
def _three_levels(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRAINER_ADMIN_MODEL", "three-level-2019")
    get_settings.cache_clear()


def account(url: str, username: str, role: str, units=()) -> Actor:
    with get_session_factory(url).begin() as session:
        row = create_account(session, actor=Actor.operator_shell(), username=username, password="mat-khau-dai-1",
                             role=role, display_name=username, unit_codes=list(units), now=NOW)
        return account_actor(row, "desk_officer")


def passed_run(session, trainee_id: int, at: datetime, *, with_help=False, mistakes=()) -> None:
    run = Run(trainee_id=trainee_id, scenario_id=SCENARIO, scenario_version=1, role="postal_worker", status="passed",
              started_at=at, finished_at=at + timedelta(minutes=10), with_help=with_help, score=8, max_score=10)
    session.add(run)
    session.flush()
    session.add(RunStep(run_id=run.id, step_id="pickup", position=0, result="passed", started_at=at,
                        passed_at=at + timedelta(minutes=4), hints_used=1, points=4))
    for m in mistakes:
        session.add(RunMistake(run_id=run.id, mistake_id=m, step_id="pickup", at=at + timedelta(minutes=2), penalty=1))


def quiz(session, trainee_id: int, at: datetime, answers: list[tuple[str, str, bool]]) -> None:
    """answers: (question id, topic, correct)."""
    score = sum(1 for *_, ok in answers if ok) / len(answers)
    attempt = QuizAttempt(trainee_id=trainee_id, quiz_id=QUIZ, seed=1, layout={}, feedback="end", pass_mark=0.8,
                          started_at=at, finished_at=at + timedelta(minutes=5), ended_by="completed", score=score,
                          passed=score >= 0.8)
    session.add(attempt)
    session.flush()
    for i, (qid, topic, ok) in enumerate(answers):
        session.add(QuizAnswer(attempt_id=attempt.id, trainee_id=trainee_id, question_id=qid, topics=[topic],
                               response={"value": 0}, correct=ok, points=1.0 if ok else 0.0, max_points=1.0,
                               answered_at=at + timedelta(minutes=i)))


@pytest.fixture
def world(db_url):
    """A province campaign (target 50% by 30/06) with workshops in three communes of two districts:
    A1: Lan passed, Minh only the scenario (with a mistake), Hoa imported from a roster, not joined (phone);
    A2: Tú passed with help; B1: Vân nothing yet, hand raised. Plus one passed person in no campaign."""
    admin = Actor.operator_shell()
    leader = account(db_url, "ld.tinh", "leader", [PROVINCE])
    trainer = account(db_url, "gv.lan", "trainer")
    with get_session_factory(db_url).begin() as session:
        campaign = ws.create_campaign(
            session, actor=leader, name="Bưu điện công ích 2026", unit_codes=[PROVINCE], audiences=["official"],
            path_ids=[PATH], starts_on=date(2026, 3, 1), ends_on=date(2026, 6, 30),
            targets=[{"path_id": PATH, "audience": "official", "share": 0.5, "by": "2026-06-30"}], now=NOW)
        shops = {c: ws.create_workshop(session, actor=trainer, unit_code=c, held_on=date(2026, 3, 2), path_ids=[PATH],
                                       now=NOW, campaign_id=campaign.id)
                 for c in (COMMUNE_A1, COMMUNE_A2, COMMUNE_B1)}
    people = {}
    for name, commune in (("Lò Thị Lan", COMMUNE_A1), ("Hà Văn Minh", COMMUNE_A1), ("Vi Thị Tú", COMMUNE_A2),
                          ("Nông Thị Vân", COMMUNE_B1)):
        with get_session_factory(db_url).begin() as session:
            joined = ws.join_workshop(session, actor=Actor.playing("citizen"), code=shops[commune].join_code, name=name,
                                      audience="official", path_id=PATH, unit_code=commune, now=NOW + timedelta(minutes=1))
            people[name] = joined.trainee.id
    with get_session_factory(db_url).begin() as session:
        from trainer.training.models import Enrolment
        from trainer.training.trainees import create_trainee

        hoa = create_trainee(session, name="Đinh Thị Hoa", audience="official", unit_code=COMMUNE_A1, now=NOW)
        session.add(Enrolment(workshop_id=shops[COMMUNE_A1].id, trainee_id=hoa.id, path_id=PATH, name_key="dinh thi hoa",
                              position="Bưu tá", phone="0912345678", source="roster", enrolled_at=NOW, joined_at=None))
        people["Đinh Thị Hoa"] = hoa.id
        outsider = create_trainee(session, name="Người ngoài", audience="official", unit_code=COMMUNE_B1, now=NOW)
        people["outsider"] = outsider.id
        t0 = NOW + timedelta(hours=1)
        passed_run(session, people["Lò Thị Lan"], t0)
        quiz(session, people["Lò Thị Lan"], t0 + timedelta(days=7),
             [("q-online", "online-levels", True), ("q-bcci", "bcci-post", True), ("q-fee", "fees", True),
              ("q-dead", "deadlines", True), ("q-status", "dossier-statuses", False)])
        passed_run(session, people["Hà Văn Minh"], t0, mistakes=("delivered-before-hand-over",))
        quiz(session, people["Hà Văn Minh"], t0 + timedelta(days=1),
             [("q-online", "online-levels", False), ("q-bcci", "bcci-post", False), ("q-fee", "fees", True)])
        passed_run(session, people["Vi Thị Tú"], t0, with_help=True, mistakes=("delivered-before-hand-over",))
        quiz(session, people["Vi Thị Tú"], t0 + timedelta(days=35),
             [("q-online", "online-levels", True), ("q-bcci", "bcci-post", False), ("q-fee", "fees", True),
              ("q-dead", "deadlines", True), ("q-status", "dossier-statuses", True)])
        passed_run(session, people["outsider"], t0)  # not enrolled: not in the campaign, but in understanding views
        session.add(HelpRequest(workshop_id=shops[COMMUNE_B1].id, trainee_id=people["Nông Thị Vân"], raised_at=t0,
                                page="x", cleared_at=None))
    return {"url": db_url, "campaign": campaign, "people": people, "leader": leader, "admin": admin,
            "trainer": trainer}


def by_unit(rows):
    return {r.unit_code: (r.enrolled, r.joined, r.passed, r.with_help, r.gap, r.status) for r in rows}


def test_province_leader_sees_every_level_against_the_target(world):
    leader, campaign = world["leader"], world["campaign"]
    with get_session_factory(world["url"])() as session:
        people = dash.participants(session, leader, campaign.id)
        assert len(people) == 5
        province = dash.completion(people, campaign, leader, "province", NOW + timedelta(days=40))
        assert by_unit(province) == {PROVINCE: (5, 4, 2, 1, 1, "open")}  # 2 of 5 passed; 50% needs 3
        [row] = province
        assert row.share == pytest.approx(0.4) and row.needed == 3 and row.missing == 3
        districts = dash.completion(people, campaign, leader, "district", NOW + timedelta(days=40))
        assert by_unit(districts)[DISTRICT_A] == (4, 3, 2, 1, 0, "reached")
        assert by_unit(districts)[DISTRICT_B] == (1, 1, 0, 0, 1, "open")
        assert {r.unit_code for r in districts} == {u.code for u in load_units().districts}  # nobody enrolled: "empty"
        assert by_unit(districts)["061"][-1] == "empty"
        communes = dash.completion(people, campaign, leader, "commune", NOW + timedelta(days=200))
        assert by_unit(communes)[COMMUNE_A1] == (3, 2, 1, 0, 1, "overdue")  # after 30/06, 1 of 3 < 50%
        assert by_unit(communes)[COMMUNE_A2] == (1, 1, 1, 1, 0, "reached")
        assert len(communes) == len(load_units().communes)


def test_bulk_outcomes_equal_the_paths_own_evaluation(world):
    path = get_path(PATH)
    with get_session_factory(world["url"])() as session:
        for p in dash.participants(session, world["admin"], world["campaign"].id):
            own = evaluate(path, path_progress(session, trainee_id=p.trainee_id, path=path, since=p.enrolled_at))
            assert (p.passed, p.steps_done, p.with_help) == (own.passed, own.steps_done,
                                                             own.passed and own.scenarios_with_help > 0)
        [target] = ws.campaign_progress(session, world["campaign"].id, world["leader"])
        people = dash.participants(session, world["leader"], world["campaign"].id)
        assert (target.enrolled, target.passed) == (len(people), sum(p.passed for p in people))
        lan = next(p for p in people if p.name == "Lò Thị Lan")
        assert lan.passed_at == NOW + timedelta(hours=1, days=7, minutes=5)  # the quiz, its last step


def test_the_commune_leader_follows_up_the_people_still_missing_with_their_phone(world):
    commune_leader = account(world["url"], "ld.xa", "leader", [COMMUNE_A1])
    with get_session_factory(world["url"])() as session:
        people = dash.participants(session, commune_leader, world["campaign"].id)
        assert {p.name for p in people} == {"Lò Thị Lan", "Hà Văn Minh", "Đinh Thị Hoa"}
        rows = dash.completion(people, world["campaign"], commune_leader, "commune", NOW)
        assert [r.unit_code for r in rows] == [COMMUNE_A1]
        assert dash.completion(people, world["campaign"], commune_leader, "province", NOW) == ()
        todo = dash.missing(people, COMMUNE_A1)
        assert [(p.name, p.phone, p.joined_at is None) for p in todo] == [
            ("Đinh Thị Hoa", "0912345678", True), ("Hà Văn Minh", "", False)]
        assert dash.missing(people, COMMUNE_A2) == ()


def test_district_leader_sees_their_communes_only(world):
    district_leader = account(world["url"], "ld.huyen", "leader", [DISTRICT_B])
    with get_session_factory(world["url"])() as session:
        people = dash.participants(session, district_leader, world["campaign"].id)
        assert [p.name for p in people] == ["Nông Thị Vân"]
        communes = dash.completion(people, world["campaign"], district_leader, "commune", NOW)
        assert {r.unit_code for r in communes} == {u.code for u in load_units().communes_of(DISTRICT_B)}
        assert by_unit(dash.completion(people, world["campaign"], district_leader, "district", NOW)) == {
            DISTRICT_B: (1, 1, 0, 0, 1, "open")}
        assert dash.needs_help(session, district_leader) == dash.HelpFigures(1, 0)
        assert dash.frequent_mistakes(session, district_leader) == ()
        assert {c.unit_code for c in dash.mastery_cells(session, district_leader)} == set()
        with pytest.raises(NotFound):
            dash.participant_detail(session, district_leader, world["people"]["Lò Thị Lan"])
        # the province leader's answer for that district is the same
        province_view = dash.participants(session, world["leader"], world["campaign"].id)
        assert [p.name for p in province_view if p.district_code == DISTRICT_B] == ["Nông Thị Vân"]


def test_participants_and_accounts_without_units_see_nothing(world):
    nobody = world["trainer"]  # a trainer account without units
    with get_session_factory(world["url"])() as session:
        with pytest.raises(DomainError) as info:
            dash.participants(session, Actor.playing("citizen"), world["campaign"].id)
        assert info.value.key == "errors.dashboard.needs_account"
        with pytest.raises(DomainError):
            dash.mastery_cells(session, Actor.trainee("citizen", world["people"]["Lò Thị Lan"], unit_code=COMMUNE_A1))
        assert dash.topic_rows(session, nobody) == ()
        assert dash.missed_questions(session, nobody) == ()
        assert dash.needs_help(session, nobody) == dash.HelpFigures(0, 0)


def test_understanding_mastery_questions_mistakes_and_help(world):
    leader = world["leader"]
    with get_session_factory(world["url"])() as session:
        cells = {(c.topic, c.unit_code): c for c in dash.mastery_cells(session, leader, "commune")}
        assert cells[("online-levels", COMMUNE_A1)].people == 2
        assert cells[("online-levels", COMMUNE_A1)].mastery == pytest.approx(0.5)  # Lan 1, Minh 0
        assert cells[("bcci-post", COMMUNE_A2)].mastery == 0.0
        district = {(c.topic, c.unit_code): c for c in dash.mastery_cells(session, leader, "district")}
        assert district[("fees", DISTRICT_A)].people == 3 and district[("fees", DISTRICT_A)].mastery == 1.0
        topics = dash.topic_rows(session, leader)
        assert topics[0].topic == "bcci-post" and topics[0].mastery == pytest.approx(1 / 3)
        assert topics[0].scenarios  # links to the scenarios that teach it
        questions = dash.missed_questions(session, leader)
        assert (questions[0].question_id, questions[0].wrong, questions[0].answered) == ("q-bcci", 2, 3)
        assert questions[0].quiz_ids == (QUIZ,)
        assert "q-fee" not in {q.question_id for q in questions}  # never missed
        [mistake] = dash.frequent_mistakes(session, leader)
        assert (mistake.scenario_id, mistake.mistake_id, mistake.runs_with_it, mistake.runs) == (
            SCENARIO, "delivered-before-hand-over", 2, 4)  # the outsider's run counts: same province
        assert dash.needs_help(session, leader).hands_up == 1


def test_trends_by_week_and_month(world):
    with get_session_factory(world["url"])() as session:
        people = dash.participants(session, world["leader"], world["campaign"].id)
        months = dash.trends(people, session, world["leader"], "month")
        assert [(m.period, m.trained, m.trained_total, m.answers) for m in months] == [
            ("2026-03", 1, 1, 8), ("2026-04", 1, 2, 5)]
        assert months[0].mean_score == pytest.approx(5 / 8)
        weeks = dash.trends(people, session, world["leader"], "week")
        assert sum(w.trained for w in weeks) == 2 and weeks[-1].trained_total == 2
        assert weeks[0].period == "2026-W10" and weeks[0].starts_on == date(2026, 3, 2)


def test_one_participants_attempts_and_runs_each_step_and_mistake(world):
    with get_session_factory(world["url"])() as session:
        detail = dash.participant_detail(session, world["leader"], world["people"]["Hà Văn Minh"])
        assert detail.name == "Hà Văn Minh"
        [attempt] = detail.attempts
        assert [(a.question_id, a.correct) for a in attempt.answers] == [
            ("q-online", False), ("q-bcci", False), ("q-fee", True)]
        [run] = detail.runs
        assert [(s.step_id, s.result, s.hints_used) for s in run.steps] == [("pickup", "passed", 1)]
        assert [m.mistake_id for m in run.mistakes] == ["delivered-before-hand-over"]


def test_the_whole_dashboard_at_once_agrees_with_its_parts(world):
    with get_session_factory(world["url"])() as session:
        board = dash.dashboard(session, world["leader"], world["campaign"].id, NOW, level="district")
        assert (board.enrolled, board.passed) == (5, 2)
        assert sum(r.enrolled for r in board.completion) == 5
        assert [(p.audience, p.position, p.enrolled, p.passed) for p in board.positions] == [
            ("official", "", 4, 2), ("official", "Bưu tá", 1, 0)]  # joining by code asks no position
        assert board.help.hands_up == 1 and board.months[-1].trained_total == 2
