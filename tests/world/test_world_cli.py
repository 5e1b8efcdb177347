"""`trainer world generate | import` rebuild the unit CSVs from vietnamadminunits, or say clearly it is missing."""

from __future__ import annotations

import pytest

from trainer.cli import main
from trainer.settings import AdminModel
from trainer.world.units import load_units, units_path

pytest.importorskip("vietnamadminunits")


def test_generate_reproduces_the_shipped_files_exactly(tmp_path, settings, capsys):
    assert main(["world", "generate", "--output-dir", str(tmp_path)]) == 0
    for model in AdminModel:
        shipped = settings.sandbox_data_dir / "units" / f"{model.value}.csv"
        assert (tmp_path / f"{model.value}.csv").read_bytes() == shipped.read_bytes()
    assert "vietnamadminunits" in capsys.readouterr().out


def test_import_writes_another_province_into_the_data_dir_and_it_is_used(settings, capsys):
    assert main(["world", "import", "--province", "4", "--model", "three-level-2019"]) == 0  # Cao Bằng
    out = capsys.readouterr().out
    assert "Cao Bằng" in out
    path = units_path(AdminModel.THREE_LEVEL_2019, settings)
    assert path.is_relative_to(settings.data_dir)
    units = load_units(AdminModel.THREE_LEVEL_2019, settings)
    assert units.province.code == "04" and len(units.districts) >= 9


def test_import_of_an_unknown_province_is_one_clear_line(capsys):
    assert main(["world", "import", "--province", "99", "--model", "two-level-2025"]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "99" in err


def test_missing_package_gives_a_one_line_message(monkeypatch, capsys):
    monkeypatch.setattr("trainer.world.generate_units.package_version", lambda: None)
    assert main(["world", "import", "--province", "06"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "vietnamadminunits" in err
