"""`trainer check sandbox_data/` validates the procedures and units, and locates every problem."""

from __future__ import annotations

import json
import shutil

from trainer.cli import main
from trainer.content.check import checkers
from trainer.world.check import CHECKER, check_world


def test_shipped_sandbox_data_has_no_problem(settings):
    result = check_world(CHECKER.default_paths(settings), settings)
    assert result.problems == []
    assert result.counts["procedures"] >= 30
    assert result.counts["units_files"] == 2


def test_the_checker_is_registered_and_claims_sandbox_data(settings, tmp_path):
    assert CHECKER in checkers()
    assert CHECKER.claims(settings.sandbox_data_dir / "procedures.yaml", settings)
    assert CHECKER.claims(tmp_path / "procedures-copy.yaml", settings)
    assert not CHECKER.claims(tmp_path / "quiz.yaml", settings)


def test_check_command_passes_on_sandbox_data(settings, capsys):
    assert main(["check", str(settings.sandbox_data_dir), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] and report["counts"]["procedures"] >= 30


def test_check_command_locates_an_error_in_a_broken_copy(settings, tmp_path, capsys):
    broken = tmp_path / "procedures.yaml"
    text = (settings.sandbox_data_dir / "procedures.yaml").read_text(encoding="utf-8")
    text = text.replace("online: {legacy_level: 2, mode: none}", "online: {legacy_level: 2, mode: full}", 1)
    broken.write_text(text, encoding="utf-8")
    assert main(["check", str(broken)]) == 1
    out = capsys.readouterr().out
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "legacy_level: 2, mode: full" in row)
    assert f"procedures.yaml:{line}:procedures[" in out and "corresponds to mode 'none'" in out


def test_a_units_file_with_a_missing_commune_fails_the_official_count(settings, tmp_path):
    units_dir = tmp_path / "units"
    units_dir.mkdir()
    rows = (settings.sandbox_data_dir / "units" / "three-level-2019.csv").read_text(encoding="utf-8").splitlines()
    (units_dir / "three-level-2019.csv").write_text("\n".join(rows[:-1]) + "\n", encoding="utf-8")
    shutil.copy(settings.sandbox_data_dir / "units" / "two-level-2025.csv", units_dir)
    result = check_world([tmp_path], settings)
    [problem] = result.problems
    assert "expected 108 commune-level units" in problem.message and "found 107" in problem.message


def test_an_imported_units_folder_is_checked_too(settings, tmp_path, capsys):
    units_dir = tmp_path / "units"
    units_dir.mkdir()
    shutil.copy(settings.sandbox_data_dir / "units" / "two-level-2025.csv", units_dir)
    assert main(["check", str(units_dir)]) == 0
    (units_dir / "two-level-2025.csv").write_text("code,name\n19,x\n", encoding="utf-8")
    assert main(["check", str(units_dir)]) == 1
    assert "two-level-2025.csv:2:row 2." in capsys.readouterr().out
