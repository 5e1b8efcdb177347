"""The procedure catalogue: validated data, search without diacritics, fees and interconnected bundles."""

from __future__ import annotations

import shutil

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trainer.errors import DomainError, NotFound
from trainer.settings import AdminModel
from trainer.world.procedures import compute_fee, fold, load_catalogue, read_catalogue

DOMAIN_CODES = [
    "1.001193", "1.000894", "1.000656", "1.004873", "2.000815", "2.000884", "1.004222", "1.004194",
    "1.010041", "1.001612", "1.013225", "1.013978", "3.000333", "3.000347",
]


@pytest.fixture
def catalogue(settings):
    return load_catalogue(settings=settings)


def test_catalogue_has_at_least_30_procedures_at_every_level(catalogue):
    assert len(catalogue.all()) >= 30
    for model in AdminModel:
        levels = {p.level(model) for p in catalogue.all()}
        expected = {"commune", "district", "province"} if model is AdminModel.THREE_LEVEL_2019 else {"commune", "province"}
        assert levels == expected


def test_every_procedure_of_the_domain_brief_is_in_the_catalogue(catalogue):
    for code in DOMAIN_CODES:
        assert catalogue.get(code).code == code


def test_every_document_has_a_bilingual_name(catalogue):
    for procedure in catalogue.all():
        for doc in procedure.documents:
            assert doc.name is not None and doc.name.vi and doc.name.en


def test_search_ignores_diacritics_case_and_d_stroke(catalogue):
    assert catalogue.search("dang ky khai sinh")[0].code == "1.001193"
    assert catalogue.search("ĐĂNG KÝ KHAI SINH")[0].code == "1.001193"
    assert "1.004222" in [p.code for p in catalogue.search("thuong tru")]
    assert catalogue.search("permanent residence", lang="en")[0].code == "1.004222"
    assert catalogue.search("2.000815")[0].code == "2.000815"
    assert catalogue.search("không có thủ tục này") == []


def test_fold_turns_d_stroke_into_d():
    assert fold("Đăng  ký đất đai") == "dang ky dat dai"


def test_certified_copy_fee_follows_the_page_rule(catalogue):
    copy = catalogue.get("2.000815")
    assert compute_fee(copy, pages=1) == 2_000
    assert compute_fee(copy, pages=2) == 4_000
    assert compute_fee(copy, pages=3) == 5_000
    assert compute_fee(copy, pages=10) == 12_000
    assert compute_fee(copy, pages=500) == 200_000
    with pytest.raises(DomainError):
        compute_fee(copy, pages=0)


@given(st.integers(min_value=1, max_value=2_000))
def test_certified_copy_fee_never_exceeds_the_cap_and_grows_with_pages(pages):
    copy = load_catalogue().get("2.000815")
    fee = compute_fee(copy, pages=pages)
    assert 0 < fee <= 200_000
    assert compute_fee(copy, pages=pages + 1) >= fee


def test_other_fee_kinds(catalogue):
    assert compute_fee(catalogue.get("1.001193")) == 0
    assert compute_fee(catalogue.get("1.001193"), on_time=False) == 8_000
    assert compute_fee(catalogue.get("2.000884")) == 10_000
    assert compute_fee(catalogue.get("1.004222")) == 20_000
    assert compute_fee(catalogue.get("1.004222"), online=True) == 10_000
    assert compute_fee(catalogue.get("1.004194"), online=True) == 7_000
    assert compute_fee(catalogue.get("1.010041")) == 0
    assert compute_fee(catalogue.get("3.000333")) == 200_000
    assert compute_fee(catalogue.get("3.000347")) == 135_000


def test_birth_bundle_links_birth_residence_and_health_insurance(catalogue):
    bundle = catalogue.bundle("birth_bundle")
    assert bundle.parts[:2] == ["1.001193", "1.004222"]
    assert "thẻ bảo hiểm y tế" in catalogue.get(bundle.parts[2]).name.vi.lower()
    assert bundle.time.working_days == 3
    assert bundle.time.working_days + bundle.time.extra_days_if_verified == 5
    assert catalogue.bundles_with("1.004222") == [bundle]


def test_death_bundle_starts_with_death_registration(catalogue):
    assert catalogue.bundle("death_bundle").parts[0] == "1.000656"


def test_district_procedures_received_at_the_commune_exist_in_the_three_level_model(catalogue):
    forwarded = [p for p in catalogue.all() if p.is_interconnected(AdminModel.THREE_LEVEL_2019)]
    assert any(p.level(AdminModel.THREE_LEVEL_2019) == "district" for p in forwarded)
    assert catalogue.get("1.013225").rule(AdminModel.THREE_LEVEL_2019).receive_at == "commune"


def test_online_levels_use_both_scales(catalogue):
    birth = catalogue.get("1.001193")
    assert (birth.online.legacy_level, birth.online.mode) == (4, "full")
    assert catalogue.get("2.000815").online.mode == "none"


def test_unknown_code_is_not_found(catalogue):
    with pytest.raises(NotFound):
        catalogue.get("9.999999")


def test_a_broken_copy_gives_located_errors(tmp_path, settings):
    broken = tmp_path / "procedures.yaml"
    shutil.copy(settings.sandbox_data_dir / "procedures.yaml", broken)
    text = broken.read_text(encoding="utf-8")
    text = text.replace("fee: {kind: fixed, amount: 10000,", "fee: {kind: fixed, amont: 10000,", 1)
    broken.write_text(text, encoding="utf-8")
    catalogue, problems = read_catalogue(broken)
    assert catalogue is None
    assert any("amont" in p.place and "unknown field" in p.message and p.line for p in problems), problems


def test_a_bundle_part_missing_from_the_catalogue_is_located(tmp_path, settings):
    broken = tmp_path / "procedures.yaml"
    text = (settings.sandbox_data_dir / "procedures.yaml").read_text(encoding="utf-8")
    broken.write_text(text.replace('"1.004222", "SB.0012"]', '"1.004222", "SB.9999"]'), encoding="utf-8")
    _, problems = read_catalogue(broken)
    [problem] = problems
    assert problem.place == "bundles[0].parts[2]" and "SB.9999" in problem.message
    assert text.splitlines()[problem.line - 1].strip().startswith("parts:")


def test_a_wrong_agency_kind_and_duplicate_code_are_located(tmp_path, settings):
    broken = tmp_path / "procedures.yaml"
    text = (settings.sandbox_data_dir / "procedures.yaml").read_text(encoding="utf-8")
    text = text.replace("agency: district_justice}", "agency: district_magic}", 1)
    text = text.replace('code: "SB.0002"', 'code: "SB.0001"', 1)
    broken.write_text(text, encoding="utf-8")
    _, problems = read_catalogue(broken)
    messages = " | ".join(str(p) for p in problems)
    assert "district_magic" in messages and "repeats" in messages
    assert all(p.line for p in problems)


def test_every_procedure_is_found_by_its_name_typed_without_accents_or_in_capitals(catalogue):
    for procedure in catalogue.all():
        assert procedure in catalogue.search(fold(procedure.name.vi))
        assert procedure in catalogue.search(procedure.name.vi.upper())
        assert procedure in catalogue.search(procedure.name.en.lower(), lang="en")
