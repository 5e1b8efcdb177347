"""Fixtures of the quiz tests: a content folder with a small bank, loaded."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.quiz.bank_fixture import write_bank
from trainer.quiz.loader import Bank, load_bank
from trainer.settings import get_settings


@pytest.fixture
def content_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A content folder holding the fixture bank; settings point at it."""
    folder = tmp_path / "content"
    write_bank(folder)
    monkeypatch.setenv("TRAINER_CONTENT_DIR", str(folder))
    get_settings.cache_clear()
    return folder


@pytest.fixture
def bank(content_dir: Path) -> Bank:
    loaded = load_bank(content_dir / "scenarios" / "quizzes")
    assert loaded.problems == []
    return loaded
