"""The README names every command and every setting; a reader can trust it."""

from __future__ import annotations

from pathlib import Path

from trainer.cli import build_parser
from trainer.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_starts_with_the_two_commands():
    lines = [line for line in README.splitlines() if line.strip()]
    commands = [line.strip() for line in lines[:8] if line.strip().startswith("make ")]
    assert commands[:2] == ["make run", "make test"]


def test_the_readme_has_a_vietnamese_quick_start():
    assert "Bắt đầu nhanh" in README


def test_every_setting_is_documented():
    for name in Settings.model_fields:
        assert f"TRAINER_{name.upper()}" in README, f"TRAINER_{name.upper()} is not in the README"


def test_every_cli_command_is_documented():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    for name in sub.choices:
        assert f"trainer {name}" in README, f"`trainer {name}` is not in the README"


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
