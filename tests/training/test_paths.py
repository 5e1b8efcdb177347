"""Learning paths as content (scenarios/paths/*.yaml) and the pass rule applied to a person's runs and attempts."""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from trainer.cli import main
from trainer.coach.models import Run
from trainer.db.engine import get_session_factory
from trainer.quiz.models import QuizAttempt
from trainer.settings import PROJECT_ROOT
from trainer.training.paths import evaluate, get_path, load_paths, path_progress
from trainer.training.trainees import create_trainee

NOW = datetime(2026, 3, 2, 9, 0)
ISSUE_TITLES = {
    "Cán bộ Bộ phận Một cửa cấp xã", "Chuyên viên và lãnh đạo xử lý hồ sơ", "Nhân viên bưu điện (BCCI)",
    "Người dân nộp hồ sơ trực tuyến", "Tổ công nghệ số cộng đồng: hướng dẫn người dân",
}


def test_the_shipped_paths_are_valid_and_include_the_five_the_issue_names():
    found = load_paths()
    assert found.problems == []
    assert ISSUE_TITLES <= {p.title.vi for p in found.paths.values()}
    helper = get_path("to-cong-nghe-so")
    assert "desk-help-elderly-online" in helper.scenario_ids  # helping a citizen on the citizen's behalf
    for path in found.paths.values():
        assert path.quiz_ids and path.pass_rule.quiz_min_score == 0.8 and path.certificate.title.vi


def test_trainer_check_counts_paths(capsys):
    assert main(["check", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["counts"]["paths"] == len(load_paths().paths) >= 5


@pytest.fixture
def content_copy(tmp_path, monkeypatch) -> Path:
    """A copy of scenarios/ (paths, scenarios, quizzes) as the configured content folder."""
    shutil.copytree(PROJECT_ROOT / "scenarios", tmp_path / "content/scenarios")
    monkeypatch.setenv("TRAINER_CONTENT_DIR", str(tmp_path / "content"))
    from trainer.settings import get_settings

    get_settings.cache_clear()
    return tmp_path / "content/scenarios"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_unknown_scenario_and_quiz_ids_are_located(content_copy, capsys):
    file = content_copy / "paths/buu-dien-bcci.yaml"
    _edit(file, "scenario: post-pickup-and-delivery", "scenario: post-pickup")
    _edit(file, "quiz: co-ban", "quiz: co-ban-2")
    assert main(["check", str(file)]) == 1
    out = capsys.readouterr().out
    lines = file.read_text(encoding="utf-8").splitlines()
    scenario_line = next(i for i, line in enumerate(lines, 1) if "post-pickup" in line)
    assert f"buu-dien-bcci.yaml:{scenario_line}:steps[0].scenario: unknown scenario 'post-pickup'" in out
    assert "steps[1].quiz: unknown quiz 'co-ban-2'" in out
    assert load_paths().paths.get("buu-dien-bcci") is None  # a broken path is unavailable, the others stay
    assert "can-bo-mot-cua" in load_paths().paths


def test_a_step_must_name_exactly_one_scenario_or_quiz_and_ids_are_unique(content_copy, capsys):
    file = content_copy / "paths/buu-dien-bcci.yaml"
    _edit(file, "  - quiz: co-ban", "  - {quiz: co-ban, scenario: citizen-withdrawal}\n  - {}")
    shutil.copy(content_copy / "paths/can-bo-mot-cua.yaml", content_copy / "paths/z-copy.yaml")
    assert main(["check", str(content_copy / "paths")]) == 1
    out = capsys.readouterr().out
    assert out.count("exactly one of them") == 2
    assert "z-copy.yaml" in out and "already used by" in out


def test_a_path_file_is_recognised_anywhere_by_what_it_holds(tmp_path, capsys):
    copy = tmp_path / "draft.yaml"
    shutil.copy(PROJECT_ROOT / "scenarios/paths/nguoi-dan-truc-tuyen.yaml", copy)
    assert main(["check", str(copy), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["counts"]["paths"] == 1


# --- the pass rule -------------------------------------------------------------------------------------------


def _trainee(url: str) -> int:
    with get_session_factory(url).begin() as session:
        return create_trainee(session, name="Lò Thị Mai", audience="official", unit_code=None, now=NOW).id


def _run(session, trainee_id, scenario, *, status="passed", with_help=False, at=NOW, score=8, max_score=10):
    session.add(Run(trainee_id=trainee_id, scenario_id=scenario, scenario_version=1, role="postal_worker",
                    status=status, started_at=at, finished_at=at + timedelta(minutes=5) if status != "active" else None,
                    with_help=with_help, score=score, max_score=max_score))


def _attempt(session, trainee_id, quiz, score, at=NOW):
    session.add(QuizAttempt(trainee_id=trainee_id, quiz_id=quiz, seed=1, layout={}, feedback="end", pass_mark=0.7,
                            started_at=at, deadline_at=None, finished_at=at + timedelta(minutes=9),
                            ended_by="completed", score=score, passed=score >= 0.7))


def test_every_scenario_passed_and_the_quiz_at_80_percent_passes_the_path(db_url):
    path = get_path("buu-dien-bcci")
    trainee = _trainee(db_url)
    with get_session_factory(db_url).begin() as session:
        _run(session, trainee, "post-pickup-and-delivery", status="failed")
        _attempt(session, trainee, "co-ban", 0.79)
    with get_session_factory(db_url)() as session:
        outcome = evaluate(path, path_progress(session, trainee_id=trainee, path=path))
    assert not outcome.passed and outcome.steps_done == 0
    with get_session_factory(db_url).begin() as session:
        _run(session, trainee, "post-pickup-and-delivery", with_help=True)
        _attempt(session, trainee, "co-ban", 0.8)
    with get_session_factory(db_url)() as session:
        progress = path_progress(session, trainee_id=trainee, path=path)
        outcome = evaluate(path, progress)
    assert outcome.passed and outcome.scenarios_with_help == 1 and outcome.scenarios_alone == 0
    assert [s.how for s in outcome.steps] == ["with_help", "score"]
    assert progress.step("scenario:post-pickup-and-delivery").attempts == 2
    assert progress.step("quiz:co-ban").best_score == pytest.approx(0.8)


def test_alone_and_with_help_are_counted_apart_and_a_rule_may_refuse_help(db_url):
    trainee = _trainee(db_url)
    path = get_path("chuyen-vien-lanh-dao")
    with get_session_factory(db_url).begin() as session:
        _run(session, trainee, "processing-specialist-leader")
        _run(session, trainee, "processing-specialist-leader", with_help=True)
        _run(session, trainee, "certified-copy-fee", with_help=True)
        _run(session, trainee, "late-dossier-apology", with_help=True)
        _attempt(session, trainee, "mot-cua", 0.95)
    with get_session_factory(db_url)() as session:
        progress = path_progress(session, trainee_id=trainee, path=path)
    outcome = evaluate(path, progress)
    assert outcome.passed and (outcome.scenarios_alone, outcome.scenarios_with_help) == (1, 2)
    strict = path.model_copy(update={"pass_rule": path.pass_rule.model_copy(update={"with_help_counts": False})})
    outcome = evaluate(strict, progress)
    assert not outcome.passed and outcome.steps_done == 2


def test_progress_since_counts_only_what_was_done_after_it_and_only_this_persons(db_url):
    path = get_path("buu-dien-bcci")
    me, other = _trainee(db_url), _trainee(db_url)
    with get_session_factory(db_url).begin() as session:
        _run(session, me, "post-pickup-and-delivery", at=NOW - timedelta(days=3))
        _attempt(session, me, "co-ban", 1.0, at=NOW - timedelta(days=3))
        _run(session, other, "post-pickup-and-delivery", at=NOW)
        _attempt(session, other, "co-ban", 1.0, at=NOW)
    with get_session_factory(db_url)() as session:
        assert evaluate(path, path_progress(session, trainee_id=me, path=path)).passed
        assert not evaluate(path, path_progress(session, trainee_id=me, path=path, since=NOW)).passed
        assert evaluate(path, path_progress(session, trainee_id=other, path=path, since=NOW)).passed


def test_the_documented_path_example_validates_and_names_every_shipped_path():
    import re

    from trainer.content.safe_yaml import load_text
    from trainer.training.paths import LearningPath

    text = (PROJECT_ROOT / "scenarios/README.md").read_text(encoding="utf-8")
    section = text.split("## Lộ trình học / Learning paths", 1)[1]
    [example] = re.findall(r"```yaml\n(.*?)```", section, re.DOTALL)
    LearningPath.model_validate(load_text(example))
    for path_id in load_paths().paths:
        assert f"`{path_id}`" in section
