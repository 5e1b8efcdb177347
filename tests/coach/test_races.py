"""Two checks of one run at once (two tabs, or a rerun beside an action), on SQLite and PostgreSQL: a step passes
once, the run ends once, a step's clock moves once."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from sqlalchemy import select

from tests.coach.test_readme_example import NOW, _example
from tests.races import race
from trainer.actor import Actor
from trainer.coach.models import Run, RunStep
from trainer.coach.runs import abandon_run, check_run, start_run
from trainer.db.engine import get_session_factory
from trainer.db.events import Event
from trainer.sandbox import lifecycle
from trainer.sandbox.sandboxes import sandbox_now

DESK = Actor.playing("desk_officer")


def _received_run(url: str, folder: Path) -> int:
    with get_session_factory(url).begin() as session:
        run = start_run(session, "desk-receive-online", actor=DESK, now=NOW, folder=folder)
        lifecycle.receive_online(session, run.sandbox_id, run.refs["dossiers"]["d1"], actor=Actor.playing("desk_officer"),
                                 now=sandbox_now(session, run.sandbox_id))
        return run.id


def _run_events(url: str, run_id: int) -> Counter:
    with get_session_factory(url)() as session:
        return Counter(session.scalars(select(Event.action).where(Event.entity == "run",
                                                                  Event.entity_id == str(run_id))).all())


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "x.yaml").write_text(_example(), encoding="utf-8")
    return folder


def test_a_check_that_read_the_run_before_another_finished_it_writes_nothing_again(db_url, tmp_path):
    folder = _folder(tmp_path)
    run_id = _received_run(db_url, folder)
    factory = get_session_factory(db_url)
    with factory() as stale:
        read = [stale.get(Run, run_id), *stale.scalars(select(RunStep).where(RunStep.run_id == run_id))]
        with factory.begin() as first:
            assert check_run(first, run_id, NOW, folder=folder, actor=DESK).status == "passed"
        view = check_run(stale, run_id, NOW, folder=folder, actor=DESK)
        stale.commit()
    assert read and view.status == "passed"
    events = _run_events(db_url, run_id)
    assert events["coach.step_passed"] == 1 and events["coach.run_finished"] == 1


def test_two_checks_at_once_pass_the_step_and_end_the_run_once(db_url, tmp_path):
    folder = _folder(tmp_path)
    for _ in range(5):
        run_id = _received_run(db_url, folder)
        def check(s, run_id=run_id):
            return check_run(s, run_id, NOW, folder=folder, actor=DESK).status

        outcome = race(db_url, check, check)
        assert not outcome.crashed and not outcome.refused and outcome.results == ["passed", "passed"]
        events = _run_events(db_url, run_id)
        assert events["coach.step_passed"] == 1 and events["coach.run_finished"] == 1


def test_abandoning_a_run_another_check_just_finished_is_refused(db_url, tmp_path):
    import pytest

    from trainer.errors import DomainError

    folder = _folder(tmp_path)
    run_id = _received_run(db_url, folder)
    factory = get_session_factory(db_url)
    with factory() as stale:
        read = stale.get(Run, run_id)
        with factory.begin() as first:
            check_run(first, run_id, NOW, folder=folder, actor=DESK)
        with pytest.raises(DomainError) as caught:
            abandon_run(stale, run_id, NOW, actor=DESK)
        stale.rollback()
    assert read is not None and caught.value.key == "errors.coach.run_not_active"
    with factory() as session:
        assert session.get(Run, run_id).status == "passed"
    assert _run_events(db_url, run_id)["coach.run_finished"] == 1
