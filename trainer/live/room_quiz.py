"""The room quiz: the whole room plays one quiz together, one question at a time.

State machine (one row, `RoomQuiz.status`): `question` (open for answers, the timer running) → `reveal` (the
right answer and its explanation) → `leaderboard` → `question` (the next one) … → `finished`. The trainer moves
it on; each move is a conditional UPDATE on the status and position it was shown, so two clicks (two tabs, two
server processes) move it once and the second gets a clear message.

Scoring: by default accuracy only, `1,000 × the quiz engine's points` (partial credit as `trainer.quiz.grading`
gives it); with speed points on, a correct share earns between 50% (at the buzzer) and 100% (at once) of that:
`round(1000 × share × (1 − elapsed / timer / 2))`. Speed points need a timer.

Answers are quiz answers: each player has a `QuizAttempt` holding the room's layout (the same questions and option
order for everyone) and answers go through `trainer.quiz.services.answer_question`, so they count for mastery and
the dashboard like any quiz answer. An answer and the reveal are serialised on the room quiz row (the answer
counts itself there only while its question is still open), so no answer slips in after the reveal.

Public API: `start_room_quiz`, `answer`, `reveal`, `show_leaderboard`, `next_question`, `finish_room_quiz`
(changes); `current_room_quiz`, `projector_view`, `player_view`, `leaderboard`, `results_table` (reads).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from trainer.actor import Actor
from trainer.db.events import record_event
from trainer.db.guards import claim_where, lock_row
from trainer.errors import DomainError, NotFound
from trainer.live.access import ROOM_ENTITY, managed_workshop, member_enrolment, open_workshop
from trainer.live.models import RoomAnswer, RoomPlayer, RoomQuiz
from trainer.quiz import services as quiz_services
from trainer.quiz.draw import DrawnQuestion, draw, layout_from_json, layout_json
from trainer.quiz.loader import Bank
from trainer.quiz.models import QuizAttempt
from trainer.quiz.services import bank_or_default, quiz_definition
from trainer.training.models import Trainee

POINTS_PER_QUESTION = 1000
DEFAULT_TIMER_SECONDS = 60
TIMER_CHOICES = (60, 90, 120, 180, None)  # None: no timer (the trainer reveals when the room is ready)
MIN_TIMER_SECONDS = 30
MAX_TIMER_SECONDS = 600
GRACE = timedelta(seconds=2)  # an answer sent as the timer ends still counts (phones on hall Wi-Fi are slow)
STATUSES = ("question", "reveal", "leaderboard", "finished")
SEED_LIMIT = 2**31


def room_points(share: float, *, speed: bool, elapsed: float, timer: int | None) -> int:
    """Room points of one answer: 1,000 × share; with speed points, down to half of that at the buzzer."""
    base = POINTS_PER_QUESTION * max(0.0, min(1.0, share))
    if not speed or not timer or base == 0:
        return round(base)
    used = max(0.0, min(1.0, elapsed / timer))
    return round(base * (1 - used / 2))


def _check_timer(timer_seconds: int | None, speed_points: bool) -> None:
    if timer_seconds is None:
        if speed_points:
            raise DomainError("errors.live.speed_needs_timer")
        return
    if isinstance(timer_seconds, bool) or not isinstance(timer_seconds, int) or not (
            MIN_TIMER_SECONDS <= timer_seconds <= MAX_TIMER_SECONDS):
        raise DomainError("errors.live.bad_timer", low=MIN_TIMER_SECONDS, high=MAX_TIMER_SECONDS)


def _event(session: Session, rq: RoomQuiz, action: str, now: datetime, actor: Actor, *, trainee_id: int | None = None,
           data: dict[str, Any] | None = None, from_state: str | None = None, to_state: str | None = None) -> None:
    record_event(session, actor=actor.account_role or "trainee", action=action, entity=ROOM_ENTITY,
                 entity_id=rq.workshop_id, at=now, trainee_id=trainee_id, account_id=actor.account_id,
                 from_state=from_state, to_state=to_state, data={"room_quiz_id": rq.id, **(data or {})})


def current_room_quiz(session: Session, workshop_id: int) -> RoomQuiz | None:
    """The workshop's room quiz being played (not finished), if any."""
    return session.scalar(select(RoomQuiz).where(RoomQuiz.workshop_id == workshop_id, RoomQuiz.status != "finished")
                          .order_by(RoomQuiz.id.desc()).limit(1))


def start_room_quiz(session: Session, *, actor: Actor, workshop_id: int, quiz_id: str, now: datetime,
                    speed_points: bool = False, timer_seconds: int | None = DEFAULT_TIMER_SECONDS,
                    seed: int | None = None, bank: Bank | None = None) -> RoomQuiz:
    """The trainer starts a room quiz from any quiz definition; its first question opens at once."""
    workshop = managed_workshop(session, workshop_id, actor)
    if workshop.status != "open":
        raise DomainError("errors.live.workshop_closed")
    _check_timer(timer_seconds, speed_points)
    bank = bank_or_default(bank)
    quiz = quiz_definition(bank, quiz_id)
    from trainer.training.models import Workshop

    lock_row(session, Workshop, workshop_id)  # two "start" clicks at once: one room quiz
    if current_room_quiz(session, workshop_id) is not None:
        raise DomainError("errors.live.quiz_running")
    seed = secrets.randbelow(SEED_LIMIT) if seed is None else seed % SEED_LIMIT
    drawn = draw(bank, quiz, seed, ())
    if not drawn:
        raise DomainError("errors.live.quiz_empty", quiz=quiz_id)
    rq = RoomQuiz(workshop_id=workshop_id, quiz_id=quiz_id, seed=seed, layout=layout_json(drawn, ()),
                  speed_points=bool(speed_points), timer_seconds=timer_seconds, status="question", position=0,
                  question_started_at=now, answer_count=0, started_by=actor.account_id, started_at=now)
    session.add(rq)
    session.flush()
    _event(session, rq, "live.quiz_started", now, actor, to_state="question",
           data={"quiz_id": quiz_id, "questions": len(drawn), "speed_points": rq.speed_points, "timer": timer_seconds})
    return rq


def _room_quiz(session: Session, room_quiz_id: int) -> RoomQuiz:
    rq = session.get(RoomQuiz, room_quiz_id)
    if rq is None:
        raise NotFound("errors.live.unknown_room_quiz")
    return rq


def _layout(rq: RoomQuiz) -> list[DrawnQuestion]:
    return layout_from_json(rq.layout)


def deadline(rq: RoomQuiz) -> datetime | None:
    return rq.question_started_at + timedelta(seconds=rq.timer_seconds) if rq.timer_seconds else None


def _player(session: Session, rq: RoomQuiz, trainee_id: int, now: datetime) -> RoomPlayer:
    """The participant's place in the room quiz, with a quiz attempt holding the room's layout (made once)."""
    found = session.scalar(select(RoomPlayer).where(RoomPlayer.room_quiz_id == rq.id, RoomPlayer.trainee_id == trainee_id))
    if found is not None:
        return found
    trainee = session.get(Trainee, trainee_id)
    try:
        with session.begin_nested():  # the same person in two tabs: one player, one attempt
            attempt = QuizAttempt(trainee_id=trainee_id, quiz_id=rq.quiz_id, seed=rq.seed, layout=rq.layout,
                                  feedback="end", pass_mark=_pass_mark(rq), started_at=now, deadline_at=None)
            session.add(attempt)
            session.flush()
            player = RoomPlayer(room_quiz_id=rq.id, trainee_id=trainee_id, attempt_id=attempt.id, joined_at=now)
            session.add(player)
            session.flush()
    except IntegrityError:
        found = session.scalar(select(RoomPlayer).where(RoomPlayer.room_quiz_id == rq.id,
                                                        RoomPlayer.trainee_id == trainee_id))
        if found is None:
            raise
        return found
    record_event(session, actor=trainee.audience if trainee else "trainee", action="quiz.started",
                 entity="quiz_attempt", entity_id=attempt.id, to_state="in_progress", at=now, trainee_id=trainee_id,
                 data={"quiz_id": rq.quiz_id, "seed": rq.seed, "questions": len(_layout(rq)), "room_quiz_id": rq.id})
    return player


def _pass_mark(rq: RoomQuiz) -> float:
    try:
        return quiz_definition(bank_or_default(None), rq.quiz_id).pass_mark
    except Exception:  # noqa: BLE001 - the quiz file changed since: the attempt still needs a mark
        return 0.8


@dataclass(frozen=True)
class RoomAnswerResult:
    position: int
    correct: bool
    share: float
    points: int


def answer(session: Session, *, actor: Actor, room_quiz_id: int, position: int, response: Any, now: datetime,
           bank: Bank | None = None) -> RoomAnswerResult:
    """A participant answers the current question once (graded by the quiz engine, stored as a quiz answer)."""
    bank = bank_or_default(bank)
    rq = _room_quiz(session, room_quiz_id)
    member_enrolment(session, rq.workshop_id, actor)
    open_workshop(session, rq.workshop_id)
    # serialise on the room quiz row: counted only while this very question is still open
    if not claim_where(session, RoomQuiz, rq.id, [RoomQuiz.status == "question", RoomQuiz.position == position],
                       {"answer_count": RoomQuiz.answer_count + 1}):
        raise DomainError("errors.live.question_closed")
    session.refresh(rq)
    limit = deadline(rq)
    if limit is not None and now > limit + GRACE:
        raise DomainError("errors.live.time_up")
    layout = _layout(rq)
    drawn = layout[position]
    assert actor.trainee_id is not None
    player = _player(session, rq, actor.trainee_id, now)
    already = session.scalar(select(RoomAnswer.id).where(RoomAnswer.room_quiz_id == rq.id,
                                                         RoomAnswer.trainee_id == actor.trainee_id,
                                                         RoomAnswer.position == position))
    if already is not None:
        raise DomainError("errors.live.already_answered")
    feedback = quiz_services.answer_question(session, player.attempt_id, drawn.question_id, response, now,
                                             actor=actor, bank=bank)
    elapsed = max(0.0, (now - rq.question_started_at).total_seconds())
    points = room_points(feedback.points, speed=rq.speed_points, elapsed=elapsed, timer=rq.timer_seconds)
    quiz_answer_id = session.scalar(select(func.max(quiz_services.QuizAnswer.id)).where(
        quiz_services.QuizAnswer.attempt_id == player.attempt_id,
        quiz_services.QuizAnswer.question_id == drawn.question_id))
    session.add(RoomAnswer(room_quiz_id=rq.id, trainee_id=actor.trainee_id, position=position,
                           question_id=drawn.question_id, quiz_answer_id=quiz_answer_id, correct=feedback.correct,
                           share=feedback.points, points=points, elapsed_ms=int(elapsed * 1000), answered_at=now))
    session.flush()
    _event(session, rq, "live.quiz_answered", now, actor, trainee_id=actor.trainee_id,
           data={"position": position, "points": points})
    return RoomAnswerResult(position, feedback.correct, feedback.points, points)


def _move(session: Session, actor: Actor, room_quiz_id: int, expected: tuple[str, int], values: dict[str, Any],
          action: str, now: datetime) -> RoomQuiz:
    rq = _room_quiz(session, room_quiz_id)
    managed_workshop(session, rq.workshop_id, actor)
    status, position = expected
    if not claim_where(session, RoomQuiz, rq.id, [RoomQuiz.status == status, RoomQuiz.position == position], values):
        raise DomainError("errors.live.moved_on")
    session.refresh(rq)
    _event(session, rq, action, now, actor, from_state=status, to_state=rq.status, data={"position": rq.position})
    return rq


def reveal(session: Session, *, actor: Actor, room_quiz_id: int, position: int, now: datetime) -> RoomQuiz:
    """Close the question and show its answer and explanation (answers after this are refused)."""
    return _move(session, actor, room_quiz_id, ("question", position), {"status": "reveal"}, "live.quiz_revealed", now)


def show_leaderboard(session: Session, *, actor: Actor, room_quiz_id: int, position: int, now: datetime) -> RoomQuiz:
    return _move(session, actor, room_quiz_id, ("reveal", position), {"status": "leaderboard"},
                 "live.quiz_leaderboard", now)


def next_question(session: Session, *, actor: Actor, room_quiz_id: int, position: int, now: datetime) -> RoomQuiz:
    """Open the next question (from the leaderboard); after the last one the room quiz finishes."""
    rq = _room_quiz(session, room_quiz_id)
    if position + 1 >= len(_layout(rq)):
        return finish_room_quiz(session, actor=actor, room_quiz_id=room_quiz_id, now=now, expected=("leaderboard", position))
    return _move(session, actor, room_quiz_id, ("leaderboard", position),
                 {"status": "question", "position": position + 1, "question_started_at": now, "answer_count": 0},
                 "live.quiz_next", now)


def finish_room_quiz(session: Session, *, actor: Actor, room_quiz_id: int, now: datetime,
                     expected: tuple[str, int] | None = None) -> RoomQuiz:
    """End the room quiz (after the last leaderboard, or early): every player's attempt is handed in."""
    rq = _room_quiz(session, room_quiz_id)
    managed_workshop(session, rq.workshop_id, actor)
    where = [RoomQuiz.status != "finished"]
    if expected is not None:
        where = [RoomQuiz.status == expected[0], RoomQuiz.position == expected[1]]
    before = rq.status
    if not claim_where(session, RoomQuiz, rq.id, where, {"status": "finished", "finished_at": now}):
        raise DomainError("errors.live.moved_on")
    session.refresh(rq)
    for player in session.scalars(select(RoomPlayer).where(RoomPlayer.room_quiz_id == rq.id)):
        attempt = session.get(QuizAttempt, player.attempt_id)
        if attempt is not None and attempt.finished_at is None:
            quiz_services.finish_attempt(session, attempt.id, now,
                                         actor=Actor.trainee("citizen", attempt.trainee_id))
    _event(session, rq, "live.quiz_finished", now, actor, from_state=before, to_state="finished")
    return rq


# --- reads ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Standing:
    rank: int
    trainee_id: int
    name: str
    points: int
    correct: int
    answered: int


def leaderboard(session: Session, room_quiz_id: int) -> tuple[Standing, ...]:
    """Every player by room points (ties share a rank), then by name."""
    rows = session.execute(
        select(RoomPlayer.trainee_id, Trainee.name, func.coalesce(func.sum(RoomAnswer.points), 0),
               func.count(RoomAnswer.id), func.coalesce(func.sum(func.cast(RoomAnswer.correct, _int())), 0))
        .join(Trainee, Trainee.id == RoomPlayer.trainee_id)
        .outerjoin(RoomAnswer, (RoomAnswer.room_quiz_id == RoomPlayer.room_quiz_id)
                   & (RoomAnswer.trainee_id == RoomPlayer.trainee_id))
        .where(RoomPlayer.room_quiz_id == room_quiz_id)
        .group_by(RoomPlayer.trainee_id, Trainee.name)).all()
    ordered = sorted(rows, key=lambda r: (-int(r[2]), r[1].casefold(), r[0]))
    out: list[Standing] = []
    for i, (tid, name, points, answered, correct) in enumerate(ordered):
        rank = out[-1].rank if out and out[-1].points == int(points) else i + 1
        out.append(Standing(rank, tid, name, int(points), int(correct), int(answered)))
    return tuple(out)


def _int():
    from sqlalchemy import Integer

    return Integer


@dataclass(frozen=True)
class OptionCount:
    label_key: str  # an option id (single/multiple) or "true"/"false"
    count: int
    correct: bool


@dataclass(frozen=True)
class RoomQuizView:
    """What the projector and each device show of a room quiz at this moment (plain values)."""

    id: int
    workshop_id: int
    quiz_id: str
    status: str
    position: int
    total: int
    question_id: str
    order: tuple[Any, ...]
    answer_count: int
    players: int
    speed_points: bool
    timer_seconds: int | None
    question_started_at: datetime
    deadline: datetime | None
    correct_count: int  # right answers to the current question (shown from the reveal on)
    counts: tuple[OptionCount, ...]

    def remaining(self, now: datetime) -> int | None:
        if self.deadline is None:
            return None
        return max(0, int((self.deadline - now).total_seconds() + 0.999))


def room_quiz_view(session: Session, rq: RoomQuiz, bank: Bank | None = None) -> RoomQuizView:
    layout = _layout(rq)
    drawn = layout[min(rq.position, len(layout) - 1)]
    answers = list(session.scalars(select(RoomAnswer).where(RoomAnswer.room_quiz_id == rq.id,
                                                            RoomAnswer.position == rq.position)))
    players = session.scalar(select(func.count()).select_from(RoomPlayer).where(RoomPlayer.room_quiz_id == rq.id)) or 0
    counts: tuple[OptionCount, ...] = ()
    if rq.status != "question":
        counts = _option_counts(session, bank_or_default(bank), drawn, [a.quiz_answer_id for a in answers])
    return RoomQuizView(rq.id, rq.workshop_id, rq.quiz_id, rq.status, rq.position, len(layout), drawn.question_id,
                        tuple(drawn.order), rq.answer_count, int(players), rq.speed_points, rq.timer_seconds,
                        rq.question_started_at, deadline(rq), sum(1 for a in answers if a.correct), counts)


def _option_counts(session: Session, bank: Bank, drawn: DrawnQuestion, answer_ids: list[int]) -> tuple[OptionCount, ...]:
    from trainer.quiz.schema import MultipleQuestion, SingleQuestion, TrueFalseQuestion

    question = bank.questions.get(drawn.question_id)
    if question is None or not answer_ids:
        return ()
    responses = [a.response.get("value") for a in session.scalars(
        select(quiz_services.QuizAnswer).where(quiz_services.QuizAnswer.id.in_(answer_ids)))]
    if isinstance(question, (SingleQuestion, MultipleQuestion)):
        out = []
        for option in question.options:
            n = sum(1 for r in responses if r == option.id or (isinstance(r, list) and option.id in r))
            out.append(OptionCount(option.id, n, option.correct))
        return tuple(out)
    if isinstance(question, TrueFalseQuestion):
        return tuple(OptionCount(str(v).lower(), sum(1 for r in responses if r is v), v == question.answer)
                     for v in (True, False))
    return ()


def view_for_workshop(session: Session, workshop_id: int, bank: Bank | None = None) -> RoomQuizView | None:
    rq = current_room_quiz(session, workshop_id)
    return room_quiz_view(session, rq, bank) if rq is not None else None


def projector_view(session: Session, *, actor: Actor, workshop_id: int, bank: Bank | None = None) -> RoomQuizView | None:
    """The trainer's view of the room quiz being played (None when none is)."""
    managed_workshop(session, workshop_id, actor)
    return view_for_workshop(session, workshop_id, bank)


@dataclass(frozen=True)
class PlayerView:
    quiz: RoomQuizView
    my_answer: Any  # the response given to the current question, or None
    my_points: int | None
    my_correct: bool | None
    my_total: int
    my_rank: int | None


def player_view(session: Session, *, actor: Actor, workshop_id: int, bank: Bank | None = None) -> PlayerView | None:
    """What a participant's own device shows: the current question and whether (and how) they answered it."""
    member_enrolment(session, workshop_id, actor)
    rq = current_room_quiz(session, workshop_id)
    if rq is None:
        return None
    view = room_quiz_view(session, rq, bank)
    mine = session.scalar(select(RoomAnswer).where(RoomAnswer.room_quiz_id == rq.id,
                                                   RoomAnswer.trainee_id == actor.trainee_id,
                                                   RoomAnswer.position == rq.position))
    response = None
    if mine is not None:
        qa = session.get(quiz_services.QuizAnswer, mine.quiz_answer_id)
        response = qa.response.get("value") if qa is not None else None
    board = leaderboard(session, rq.id)
    me = next((s for s in board if s.trainee_id == actor.trainee_id), None)
    return PlayerView(view, response, mine.points if mine else None, mine.correct if mine else None,
                      me.points if me else 0, me.rank if me else None)


@dataclass(frozen=True)
class ResultRow:
    name: str
    unit_code: str | None
    rank: int
    points: int
    correct: int
    answered: int
    per_question: tuple[tuple[bool, float, int] | None, ...]  # (correct, share, points) per question


def results_table(session: Session, *, actor: Actor, room_quiz_id: int) -> tuple[RoomQuiz, tuple[ResultRow, ...]]:
    """Every player's result, question by question (for the XLSX export)."""
    rq = _room_quiz(session, room_quiz_id)
    managed_workshop(session, rq.workshop_id, actor)
    total = len(_layout(rq))
    answers: dict[int, dict[int, RoomAnswer]] = {}
    for a in session.scalars(select(RoomAnswer).where(RoomAnswer.room_quiz_id == rq.id)):
        answers.setdefault(a.trainee_id, {})[a.position] = a
    rows = []
    for s in leaderboard(session, rq.id):
        trainee = session.get(Trainee, s.trainee_id)
        mine = answers.get(s.trainee_id, {})
        per = tuple((mine[i].correct, mine[i].share, mine[i].points) if i in mine else None for i in range(total))
        rows.append(ResultRow(s.name, trainee.unit_code if trainee else None, s.rank, s.points, s.correct, s.answered, per))
    return rq, tuple(rows)


def room_quizzes(session: Session, *, actor: Actor, workshop_id: int) -> tuple[RoomQuiz, ...]:
    """The workshop's room quizzes, newest first (to export a finished one's results)."""
    managed_workshop(session, workshop_id, actor)
    return tuple(session.scalars(select(RoomQuiz).where(RoomQuiz.workshop_id == workshop_id)
                                 .order_by(RoomQuiz.id.desc())))


@dataclass(frozen=True)
class RoomTick:
    """The few values a device's tick reads of the room quiz (one indexed row): redraw when they move."""

    room_quiz_id: int | None
    status: str | None
    position: int
    answer_count: int


def room_tick(session: Session, workshop_id: int) -> RoomTick:
    row = session.execute(select(RoomQuiz.id, RoomQuiz.status, RoomQuiz.position, RoomQuiz.answer_count)
                          .where(RoomQuiz.workshop_id == workshop_id, RoomQuiz.status != "finished")
                          .order_by(RoomQuiz.id.desc()).limit(1)).first()
    if row is None:
        return RoomTick(None, None, 0, 0)
    return RoomTick(int(row[0]), str(row[1]), int(row[2]), int(row[3]))
