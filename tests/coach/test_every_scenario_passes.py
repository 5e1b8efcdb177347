"""Every shipped scenario is played to a pass through the service layer, and its first mistake gets its feedback.

Solutions run on SQLite and PostgreSQL (fixture `db_url`); the first mistakes too for the e-form scenarios and any
scenario that checks what was declared (`form`/`form_not`), on SQLite only for the others (all of them would add
half a minute on PostgreSQL for checks their solutions already run there)."""

from __future__ import annotations

import pytest

from tests.coach.solutions import FIRST_MISTAKES, REAL_NOW, SOLUTIONS, Play
from trainer.actor import Actor
from trainer.coach.loader import load_scenarios
from trainer.coach.runs import start_run
from trainer.db.engine import get_session_factory
from trainer.settings import get_settings
from trainer.training.trainees import create_trainee

ENTRIES = load_scenarios(get_settings().content_dir / "scenarios")
SHIPPED = [e.id for e in ENTRIES]
E_FORM_SCENARIOS = ("citizen-birth-from-notice", "desk-help-residence-form", "desk-wrong-field")


def _checks_the_form(data: object) -> bool:
    """True when a dossier expectation (anywhere in steps or mistakes) compares the declared e-form values."""
    if isinstance(data, dict):
        dossier = data.get("dossier")
        if isinstance(dossier, dict) and (dossier.get("form") or dossier.get("form_not")):
            return True
        return any(_checks_the_form(v) for v in data.values())
    if isinstance(data, list):
        return any(_checks_the_form(v) for v in data)
    return False


FORM_CHECKING = [e.id for e in ENTRIES if e.scenario is not None and _checks_the_form(e.scenario.model_dump())]


def _on(database: str, scenario_id: str):  # type: ignore[no-untyped-def]
    marks = [pytest.mark.postgres] if database == "postgresql" else []
    return pytest.param(database, scenario_id, marks=marks, id=f"{database}-{scenario_id}")


BOTH_FOR_MISTAKES = set(E_FORM_SCENARIOS) | set(FORM_CHECKING)
MISTAKE_CASES = [_on(db, sid) for sid in SHIPPED for db in ("sqlite", "postgresql")
                 if db == "sqlite" or sid in BOTH_FOR_MISTAKES]


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
def test_the_solution_plays_the_scenario_to_a_pass(db_url: str, scenario_id: str) -> None:
    session, play = _start(db_url, scenario_id)
    with session:
        assert play.check().status == "active"
        SOLUTIONS[scenario_id](play)
        view = play.check()
        assert [s.result for s in view.steps] == ["passed"] * len(view.steps)
        assert view.status == "passed"
        assert view.score.points == view.scenario.total_points
        assert view.mistakes == []
        session.commit()


def test_the_e_form_scenarios_are_among_those_whose_mistakes_also_run_on_postgresql() -> None:
    assert set(E_FORM_SCENARIOS) <= set(SHIPPED) and FORM_CHECKING
    on_postgresql = {c.values[1] for c in MISTAKE_CASES if c.values[0] == "postgresql"}
    assert set(E_FORM_SCENARIOS) | set(FORM_CHECKING) == on_postgresql


@pytest.mark.parametrize(("db_url", "scenario_id"), MISTAKE_CASES, indirect=["db_url"])
def test_the_first_listed_mistake_gets_its_feedback(db_url: str, scenario_id: str) -> None:
    session, play = _start(db_url, scenario_id)
    with session:
        FIRST_MISTAKES[scenario_id](play)
        view = play.check()
        first = view.scenario.mistakes[0]
        assert [m.id for m in view.mistakes][:1] == [first.id]
        assert view.latest_feedback is not None and view.latest_feedback.feedback == first.feedback
        assert view.score.penalties >= view.scenario.penalties.mistake if first.penalty is None else first.penalty
