"""Every content loader reads YAML through one safe loader: deep nesting and repeated keys are located errors, never
RecursionError and never "last one wins"."""

from __future__ import annotations

from pathlib import Path

import pytest

from trainer.cli import main
from trainer.content.problems import ContentError, load_yaml
from trainer.settings import get_settings

DEEP = "a: " + "[" * 600 + "]" * 600 + "\n"  # 600 levels, as the robustness pass found
DEEP_MAPPINGS = "".join("  " * i + f"k{i}:\n" for i in range(600)) + "  " * 600 + "end: 1\n"


@pytest.mark.parametrize("text", [DEEP, DEEP_MAPPINGS], ids=["sequences", "mappings"])
def test_a_file_nested_600_levels_deep_is_a_located_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_yaml(path)
    [problem] = caught.value.problems
    assert "nested too deeply" in problem.message and problem.line is not None


def test_a_repeated_key_names_both_lines(tmp_path: Path) -> None:
    path = tmp_path / "twice.yaml"
    path.write_text("id: q1\nanswer: true\nprompt: {vi: Câu hỏi}\nanswer: false\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_yaml(path)
    [problem] = caught.value.problems
    assert problem.line == 4 and "'answer' is repeated (first on line 2)" in problem.message


def test_aliases_that_expand_beyond_reason_are_refused(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 8)]
    path = tmp_path / "laughs.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_yaml(path)
    assert "too large" in caught.value.problems[0].message


def _scenario_copy(tmp_path: Path, replace: tuple[str, str]) -> Path:
    shipped = (get_settings().content_dir / "scenarios" / "desk-refusal.yaml").read_text(encoding="utf-8")
    folder = tmp_path / "scenarios"
    folder.mkdir()
    path = folder / "x.yaml"
    assert replace[0] in shipped
    path.write_text(shipped.replace(*replace, 1), encoding="utf-8")
    return path


def _question_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "scenarios" / "quizzes" / "questions"
    folder.mkdir(parents=True)
    path = folder / "x.yaml"
    path.write_text("questions:\n  - id: tf-x\n    type: true_false\n    topics: [statuses]\n    difficulty: 1\n"
                    "    prompt: {vi: \"Đúng hay sai?\"}\n    explanation: {vi: \"Vì thế.\"}\n    source: Nghị định 61/2018\n"
                    "    answer: true\n    answer: false\n", encoding="utf-8")
    return path


def _procedures_copy(tmp_path: Path) -> Path:
    shipped = (get_settings().content_dir / "sandbox_data" / "procedures.yaml").read_text(encoding="utf-8")
    folder = tmp_path / "sandbox_data"
    folder.mkdir()
    path = folder / "procedures.yaml"
    first_key = next(line for line in shipped.splitlines() if line and not line.startswith(("#", " ", "-")))
    path.write_text(shipped + "\n" + first_key + "\n", encoding="utf-8")  # its first top-level key again
    return path


def _profile_copy(tmp_path: Path) -> Path:
    source = next((get_settings().content_dir / "sandbox_data" / "profiles").glob("*.yaml"))
    folder = tmp_path / "sandbox_data" / "profiles"
    folder.mkdir(parents=True)
    path = folder / source.name
    text = source.read_text(encoding="utf-8")
    path.write_text(text + "\nid: again\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("make", [
    lambda tmp: _scenario_copy(tmp, ("role: desk_officer", "role: desk_officer\nrole: citizen")),
    _question_copy, _procedures_copy, _profile_copy,
], ids=["scenario", "question", "procedures", "profile"])
def test_trainer_check_reports_a_repeated_key_in_every_kind_of_content(tmp_path, capsys, make) -> None:
    path = make(tmp_path)
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr()
    assert "is repeated" in out.out + out.err and "unexpected" not in (out.out + out.err).lower()


def test_trainer_check_reports_a_scenario_nested_600_levels_deep_without_an_unexpected_error(tmp_path, capsys):
    path = _scenario_copy(tmp_path, ("role: desk_officer", "role: desk_officer\nextra: " + "[" * 600 + "]" * 600))
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr()
    assert "nested too deeply" in out.out + out.err and "unexpected" not in (out.out + out.err).lower()


def test_only_the_shared_loader_parses_yaml() -> None:
    root = Path(__file__).resolve().parents[2] / "trainer"
    allowed = {root / "content" / "safe_yaml.py", root / "content" / "problems.py"}
    offenders = [str(p.relative_to(root)) for p in root.rglob("*.py")
                 if p not in allowed and ("yaml.safe_load" in (text := p.read_text(encoding="utf-8"))
                                          or "yaml.load(" in text or "yaml.compose" in text or "import yaml" in text)]
    assert offenders == []
