"""Scenario files are validated with located problems; `trainer check` exits 1 on a broken file, 0 on shipped content."""

from __future__ import annotations

from pathlib import Path

import pytest

from trainer.cli import main
from trainer.coach.loader import load_scenarios, read_scenario
from trainer.settings import get_settings

SHIPPED_DIR = get_settings().content_dir / "scenarios"
GOOD = (SHIPPED_DIR / "desk-refusal.yaml").read_text(encoding="utf-8")


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_trainer_check_on_the_shipped_scenarios_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(SHIPPED_DIR)]) == 0
    assert "18 kịch bản" in capsys.readouterr().out


def test_trainer_check_on_a_broken_file_prints_a_located_error_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = _write(tmp_path / "scenarios", "broken.yaml", GOOD.replace('procedure: "1.010041"', 'procedure: "9.999999"', 1))
    assert main(["check", str(broken)]) == 1
    out = capsys.readouterr().out + capsys.readouterr().err
    assert "broken.yaml:" in out and "setup.dossiers[0].procedure" in out and "9.999999" in out


@pytest.mark.parametrize(
    ("old", "new", "place", "words"),
    [
        ("lists: [lawful_home_proof]", "lists: [giay_khong_co]", "steps[0].expect[0].supplement_request.lists[0]",
         "unknown document id"),
        ("citizen: c1, status: 1, documents", "citizen: c9, status: 1, documents", "setup.dossiers[0].citizen",
         "not defined"),
        ("dossier: d2, count: 1}", "dossier: d7, count: 1}", "steps[3].expect[0].event.dossier", "not defined"),
        ("    hints:\n      - vi: \"Mở hồ sơ", "    hintz:\n      - vi: \"Mở hồ sơ", "steps[0].hintz", "unknown field"),
    ],
)
def test_each_kind_of_problem_is_located_with_what_was_expected(
    tmp_path: Path, old: str, new: str, place: str, words: str
) -> None:
    text = (SHIPPED_DIR / "desk-supplement-once.yaml").read_text(encoding="utf-8")
    assert old in text
    entry = read_scenario(_write(tmp_path, "s.yaml", text.replace(old, new, 1)))
    assert not entry.available
    assert any(p.place == place and words in p.message and p.line for p in entry.problems), entry.problems


def test_a_step_without_expectations_is_an_error(tmp_path: Path) -> None:
    text = GOOD.replace("""    expect:
      - event: {action: dossier.received, dossier: d2, count: 1}
""", "    expect: []\n")
    entry = read_scenario(_write(tmp_path, "s.yaml", text))
    assert any(p.place == "steps[1].expect" for p in entry.problems)


def test_a_broken_file_is_listed_as_unavailable_next_to_the_good_ones(tmp_path: Path) -> None:
    folder = tmp_path / "scenarios"
    _write(folder, "a-good.yaml", GOOD)
    _write(folder, "b-broken.yaml", "id: [unclosed\n")
    entries = {e.path.name: e for e in load_scenarios(folder)}
    assert entries["a-good.yaml"].available
    assert not entries["b-broken.yaml"].available
    assert "invalid YAML" in str(entries["b-broken.yaml"].problems[0])


def test_two_files_with_the_same_id_make_the_second_unavailable(tmp_path: Path) -> None:
    folder = tmp_path / "scenarios"
    _write(folder, "a.yaml", GOOD)
    _write(folder, "b.yaml", GOOD)
    entries = {e.path.name: e for e in load_scenarios(folder)}
    assert entries["a.yaml"].available and not entries["b.yaml"].available
