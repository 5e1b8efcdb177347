"""Every shipped scenario is played to a pass through the service layer, and its first mistake gets its feedback."""

from __future__ import annotations

import pytest

from tests.coach.solutions import FIRST_MISTAKES, REAL_NOW, SOLUTIONS, Play
from trainer.actor import Actor
from trainer.coach.loader import load_scenarios
from trainer.coach.runs import start_run
from trainer.db.engine import get_session_factory
from trainer.settings import get_settings
from trainer.training.trainees import create_trainee

SHIPPED = [e.id for e in load_scenarios(get_settings().content_dir / "scenarios")]


def _start(url: str, scenario_id: str):  # type: ignore[no-untyped-def]
    factory = get_session_factory(url)
    session = factory()
    trainee = create_trainee(session, name="Học viên thử", audience="official", unit_code=None, now=REAL_NOW)
    run = start_run(session, scenario_id, actor=Actor.trainee("citizen", trainee.id), now=REAL_NOW)
    return session, Play(session, run.id, trainee.id)


def test_every_shipped_scenario_has_a_solution_and_a_mistake_play() -> None:
    assert len(SHIPPED) >= 14
    assert sorted(SOLUTIONS) == sorted(SHIPPED)
    assert sorted(FIRST_MISTAKES) == sorted(SHIPPED)


def test_every_shipped_scenario_file_is_available() -> None:
    broken = [(e.file, [str(p) for p in e.problems]) for e in load_scenarios() if not e.available]
    assert broken == []


@pytest.mark.parametrize("scenario_id", SHIPPED)
def test_the_solution_plays_the_scenario_to_a_pass(sqlite_url: str, scenario_id: str) -> None:
    session, play = _start(sqlite_url, scenario_id)
    with session:
        assert play.check().status == "active"
        SOLUTIONS[scenario_id](play)
        view = play.check()
        assert [s.result for s in view.steps] == ["passed"] * len(view.steps)
        assert view.status == "passed"
        assert view.score.points == view.scenario.total_points
        assert view.mistakes == []
        session.commit()


@pytest.mark.parametrize("scenario_id", SHIPPED)
def test_the_first_listed_mistake_gets_its_feedback(sqlite_url: str, scenario_id: str) -> None:
    session, play = _start(sqlite_url, scenario_id)
    with session:
        FIRST_MISTAKES[scenario_id](play)
        view = play.check()
        first = view.scenario.mistakes[0]
        assert [m.id for m in view.mistakes][:1] == [first.id]
        assert view.latest_feedback is not None and view.latest_feedback.feedback == first.feedback
        assert view.score.penalties >= view.scenario.penalties.mistake if first.penalty is None else first.penalty
