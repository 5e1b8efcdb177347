"""Agencies: every unit has its one-stop desk and offices, with ids usable in dossier codes."""

from __future__ import annotations

import re

import pytest

from trainer.errors import DomainError, NotFound
from trainer.settings import AdminModel
from trainer.world.agencies import (
    AGENCY_KINDS,
    agencies_for,
    agencies_of,
    deciding_agency,
    get_agency,
    one_stop_desk,
    receiving_desk,
)
from trainer.world.procedures import load_catalogue
from trainer.world.units import load_units

THREE, TWO = AdminModel.THREE_LEVEL_2019, AdminModel.TWO_LEVEL_2025
ID = re.compile(r"^H\d{2}\.\d{2}\.\d{2}\.\d{3}$")


@pytest.mark.parametrize("model", list(AdminModel))
def test_every_unit_has_a_one_stop_desk_and_all_offices_of_its_level(model, settings):
    units = load_units(model, settings)
    for unit in units.all():
        kinds = [a.kind for a in agencies_of(unit.code, model, settings)]
        assert kinds == list(AGENCY_KINDS[model][unit.level])
        assert one_stop_desk(unit.code, model, settings).is_one_stop


def test_agency_ids_are_unique_across_both_models_and_follow_the_code_pattern(settings):
    every = agencies_for(THREE, settings) + agencies_for(TWO, settings)
    assert len({a.id for a in every}) == len(every)
    assert all(ID.match(a.id) for a in every)


def test_bac_kan_ids_start_with_h06_and_the_province_desk_is_all_zeros(settings):
    desk = one_stop_desk("06", THREE, settings)
    assert desk.id == "H06.00.00.000"
    assert desk.name_vi == "Trung tâm Phục vụ hành chính công tỉnh Bắc Kạn"
    assert all(a.id.startswith("H06.") for a in agencies_for(THREE, settings))


def test_commune_desk_after_2025_is_the_public_administration_service_center(settings):
    commune = load_units(TWO, settings).communes[0]
    desk = one_stop_desk(commune.code, TWO, settings)
    assert desk.name_vi.startswith("Trung tâm Phục vụ hành chính công ")
    assert desk.id.startswith("H19.50.")


def test_get_agency_finds_an_agency_of_either_model(settings):
    some = agencies_for(THREE, settings)[200]
    assert get_agency(some.id, settings) == some
    with pytest.raises(NotFound):
        get_agency("H99.00.00.000", settings)


def test_house_permit_is_received_at_the_commune_and_decided_by_the_district_in_2019(settings):
    permit = load_catalogue(settings=settings).get("1.013225")
    units = load_units(THREE, settings)
    commune = units.communes_of("064")[0]  # Chợ Đồn
    assert receiving_desk(permit, commune.code, THREE, settings).unit_code == commune.code
    decider = deciding_agency(permit, commune.code, THREE, settings)
    assert (decider.kind, decider.unit_code) == ("district_economy_infra", "064")


def test_house_permit_is_decided_by_the_commune_after_2025(settings):
    permit = load_catalogue(settings=settings).get("1.013225")
    commune = load_units(TWO, settings).communes[5]
    decider = deciding_agency(permit, commune.code, TWO, settings)
    assert (decider.kind, decider.unit_code) == ("commune_economy", commune.code)


def test_a_commune_procedure_cannot_be_decided_from_the_province_desk(settings):
    birth = load_catalogue(settings=settings).get("1.001193")
    with pytest.raises(DomainError) as caught:
        deciding_agency(birth, "06", THREE, settings)
    assert caught.value.key == "errors.world.wrong_level"


def test_every_procedure_finds_its_agencies_from_every_commune(settings):
    catalogue = load_catalogue(settings=settings)
    for model in AdminModel:
        for commune in load_units(model, settings).communes[:10]:
            for procedure in catalogue.all():
                decider = deciding_agency(procedure, commune.code, model, settings)
                assert decider.level == procedure.level(model)
                desk = receiving_desk(procedure, commune.code, model, settings)
                assert desk.is_one_stop and desk.level == procedure.rule(model).receive_level


def test_lookups_of_desks_are_fast_enough_for_a_year_of_history():
    import time

    procedures = load_catalogue().all()
    communes = load_units("three-level-2019").communes
    start = time.perf_counter()
    for i in range(20_000):
        receiving_desk(procedures[i % len(procedures)], communes[i % len(communes)].code, "three-level-2019")
        deciding_agency(procedures[i % len(procedures)], communes[i % len(communes)].code, "three-level-2019")
    assert time.perf_counter() - start < 4.0  # ~10 µs each here; 73,138 dossiers must not cost seconds
