"""E-form definitions as content: every online procedure has its form, located errors, a broken file is alone."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from trainer.eforms import for_procedure, load_eforms, normalise, prefill, visible
from trainer.eforms.loader import read_folder
from trainer.eforms.validate import check
from trainer.sandbox import reference
from trainer.world.procedures import load_catalogue

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "sandbox_data" / "eforms"
TODAY = date(2026, 3, 2)
ONLINE = sorted(p.code for p in load_catalogue().all() if reference.online_submission(p.code))
REQUIRED_FORMS = ["1.001193", "1.000894", "1.000656", "1.004873", "1.004222", "1.004194", "3.000333", "1.001612",
                  "SB.0004"]


def test_the_content_has_at_least_ten_e_forms_and_no_problem():
    catalogue = read_folder(FOLDER, ROOT)
    assert catalogue.problems == []
    assert len(catalogue.forms) >= 10


@pytest.mark.parametrize("code", REQUIRED_FORMS)
def test_the_procedures_the_issue_names_have_their_own_form(code):
    form = for_procedure(code)
    assert form.id != "generic", code
    assert form.legal_form.source and form.title.vi


def test_trainer_check_counts_the_e_forms_in_json():
    out = subprocess.run([sys.executable, "-m", "trainer.cli", "check", "--format", "json"], capture_output=True,
                         text=True, cwd=ROOT, check=False)
    data = json.loads(out.stdout)
    assert data["counts"]["eforms"] >= 10 and data["errors"] == [], data["errors"]


def test_the_birth_registration_asks_for_the_child_the_mother_the_father_and_the_relationship():
    names = for_procedure("1.001193").names()
    for name in ("child_name", "child_date_of_birth", "child_place_of_birth", "child_gender", "child_ethnicity",
                 "child_nationality", "mother_full_name", "mother_national_id", "father_declared",
                 "father_full_name", "requester_relation", "full_name", "national_id"):
        assert name in names, name


class Person:
    full_name, gender, ethnicity, national_id, phone = "Nông Thị Hoa", "female", "Tày", "006196001234", "0912345678"
    address, commune_code, date_of_birth = "Thôn Nà Phai, Xã Quảng Bạch", "01234", date(1996, 5, 4)


def test_only_the_requester_is_prefilled_never_the_child_or_a_parent():
    for form in load_eforms().forms:
        filled = prefill(form, Person())
        assert filled["full_name"] == "Nông Thị Hoa", form.id
        assert filled["date_of_birth"] == "04/05/1996"
        assert not [k for k in filled if k.startswith(("child_", "mother_", "father_", "deceased_", "spouse_"))]


def _birth_values(**change):
    values = {**prefill(for_procedure("1.001193"), Person()), "requester_relation": "mother",
              "child_name": "Hoàng Minh An", "child_date_of_birth": "20/02/2026", "child_gender": "male",
              "child_place_of_birth": "Trạm Y tế xã Quảng Bạch", "child_ethnicity": "Tày",
              "child_nationality": "Việt Nam", "mother_full_name": "Nông Thị Hoa", "mother_date_of_birth": "04/05/1996",
              "mother_ethnicity": "Tày", "mother_nationality": "Việt Nam", "mother_national_id": "006196001234",
              "mother_address": "Thôn Nà Phai", "mother_address_unit": "01234", "father_declared": "no"}
    values.update(change)
    return values


def test_a_complete_birth_form_is_valid_and_the_father_is_asked_only_when_declared():
    form = for_procedure("1.001193")
    assert check(form, _birth_values(), today=TODAY) == {}
    errors = check(form, _birth_values(father_declared="yes"), today=TODAY)
    assert "father_full_name" in errors and errors["father_full_name"].key == "required"
    assert "father_full_name" not in normalise(form, _birth_values(father_full_name="X"))


@pytest.mark.parametrize(("change", "field", "key"), [
    ({"child_date_of_birth": "03/03/2026"}, "child_date_of_birth", "future"),
    ({"child_date_of_birth": "31/02/2026"}, "child_date_of_birth", "date_format"),
    ({"mother_national_id": "00619600123"}, "mother_national_id", "id_length"),
    ({"mother_national_id": "999196001234"}, "mother_national_id", "id_province"),
    ({"mother_national_id": "006096001234"}, "mother_national_id", "id_mismatch"),  # a man's century digit
    ({"child_name": "  "}, "child_name", "required"),
    ({"phone": "0112345678"}, "phone", "phone_prefix"),
    ({"phone": "091234567"}, "phone", "phone_length"),
    ({"child_gender": "x"}, "child_gender", "choice"),
])
def test_a_wrong_field_gets_its_own_vietnamese_message(change, field, key):
    errors = check(for_procedure("1.001193"), _birth_values(**change), today=TODAY)
    assert list(errors) == [field] and errors[field].key == key
    text = errors[field].text("vi")
    assert text and "eforms." not in text


def test_a_person_who_is_not_a_parent_must_give_the_authorisation():
    form = for_procedure("1.001193")
    assert "authorisation_note" not in [f.name for f in visible(form, _birth_values())]
    errors = check(form, _birth_values(requester_relation="grandparent"), today=TODAY)
    assert list(errors) == ["authorisation_note"]


def test_the_communes_offered_are_checked_when_given():
    errors = check(for_procedure("1.001193"), _birth_values(mother_address_unit="99999"), today=TODAY,
                   communes={"01234"})
    assert list(errors) == ["mother_address"] and errors["mother_address"].key == "unit"


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "eforms"
    shutil.copytree(FOLDER, folder)
    return folder


def test_a_broken_file_gets_a_located_error_and_every_other_form_stays_usable(tmp_path):
    folder = _copy(tmp_path)
    path = folder / "ket-hon.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("type: date, rules: [not_future, adult]",
                                                             "type: datum, rules: [not_future, adult]"),
                    encoding="utf-8")
    catalogue = read_folder(folder, tmp_path)
    assert len(catalogue.problems) == 1
    problem = catalogue.problems[0]
    assert problem.file.endswith("ket-hon.yaml") and problem.line is not None and "sections[2]" in problem.place
    assert "1.000894" not in catalogue.by_procedure and catalogue.for_procedure("1.000894").id == "generic"
    assert catalogue.for_procedure("1.001193").id == "khai-sinh"
    assert len(catalogue.forms) == len(read_folder(FOLDER, ROOT).forms) - 1


@pytest.mark.parametrize(("old", "new", "words"), [
    ("  - id: child\n", "  - id: child\n    prefill: identity\n", "only the requester"),
    ("field: requester_relation, equals: [grandparent", "field: requester_relations, equals: [grandparent",
     "unknown field"),
    ("fact: child_date_of_birth", "fact: child_birthday", "has no fact"),
    ('procedures: ["1.001193", "SB.0001"]', 'procedures: ["1.001193", "2.000815"]', "cannot be submitted online"),
    ("prefix: father_", "prefix: mother_", "declared twice"),
])
def test_cross_reference_mistakes_are_located(tmp_path, old, new, words):
    folder = _copy(tmp_path)
    path = folder / "khai-sinh.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    catalogue = read_folder(folder, tmp_path)
    mine = [p for p in catalogue.problems if p.file.endswith("khai-sinh.yaml")]
    assert mine and any(words in p.message for p in mine), catalogue.problems
    assert all(p.line for p in mine)
    assert catalogue.for_procedure("1.001193").id == "generic"


def test_a_procedure_without_a_definition_still_gets_the_generic_applicant_form():
    form = read_folder(Path("/nonexistent")).for_procedure("1.001193")
    assert form.id == "generic" and form.names()[:2] == ["full_name", "date_of_birth"]


def test_every_online_procedure_has_an_e_form_or_the_generic_one():
    for code in ONLINE:
        assert for_procedure(code).fields()


@pytest.mark.parametrize("code", ONLINE)
def test_every_online_procedure_has_its_own_form_copying_a_legal_form_and_a_careful_citizen_can_fill_it(code):
    from trainer.eforms.example import fill

    form = for_procedure(code)
    assert form.id != "generic", f"{code} still falls back to the generic applicant form"
    assert form.legal_form.name.vi and form.legal_form.source
    values = fill(form, requester=Person(), today=TODAY, commune=Person.commune_code)
    assert check(form, values, today=TODAY) == {}, code
    assert [f.name for f in form.fields() if f.prefill] == [f.name for f in form.fields()
                                                            if f.section == "requester" and f.spec.identity]
