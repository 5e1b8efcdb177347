"""A scenario written only from scenarios/README.md loads and plays without touching code."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from trainer.actor import Actor
from trainer.coach.loader import load_scenarios
from trainer.coach.runs import check_run, start_run
from trainer.db.engine import get_session_factory
from trainer.sandbox import lifecycle
from trainer.sandbox.sandboxes import sandbox_now
from trainer.settings import get_settings

NOW = datetime(2026, 11, 28, 3, 0)


def _example() -> str:
    text = (get_settings().content_dir / "scenarios" / "README.md").read_text(encoding="utf-8")
    section = text.split("## Kịch bản thực hành / Practice scenarios", 1)[1]
    return re.search(r"<!-- scenario-example.*?-->\n```yaml\n(.*?)```", section, re.DOTALL).group(1)  # type: ignore[union-attr]


def test_the_readme_example_loads_and_plays_to_a_pass_from_a_fresh_folder(tmp_path: Path, sqlite_url: str) -> None:
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "desk-receive-online.yaml").write_text(_example(), encoding="utf-8")
    [entry] = load_scenarios(folder)
    assert entry.available, entry.problems
    with get_session_factory(sqlite_url).begin() as session:
        run = start_run(session, "desk-receive-online", actor=Actor.playing("desk_officer"), now=NOW,
                        folder=folder)
        d1 = run.refs["dossiers"]["d1"]
        lifecycle.receive_online(session, run.sandbox_id, d1, actor=Actor.playing("desk_officer"),
                                 now=sandbox_now(session, run.sandbox_id))
        view = check_run(session, run.id, NOW, folder=folder, actor=Actor.playing("desk_officer"))
        assert view.status == "passed" and view.score.percent == 100


def test_the_readme_example_mistake_gives_its_feedback(tmp_path: Path, sqlite_url: str) -> None:
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "x.yaml").write_text(_example(), encoding="utf-8")
    with get_session_factory(sqlite_url).begin() as session:
        run = start_run(session, "desk-receive-online", actor=Actor.playing("desk_officer"), now=NOW,
                        folder=folder)
        lifecycle.refuse(session, run.sandbox_id, run.refs["dossiers"]["d1"], actor=Actor.playing("desk_officer"),
                         now=sandbox_now(session, run.sandbox_id), reason="Thử")
        view = check_run(session, run.id, NOW, folder=folder, actor=Actor.playing("desk_officer"))
        assert [m.id for m in view.mistakes] == ["refused-complete"]
        assert view.status == "active"


def _form_example() -> str:
    text = (get_settings().content_dir / "scenarios" / "README.md").read_text(encoding="utf-8")
    return re.search(r"<!-- form-example.*?-->\n```yaml\n(.*?)```", text, re.DOTALL).group(1)  # type: ignore[union-attr]


def _play_form_example(tmp_path: Path, url: str, *, own_date: bool):  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from trainer.eforms import for_procedure
    from trainer.eforms.example import fill
    from trainer.sandbox import portal
    from trainer.sandbox.core import get_citizen
    from trainer.sandbox.models import StoredDocument

    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "readme-birth-form.yaml").write_text(_form_example(), encoding="utf-8")
    [entry] = load_scenarios(folder)
    assert entry.available, entry.problems
    citizen_actor = Actor.playing("citizen")
    with get_session_factory(url).begin() as session:
        run = start_run(session, "readme-birth-form", actor=citizen_actor, now=NOW, folder=folder)
        sid, c1 = run.sandbox_id, run.refs["citizens"]["c1"]
        now = sandbox_now(session, sid)
        person = get_citizen(session, sid, c1)
        papers = {d.doc_type: dict(d.data) for d in session.scalars(
            select(StoredDocument).where(StoredDocument.citizen_id == c1).order_by(StoredDocument.id))}
        values = fill(for_procedure("1.001193"), requester=person, today=now.date(), commune=person.commune_code,
                      papers=papers)
        if own_date:
            values["child_date_of_birth"] = person.date_of_birth.strftime("%d/%m/%Y")
        draft = portal.start_online_dossier(session, sid, citizen_id=c1, procedure_code="1.001193",
                                            actor=citizen_actor, now=now)
        portal.save_form(session, sid, draft.id, form=values, actor=citizen_actor, now=now, citizen_id=c1)
        return check_run(session, run.id, NOW, folder=folder, actor=citizen_actor)


def test_the_readme_form_example_passes_when_the_form_is_copied_from_the_notice(tmp_path: Path,
                                                                                  db_url: str) -> None:
    view = _play_form_example(tmp_path, db_url, own_date=False)
    assert view.status == "passed" and view.mistakes == []


def test_the_readme_form_example_names_the_own_birth_date_mistake(tmp_path: Path, db_url: str) -> None:
    view = _play_form_example(tmp_path, db_url, own_date=True)
    assert [m.id for m in view.mistakes] == ["own-birth-date"] and view.status != "passed"
