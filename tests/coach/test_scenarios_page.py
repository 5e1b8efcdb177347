"""The scenarios page: catalogue filtered by audience and role, starting a run switches role and page, result screen."""

from __future__ import annotations

from trainer.actor import Actor
from trainer.coach.models import Run
from trainer.db.engine import get_session_factory
from trainer.settings import get_settings


def _open(make_app, role: str = "desk_officer"):  # type: ignore[no-untyped-def]
    at = make_app(role=role)
    at.run()
    at.switch_page("views/practice/scenarios.py")
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
    assert at.query_params["run"] in ([run.key], run.key) and len(run.key) >= 16  # a random key, never the id
    at.switch_page("views/practice/scenarios.py")
    at.run()
    panel_text = " ".join(m.value for m in at.sidebar.markdown)
    assert "Kịch bản thực hành" in panel_text and "Bước 1/2" in panel_text
    at.button(key="coach_hint").click().run()
    assert any("Gợi ý 1" in i.value for i in at.sidebar.info)


def test_a_stopped_run_shows_the_result_screen_with_the_score(make_app) -> None:
    at = _open(make_app, role="citizen")
    at.button(key="coach_start_citizen-withdrawal").click().run()
    at.switch_page("views/practice/scenarios.py")
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
    at.switch_page("views/practice/scenarios.py")
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
        run_key = start_run(session, "desk-refusal", actor=Actor.trainee("desk_officer", owner.id),
                            now=datetime(2026, 11, 28, 3, 0)).key
    at = make_app(role="desk_officer")
    at.query_params["run"] = run_key
    at.run()
    at.switch_page("views/practice/scenarios.py")
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


def _anonymous_run(scenario: str = "desk-refusal", role: str = "desk_officer"):  # type: ignore[no-untyped-def]
    from datetime import datetime

    from trainer.coach.runs import start_run

    with get_session_factory(get_settings().url).begin() as session:
        run = start_run(session, scenario, actor=Actor.playing(role), now=datetime(2026, 11, 28, 3, 0))
        return run.id, run.key, run.sandbox_id


def test_a_sequential_run_id_in_the_url_opens_nothing_but_the_random_key_does(make_app) -> None:
    """Issue 9 item 9: ?run=N with sequential ids opened another anonymous participant's run and sandbox."""
    run_id, key, sandbox_id = _anonymous_run()
    at = make_app(role="desk_officer")
    at.query_params["run"] = str(run_id)
    at.run()
    at.switch_page("views/practice/scenarios.py")
    at.run()
    assert not at.exception, at.exception
    assert "coach_run_id" not in at.session_state and at.session_state.get("sandbox_id") != sandbox_id
    assert not any("Bước 1/2" in m.value for m in at.sidebar.markdown)

    holder = make_app(role="desk_officer")
    holder.query_params["run"] = key
    holder.run()
    holder.switch_page("views/practice/scenarios.py")
    holder.run()
    assert holder.session_state["coach_run_id"] == run_id
    assert any("Bước 1/2" in m.value for m in holder.sidebar.markdown)


def test_after_a_run_ends_the_pages_leave_its_sandbox(make_app) -> None:
    """Issue 9 item 12: after a scenario ended the session stayed in the scenario's sandbox."""
    at = _open(make_app, role="citizen")
    at.button(key="coach_start_citizen-withdrawal").click().run()
    run_sandbox = at.session_state["sandbox_id"]
    at.switch_page("views/practice/scenarios.py")
    at.run()
    at.button(key="coach_abandon").click().run()
    assert not at.exception, at.exception
    assert at.session_state.get("sandbox_id") != run_sandbox
    at.switch_page("views/practice/portal.py")
    at.run()
    assert not at.exception, at.exception
    assert at.session_state["sandbox_id"] != run_sandbox
    assert "coach_run_id" not in at.session_state
    with get_session_factory(get_settings().url)() as session:
        from trainer.sandbox.models import Sandbox

        assert session.get(Sandbox, at.session_state["sandbox_id"]).practice_key == "demo"


def test_the_page_where_a_run_ends_keeps_its_sandbox_until_the_trainee_leaves_it(make_app) -> None:
    """The action that ends a run shows its confirmation in the run's sandbox; the next page is the session's own."""
    from tests.coach.solutions import SOLUTIONS, Play

    at = _open(make_app, role="citizen")
    at.button(key="coach_start_citizen-withdrawal").click().run()
    assert not at.exception, at.exception
    run_id, run_sandbox = at.session_state["coach_run_id"], at.session_state["sandbox_id"]
    with get_session_factory(get_settings().url).begin() as session:
        SOLUTIONS["citizen-withdrawal"](Play(session, run_id))
    at.run()  # the guide panel finds the run finished, on the page where its last step was done
    assert not at.exception, at.exception
    assert any("Bạn đã làm xong mọi bước" in s.value for s in at.sidebar.success)
    assert at.session_state["sandbox_id"] == run_sandbox and "coach_run_id" not in at.session_state
    at.run()  # still this page: still what the last action did
    assert at.session_state["sandbox_id"] == run_sandbox
    at.switch_page("views/practice/tracking.py")
    at.run()
    assert not at.exception, at.exception
    assert at.session_state["sandbox_id"] != run_sandbox


def test_the_resume_code_alone_lands_on_the_runs_page_in_its_role(make_app) -> None:
    """Issue 9 item 13: entering the resume code opened the start page as Công dân; the run was found only under
    Kịch bản thực hành → Tiếp tục làm."""
    from datetime import datetime

    from trainer.coach.runs import start_run
    from trainer.training.trainees import create_trainee

    with get_session_factory(get_settings().url).begin() as session:
        trainee = create_trainee(session, name="Hà Thị Thu", audience="official", unit_code=None,
                                 now=datetime(2026, 11, 28, 3, 0))
        code = trainee.resume_code
        run = start_run(session, "desk-refusal", actor=Actor.trainee("desk_officer", trainee.id),
                        now=datetime(2026, 11, 28, 3, 0))
        run_id, run_key = run.id, run.key
    at = make_app(role="citizen")
    at.run()
    at.text_input(key="start_resume_code").input(code.lower())
    at.button(key="start_resume").click().run()
    assert not at.exception, at.exception
    assert at.session_state["role"] == "desk_officer"
    assert at.session_state["coach_run_id"] == run_id
    assert any(h.value == "Bộ phận Một cửa" or "Một cửa" in h.value for h in at.title), [h.value for h in at.title]
    assert any("Bước 1/2" in m.value for m in at.sidebar.markdown)
    assert at.query_params["run"] in ([run_key], run_key)


def test_the_resume_code_without_a_run_lands_in_the_role_last_practised(make_app) -> None:
    from datetime import datetime

    from trainer.coach.runs import resume_point
    from trainer.db.events import record_event
    from trainer.sandbox.sandboxes import practice_sandbox
    from trainer.training.trainees import create_trainee

    now = datetime(2026, 11, 28, 3, 0)
    with get_session_factory(get_settings().url).begin() as session:
        trainee = create_trainee(session, name="Lò Văn Sơn", audience="official", unit_code=None, now=now)
        code, trainee_id = trainee.resume_code, trainee.id
        assert resume_point(session, Actor.trainee("citizen", trainee_id)) is None
        from trainer.world.units import load_units

        sandbox = practice_sandbox(session, owner_id=trainee_id, unit_code=load_units().communes[0].code,
                                   model=get_settings().admin_model, seed=1, now=now, label="x")
        # what a postal worker's action writes (services record the acting practice role)
        record_event(session, actor="postal_worker", action="shipment.picked_up", entity="shipment", at=now,
                     sandbox_id=sandbox.id, trainee_id=trainee_id)
    with get_session_factory(get_settings().url)() as session:
        assert resume_point(session, Actor.trainee("citizen", trainee_id)).role == "postal_worker"
    at = make_app(role="citizen")
    at.run()
    at.text_input(key="start_resume_code").input(code)
    at.button(key="start_resume").click().run()
    assert not at.exception, at.exception
    assert at.session_state["role"] == "postal_worker"
    assert any("Bưu chính" in h.value for h in at.title), [h.value for h in at.title]


def test_what_to_review_next_after_a_quiz_starts_the_scenario_it_names(make_app) -> None:
    from datetime import datetime

    from trainer.training.trainees import create_trainee

    with get_session_factory(get_settings().url).begin() as session:
        trainee = create_trainee(session, name="Lò Văn Dũng", audience="official", unit_code=None,
                                 now=datetime(2026, 11, 28, 3, 0))
        code = trainee.resume_code
    at = make_app(role="citizen")
    at.query_params["code"] = code
    at.run()
    at.switch_page("views/practice/quizzes.py")
    at.run()
    assert not at.exception, at.exception
    practise = [b for b in at.button if b.key.startswith("quiz_practise_") and b.key.endswith("_desk-refusal")]
    assert practise, [b.key for b in at.button]  # the scenario is a button, not its name as plain text
    assert practise[0].label == "Thực hành: Từ chối tiếp nhận hồ sơ có lý do"
    practise[0].click().run()
    assert not at.exception, at.exception
    with get_session_factory(get_settings().url)() as session:
        run = session.query(Run).one()
    assert run.scenario_id == "desk-refusal" and run.trainee_id == trainee.id
    assert at.session_state["role"] == "desk_officer"
