"""scenarios/README.md is enough to write content: it stands alone, names every event, status and field an author
uses, and `trainer check` speaks plain words, reports cross-references with format errors, and checks any path."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from trainer.cli import main
from trainer.coach.loader import _known_event_actions, read_scenario
from trainer.settings import get_settings

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "scenarios" / "README.md"
SHIPPED = get_settings().content_dir / "scenarios"
GOOD = (SHIPPED / "desk-supplement-once.yaml").read_text(encoding="utf-8")


def _write(tmp_path: Path, text: str, name: str = "s.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_content_readme_stands_alone_in_the_repository() -> None:
    text = README.read_text(encoding="utf-8")
    assert "../shared" not in text and "DOMAIN.md" not in text and "GLOSSARY.md" not in text
    for target in re.findall(r"\]\(([^)#]+)\)", text):  # every relative link resolves inside the repository
        if not target.startswith(("http://", "https://")):
            resolved = (README.parent / target).resolve()
            assert resolved.exists() and ROOT in resolved.parents, target


def test_every_event_a_check_may_name_is_documented_with_what_writes_it() -> None:
    text = README.read_text(encoding="utf-8")
    missing = sorted(a for a in _known_event_actions() if f"`{a}`" not in text)
    assert missing == []


def test_the_documented_statuses_genders_and_form_fields_are_the_schemas() -> None:
    from typing import get_args

    from trainer.coach.schema import CitizenSetup, DossierSetup
    from trainer.eforms import generic_for

    form_fields = generic_for("1.001193").names()

    text = README.read_text(encoding="utf-8")
    statuses = text.split("### Statuses", 1)[1].split("###", 1)[0]
    for code in range(11):
        assert re.search(rf"^\| {code} \|", statuses, re.MULTILINE), code
    setup_codes = get_args(DossierSetup.model_fields["status"].annotation)
    assert [c for c in range(11) if not re.search(rf"^\| {c} \|[^|]*\| —", statuses, re.MULTILINE)] == list(setup_codes)
    genders = get_args(get_args(CitizenSetup.model_fields["gender"].annotation)[0])
    assert all(f"`{g}`" in text for g in genders)
    fields = text.split("### E-form fields", 1)[1].split("###", 1)[0]
    assert all(f"`{name}`" in fields for name in (*form_fields, "commune_code"))
    assert "`hints` (optional" in text and "`paths`" in text


def test_an_unknown_reference_in_a_text_is_an_error_and_a_bound_one_is_not(tmp_path: Path) -> None:
    broken = GOOD.replace('en: "Receive {c2}\'s complete dossier."', 'en: "Receive {d9}\'s complete dossier."', 1)
    assert broken != GOOD
    entry = read_scenario(_write(tmp_path, broken))
    [problem] = entry.problems
    assert problem.place == "steps[3].instruction.en" and "unknown reference {d9}" in problem.message
    assert "{c1}" in problem.message and problem.line
    shipped = (SHIPPED / "desk-walk-in-receipt.yaml").read_text(encoding="utf-8")
    bound = shipped.replace('en: "Digitise the paper whose signature is certified."',
                            'en: "Digitise the paper of dossier {d1}."', 1)
    assert bound != shipped and read_scenario(_write(tmp_path, bound, "b.yaml")).available


def test_cross_reference_errors_come_in_the_same_report_as_format_errors(tmp_path: Path) -> None:
    text = GOOD.replace('procedure: "1.004222", citizen: c1', 'procedure: "9.999999", citizen: c1', 1)
    text = text.replace("  - id: receive-complete\n", "  - id: receive-complete\n    points: -1\n", 1)
    assert text.count("9.999999") == 1 and "points: -1" in text
    entry = read_scenario(_write(tmp_path, text))
    places = {p.place: p.message for p in entry.problems}
    assert "steps[3].points" in places and "must be at least 0" in places["steps[3].points"]
    assert "setup.dossiers[0].procedure" in places and "9.999999" in places["setup.dossiers[0].procedure"]


@pytest.mark.parametrize(("old", "new", "place", "words"), [
    ('title:\n  vi: "Hồ sơ thiếu: một lần yêu cầu bổ sung đầy đủ"\n  en: "Incomplete dossier: one complete supplement request"',
     'title: "Hồ sơ thiếu"', "title", '{vi: "…", en: "…"}'),
    ("{ref: c1, min_age: 20", "{ref: C1, min_age: 20", "setup.citizens[0].ref", "e.g. c1 or d2"),
    ('procedure: "1.004222", citizen: c1', 'procedure: "1004222", citizen: c1', "setup.dossiers[0].procedure",
     "such as 1.001193"),
    ("order: any", "order: random", "order", "expected one of: 'sequence', 'any'"),
])
def test_format_errors_are_said_in_plain_words(tmp_path: Path, old: str, new: str, place: str, words: str) -> None:
    assert old in GOOD
    entry = read_scenario(_write(tmp_path, GOOD.replace(old, new, 1)))
    found = {p.place: p.message for p in entry.problems}
    assert place in found and words in found[place], entry.problems
    assert not any(jargon in p.message for p in entry.problems
                   for jargon in ("instance of", "should match pattern", "Input should be", "[^"))


def test_a_walk_in_dossier_cannot_be_set_up_as_submitted(tmp_path: Path) -> None:
    shipped = (SHIPPED / "certified-copy-fee.yaml").read_text(encoding="utf-8")
    entry = read_scenario(_write(tmp_path, shipped.replace("      status: 4\n", "      status: 1\n", 1)))
    assert [p.place for p in entry.problems] == ["setup.dossiers[0].status"]


def test_trainer_check_checks_a_copy_of_sandbox_data_anywhere(tmp_path: Path, capsys) -> None:
    copy = tmp_path / "elsewhere" / "du-lieu"
    shutil.copytree(get_settings().content_dir / "sandbox_data", copy)
    assert main(["check", str(copy), "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert '"procedures":' in out and '"profiles":' in out and "not a content file" not in out
    procedures = copy / "procedures.yaml"
    procedures.write_text(procedures.read_text(encoding="utf-8").replace('code: "1.001193"', 'code: "1.00119"', 1),
                          encoding="utf-8")
    assert main(["check", str(copy)]) == 1
    out = capsys.readouterr().out
    assert "procedures.yaml:" in out and "such as 1.001193" in out


def test_trainer_check_recognises_a_scenario_file_by_what_it_holds(tmp_path: Path, capsys) -> None:
    draft = _write(tmp_path, GOOD.replace('procedure: "1.004222", citizen: c1', 'procedure: "9.999999", citizen: c1', 1),
                   "ban-nhap.yaml")
    assert main(["check", str(draft)]) == 1
    assert "9.999999" in capsys.readouterr().out
    other = _write(tmp_path, "ghi_chu: 1\n", "ghi-chu.yaml")
    assert main(["check", str(other)]) == 1
    assert "not a content file" in capsys.readouterr().out
