"""Generated people look Vietnamese, pass every rule, live in real communes, and repeat for a seed."""

from __future__ import annotations

from collections import Counter
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from trainer.fake.people import PersonFactory, age_on, check_person, generate_households, generate_people
from trainer.fake.reference import name_data
from trainer.settings import AdminModel
from trainer.world.units import load_units

THREE = AdminModel.THREE_LEVEL_2019
TWO = AdminModel.TWO_LEVEL_2025


def test_ten_thousand_people_all_pass_every_rule():
    people = generate_people(10_000, seed=7, model=THREE)
    bad = [(p.full_name, check_person(p, date(2019, 6, 30))) for p in people if check_person(p, date(2019, 6, 30))]
    assert bad == []
    assert len({p.national_id for p in people}) == 10_000


def test_the_same_seed_gives_the_same_people_and_another_seed_others():
    first = [p.as_dict() for p in generate_people(300, seed=42, model=THREE)]
    again = [p.as_dict() for p in generate_people(300, seed=42, model=THREE)]
    other = [p.as_dict() for p in generate_people(300, seed=43, model=THREE)]
    assert first == again
    assert first != other


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10**9), st.sampled_from([THREE, TWO]))
def test_any_seed_gives_valid_people_in_real_communes(seed, model):
    units = load_units(model)
    codes = {u.code for u in units.communes}
    for person in generate_people(20, seed=seed, model=model):
        assert check_person(person) == []
        assert person.commune_code in codes
        assert person.address.endswith(units.province.full_name)
        assert person.phone is not None


def test_names_are_in_vietnamese_order_with_gender_consistent_middle_names():
    people = generate_people(2_000, seed=1, model=THREE)
    for person in people:
        assert person.full_name.split(" ", 1)[0] == person.family_name
        assert person.full_name.endswith(person.given_name)
        if person.middle_name == "Thị":
            assert person.gender == "female"
        if person.middle_name in ("Văn", "A", "Seo"):
            assert person.gender == "male"
    assert not any(p.full_name.split()[0] in ("Ông", "Bà", "Cô", "Quý", "Anh", "Chị") for p in people)


def test_bac_kan_is_mostly_tay_with_its_minority_family_names():
    people = generate_people(5_000, seed=3, model=THREE)
    ethnic = Counter(p.ethnicity for p in people)
    assert ethnic.most_common(1)[0][0] == "Tày"
    assert {"Tày", "Nùng", "Dao", "Kinh", "Mông"} <= set(ethnic)
    families = Counter(p.family_name for p in people)
    assert {"Hoàng", "Nông", "Ma", "Triệu", "Bàn", "Giàng"} <= set(families)
    pools = name_data().ethnicities
    for person in people:
        if person.ethnicity == "Mông":
            assert person.family_name in pools["Mông"].family


def test_three_level_addresses_name_village_commune_district_and_province():
    person = generate_people(1, seed=5, model=THREE)[0]
    parts = person.address.split(", ")
    assert len(parts) == 4
    assert parts[0].startswith(("Thôn", "Bản", "Tổ"))
    assert parts[1] == person.commune_name and parts[2] == person.district_name
    assert parts[3] == "Tỉnh Bắc Kạn"


def test_two_level_addresses_have_no_district_and_former_bac_kan_residents_keep_code_006():
    people = generate_people(3_000, seed=9, model=TWO)
    assert all(p.district_code is None and len(p.address.split(", ")) == 3 for p in people)
    bac_kan_ward = [p for p in people if p.commune_name == "Phường Đức Xuân"]
    assert bac_kan_ward and Counter(p.national_id[:3] for p in bac_kan_ward).most_common(1)[0][0] == "006"
    assert Counter(p.national_id[:3] for p in people).most_common(1)[0][0] == "019"


def test_households_share_an_address_and_have_consistent_ages():
    as_of = date(2019, 6, 30)
    for household in generate_households(500, seed=11, model=THREE):
        head = household.head
        assert head.relation == "head"
        assert {m.address for m in household.members} == {head.address}
        assert len({m.household_id for m in household.members}) == 1
        mothers = [m for m in household.members if m.relation in ("head", "spouse") and m.gender == "female"]
        for child in (m for m in household.members if m.relation == "child"):
            assert mothers
            gap = age_on(mothers[0].date_of_birth, as_of) - age_on(child.date_of_birth, as_of)
            assert 17 <= gap <= 43
            assert (child.phone is None) == (age_on(child.date_of_birth, as_of) < 15)
        for member in household.members:
            assert check_person(member, as_of) == []


def test_factory_ids_never_repeat_within_one_run():
    factory = PersonFactory(1, THREE)
    people = [factory.person() for _ in range(3_000)] + [m for _ in range(500) for m in factory.household().members]
    assert len({p.national_id for p in people}) == len(people)


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 10**9), st.sampled_from([THREE, TWO]), st.dates(date(2019, 1, 1), date(2030, 12, 31)))
def test_any_seed_and_date_gives_households_with_valid_members_and_consistent_ages(seed, model, as_of):
    factory = PersonFactory(seed, model, as_of=as_of)
    for _ in range(5):
        household = factory.household()
        ages: dict[str, list[int]] = {}
        for member in household.members:
            assert check_person(member, as_of) == []
            ages.setdefault(member.relation, []).append(age_on(member.date_of_birth, as_of))
        head_age = ages["head"][0]
        assert 18 <= head_age <= 95
        mothers = [age_on(m.date_of_birth, as_of) for m in household.members
                   if m.relation in ("head", "spouse") and m.gender == "female"]
        for child_age in ages.get("child", []):
            assert mothers and 17 <= mothers[0] - child_age <= 43
        for parent_age in ages.get("parent", []):
            assert parent_age >= head_age + 20
        assert len({m.address for m in household.members}) == 1


def test_a_reused_faker_reseeded_draws_what_a_new_one_would():
    fresh = PersonFactory(7).household().members
    used = PersonFactory(99, reuse="test-households")
    used.household()  # the thread's Faker of that name has drawn for another seed
    again = PersonFactory(7, reuse="test-households")
    assert again.fake is used.fake  # the same Faker, not a new one
    assert again.household().members == fresh
    assert PersonFactory(7, reuse="test-other").fake is not again.fake  # another name: another Faker
