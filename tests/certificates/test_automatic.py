"""The certificate is issued the moment a learning path's pass rule is met: in the transaction that passes the
path's last scenario run or finishes its last quiz attempt, with its event; none for a person on no path or not yet
passing; exactly one when the last run and the last quiz finish at once (SQLite and PostgreSQL)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from tests.certificates.test_service import NOW, PATH, account, join, me, setup_workshop
from tests.races import race
from trainer.actor import Actor
from trainer.certificates import service as certs
from trainer.certificates.models import Certificate
from trainer.coach.loader import get_scenario
from trainer.coach.models import RunStep
from trainer.coach.runs import check_run, start_run
from trainer.db.engine import get_session_factory
from trainer.db.events import Event, record_event
from trainer.quiz import services as quiz
from trainer.quiz.draw import layout_from_json
from trainer.quiz.grading import correct_response
from trainer.quiz.services import bank_or_default
from trainer.training.trainees import create_trainee

SCENARIO, QUIZ = "post-pickup-and-delivery", "co-ban"  # the two steps of PATH
LATER = NOW + timedelta(minutes=10)


def actor_of(trainee_id: int) -> Actor:
    return Actor.trainee("postal_worker", trainee_id)


def run_at_its_last_check(url: str, trainee_id: int) -> int:
    """A run of the path's scenario whose steps all passed (with their events, as the checks write them): the next
    check (the guide panel's) finishes it."""
    with get_session_factory(url).begin() as session:
        run = start_run(session, SCENARIO, actor=actor_of(trainee_id), now=LATER)
        points = {s.id: s.points for s in get_scenario(SCENARIO).steps}
        for row in session.scalars(select(RunStep).where(RunStep.run_id == run.id)):
            row.result, row.passed_at, row.points = "passed", LATER, points[row.step_id]
            record_event(session, actor=run.role, action="coach.step_passed", entity="run", entity_id=run.id,
                         at=LATER, sandbox_id=run.sandbox_id, trainee_id=trainee_id, data={"step": row.step_id})
        return run.id


def finish_run(session, trainee_id: int, run_id: int) -> str:  # type: ignore[no-untyped-def]
    return check_run(session, run_id, LATER + timedelta(minutes=9), actor=actor_of(trainee_id)).status


@dataclass
class LastAnswer:
    attempt_id: int
    question_id: str
    response: object


def quiz_but_the_last_answer(url: str, trainee_id: int) -> LastAnswer:
    """An attempt at the path's quiz answered rightly up to its last question."""
    bank = bank_or_default(None)
    with get_session_factory(url).begin() as session:
        attempt = quiz.start_attempt(session, actor_of(trainee_id), QUIZ, LATER, seed=5)
        layout = layout_from_json(attempt.layout)
        for drawn in layout[:-1]:
            quiz.answer_question(session, attempt.id, drawn.question_id, correct_response(bank.questions[drawn.question_id]),
                                 LATER, actor=actor_of(trainee_id))
        last = layout[-1].question_id
        return LastAnswer(attempt.id, last, correct_response(bank.questions[last]))


def answer_last(session, trainee_id: int, last: LastAnswer) -> bool:  # type: ignore[no-untyped-def]
    return quiz.answer_question(session, last.attempt_id, last.question_id, last.response,
                                LATER + timedelta(minutes=20), actor=actor_of(trainee_id)).finished


def certificates_of(session, trainee_id: int) -> list[Certificate]:  # type: ignore[no-untyped-def]
    return list(session.scalars(select(Certificate).where(Certificate.trainee_id == trainee_id)))


def issued_events(session) -> list[Event]:  # type: ignore[no-untyped-def]
    return list(session.scalars(select(Event).where(Event.action == "certificate.issued")))


def enrolled(url: str, name: str = "Lương Văn Đức"):  # type: ignore[no-untyped-def]
    trainer = account(url, "gv.hoa", "trainer", "Hoàng Thị Hoa")
    workshop = setup_workshop(url, trainer)
    return workshop, join(url, workshop.join_code, name)


def test_the_last_quiz_answer_of_the_path_issues_the_certificate_in_its_own_transaction(db_url):
    workshop, joined = enrolled(db_url)
    tid = joined.trainee.id
    run_id = run_at_its_last_check(db_url, tid)
    factory = get_session_factory(db_url)
    with factory.begin() as session:
        assert finish_run(session, tid, run_id) == "passed"
        assert certificates_of(session, tid) == []  # the quiz is still to do
    last = quiz_but_the_last_answer(db_url, tid)
    with factory.begin() as session:
        assert answer_last(session, tid, last)
        (cert,) = certificates_of(session, tid)  # in the transaction of the answer, before it commits
        assert cert.how == "automatic" and cert.workshop_id == workshop.id and cert.path_id == PATH
        (event,) = issued_events(session)
        assert event.entity_id == cert.serial and event.trainee_id == tid
        assert event.data["after"] == {"quiz_attempt": last.attempt_id} and event.data["rule_met"] is True
    with factory() as session:
        (row,) = certs.certificates_of(session, me(joined))  # what "Lộ trình học của tôi" lists, with no click
        assert row.valid and row.holder_name == "Lương Văn Đức" and row.trainer_name == "Hoàng Thị Hoa"


def test_the_last_scenario_of_the_path_passing_issues_the_certificate(db_url):
    _workshop, joined = enrolled(db_url)
    tid = joined.trainee.id
    last = quiz_but_the_last_answer(db_url, tid)
    factory = get_session_factory(db_url)
    with factory.begin() as session:
        assert answer_last(session, tid, last)
        assert certificates_of(session, tid) == []  # the scenario is still to do
    run_id = run_at_its_last_check(db_url, tid)
    with factory.begin() as session:
        assert finish_run(session, tid, run_id) == "passed"
        (cert,) = certificates_of(session, tid)
        (event,) = issued_events(session)
        assert event.entity_id == cert.serial and event.data["after"] == {"run": run_id}
    again = run_at_its_last_check(db_url, tid)
    with factory.begin() as session:  # passing the path again changes nothing: one certificate per person and path
        assert finish_run(session, tid, again) == "passed"
        assert len(certificates_of(session, tid)) == 1 and len(issued_events(session)) == 1
    trainer = account(db_url, "qtv", "administrator")
    with factory.begin() as session:
        certs.revoke(session, actor=trainer, serial=cert.serial, reason="Cấp nhầm người", now=LATER)
    again = run_at_its_last_check(db_url, tid)
    with factory.begin() as session:  # a revoked certificate is not issued again by replaying a step
        assert finish_run(session, tid, again) == "passed"
        assert len(certificates_of(session, tid)) == 1 and len(issued_events(session)) == 1


def test_nobody_on_the_path_and_nobody_below_its_rule_gets_one(db_url):
    _workshop, joined = enrolled(db_url)
    with get_session_factory(db_url).begin() as session:
        loner = create_trainee(session, name="Người tự học", audience="official", unit_code=None, now=NOW).id
    last, run_id = quiz_but_the_last_answer(db_url, loner), run_at_its_last_check(db_url, loner)
    with get_session_factory(db_url).begin() as session:  # everything passed, but on no path
        assert answer_last(session, loner, last)
        assert finish_run(session, loner, run_id) == "passed"
    tid, run_id = joined.trainee.id, run_at_its_last_check(db_url, joined.trainee.id)
    with get_session_factory(db_url).begin() as session:  # on the path: its scenario passed, its quiz handed in at 0
        attempt = quiz.start_attempt(session, actor_of(tid), QUIZ, LATER, seed=5)
        assert quiz.finish_attempt(session, attempt.id, LATER, actor=actor_of(tid)).score == 0
        assert finish_run(session, tid, run_id) == "passed"
    with get_session_factory(db_url)() as session:
        assert session.scalars(select(Certificate)).all() == [] and issued_events(session) == []


def test_the_last_run_and_the_last_quiz_finishing_at_once_give_exactly_one_certificate(db_url):
    trainer = account(db_url, "gv.hoa", "trainer", "Hoàng Thị Hoa")
    workshop = setup_workshop(db_url, trainer)
    for trial in range(4):
        tid = join(db_url, workshop.join_code, f"Học viên số {trial + 1}").trainee.id
        run_id = run_at_its_last_check(db_url, tid)
        last = quiz_but_the_last_answer(db_url, tid)
        outcome = race(db_url, lambda s, t=tid, r=run_id: finish_run(s, t, r),
                       lambda s, t=tid, q=last: answer_last(s, t, q))
        assert not outcome.crashed and not outcome.refused, outcome
        with get_session_factory(db_url)() as session:
            certificates = certificates_of(session, tid)
            events = [e for e in issued_events(session) if e.trainee_id == tid]
        assert len(certificates) == 1, f"trial {trial}: {len(certificates)} certificates"
        assert [e.entity_id for e in events] == [certificates[0].serial]
