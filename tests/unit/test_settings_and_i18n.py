"""Settings defaults and overrides; the translator's fallbacks."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from trainer.i18n import Translator, t
from trainer.settings import AdminModel, Settings


def test_defaults_suit_a_commune_laptop(tmp_path, monkeypatch):
    monkeypatch.setenv("TRAINER_DATA_DIR", str(tmp_path))
    s = Settings()
    assert s.language == "vi"
    assert s.admin_model is AdminModel.TWO_LEVEL_2025
    assert s.url == f"sqlite:///{tmp_path / 'trainer.db'}"
    assert s.upload_limit_bytes == 10 * 1024 * 1024


def test_environment_overrides_each_setting(monkeypatch):
    monkeypatch.setenv("TRAINER_DATABASE_URL", "postgresql+psycopg://u@h/db")
    monkeypatch.setenv("TRAINER_LANGUAGE", "en")
    monkeypatch.setenv("TRAINER_ADMIN_MODEL", "three-level-2019")
    monkeypatch.setenv("TRAINER_UPLOAD_LIMIT_MB", "3")
    s = Settings()
    assert (s.url, s.language, s.admin_model, s.upload_limit_mb) == (
        "postgresql+psycopg://u@h/db", "en", AdminModel.THREE_LEVEL_2019, 3)


@pytest.mark.parametrize(("name", "value"), [("TRAINER_LANGUAGE", "fr"), ("TRAINER_UPLOAD_LIMIT_MB", "0")])
def test_bad_values_are_refused(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError):
        Settings()


def test_translation_falls_back_to_vietnamese_then_to_the_key():
    assert t("app.name", "en") == "Một Cửa Sandbox"
    assert t("no.such.key", "en") == "no.such.key"
    assert Translator("xx")("start.title") == "Chào mừng đến Một Cửa Sandbox"


def test_parameters_are_formatted():
    assert t("start.profile_saved", "vi", code="ABC234").endswith("ABC234.")
