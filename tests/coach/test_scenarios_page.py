"""The scenarios page: catalogue filtered by audience and role, starting a run switches role and page, result screen."""

from __future__ import annotations

from trainer.actor import Actor
from trainer.coach.models import Run
from trainer.db.engine import get_session_factory
from trainer.settings import get_settings


def _open(make_app, role: str = "desk_officer"):  # type: ignore[no-untyped-def]
    at = make_app(role=role)
    at.run()
    at.switch_page("pages/practice/scenarios.py")
    at.run()
    assert not at.exception, at.exception
    return at


def _titles(at) -> list[str]:  # type: ignore[no-untyped-def]
    return [m.value for m in at.markdown if m.value.startswith("**") and m.value.endswith("**")]


def test_the_catalogue_lists_every_scenario_in_vietnamese_and_filters_by_audience_and_role(make_app) -> None:
    at = _open(make_app)
    assert at.title[0].value == "Kịch bản thực hành"
    starts = [b for b in at.button if b.key.startswith("coach_start_")]
    assert len(starts) >= 14
    at.selectbox(key="coach_filter_audience").set_value("citizen").run()
    citizen_only = [b.key for b in at.button if b.key.startswith("coach_start_")]
    assert "coach_start_citizen-birth-bundle" in citizen_only and "coach_start_desk-refusal" not in citizen_only
    at.selectbox(key="coach_filter_audience").set_value("all").run()
    at.selectbox(key="coach_filter_role").set_value("postal_worker").run()
    assert [b.key for b in at.button if b.key.startswith("coach_start_")] == ["coach_start_post-pickup-and-delivery"]


def test_starting_a_run_switches_the_role_and_shows_the_guide_panel(make_app) -> None:
    at = _open(make_app, role="citizen")
    at.button(key="coach_start_desk-refusal").click().run()
    assert not at.exception, at.exception
    assert at.session_state["role"] == "desk_officer"
    with get_session_factory(get_settings().url)() as session:
        run = session.query(Run).one()
    assert at.session_state["coach_run_id"] == run.id and at.session_state["sandbox_id"] == run.sandbox_id
    assert at.query_params["run"] in ([str(run.id)], str(run.id))
    at.switch_page("pages/practice/scenarios.py")
    at.run()
    panel_text = " ".join(m.value for m in at.sidebar.markdown)
    assert "Kịch bản thực hành" in panel_text and "Bước 1/2" in panel_text
    at.button(key="coach_hint").click().run()
    assert any("Gợi ý 1" in i.value for i in at.sidebar.info)


def test_a_stopped_run_shows_the_result_screen_with_the_score(make_app) -> None:
    at = _open(make_app, role="citizen")
    at.button(key="coach_start_citizen-withdrawal").click().run()
    at.switch_page("pages/practice/scenarios.py")
    at.run()
    at.button(key="coach_abandon").click().run()
    assert not at.exception, at.exception
    texts = " ".join(s.value for s in at.error) + " ".join(s.value for s in at.success)
    assert "Chưa đạt" in texts and "Điểm: 0/10" in texts and "Tự làm" in texts


def test_a_trainees_run_comes_back_after_a_reload_from_the_resume_code_alone(make_app) -> None:
    from datetime import datetime

    from trainer.coach.runs import start_run
    from trainer.training.trainees import create_trainee

    with get_session_factory(get_settings().url).begin() as session:
        trainee = create_trainee(session, name="Hoàng Văn Nam", audience="official", unit_code=None,
                                 now=datetime(2026, 11, 28, 3, 0))
        code = trainee.resume_code
        run_id = start_run(session, "desk-refusal", actor=Actor.trainee("desk_officer", trainee.id),
                           now=datetime(2026, 11, 28, 3, 0)).id
    at = make_app(role="desk_officer")
    at.query_params["code"] = code
    at.run()
    at.switch_page("pages/practice/scenarios.py")
    at.run()
    assert not at.exception, at.exception
    assert at.session_state["coach_run_id"] == run_id
    assert any("Bước 1/2" in m.value for m in at.sidebar.markdown)


def test_someone_elses_run_link_does_not_open_their_run(make_app) -> None:
    from datetime import datetime

    from trainer.coach.runs import start_run
    from trainer.training.trainees import create_trainee

    with get_session_factory(get_settings().url).begin() as session:
        owner = create_trainee(session, name="Lý Thị Mai", audience="official", unit_code=None,
                               now=datetime(2026, 11, 28, 3, 0))
        run_id = start_run(session, "desk-refusal", actor=Actor.trainee("desk_officer", owner.id),
                           now=datetime(2026, 11, 28, 3, 0)).id
    at = make_app(role="desk_officer")
    at.query_params["run"] = str(run_id)
    at.run()
    at.switch_page("pages/practice/scenarios.py")
    at.run()
    assert not at.exception, at.exception
    assert "coach_run_id" not in at.session_state
    assert not any("Bước 1/2" in m.value for m in at.sidebar.markdown)


def test_a_broken_scenario_file_is_listed_as_unavailable_and_the_page_still_works(
    make_app, tmp_path, monkeypatch  # type: ignore[no-untyped-def]
) -> None:
    real = get_settings().content_dir
    content = tmp_path / "content"
    (content / "scenarios").mkdir(parents=True)
    (content / "sandbox_data").symlink_to(real / "sandbox_data")
    good = (real / "scenarios" / "desk-refusal.yaml").read_text(encoding="utf-8")
    (content / "scenarios" / "desk-refusal.yaml").write_text(good, encoding="utf-8")
    (content / "scenarios" / "hong.yaml").write_text(good.replace("role: desk_officer", "role: thu_ky"), encoding="utf-8")
    monkeypatch.setenv("TRAINER_CONTENT_DIR", str(content))
    get_settings.cache_clear()
    at = _open(make_app)
    assert [b.key for b in at.button if b.key.startswith("coach_start_")] == ["coach_start_desk-refusal"]
    shown = " ".join(x.value for x in at.text)
    assert "scenarios/hong.yaml" in shown and "role" in shown


def test_a_scenario_file_nested_600_levels_deep_is_unavailable_and_the_page_still_works(
    make_app, tmp_path, monkeypatch  # type: ignore[no-untyped-def]
) -> None:
    real = get_settings().content_dir
    content = tmp_path / "content"
    (content / "scenarios").mkdir(parents=True)
    (content / "sandbox_data").symlink_to(real / "sandbox_data")
    good = (real / "scenarios" / "desk-refusal.yaml").read_text(encoding="utf-8")
    (content / "scenarios" / "desk-refusal.yaml").write_text(good, encoding="utf-8")
    (content / "scenarios" / "sau.yaml").write_text("id: sau\nsteps: " + "[" * 600 + "]" * 600 + "\n",
                                                    encoding="utf-8")
    monkeypatch.setenv("TRAINER_CONTENT_DIR", str(content))
    get_settings.cache_clear()
    at = _open(make_app)
    assert [b.key for b in at.button if b.key.startswith("coach_start_")] == ["coach_start_desk-refusal"]
    shown = " ".join(x.value for x in at.text)
    assert "scenarios/sau.yaml" in shown and "nested too deeply" in shown
