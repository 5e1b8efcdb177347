"""Two tabs answering the last two questions of one attempt at once, on SQLite and PostgreSQL: both answers are
kept and the attempt is finished exactly once (it used to be finished twice, or never)."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from sqlalchemy import select

from tests.races import TRIALS, race
from trainer.actor import Actor
from trainer.db.engine import get_session_factory
from trainer.db.events import Event
from trainer.quiz import services
from trainer.quiz.grading import correct_response
from trainer.quiz.models import QuizAnswer, QuizAttempt
from trainer.training.trainees import create_trainee

NOW = datetime(2026, 3, 2, 9, 0)


def _two_left(url: str, bank, name: str) -> tuple[int, Actor, list[tuple[str, object]]]:
    """A new trainee's attempt answered up to its last two questions; returns it and those two with right answers."""
    with get_session_factory(url).begin() as session:
        trainee = Actor.trainee("desk_officer", create_trainee(session, name=name, audience="official",
                                                               unit_code=None, now=NOW).id)
        attempt = services.start_attempt(session, trainee, "thu", NOW, bank=bank)
        layout = services.progress(session, attempt.id, actor=trainee).layout
        for drawn in layout[:-2]:
            services.answer_question(session, attempt.id, drawn.question_id,
                                     correct_response(bank.questions[drawn.question_id]), NOW, actor=trainee, bank=bank)
        last = [(d.question_id, correct_response(bank.questions[d.question_id])) for d in layout[-2:]]
        return attempt.id, trainee, last


def test_the_last_two_answers_given_at_once_finish_the_attempt_exactly_once(db_url, bank):
    bad = []
    for trial in range(TRIALS):
        attempt_id, trainee, last = _two_left(db_url, bank, "Đinh Văn Toàn")
        parties = [
            lambda s, q=q, r=r: services.answer_question(s, attempt_id, q, r, NOW, actor=trainee,  # noqa: B023
                                                         bank=bank).finished
            for q, r in last
        ]
        outcome = race(db_url, *parties)
        with get_session_factory(db_url)() as session:
            attempt = session.get(QuizAttempt, attempt_id)
            answers = len(session.scalars(select(QuizAnswer).where(QuizAnswer.attempt_id == attempt_id)).all())
            finished = Counter(session.scalars(select(Event.action).where(
                Event.entity == "quiz_attempt", Event.entity_id == str(attempt_id))).all())["quiz.finished"]
            ok = (not outcome.crashed and not outcome.refused and sorted(outcome.results) == [False, True]
                  and answers == len(attempt.layout["questions"]) and attempt.finished_at is not None
                  and attempt.ended_by == "completed" and finished == 1)
            if not ok:
                bad.append((trial, outcome, answers, attempt.finished_at, finished))
    assert not bad, f"{len(bad)} of {TRIALS} trials went wrong; first: {bad[0]}"


def test_handing_in_while_the_last_answer_arrives_finishes_the_attempt_once(db_url, bank):
    for _ in range(5):
        attempt_id, trainee, last = _two_left(db_url, bank, "Lý Thị Hiền")
        with get_session_factory(db_url).begin() as session:
            services.answer_question(session, attempt_id, *last[0], NOW, actor=trainee, bank=bank)
        question, response = last[1]
        outcome = race(db_url, lambda s: services.answer_question(s, attempt_id, question, response, NOW,  # noqa: B023
                                                                  actor=trainee, bank=bank).finished,  # noqa: B023
                       lambda s: services.finish_attempt(s, attempt_id, NOW, actor=trainee).ended_by)  # noqa: B023
        assert not outcome.crashed and len(outcome.results) + len(outcome.refused) == 2
        assert set(outcome.refused) <= {"errors.quiz.attempt_finished"}
        with get_session_factory(db_url)() as session:
            finished = Counter(session.scalars(select(Event.action).where(
                Event.entity == "quiz_attempt", Event.entity_id == str(attempt_id))).all())["quiz.finished"]
            assert finished == 1 and session.get(QuizAttempt, attempt_id).finished_at is not None
