"""The papers of the data store are generated with the households, consistent with them, and can be seen."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from tests.sandbox.helpers import new_sandbox
from trainer.db.engine import get_session_factory
from trainer.eforms import PAPER_FACTS, load_eforms, parse_date
from trainer.sandbox.models import Citizen, StoredDocument


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    from tests.support import migrated_sqlite

    url = migrated_sqlite(tmp_path_factory.mktemp("papers") / "p.db")
    factory = get_session_factory(url)
    with factory.begin() as s:
        sid = new_sandbox(s, households=16, seed=5)
        docs = [(d.doc_type, d.citizen_id, dict(d.data)) for d in s.scalars(
            select(StoredDocument).where(StoredDocument.sandbox_id == sid))]
        people = {c.id: c for c in s.scalars(select(Citizen).where(Citizen.sandbox_id == sid))}
        s.expunge_all()
    return docs, people


def test_every_fact_written_is_a_known_fact_of_its_paper(world):
    docs, _ = world
    for doc_type, _citizen, data in docs:
        if PAPER_FACTS.get(doc_type):
            extra = set(data) - set(PAPER_FACTS[doc_type]) - {"child_born", "place", "spouse"}
            assert not extra, (doc_type, extra)


def test_the_papers_the_forms_copy_from_exist_in_a_sandbox(world):
    docs, _ = world
    kinds = {d[0] for d in docs}
    wanted = {f.spec.copy_from.document for form in load_eforms().forms for f in form.fields() if f.spec.copy_from}
    assert {"birth_notice", "spouse_id_card", "residence_record", "lawful_home_proof"} <= kinds
    assert wanted - kinds <= {"death_notice"}  # households with an elderly parent are drawn at random


def test_the_mother_on_a_birth_notice_is_a_woman_of_the_household_of_plausible_age_and_the_father_her_husband(world):
    docs, people = world
    notices = [(c, d) for t, c, d in docs if t == "birth_notice"]
    assert notices
    for citizen_id, facts in notices:
        mother = people[citizen_id]
        born = parse_date(facts["child_date_of_birth"])
        age = (born - mother.date_of_birth).days // 365
        assert mother.gender == "female" and 18 <= age <= 45
        assert facts["mother_full_name"] == mother.full_name and facts["mother_national_id"] == mother.national_id
        assert facts["mother_address_unit"] == mother.commune_code
        household = [p for p in people.values() if p.details["household"] == mother.details["household"]]
        husband = [p for p in household if p.details["relation"] in ("head", "spouse") and p.id != mother.id]
        if "father_full_name" in facts:
            assert [facts["father_full_name"]] == [h.full_name for h in husband]
        assert born <= date(2026, 3, 2)


def test_a_death_notice_names_an_elderly_member_of_the_holders_household(world):
    docs, people = world
    for doc_type, holder, facts in docs:
        if doc_type != "death_notice":
            continue
        household = people[holder].details["household"]
        deceased = [p for p in people.values() if p.full_name == facts["deceased_full_name"]]
        assert any(p.details["household"] == household and p.details["relation"] == "parent" for p in deceased)
        assert parse_date(facts["date_of_death"]) >= parse_date(facts["deceased_date_of_birth"])


def test_a_spouse_to_be_is_an_adult_of_the_other_gender_from_outside_the_household(world):
    docs, people = world
    cards = [(c, d) for t, c, d in docs if t == "spouse_id_card"]
    assert cards
    for holder, facts in cards:
        assert facts["spouse_gender"] != people[holder].gender
        assert facts["spouse_full_name"] not in {p.full_name for p in people.values()
                                                  if p.details["household"] == people[holder].details["household"]}


def test_a_paper_prints_as_a_practice_copy_with_its_facts():
    from tests.support import pdf_text
    from trainer.sandbox.declaration_pdf import render_paper

    text = pdf_text(render_paper("Giấy chứng sinh", "CS-001/2026", "20/02/2026",
                                 [("Ngày sinh của trẻ", "20/02/2026"), ("Họ và tên mẹ", "Ma Thị Liên")]))
    assert "GIẤY CHỨNG SINH" in text and "Ma Thị Liên" in text and "BẢN THỰC HÀNH" in text


def test_a_land_certificate_and_a_driving_licence_carry_the_facts_their_forms_copy(world):
    docs, people = world
    for kind in ("land_certificate", "driving_licence"):
        held = [(c, d) for t, c, d in docs if t == kind]
        assert held, kind
        for citizen_id, facts in held:
            assert set(PAPER_FACTS[kind]) <= set(facts), (kind, set(PAPER_FACTS[kind]) - set(facts))
            holder = facts.get("land_holder") or facts.get("licence_holder")
            assert holder == people[citizen_id].full_name
    for _c, facts in ((c, d) for t, c, d in docs if t == "land_certificate"):
        assert facts["parcel_address_unit"] == people[_c].commune_code and int(facts["parcel_area"]) >= 80
    for _c, facts in ((c, d) for t, c, d in docs if t == "driving_licence"):
        assert (facts["licence_expires_on"] == "Không thời hạn") == (facts["licence_class"] == "A1")


def test_a_form_filled_from_the_land_certificate_in_the_store_is_valid_and_copies_the_parcel(world):
    from trainer.eforms import for_procedure
    from trainer.eforms.example import fill
    from trainer.eforms.validate import check

    docs, people = world
    citizen_id, facts = next((c, d) for t, c, d in docs if t == "land_certificate")
    citizen = people[citizen_id]
    today = date(2026, 3, 2)
    for code in ("1.013225", "SB.0010", "SB.0019"):
        form = for_procedure(code)
        values = fill(form, requester=citizen, today=today, commune=citizen.commune_code,
                      papers={"land_certificate": facts})
        assert check(form, values, today=today) == {}, code
        assert values["parcel_number"] == facts["parcel_number"] and values["parcel_area"] == facts["parcel_area"]
