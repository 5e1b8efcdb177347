"""Fake Vietnamese people and households living in the real communes of the configured province.

Public API: `Person`, `Household`, `PersonFactory(seed, model)` (`.person()`, `.household()`),
`generate_people(n, seed, model)`, `generate_households(n, seed, model)`, `check_person(person) -> list[str]`.
Everything is deterministic for a given seed, model and `as_of` date.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from trainer.fake import identity
from trainer.fake.providers import make_faker, mix_key, village_names
from trainer.fake.reference import name_data
from trainer.settings import AdminModel
from trainer.world.units import Unit, UnitSet, load_units

# Reference dates that make ages plausible in each model's time (the 2019 article; the 2025 reform).
DEFAULT_AS_OF = {AdminModel.THREE_LEVEL_2019: date(2019, 6, 30), AdminModel.TWO_LEVEL_2025: date(2025, 7, 1)}
ADULT_AGE = (18, 85)  # years: range of ages of generated individual citizens
PHONE_FROM_AGE = 15  # years: younger household members get no mobile number (sandbox choice)
MARRIED_SHARE = 0.85  # share of household heads living with a spouse (approximation)
ELDER_SHARE = 0.2  # share of households with a grandparent (approximation)
MOTHER_MIN_AGE_AT_BIRTH = 18  # years
MOTHER_MAX_AGE_AT_BIRTH = 42  # years
URBAN_KINDS = ("phường", "thị trấn")
# Age weights for adults by decade of age (more working-age people; approximation of a rural pyramid).
ADULT_AGE_WEIGHTS = {18: 14, 25: 20, 35: 20, 45: 18, 55: 14, 65: 9, 75: 5}


@dataclass
class Person:
    """One fake citizen; `address` is the full postal address, `commune_code` the real unit's code."""

    full_name: str
    family_name: str
    middle_name: str
    given_name: str
    gender: str
    date_of_birth: date
    ethnicity: str
    national_id: str
    phone: str | None
    address: str
    village: str
    commune_code: str
    commune_name: str
    district_code: str | None
    district_name: str | None
    province_code: str
    province_name: str
    household_id: int | None = None
    relation: str | None = None

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["date_of_birth"] = self.date_of_birth.isoformat()
        return data


@dataclass
class Household:
    """People sharing one address; members[0] is the head."""

    id: int
    members: list[Person] = field(default_factory=list)

    @property
    def head(self) -> Person:
        return self.members[0]

    @property
    def address(self) -> str:
        return self.head.address


@dataclass(frozen=True)
class Home:
    """Where a household lives: village + commune + district + province."""

    village: str
    commune: Unit
    district: Unit | None
    province: Unit
    mix: str
    registration_province: str  # 2-digit code where locally born residents were registered

    @property
    def address(self) -> str:
        parts = [self.village, self.commune.full_name]
        if self.district is not None:
            parts.append(self.district.full_name)
        parts.append(self.province.full_name)
        return ", ".join(parts)


def age_on(dob: date, on: date) -> int:
    """Whole years of age on a date."""
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


@lru_cache(maxsize=1)
def _former_bac_kan_range() -> tuple[str, str]:
    """Code range of Bắc Kạn's 2019 communes (two-level communes in it are former Bắc Kạn communes)."""
    codes = [u.code for u in load_units(AdminModel.THREE_LEVEL_2019).communes]
    return min(codes), max(codes)


class PersonFactory:
    """Deterministic source of people and households for one seed and administrative model."""

    def __init__(self, seed: int, model: AdminModel | str | None = None, *, as_of: date | None = None,
                 units: UnitSet | None = None, reuse: str | None = None) -> None:
        self.units = units or load_units(model)
        self.model = self.units.model
        self.as_of = as_of or DEFAULT_AS_OF[self.model]
        self.fake = make_faker(seed, reuse)  # reuse: this thread's Faker of that name, reseeded (make_faker)
        self.rng = self.fake.random
        self._homes = [self._home_parts(c) for c in self.units.communes]
        # Communes weighted by kind: wards and towns are denser (sandbox approximation, no population data).
        self._home_weights = [3.0 if c.kind in URBAN_KINDS else 1.0 for c in self.units.communes]
        self._used_ids: set[str] = set()
        self._next_household = 1

    def _home_parts(self, commune: Unit) -> tuple[Unit, list[str], str, str]:
        two_level = self.model == AdminModel.TWO_LEVEL_2025
        registration = commune.province_code
        if two_level and commune.province_code == "19":
            low, high = _former_bac_kan_range()
            if low <= commune.code <= high:
                registration = "06"
        mix = mix_key(registration)
        return commune, village_names(commune.code, commune.kind, mix), mix, registration

    def home(self) -> Home:
        """A random address in a real commune of the province."""
        commune, villages, mix, registration = self.rng.choices(self._homes, weights=self._home_weights)[0]
        return Home(
            village=self.rng.choice(villages),
            commune=commune,
            district=self.units.district_of(commune.code),
            province=self.units.province,
            mix=mix,
            registration_province=registration,
        )

    def _adult_dob(self) -> date:
        starts = list(ADULT_AGE_WEIGHTS)
        start = self.rng.choices(starts, weights=list(ADULT_AGE_WEIGHTS.values()))[0]
        end = next((s for s in starts if s > start), ADULT_AGE[1] + 1)
        return self._dob_for_age(self.rng.randrange(start, end))

    def _dob_for_age(self, age: int) -> date:
        """A birth date giving exactly `age` on as_of."""
        latest = _shift_years(self.as_of, -age)
        earliest = _shift_years(self.as_of, -age - 1) + timedelta(days=1)
        return earliest + timedelta(days=self.rng.randrange((latest - earliest).days + 1))

    def _national_id(self, home: Home, dob: date, gender: str, local_birth: bool) -> str:
        origin = home.registration_province if local_birth else self.fake.origin_province(home.registration_province)
        while True:
            number = self.fake.cccd(origin, dob, gender)
            if number not in self._used_ids:
                self._used_ids.add(number)
                return number

    def person(self, *, home: Home | None = None, gender: str | None = None, dob: date | None = None,
               ethnicity: str | None = None, family: str | None = None, local_birth: bool = False,
               household_id: int | None = None, relation: str | None = None) -> Person:
        """One person; every argument left out is drawn at random."""
        home = home or self.home()
        gender = gender or self.rng.choice(identity.GENDERS)
        dob = dob or self._adult_dob()
        ethnicity = ethnicity or self.fake.ethnicity_for(home.mix)
        family_name, middle, given = self.fake.vietnamese_name(ethnicity, gender, family)
        phone = self.fake.vietnamese_mobile() if age_on(dob, self.as_of) >= PHONE_FROM_AGE else None
        district = home.district
        return Person(
            full_name=f"{family_name} {middle} {given}",
            family_name=family_name,
            middle_name=middle,
            given_name=given,
            gender=gender,
            date_of_birth=dob,
            ethnicity=ethnicity,
            national_id=self._national_id(home, dob, gender, local_birth),
            phone=phone,
            address=home.address,
            village=home.village,
            commune_code=home.commune.code,
            commune_name=home.commune.full_name,
            district_code=district.code if district else None,
            district_name=district.full_name if district else None,
            province_code=home.province.code,
            province_name=home.province.full_name,
            household_id=household_id,
            relation=relation,
        )

    def household(self) -> Household:
        """A head, usually a spouse, children with consistent ages, sometimes a grandparent; one address."""
        home = self.home()
        hid = self._next_household
        self._next_household += 1
        rng = self.rng
        head_gender = "male" if rng.random() < 0.75 else "female"
        head_age = rng.randint(22, 75)
        ethnicity = self.fake.ethnicity_for(home.mix)
        head = self.person(home=home, gender=head_gender, dob=self._dob_for_age(head_age), ethnicity=ethnicity,
                           household_id=hid, relation="head")
        members = [head]
        mother_age = head_age if head_gender == "female" else None
        father_family = head.family_name if head_gender == "male" else None
        if rng.random() < MARRIED_SHARE:
            spouse_gender = "female" if head_gender == "male" else "male"
            spouse_age = max(18, head_age + (rng.randint(-8, 2) if spouse_gender == "female" else rng.randint(-2, 8)))
            spouse_ethnicity = ethnicity if rng.random() < 0.85 else self.fake.ethnicity_for(home.mix)
            spouse = self.person(home=home, gender=spouse_gender, dob=self._dob_for_age(spouse_age),
                                 ethnicity=spouse_ethnicity, household_id=hid, relation="spouse")
            members.append(spouse)
            if spouse_gender == "female":
                mother_age = spouse_age
            else:
                father_family = spouse.family_name
        if mother_age is not None:
            # children are born when the mother is 18–42; only those still under 30 live at home
            youngest_gap = max(MOTHER_MIN_AGE_AT_BIRTH, mother_age - 29)
            possible = list(range(youngest_gap, min(MOTHER_MAX_AGE_AT_BIRTH, mother_age) + 1))
            for gap in sorted(rng.sample(possible, min(len(possible), rng.choice((0, 1, 2, 2, 3, 3, 4))))):
                child_age = mother_age - gap
                members.append(self.person(
                    home=home, dob=self._dob_for_age(child_age), ethnicity=ethnicity,
                    family=father_family or head.family_name, local_birth=True, household_id=hid, relation="child",
                ))
        if head_age <= 60 and rng.random() < ELDER_SHARE:
            elder_age = min(95, head_age + rng.randint(20, 35))
            elder_gender = "female" if rng.random() < 0.6 else "male"
            elder_family = head.family_name if elder_gender == "male" and head_gender == "male" else None
            members.append(self.person(home=home, gender=elder_gender, dob=self._dob_for_age(elder_age),
                                       ethnicity=ethnicity, family=elder_family, household_id=hid,
                                       relation="parent"))
        return Household(hid, members)


def _shift_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def generate_people(n: int, seed: int, model: AdminModel | str | None = None, *, as_of: date | None = None) -> list[Person]:
    """n adult citizens (with phones) of the model's province; same arguments → same people."""
    factory = PersonFactory(seed, model, as_of=as_of)
    return [factory.person() for _ in range(n)]


def generate_households(n: int, seed: int, model: AdminModel | str | None = None, *,
                        as_of: date | None = None) -> list[Household]:
    """n households of the model's province; same arguments → same households."""
    factory = PersonFactory(seed, model, as_of=as_of)
    return [factory.household() for _ in range(n)]


def check_person(person: Person, as_of: date | None = None) -> list[str]:
    """Every validity rule a generated person must pass; [] when all hold."""
    problems = [f"national_id.{p}" for p in identity.validate_cccd(person.national_id, person.date_of_birth, person.gender)]
    if person.phone is not None:
        problems += [f"phone.{p}" for p in identity.validate_phone(person.phone)]
    if person.full_name != f"{person.family_name} {person.middle_name} {person.given_name}":
        problems.append("full_name.order")
    if person.gender not in identity.GENDERS:
        problems.append("gender")
    pools = name_data().ethnicities
    pool = pools.get(person.ethnicity)
    suffix = "male" if person.gender == "male" else "female"
    if pool is None:
        problems.append("ethnicity")
    else:
        if person.middle_name not in getattr(pool, f"middle_{suffix}"):
            problems.append("middle_name.gender")
        if person.given_name not in getattr(pool, f"given_{suffix}"):
            problems.append("given_name.gender")
    if not any(person.family_name in p.family for p in pools.values()):
        problems.append("family_name")
    if person.commune_name not in person.address or person.province_name not in person.address:
        problems.append("address.commune")
    if as_of is not None and not 0 <= age_on(person.date_of_birth, as_of) <= 120:
        problems.append("date_of_birth")
    return problems
