"""Runs: stored on both databases, steps pass on real state only and in order, hints cost points, help is marked."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy.orm import Session

from tests.coach.solutions import REAL_NOW, Play, supplement_once
from trainer.actor import Actor
from trainer.coach.models import RunHint, RunStep
from trainer.coach.runs import (
    abandon_run,
    active_run,
    check_run,
    mark_help,
    run_view,
    runs_of,
    start_run,
    use_hint,
)
from trainer.coach.scoring import compute
from trainer.db.engine import get_session_factory
from trainer.errors import DomainError
from trainer.sandbox import lifecycle, portal
from trainer.sandbox.sandboxes import sandbox_now
from trainer.training.trainees import create_trainee

LATER = datetime(2026, 11, 28, 3, 20)


NOBODY = Actor.playing("desk_officer")  # no profile: plays the runs started without one


def _trainee(session: Session) -> Actor:
    trainee = create_trainee(session, name="Nông Thị Hoa", audience="official", unit_code=None, now=REAL_NOW)
    return Actor.trainee("desk_officer", trainee.id, name=trainee.name)


def test_a_run_is_stored_with_its_steps_and_resumed_in_a_new_session(db_url: str) -> None:
    factory = get_session_factory(db_url)
    with factory.begin() as session:
        trainee = _trainee(session)
        run_id = start_run(session, "desk-refusal", actor=trainee, now=REAL_NOW).id
    with factory.begin() as session:  # a browser reload: nothing but the ids survives
        run = active_run(session, trainee)
        assert run is not None and run.id == run_id and run.sandbox_id is not None
        lifecycle.receive_online(session, run.sandbox_id, run.refs["dossiers"]["d2"],
                                 actor=Actor.playing("desk_officer"),
                                 now=sandbox_now(session, run.sandbox_id))
        view = check_run(session, run_id, LATER, actor=trainee)
        assert {s.id: s.result for s in view.steps}["receive"] == "passed"
    with factory() as session:
        rows = {r.step_id: r for r in session.query(RunStep).filter_by(run_id=run_id)}
        assert rows["receive"].passed_at == LATER and rows["receive"].points == 10
        assert rows["refuse"].result == "current" and rows["refuse"].passed_at is None
        assert [r.id for r in runs_of(session, trainee)] == [run_id]


def test_in_sequence_a_later_step_waits_for_the_earlier_one_even_when_its_state_holds(sqlite_url: str) -> None:
    with get_session_factory(sqlite_url).begin() as session:
        me = _trainee(session)
        run = start_run(session, "citizen-online-level4-payment", actor=me, now=REAL_NOW)
        play = Play(session, run.id, me.trainee_id)
        view = play.check()
        assert view.current is not None and view.current.id == "start-dossier"
        assert [s.result for s in view.steps] == ["current", "pending", "pending", "pending"]
        dossier = play.act(portal.start_online_dossier, citizen_id=play.citizen("c1"), procedure_code="1.004873",
                           actor=play.actor("citizen"), now=play.now)
        play.act(portal.choose_delivery, dossier.id, delivery="electronic", actor=play.actor("citizen"),
                 now=play.now)
        assert play.views[-1].current.id == "start-dossier"  # no declaration attached yet
        assert [s.result for s in play.views[-1].steps][1] == "pending"


def test_a_step_does_not_pass_on_another_sandboxs_actions(sqlite_url: str) -> None:
    with get_session_factory(sqlite_url).begin() as session:
        trainee = _trainee(session)
        first = start_run(session, "desk-refusal", actor=NOBODY, now=REAL_NOW)
        second = start_run(session, "desk-refusal", actor=trainee, now=REAL_NOW)
        lifecycle.receive_online(session, first.sandbox_id, first.refs["dossiers"]["d2"],
                                 actor=Actor.playing("desk_officer"),
                                 now=sandbox_now(session, first.sandbox_id))
        assert {s.id: s.result for s in check_run(session, first.id, LATER,
                                                  actor=NOBODY).steps}["receive"] == "passed"
        assert {s.id: s.result for s in check_run(session, second.id, LATER,
                                                  actor=trainee).steps}["receive"] != "passed"


def test_hints_are_shown_one_by_one_and_cost_points(sqlite_url: str) -> None:
    with get_session_factory(sqlite_url).begin() as session:
        me = _trainee(session)
        run = start_run(session, "desk-supplement-once", actor=me, now=REAL_NOW)
        view = use_hint(session, run.id, LATER, actor=me)
        assert len(view.current.hints) == 1 and view.current.hints_left == 1
        view = use_hint(session, run.id, LATER, actor=me)
        assert len(view.current.hints) == 2
        with pytest.raises(DomainError) as caught:
            use_hint(session, run.id, LATER, actor=me)
        assert caught.value.key == "errors.coach.no_more_hints"
        supplement_once(Play(session, run.id, me.trainee_id))
        view = check_run(session, run.id, LATER, actor=me)
        assert view.status == "passed"
        assert view.score.penalties == 4 and view.score.points == view.score.maximum - 4
        assert session.query(RunHint).filter_by(run_id=run.id).count() == 2


def test_help_is_marked_and_shown_in_the_result(sqlite_url: str) -> None:
    with get_session_factory(sqlite_url).begin() as session:
        me = _trainee(session)
        run = start_run(session, "desk-refusal", actor=me, now=REAL_NOW)
        assert run_view(session, run.id, actor=me).with_help is False
        mark_help(session, run.id, True, LATER, actor=me)
        assert run_view(session, run.id, actor=me).with_help is True


def test_starting_another_run_ends_the_active_one_and_an_ended_run_refuses_hints(sqlite_url: str) -> None:
    with get_session_factory(sqlite_url).begin() as session:
        trainee = _trainee(session)
        first = start_run(session, "desk-refusal", actor=trainee, now=REAL_NOW)
        second = start_run(session, "citizen-withdrawal", actor=trainee, now=LATER)
        assert first.status == "abandoned" and active_run(session, trainee).id == second.id
        abandon_run(session, second.id, LATER, actor=trainee)
        assert active_run(session, trainee) is None
        with pytest.raises(DomainError):
            use_hint(session, second.id, LATER, actor=trainee)


def test_setup_time_passes_before_the_run_starts(sqlite_url: str) -> None:
    with get_session_factory(sqlite_url).begin() as session:
        run = start_run(session, "late-dossier-apology", actor=NOBODY, now=REAL_NOW)
        assert sandbox_now(session, run.sandbox_id) == datetime(2026, 3, 5, 8, 30)  # Monday 08:30 + 3 working days


def test_a_step_clock_advance_happens_once_when_the_step_becomes_current(sqlite_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.coach.test_readme_example import _example

    folder = tmp_path / "scenarios"
    folder.mkdir()
    text = _example().replace("    points: 10\n", "    points: 10\n    advance_clock: {working_days: 2}\n")
    assert "advance_clock: {working_days: 2}" in text
    (folder / "x.yaml").write_text(text, encoding="utf-8")
    with get_session_factory(sqlite_url).begin() as session:
        run = start_run(session, "desk-receive-online", actor=NOBODY, now=REAL_NOW, folder=folder)
        assert sandbox_now(session, run.sandbox_id) == datetime(2026, 3, 4, 8, 0)
        check_run(session, run.id, LATER, folder=folder, actor=NOBODY)
        assert sandbox_now(session, run.sandbox_id) == datetime(2026, 3, 4, 8, 0)


@pytest.mark.parametrize(
    ("points", "all_steps", "penalties", "maximum", "mark", "passed", "percent"),
    [(30, True, 0, 30, 70, True, 100), (30, True, 10, 30, 70, False, 67), (20, False, 0, 30, 50, False, 67),
     (10, True, 25, 10, 0, True, 0)],
)
def test_scoring_needs_every_step_and_the_pass_mark(
    points: int, all_steps: bool, penalties: int, maximum: int, mark: int, passed: bool, percent: int
) -> None:
    score = compute(points, all_steps, penalties, maximum, mark)
    assert (score.passed, score.percent) == (passed, percent)
    assert score.points >= 0


def test_the_birth_bundle_scenario_plays_to_a_pass_on_both_databases(db_url: str) -> None:
    from tests.coach.solutions import birth_bundle

    with get_session_factory(db_url).begin() as session:
        me = _trainee(session)
        run = start_run(session, "citizen-birth-bundle", actor=me, now=REAL_NOW)
        birth_bundle(Play(session, run.id, me.trainee_id))
        assert check_run(session, run.id, LATER, actor=me).status == "passed"


def test_a_step_added_to_the_file_during_a_run_is_taken_into_account(sqlite_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.coach.test_readme_example import _example

    folder = tmp_path / "scenarios"
    folder.mkdir()
    path = folder / "x.yaml"
    path.write_text(_example(), encoding="utf-8")
    with get_session_factory(sqlite_url).begin() as session:
        run = start_run(session, "desk-receive-online", actor=NOBODY, now=REAL_NOW, folder=folder)
        extra = """  - id: forward
    instruction: {vi: "Chuyển xử lý."}
    expect:
      - event: {action: dossier.forwarded, dossier: d1}
mistakes:"""
        path.write_text(_example().replace("mistakes:", extra, 1), encoding="utf-8")
        lifecycle.receive_online(session, run.sandbox_id, run.refs["dossiers"]["d1"],
                                 actor=Actor.playing("desk_officer"),
                                 now=sandbox_now(session, run.sandbox_id))
        view = check_run(session, run.id, LATER, folder=folder, actor=NOBODY)
        assert [(s.id, s.result) for s in view.steps] == [("receive", "passed"), ("forward", "current")]
        assert view.status == "active"


def test_resetting_the_sandbox_during_a_run_sets_the_scenario_up_again(sqlite_url: str) -> None:
    from trainer.sandbox.models import Dossier
    from trainer.sandbox.sandboxes import reset_sandbox

    with get_session_factory(sqlite_url).begin() as session:
        run = start_run(session, "desk-refusal", actor=NOBODY, now=REAL_NOW)
        lifecycle.receive_online(session, run.sandbox_id, run.refs["dossiers"]["d2"],
                                 actor=Actor.playing("desk_officer"),
                                 now=sandbox_now(session, run.sandbox_id))
        assert {s.id: s.result for s in check_run(session, run.id, LATER,
                                                  actor=NOBODY).steps}["receive"] == "passed"
        reset_sandbox(session, run.sandbox_id, LATER)
        view = check_run(session, run.id, LATER, actor=NOBODY)
        assert [s.result for s in view.steps] == ["current", "current"]
        d2 = session.get(Dossier, run.refs["dossiers"]["d2"])
        assert d2 is not None and d2.status == 1 and d2.sandbox_id == run.sandbox_id
        lifecycle.receive_online(session, run.sandbox_id, d2.id, actor=Actor.playing("desk_officer"),
                                 now=sandbox_now(session, run.sandbox_id))
        assert {s.id: s.result for s in check_run(session, run.id, LATER,
                                                  actor=NOBODY).steps}["receive"] == "passed"


def test_a_trainee_cannot_check_hint_mark_stop_or_read_another_trainees_run(db_url: str) -> None:
    from trainer.errors import NotFound

    factory = get_session_factory(db_url)
    with factory.begin() as session:
        owner, other = _trainee(session), _trainee(session)
        run_id = start_run(session, "desk-supplement-once", actor=owner, now=REAL_NOW).id
    calls = {
        "check_run": lambda s, who: check_run(s, run_id, LATER, actor=who),
        "use_hint": lambda s, who: use_hint(s, run_id, LATER, actor=who),
        "mark_help": lambda s, who: mark_help(s, run_id, True, LATER, actor=who),
        "abandon_run": lambda s, who: abandon_run(s, run_id, LATER, actor=who),
        "run_view": lambda s, who: run_view(s, run_id, actor=who),
    }
    for name, call in calls.items():
        for intruder in (other, NOBODY):
            with pytest.raises(NotFound) as caught, factory.begin() as session:
                call(session, intruder)
            assert caught.value.key == "errors.coach.unknown_run", name
            assert str(caught.value) == f"Không tìm thấy lần làm kịch bản số {run_id}."
    with factory() as session:
        assert active_run(session, other) is None and runs_of(session, other) == []
        assert active_run(session, NOBODY) is None and runs_of(session, NOBODY) == []
        view = run_view(session, run_id, actor=owner)
        assert view.status == "active" and not view.with_help  # nothing the intruders tried was kept
        assert session.query(RunHint).filter_by(run_id=run_id).count() == 0


def test_a_run_started_without_a_profile_is_played_by_whoever_holds_its_link(sqlite_url: str) -> None:
    with get_session_factory(sqlite_url).begin() as session:
        run = start_run(session, "desk-refusal", actor=NOBODY, now=REAL_NOW)
        assert run.trainee_id is None
        someone = _trainee(session)
        assert check_run(session, run.id, LATER, actor=someone).status == "active"
        assert use_hint(session, run.id, LATER, actor=Actor.playing("citizen")).current.hints
