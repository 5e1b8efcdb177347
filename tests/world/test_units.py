"""Administrative units: the shipped CSVs match the official counts and the UnitSet navigates them."""

from __future__ import annotations

import pytest

from trainer.errors import NotFound
from trainer.settings import AdminModel
from trainer.world.units import load_units, read_units_csv, units_path


def test_bac_kan_2019_has_eight_districts_and_108_communes(settings):
    units = load_units(AdminModel.THREE_LEVEL_2019, settings)
    assert units.province.code == "06" and units.province.name == "Bắc Kạn"
    assert len(units.districts) == 8
    assert len(units.communes) == 108
    assert {d.name for d in units.districts} == {
        "Bắc Kạn", "Ba Bể", "Bạch Thông", "Chợ Đồn", "Chợ Mới", "Na Rì", "Ngân Sơn", "Pác Nặm",
    }


def test_thai_nguyen_2025_has_92_communes_and_no_districts(settings):
    units = load_units(AdminModel.TWO_LEVEL_2025, settings)
    assert units.province.code == "19" and units.province.name == "Thái Nguyên"
    assert units.districts == []
    assert len(units.communes) == 92
    assert all(c.parent_code == "19" for c in units.communes)


def test_default_model_is_the_two_level_structure(settings):
    assert load_units(settings=settings).model is AdminModel.TWO_LEVEL_2025


def test_every_commune_of_every_district_is_reachable(settings):
    units = load_units(AdminModel.THREE_LEVEL_2019, settings)
    reached = [c for d in units.districts for c in units.communes_of(d.code)]
    assert sorted(c.code for c in reached) == sorted(c.code for c in units.communes)
    assert [u.level for u in units.ancestors(units.communes[0].code)] == ["commune", "district", "province"]


def test_every_unit_has_coordinates_inside_the_province_area(settings):
    for model in AdminModel:
        units = load_units(model, settings)
        for unit in units.all():
            assert 21.0 < unit.latitude < 23.0 and 105.0 < unit.longitude < 106.6, unit


def test_unknown_code_is_not_found(settings):
    with pytest.raises(NotFound) as caught:
        load_units(AdminModel.THREE_LEVEL_2019, settings).get("99999")
    assert caught.value.key == "errors.world.unknown_unit"


def test_a_broken_csv_reports_located_problems(tmp_path, settings):
    source = units_path(AdminModel.THREE_LEVEL_2019, settings).read_text(encoding="utf-8").splitlines()
    source[5] = source[5].replace(",06,06,", ",77,06,")  # a district whose parent does not exist
    source.append(source[10])  # a duplicated commune
    broken = tmp_path / "units.csv"
    broken.write_text("\n".join(source) + "\n", encoding="utf-8")
    _, problems = read_units_csv(broken)
    messages = [(p.line, p.message) for p in problems]
    assert any(line == 6 and "parent '77'" in msg for line, msg in messages), messages
    assert any(line == len(source) and "repeats row 11" in msg for line, msg in messages), messages


def test_an_imported_province_in_the_data_dir_replaces_the_shipped_one(settings):
    target = settings.data_dir / "units" / "two-level-2025.csv"
    target.parent.mkdir(parents=True)
    shipped = units_path(AdminModel.TWO_LEVEL_2025, settings)
    lines = shipped.read_text(encoding="utf-8").splitlines()[:4]
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert units_path(AdminModel.TWO_LEVEL_2025, settings) == target
    assert len(load_units(AdminModel.TWO_LEVEL_2025, settings).communes) == 2
