"""The room quiz on SQLite and PostgreSQL: question → reveal → leaderboard → next, scoring (accuracy only and
with speed points), answers stored as quiz answers, once per question, refused after the reveal; who may do what."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.live.helpers import NOW, account, room
from tests.races import TRIALS, race
from trainer.db.engine import get_session_factory
from trainer.errors import TrainerError
from trainer.live import room_quiz as rqz
from trainer.live.models import RoomAnswer
from trainer.quiz.grading import correct_response
from trainer.quiz.loader import cached_bank, default_root
from trainer.quiz.models import QuizAnswer, QuizAttempt
from trainer.quiz.schema import MultipleQuestion

T0 = NOW + timedelta(minutes=30)


def bank():
    return cached_bank(default_root())


def refused(url, call) -> str:
    with pytest.raises(TrainerError) as info, get_session_factory(url).begin() as session:
        call(session)
    return info.value.key


def do(url, call):
    with get_session_factory(url).begin() as session:
        return call(session)


def wrong_response(question):
    right = correct_response(question)
    if isinstance(right, bool):
        return not right
    if isinstance(right, str) and hasattr(question, "options"):
        return next(o.id for o in question.options if o.id != right)
    if isinstance(question, MultipleQuestion):
        return [o.id for o in question.options if not o.correct][:1] or right[:1]
    return right


def start(url, r, **kw):
    kw.setdefault("quiz_id", "co-ban")
    return do(url, lambda s: rqz.start_room_quiz(s, actor=r.trainer, workshop_id=r.workshop_id, now=T0, seed=7, **kw).id)


def question_of(url, rq_id):
    with get_session_factory(url)() as session:
        view = rqz.room_quiz_view(session, session.get(rqz.RoomQuiz, rq_id))
        return view, bank().questions[view.question_id]


def test_a_room_quiz_is_played_question_by_question_to_the_leaderboard_with_accuracy_only(db_url):
    r = room(db_url)
    rq_id = start(db_url, r)
    mai, dung, hoa = r.people
    view, question = question_of(db_url, rq_id)
    assert view.status == "question" and view.position == 0 and view.timer_seconds == 60 and not view.speed_points
    # Mai answers right at once, Dũng right after 50 s, Hoa wrong: speed does not count by default
    got = [do(db_url, lambda s, a=a, resp=resp, dt=dt: rqz.answer(
        s, actor=a, room_quiz_id=rq_id, position=0, response=resp, now=T0 + timedelta(seconds=dt)))
        for a, resp, dt in ((mai, correct_response(question), 1), (dung, correct_response(question), 50),
                            (hoa, wrong_response(question), 5))]
    assert [g.points for g in got] == [1000, 1000, 0]
    assert question_of(db_url, rq_id)[0].answer_count == 3
    # once per question
    assert refused(db_url, lambda s: rqz.answer(s, actor=mai, room_quiz_id=rq_id, position=0,
                                                response=correct_response(question), now=T0)) == "errors.live.already_answered"
    do(db_url, lambda s: rqz.reveal(s, actor=r.trainer, room_quiz_id=rq_id, position=0, now=T0 + timedelta(seconds=61)))
    view, _ = question_of(db_url, rq_id)
    assert view.status == "reveal" and view.correct_count == 2
    do(db_url, lambda s: rqz.show_leaderboard(s, actor=r.trainer, room_quiz_id=rq_id, position=0, now=T0))
    with get_session_factory(db_url)() as session:
        board = rqz.leaderboard(session, rq_id)
    assert [(s.rank, s.name, s.points) for s in board] == [(1, "Hà Văn Dũng", 1000), (1, "Lò Thị Mai", 1000),
                                                           (3, "Nông Thị Hoa", 0)]
    do(db_url, lambda s: rqz.next_question(s, actor=r.trainer, room_quiz_id=rq_id, position=0, now=T0 + timedelta(minutes=2)))
    view, _ = question_of(db_url, rq_id)
    assert view.status == "question" and view.position == 1 and view.answer_count == 0
    # the answers are quiz answers of a quiz attempt each (mastery and the dashboard read them)
    with get_session_factory(db_url)() as session:
        stored = session.scalars(select(QuizAnswer).where(QuizAnswer.trainee_id == mai.trainee_id)).all()
        assert [a.question_id for a in stored] == [question.id] and stored[0].correct
        assert session.scalar(select(QuizAttempt.quiz_id).where(QuizAttempt.trainee_id == mai.trainee_id)) == "co-ban"
    # play to the end: the room quiz finishes and every attempt is handed in
    for position in range(1, view.total):
        do(db_url, lambda s, p=position: rqz.reveal(s, actor=r.trainer, room_quiz_id=rq_id, position=p, now=T0))
        do(db_url, lambda s, p=position: rqz.show_leaderboard(s, actor=r.trainer, room_quiz_id=rq_id, position=p, now=T0))
        do(db_url, lambda s, p=position: rqz.next_question(s, actor=r.trainer, room_quiz_id=rq_id, position=p, now=T0))
    with get_session_factory(db_url)() as session:
        assert session.get(rqz.RoomQuiz, rq_id).status == "finished"
        assert rqz.current_room_quiz(session, r.workshop_id) is None
        attempts = session.scalars(select(QuizAttempt).where(QuizAttempt.trainee_id.in_([p.trainee_id for p in r.people])))
        assert all(a.finished_at is not None for a in attempts)
        _, rows = rqz.results_table(session, actor=r.trainer, room_quiz_id=rq_id)
        assert [row.points for row in rows] == [1000, 1000, 0] and len(rows[0].per_question) == view.total


def test_speed_points_reward_a_quick_right_answer_and_need_a_timer(db_url):
    r = room(db_url)
    assert refused(db_url, lambda s: rqz.start_room_quiz(
        s, actor=r.trainer, workshop_id=r.workshop_id, quiz_id="co-ban", now=T0, speed_points=True,
        timer_seconds=None)) == "errors.live.speed_needs_timer"
    assert refused(db_url, lambda s: rqz.start_room_quiz(
        s, actor=r.trainer, workshop_id=r.workshop_id, quiz_id="co-ban", now=T0, timer_seconds=5)) == "errors.live.bad_timer"
    rq_id = start(db_url, r, speed_points=True, timer_seconds=120)
    _, question = question_of(db_url, rq_id)
    mai, dung, hoa = r.people
    pts = [do(db_url, lambda s, a=a, dt=dt: rqz.answer(s, actor=a, room_quiz_id=rq_id, position=0,
                                                       response=correct_response(question),
                                                       now=T0 + timedelta(seconds=dt))).points
           for a, dt in ((mai, 0), (dung, 60))]
    assert pts == [1000, 750]
    # after the timer (and its 2-second grace) an answer is refused, and the count does not move
    assert refused(db_url, lambda s: rqz.answer(s, actor=hoa, room_quiz_id=rq_id, position=0,
                                                response=correct_response(question),
                                                now=T0 + timedelta(seconds=123))) == "errors.live.time_up"
    assert question_of(db_url, rq_id)[0].answer_count == 2


def test_room_points_follow_the_quiz_engines_partial_credit():
    assert rqz.room_points(0.5, speed=False, elapsed=3, timer=60) == 500
    assert rqz.room_points(1.0, speed=True, elapsed=60, timer=60) == 500
    assert rqz.room_points(1.0, speed=True, elapsed=999, timer=60) == 500
    assert rqz.room_points(0.0, speed=True, elapsed=0, timer=60) == 0
    assert rqz.room_points(0.5, speed=True, elapsed=30, timer=60) == 375
    assert rqz.room_points(1.0, speed=False, elapsed=0, timer=None) == 1000


def test_a_reload_finds_the_current_question_and_ones_own_answer(db_url):
    r = room(db_url)
    rq_id = start(db_url, r, timer_seconds=None)
    mai = r.people[0]
    with get_session_factory(db_url)() as session:
        before = rqz.player_view(session, actor=mai, workshop_id=r.workshop_id)
    assert before.quiz.position == 0 and before.my_answer is None and before.quiz.deadline is None
    _, question = question_of(db_url, rq_id)
    do(db_url, lambda s: rqz.answer(s, actor=mai, room_quiz_id=rq_id, position=0,
                                    response=correct_response(question), now=T0 + timedelta(minutes=9)))
    with get_session_factory(db_url)() as session:
        after = rqz.player_view(session, actor=mai, workshop_id=r.workshop_id)
    assert after.my_answer == correct_response(question) and after.my_points == 1000 and after.my_rank == 1


def test_answers_after_the_reveal_are_refused_and_the_trainer_moves_on_once(db_url):
    r = room(db_url)
    rq_id = start(db_url, r)
    _, question = question_of(db_url, rq_id)
    do(db_url, lambda s: rqz.reveal(s, actor=r.trainer, room_quiz_id=rq_id, position=0, now=T0))
    assert refused(db_url, lambda s: rqz.reveal(s, actor=r.trainer, room_quiz_id=rq_id, position=0, now=T0)) \
        == "errors.live.moved_on"
    assert refused(db_url, lambda s: rqz.answer(s, actor=r.people[0], room_quiz_id=rq_id, position=0,
                                                response=correct_response(question), now=T0)) == "errors.live.question_closed"
    assert refused(db_url, lambda s: rqz.start_room_quiz(s, actor=r.trainer, workshop_id=r.workshop_id,
                                                         quiz_id="co-ban", now=T0)) == "errors.live.quiz_running"


def test_only_the_workshops_trainer_runs_it_and_only_its_participants_answer(db_url):
    r = room(db_url)
    other_trainer = account(db_url, "gv.khac")
    other = room(db_url, names=("Người Lớp Khác",), trainer=other_trainer)
    assert refused(db_url, lambda s: rqz.start_room_quiz(s, actor=other_trainer, workshop_id=r.workshop_id,
                                                         quiz_id="co-ban", now=T0)) == "errors.workshops.not_your_workshop"
    assert refused(db_url, lambda s: rqz.start_room_quiz(s, actor=r.people[0], workshop_id=r.workshop_id,
                                                         quiz_id="co-ban", now=T0)) == "errors.workshops.forbidden"
    rq_id = start(db_url, r)
    _, question = question_of(db_url, rq_id)
    assert refused(db_url, lambda s: rqz.answer(s, actor=other.people[0], room_quiz_id=rq_id, position=0,
                                                response=correct_response(question), now=T0)) == "errors.live.not_a_participant"
    assert refused(db_url, lambda s: rqz.reveal(s, actor=r.people[0], room_quiz_id=rq_id, position=0, now=T0)) \
        == "errors.workshops.forbidden"
    assert refused(db_url, lambda s: rqz.answer(s, actor=r.people[0], room_quiz_id=rq_id, position=0,
                                                response="", now=T0)) == "errors.quiz.no_answer"
    assert question_of(db_url, rq_id)[0].answer_count == 0  # a refused answer counts nothing


def test_two_tabs_answering_at_once_keep_one_answer_and_the_reveal_never_lets_one_slip_in(db_url):
    r = room(db_url, names=("Lò Thị Mai", "Hà Văn Dũng"))
    mai, dung = r.people
    bad = []
    for trial in range(TRIALS // 2):
        rq_id = start(db_url, r)
        _, question = question_of(db_url, rq_id)
        right = correct_response(question)
        same = race(db_url, *[lambda s: rqz.answer(s, actor=mai, room_quiz_id=rq_id, position=0, response=right,  # noqa: B023
                                                   now=T0).points] * 2)
        late = race(db_url,
                    lambda s: rqz.answer(s, actor=dung, room_quiz_id=rq_id, position=0, response=right, now=T0).points,  # noqa: B023
                    lambda s: rqz.reveal(s, actor=r.trainer, room_quiz_id=rq_id, position=0, now=T0).status)  # noqa: B023
        with get_session_factory(db_url)() as session:
            answers = session.scalar(select(func.count()).select_from(RoomAnswer).where(RoomAnswer.room_quiz_id == rq_id))
            view = rqz.room_quiz_view(session, session.get(rqz.RoomQuiz, rq_id))
        ok = (not same.crashed and sorted(same.results) == [1000] and same.refused == ["errors.live.already_answered"]
              and not late.crashed and view.status == "reveal" and answers == view.answer_count
              and answers == 1 + (1000 in late.results)
              and (late.refused in ([], ["errors.live.question_closed"])))
        if not ok:
            bad.append((trial, same, late, answers, view.answer_count))
        do(db_url, lambda s: rqz.finish_room_quiz(s, actor=r.trainer, room_quiz_id=rq_id, now=T0))  # noqa: B023
    assert not bad, f"{len(bad)} trials went wrong; first: {bad[0]}"
