"""The live board and help where it is needed, on SQLite and PostgreSQL: progress per path step, the one version
number a tick reads, raised hands, stuck participants, a listed mistake made twice (named), "đã hỗ trợ"."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.live.helpers import NOW, account, room
from tests.races import race
from trainer.coach import runs
from trainer.coach.models import Run, RunMistake
from trainer.db.engine import get_session_factory
from trainer.errors import TrainerError
from trainer.live import board as lb
from trainer.live.models import HelpRequest

T0 = NOW + timedelta(minutes=20)


def do(url, call):
    with get_session_factory(url).begin() as session:
        return call(session)


def refused(url, call) -> str:
    with pytest.raises(TrainerError) as info, get_session_factory(url).begin() as session:
        call(session)
    return info.value.key


def read_board(url, r, now):
    with get_session_factory(url)() as session:
        return lb.board(session, actor=r.trainer, workshop_id=r.workshop_id, now=now)


def row_of(b, actor):
    return next(row for row in b.rows if row.trainee_id == actor.trainee_id)


def start(url, actor, scenario, now):
    return do(url, lambda s: runs.start_run(s, scenario, actor=actor, now=now).id)


def test_the_board_shows_each_step_done_in_progress_or_not_started_alone_or_with_help(db_url):
    r = room(db_url)
    mai, dung, hoa = r.people
    v0 = do(db_url, lambda s: lb.board_version(s, r.workshop_id))
    b = read_board(db_url, r, T0)
    assert b.join_code == r.join_code and len(b.rows) == 3 and b.stuck_minutes == 10
    assert [c.state for c in row_of(b, mai).cells] == ["not_started"] * 7
    run_id = start(db_url, mai, "desk-walk-in-receipt", T0)
    v1 = do(db_url, lambda s: lb.board_version(s, r.workshop_id))
    assert v1 != v0  # the tick sees it
    assert row_of(read_board(db_url, r, T0), mai).cells[0].state == "in_progress"
    with get_session_factory(db_url).begin() as session:  # the run passed (as the coach would end it)
        run = session.get(Run, run_id)
        run.status, run.finished_at, run.score = "passed", T0 + timedelta(minutes=5), run.max_score
    done = row_of(read_board(db_url, r, T0), mai).cells[0]
    assert (done.state, done.how) == ("done", "alone")
    # Dũng is helped during his run: "đã hỗ trợ" credits that run "with help"
    run2 = start(db_url, dung, "desk-walk-in-receipt", T0)
    do(db_url, lambda s: lb.mark_helped(s, actor=r.trainer, workshop_id=r.workshop_id, trainee_id=dung.trainee_id,
                                        now=T0 + timedelta(minutes=1)))
    with get_session_factory(db_url).begin() as session:
        run = session.get(Run, run2)
        assert run.with_help
        run.status, run.finished_at = "passed", T0 + timedelta(minutes=6)
    cell = row_of(read_board(db_url, r, T0), dung).cells[0]
    assert (cell.state, cell.how) == ("done", "with_help")
    assert row_of(read_board(db_url, r, T0), hoa).cells[0].state == "not_started"


def test_a_raised_hand_is_highlighted_until_the_trainer_marks_it_helped_and_the_participant_sees_it(db_url):
    r = room(db_url)
    mai = r.people[0]
    v0 = do(db_url, lambda s: lb.board_version(s, r.workshop_id))
    do(db_url, lambda s: lb.raise_hand(s, actor=mai, workshop_id=r.workshop_id, now=T0, page="mot-cua"))
    do(db_url, lambda s: lb.raise_hand(s, actor=mai, workshop_id=r.workshop_id, now=T0 + timedelta(seconds=5)))
    assert do(db_url, lambda s: lb.board_version(s, r.workshop_id)) != v0
    b = read_board(db_url, r, T0)
    assert [row.name for row in b.needing_help] == ["Lò Thị Mai"]
    assert row_of(b, mai).flags.hand_at == T0 and row_of(b, mai).flags.hand_page == "mot-cua"
    with get_session_factory(db_url)() as session:
        assert len(session.scalars(select(HelpRequest)).all()) == 1  # pressed twice: one hand
        mine = lb.my_help(session, actor=mai, workshop_id=r.workshop_id)
    assert mine.hand_at == T0 and mine.notice is None
    given = do(db_url, lambda s: lb.mark_helped(s, actor=r.trainer, workshop_id=r.workshop_id,
                                                trainee_id=mai.trainee_id, now=T0 + timedelta(minutes=2)).id)
    assert read_board(db_url, r, T0).needing_help == ()
    with get_session_factory(db_url)() as session:
        mine = lb.my_help(session, actor=mai, workshop_id=r.workshop_id)
    assert mine.hand_at is None and mine.notice is not None and mine.notice.help_given_id == given
    do(db_url, lambda s: lb.acknowledge_help(s, actor=mai, workshop_id=r.workshop_id, help_given_id=given, now=T0))
    with get_session_factory(db_url)() as session:
        assert lb.my_help(session, actor=mai, workshop_id=r.workshop_id).notice is None
    # lowering one's own hand
    do(db_url, lambda s: lb.raise_hand(s, actor=mai, workshop_id=r.workshop_id, now=T0 + timedelta(minutes=3)))
    do(db_url, lambda s: lb.lower_hand(s, actor=mai, workshop_id=r.workshop_id, now=T0 + timedelta(minutes=4)))
    assert read_board(db_url, r, T0).needing_help == ()
    assert refused(db_url, lambda s: lb.lower_hand(s, actor=mai, workshop_id=r.workshop_id, now=T0)) == "errors.live.no_hand"


def test_stuck_longer_than_the_rooms_setting_is_flagged_and_cleared_by_help(db_url):
    r = room(db_url)
    mai = r.people[0]
    start(db_url, mai, "desk-walk-in-receipt", T0)
    assert read_board(db_url, r, T0 + timedelta(minutes=9)).needing_help == ()
    stuck = row_of(read_board(db_url, r, T0 + timedelta(minutes=11)), mai).flags
    assert stuck.stuck_step is not None and stuck.stuck_step.startswith("desk-walk-in-receipt:")
    do(db_url, lambda s: lb.set_stuck_minutes(s, actor=r.trainer, workshop_id=r.workshop_id, minutes=15, now=T0))
    assert read_board(db_url, r, T0 + timedelta(minutes=11)).needing_help == ()
    assert refused(db_url, lambda s: lb.set_stuck_minutes(s, actor=r.trainer, workshop_id=r.workshop_id, minutes=0,
                                                          now=T0)) == "errors.live.bad_stuck_minutes"
    assert refused(db_url, lambda s: lb.set_stuck_minutes(s, actor=mai, workshop_id=r.workshop_id, minutes=5,
                                                          now=T0)) == "errors.workshops.forbidden"
    assert row_of(read_board(db_url, r, T0 + timedelta(minutes=16)), mai).flags.stuck_step is not None
    do(db_url, lambda s: lb.mark_helped(s, actor=r.trainer, workshop_id=r.workshop_id, trainee_id=mai.trainee_id,
                                        now=T0 + timedelta(minutes=16)))
    assert row_of(read_board(db_url, r, T0 + timedelta(minutes=20)), mai).flags.stuck_step is None  # the clock restarts
    assert row_of(read_board(db_url, r, T0 + timedelta(minutes=32)), mai).flags.stuck_step is not None


def test_the_same_listed_mistake_in_two_runs_is_named_and_cleared_by_help(db_url):
    r = room(db_url)
    dung = r.people[1]
    for i in range(2):
        run_id = start(db_url, dung, "desk-supplement-once", T0 + timedelta(minutes=i))
        with get_session_factory(db_url).begin() as session:  # the coach detected the listed mistake in this run
            session.add(RunMistake(run_id=run_id, mistake_id="asked-not-required", step_id=None,
                                   at=T0 + timedelta(minutes=i, seconds=30)))
        if i == 0:
            assert row_of(read_board(db_url, r, T0), dung).flags.mistakes == ()  # once is not flagged
    flags = row_of(read_board(db_url, r, T0 + timedelta(minutes=2)), dung).flags
    (mistake,) = flags.mistakes
    assert mistake.mistake_id == "asked-not-required" and mistake.times == 2
    assert mistake.name_vi.startswith("Thành phần hồ sơ bắt buộc")  # named by its review line
    given = do(db_url, lambda s: lb.mark_helped(s, actor=r.trainer, workshop_id=r.workshop_id,
                                                trainee_id=dung.trainee_id, now=T0 + timedelta(minutes=3)).reasons)
    assert "mistake:asked-not-required" in given
    assert row_of(read_board(db_url, r, T0 + timedelta(minutes=3)), dung).flags.mistakes == ()


def test_only_the_workshops_people_raise_hands_and_only_its_trainer_reads_the_board(db_url):
    r = room(db_url)
    other_trainer = account(db_url, "gv.khac")
    other = room(db_url, names=("Người Lớp Khác",), trainer=other_trainer)
    assert refused(db_url, lambda s: lb.raise_hand(s, actor=other.people[0], workshop_id=r.workshop_id, now=T0)) \
        == "errors.live.not_a_participant"
    assert refused(db_url, lambda s: lb.board(s, actor=other_trainer, workshop_id=r.workshop_id, now=T0)) \
        == "errors.workshops.not_your_workshop"
    assert refused(db_url, lambda s: lb.board(s, actor=r.people[0], workshop_id=r.workshop_id, now=T0)) \
        == "errors.workshops.forbidden"
    assert refused(db_url, lambda s: lb.mark_helped(s, actor=r.trainer, workshop_id=r.workshop_id,
                                                    trainee_id=other.people[0].trainee_id, now=T0)) \
        == "errors.live.unknown_participant"


def test_two_tabs_raising_a_hand_at_once_raise_one(db_url):
    r = room(db_url, names=("Lò Thị Mai",))
    mai = r.people[0]
    for trial in range(5):
        outcome = race(db_url, *[lambda s: lb.raise_hand(s, actor=mai, workshop_id=r.workshop_id, now=T0).id] * 2)
        assert not outcome.crashed and not outcome.refused and len(set(outcome.results)) == 1, (trial, outcome)
        do(db_url, lambda s: lb.lower_hand(s, actor=mai, workshop_id=r.workshop_id, now=T0))
