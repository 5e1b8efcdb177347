"""The profiles checker accepts the shipped profiles and locates a broken one."""

from __future__ import annotations

from trainer.fake.check import CHECKER
from trainer.settings import get_settings


def test_the_shipped_profiles_and_name_data_are_valid():
    settings = get_settings()
    result = CHECKER.check(CHECKER.default_paths(settings), settings)
    assert result.problems == []
    assert result.counts["profiles"] == 2 and result.counts["name_pools"] >= 5


def test_a_profile_with_a_misspelt_key_is_reported_with_its_line(tmp_path):
    settings = get_settings()
    source = (settings.sandbox_data_dir / "profiles" / "bac-kan-2018.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "profiles" / "bac-kan-2018.yaml"
    broken.parent.mkdir()
    broken.write_text(source.replace("level_weights:", "level_weight:"), encoding="utf-8")
    assert CHECKER.claims(broken, settings)
    result = CHECKER.check([broken], settings)
    places = {p.place for p in result.problems}
    assert "level_weight" in places and "level_weights" in places
    assert all(p.line for p in result.problems if p.place == "level_weight")
