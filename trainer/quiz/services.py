"""Quiz services: start, answer (graded and stored before feedback), finish, resume, results.

Every service takes the acting person (`trainer.actor.Actor`): a trainee starts, answers, finishes and reads only
their own attempts; another trainee's attempt is not found (`errors.quiz.unknown_attempt`).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from trainer.actor import Actor
from trainer.certificates.service import issue_on_finish
from trainer.db.events import record_event
from trainer.db.guards import claim_where, lock_row
from trainer.errors import DomainError, NotFound
from trainer.quiz.draw import DrawnQuestion, draw, layout_from_json, layout_json
from trainer.quiz.grading import MAX_POINTS, grade
from trainer.quiz.loader import Bank, cached_bank, default_root
from trainer.quiz.models import QuizAnswer, QuizAttempt
from trainer.quiz.schema import QuizDefinition
from trainer.training.models import Trainee

RECENT_WINDOW_ANSWERS = 60  # answers looked back on when preferring questions not seen recently
SEED_LIMIT = 2**31  # seeds fit a 32-bit signed INTEGER column on both databases


def bank_or_default(bank: Bank | None) -> Bank:
    """The given bank, or the configured scenarios/quizzes folder (cached until a file changes)."""
    return bank if bank is not None else cached_bank(default_root())


def quiz_definition(bank: Bank, quiz_id: str) -> QuizDefinition:
    """A valid quiz of the bank, or a clear error (unknown, or unavailable because its file is broken)."""
    if quiz_id in bank.quizzes:
        return bank.quizzes[quiz_id]
    if quiz_id in bank.unavailable:
        raise DomainError("errors.quiz.unavailable", quiz=quiz_id)
    raise NotFound("errors.quiz.unknown_quiz", quiz=quiz_id)


def _trainee(session: Session, trainee_id: int | None) -> Trainee:
    trainee = session.get(Trainee, trainee_id) if trainee_id is not None else None
    if trainee is None:
        raise NotFound("errors.quiz.unknown_trainee")
    return trainee


def _attempt(session: Session, attempt_id: int, actor: Actor) -> QuizAttempt:
    """The attempt if it is the acting trainee's own; another's (or none) is not found."""
    attempt = session.get(QuizAttempt, attempt_id)
    if attempt is None or actor.trainee_id is None or attempt.trainee_id != actor.trainee_id:
        raise NotFound("errors.quiz.unknown_attempt")
    return attempt


def _locked_attempt(session: Session, attempt_id: int, actor: Actor) -> QuizAttempt:
    """The acting trainee's attempt re-read and held until commit: two tabs answering (or finishing) it go one
    after the other, so the last answer sees every other answer and finishes the attempt exactly once."""
    _attempt(session, attempt_id, actor)  # another's (or none) is not found
    attempt = lock_row(session, QuizAttempt, attempt_id)
    if attempt is None:
        raise NotFound("errors.quiz.unknown_attempt")
    return attempt


def recent_question_ids(session: Session, trainee_id: int, limit: int = RECENT_WINDOW_ANSWERS) -> list[str]:
    """Question ids the trainee answered lately, most recent first, each once."""
    rows = session.scalars(
        select(QuizAnswer.question_id)
        .where(QuizAnswer.trainee_id == trainee_id)
        .order_by(QuizAnswer.answered_at.desc(), QuizAnswer.id.desc())
        .limit(limit)
    ).all()
    return list(dict.fromkeys(rows))


def current_attempt(session: Session, actor: Actor, quiz_id: str) -> QuizAttempt | None:
    """The acting trainee's unfinished attempt at this quiz (to resume after a reload), if any."""
    if actor.trainee_id is None:
        return None
    return session.scalar(
        select(QuizAttempt)
        .where(QuizAttempt.trainee_id == actor.trainee_id, QuizAttempt.quiz_id == quiz_id,
               QuizAttempt.finished_at.is_(None))
        .order_by(QuizAttempt.id.desc())
        .limit(1)
    )


def attempts_for(session: Session, actor: Actor, quiz_id: str) -> list[QuizAttempt]:
    """Every attempt of the acting trainee at this quiz, oldest first."""
    if actor.trainee_id is None:
        return []
    return list(
        session.scalars(
            select(QuizAttempt)
            .where(QuizAttempt.trainee_id == actor.trainee_id, QuizAttempt.quiz_id == quiz_id)
            .order_by(QuizAttempt.id)
        )
    )


def refusal(quiz: QuizDefinition, audience: str, used: int) -> DomainError | None:
    """Why this audience may not start the quiz after `used` attempts (None when it may): the one rule that
    start_attempt enforces and that the pages read, so a page never offers what would be refused."""
    if audience not in quiz.audience:
        return DomainError("errors.quiz.not_for_audience")
    if quiz.max_attempts is not None and used >= quiz.max_attempts:
        return DomainError("errors.quiz.no_attempts_left", n=quiz.max_attempts)
    return None


def start_attempt(
    session: Session, actor: Actor, quiz_id: str, now: datetime, seed: int | None = None, *, bank: Bank | None = None
) -> QuizAttempt:
    """Start (or resume) the acting trainee's attempt: check audience and attempt limit, draw and store the layout."""
    bank = bank_or_default(bank)
    trainee = _trainee(session, actor.trainee_id)
    trainee = lock_row(session, Trainee, trainee.id) or trainee  # two tabs starting at once: one attempt, the limit holds
    trainee_id = trainee.id
    quiz = quiz_definition(bank, quiz_id)
    if (refused := refusal(quiz, trainee.audience, 0)) is not None:
        raise refused
    open_attempt = current_attempt(session, actor, quiz_id)
    if open_attempt is not None:
        if open_attempt.deadline_at is None or now <= open_attempt.deadline_at:
            return open_attempt
        open_attempt = _locked_attempt(session, open_attempt.id, actor)
        if open_attempt.finished_at is None:  # a last answer may have finished it just now
            _finish(session, open_attempt, open_attempt.deadline_at, "time_up", trainee.audience, recorded_at=now)
    used = session.scalar(
        select(func.count()).select_from(QuizAttempt).where(QuizAttempt.trainee_id == trainee_id, QuizAttempt.quiz_id == quiz_id)
    )
    if (refused := refusal(quiz, trainee.audience, used)) is not None:
        raise refused
    seed = secrets.randbelow(SEED_LIMIT) if seed is None else seed % SEED_LIMIT
    recent = recent_question_ids(session, trainee_id)
    drawn = draw(bank, quiz, seed, recent)
    attempt = QuizAttempt(
        trainee_id=trainee_id,
        quiz_id=quiz_id,
        seed=seed,
        layout=layout_json(drawn, recent),
        feedback=quiz.feedback,
        pass_mark=quiz.pass_mark,
        started_at=now,
        deadline_at=now + timedelta(minutes=quiz.time_limit_minutes) if quiz.time_limit_minutes else None,
    )
    session.add(attempt)
    session.flush()
    record_event(
        session, actor=trainee.audience, action="quiz.started", entity="quiz_attempt", entity_id=attempt.id,
        to_state="in_progress", at=now, trainee_id=trainee_id,
        data={"quiz_id": quiz_id, "seed": seed, "questions": len(drawn)},
    )
    return attempt


@dataclass(frozen=True)
class AnswerFeedback:
    """What the trainee may be told after answering (shown at once only when the quiz says so)."""

    question_id: str
    correct: bool
    points: float
    max_points: float
    show_now: bool
    finished: bool


def answer_question(
    session: Session, attempt_id: int, question_id: str, response: Any, now: datetime, *, actor: Actor,
    bank: Bank | None = None,
) -> AnswerFeedback:
    """Grade and store one answer (and its event) before any feedback; the last answer finishes the attempt."""
    bank = bank_or_default(bank)
    attempt = _locked_attempt(session, attempt_id, actor)
    if attempt.finished_at is not None:
        raise DomainError("errors.quiz.attempt_finished")
    if attempt.deadline_at is not None and now > attempt.deadline_at:
        raise DomainError("errors.quiz.time_up")
    layout = layout_from_json(attempt.layout)
    if question_id not in {d.question_id for d in layout}:
        raise DomainError("errors.quiz.not_in_attempt")
    if _answers(session, attempt.id).get(question_id) is not None:
        raise DomainError("errors.quiz.already_answered")
    question = bank.questions.get(question_id)
    if question is None:
        raise DomainError("errors.quiz.question_gone", question=question_id)
    result = grade(question, response)
    try:
        with session.begin_nested():  # two tabs answering at once: the second meets the unique constraint
            session.add(
                QuizAnswer(
                    attempt_id=attempt.id, trainee_id=attempt.trainee_id, question_id=question_id,
                    topics=list(question.topics), response={"value": response}, correct=result.correct,
                    points=result.points, max_points=result.max_points, answered_at=now,
                )
            )
    except IntegrityError as exc:
        raise DomainError("errors.quiz.already_answered") from exc
    actor = _trainee(session, attempt.trainee_id).audience
    record_event(
        session, actor=actor, action="quiz.answered", entity="quiz_attempt", entity_id=attempt.id, at=now,
        trainee_id=attempt.trainee_id,
        data={"question_id": question_id, "correct": result.correct, "points": result.points},
    )
    finished = len(_answers(session, attempt.id)) >= len(layout)
    if finished:
        _finish(session, attempt, now, "completed", actor)
    return AnswerFeedback(question_id, result.correct, result.points, result.max_points, attempt.feedback == "immediate", finished)


def finish_attempt(session: Session, attempt_id: int, now: datetime, *, actor: Actor) -> QuizAttempt:
    """Hand the attempt in now (unanswered questions score 0); after the time limit it counts as time up."""
    attempt = _locked_attempt(session, attempt_id, actor)
    if attempt.finished_at is not None:
        raise DomainError("errors.quiz.attempt_finished")
    actor = _trainee(session, attempt.trainee_id).audience
    if attempt.deadline_at is not None and now > attempt.deadline_at:
        return _finish(session, attempt, attempt.deadline_at, "time_up", actor, recorded_at=now)
    return _finish(session, attempt, now, "finished_early", actor)


def _answers(session: Session, attempt_id: int) -> dict[str, QuizAnswer]:
    rows = session.scalars(select(QuizAnswer).where(QuizAnswer.attempt_id == attempt_id).order_by(QuizAnswer.id))
    return {a.question_id: a for a in rows}


def _finish(
    session: Session, attempt: QuizAttempt, at: datetime, ended_by: str, actor: str, recorded_at: datetime | None = None
) -> QuizAttempt:
    total = len(attempt.layout.get("questions", [])) * MAX_POINTS
    points = sum(a.points for a in _answers(session, attempt.id).values())
    score = round(points / total, 4) if total else 0.0
    values = {"score": score, "passed": score + 1e-9 >= attempt.pass_mark, "finished_at": at, "ended_by": ended_by}
    if not claim_where(session, QuizAttempt, attempt.id, [QuizAttempt.finished_at.is_(None)], values):
        raise DomainError("errors.quiz.attempt_finished")  # finished meanwhile: this transaction keeps nothing
    record_event(
        session, actor=actor, action="quiz.finished", entity="quiz_attempt", entity_id=attempt.id,
        from_state="in_progress", to_state="passed" if attempt.passed else "not_passed", at=recorded_at or at,
        trainee_id=attempt.trainee_id,
        data={"quiz_id": attempt.quiz_id, "score": attempt.score, "ended_by": ended_by},
    )
    issue_on_finish(session, trainee_id=attempt.trainee_id, step_key=f"quiz:{attempt.quiz_id}",
                    now=recorded_at or at, after={"quiz_attempt": attempt.id})  # the certificate once the rule is met
    session.flush()
    return attempt


@dataclass
class Progress:
    """Where an attempt stands: its questions, the answers so far, the next question to show."""

    attempt: QuizAttempt
    layout: list[DrawnQuestion]
    answers: dict[str, QuizAnswer]

    @property
    def next(self) -> DrawnQuestion | None:
        return next((d for d in self.layout if d.question_id not in self.answers), None)

    @property
    def position(self) -> int:
        """1-based number of the next question."""
        return len(self.answers) + 1


def progress(session: Session, attempt_id: int, *, actor: Actor) -> Progress:
    """The acting trainee's attempt with its answers; `next` is the first unanswered question (resume point)."""
    attempt = _attempt(session, attempt_id, actor)
    return Progress(attempt, layout_from_json(attempt.layout), _answers(session, attempt.id))


@dataclass(frozen=True)
class TopicScore:
    """Points on one topic of the quiz."""

    topic: str
    points: float
    max_points: float
    questions: int

    @property
    def share(self) -> float:
        return self.points / self.max_points if self.max_points else 0.0


@dataclass
class AttemptResult:
    """A finished attempt: score, passed, score per topic, and each question with its answer."""

    attempt: QuizAttempt
    topics: list[TopicScore]
    questions: list[tuple[DrawnQuestion, QuizAnswer | None]] = field(default_factory=list)


def results(session: Session, attempt_id: int, *, actor: Actor) -> AttemptResult:
    """The result of the acting trainee's finished attempt (an unfinished one shows no answers yet)."""
    state = progress(session, attempt_id, actor=actor)
    if state.attempt.finished_at is None:
        raise DomainError("errors.quiz.not_finished")
    per_topic: dict[str, list[float]] = {}
    for drawn in state.layout:
        answer = state.answers.get(drawn.question_id)
        slot = per_topic.setdefault(drawn.topic, [0.0, 0.0, 0])
        slot[0] += answer.points if answer else 0.0
        slot[1] += MAX_POINTS
        slot[2] += 1
    topics = [TopicScore(t, round(p, 4), m, int(n)) for t, (p, m, n) in per_topic.items()]
    return AttemptResult(state.attempt, topics, [(d, state.answers.get(d.question_id)) for d in state.layout])
