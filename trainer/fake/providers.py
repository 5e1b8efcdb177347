"""Faker providers for Vietnam where Faker's own vi_VN locale is wrong (name order, titles) or missing (CCCD, villages).

Faker's vi_VN person provider writes "given family" with titles ("Cô Hạnh Trần"); these providers give
names in Vietnamese order (family, middle, given) with gender-consistent middle and given names drawn from
the pools of each ethnic group (trainer/fake/data/names.yaml).
"""

from __future__ import annotations

import random
import threading
from bisect import bisect
from datetime import date
from functools import cache
from itertools import accumulate

from faker import Faker
from faker.providers import BaseProvider

from trainer.fake import identity
from trainer.fake.reference import name_data, population_data

FAKER_LOCALE = "vi_VN"
VILLAGES_PER_COMMUNE = (5, 14)  # range of hamlets per commune (sandbox choice; real communes have ~5–20)
URBAN_GROUPS_PER_UNIT = (8, 25)  # residential groups (tổ dân phố) per ward or town


class WeightedTable:
    """A fixed weighted choice (cumulative weights, so each draw is one bisect)."""

    def __init__(self, weights: dict[str, float]) -> None:
        self.items = list(weights)
        self.cumulative = list(accumulate(weights.values()))
        self.total = self.cumulative[-1]

    def pick(self, rng: random.Random) -> str:
        return self.items[bisect(self.cumulative, rng.random() * self.total)]


@cache
def _table(kind: str, key: str, part: str = "") -> WeightedTable:
    if kind == "mix":
        return WeightedTable(population_data().ethnic_mix[key])
    if kind == "origin":
        return WeightedTable(population_data().migrant_origins)
    return WeightedTable(getattr(name_data().ethnicities[key], part))


def mix_key(province_code: str) -> str:
    """Which ethnic mix applies to a (pre-2025) province code."""
    return province_code if province_code in population_data().ethnic_mix else "default"


class VietnameseNameProvider(BaseProvider):
    """Ethnicity and Vietnamese-order names."""

    def ethnicity_for(self, mix: str) -> str:
        """An ethnic group drawn from a province mix (see population.yaml)."""
        return _table("mix", mix).pick(self.generator.random)

    def vietnamese_name(self, ethnicity: str, gender: str, family: str | None = None) -> tuple[str, str, str]:
        """(family, middle, given); family may be imposed (a child takes the father's family name)."""
        rng = self.generator.random
        suffix = "male" if gender == "male" else "female"
        family = family or _table("name", ethnicity, "family").pick(rng)
        middle = _table("name", ethnicity, f"middle_{suffix}").pick(rng)
        given = _table("name", ethnicity, f"given_{suffix}").pick(rng)
        if given == middle:  # "Văn Văn" never happens; draw again once, then fall back to the first pool name
            given = _table("name", ethnicity, f"given_{suffix}").pick(rng)
            if given == middle:
                given = next(n for n in _table("name", ethnicity, f"given_{suffix}").items if n != middle)
        return family, middle, given


class VietnameseIdProvider(BaseProvider):
    """CCCD numbers and mobile numbers valid by structure."""

    def cccd(self, province_code: str, dob: date, gender: str) -> str:
        return identity.make_cccd(province_code, dob, gender, self.generator.random)

    def vietnamese_mobile(self) -> str:
        return identity.make_mobile(self.generator.random)

    def origin_province(self, home_province: str) -> str:
        """Where a resident's birth was registered: mostly at home, some elsewhere (population.yaml)."""
        rng = self.generator.random
        if rng.random() < population_data().migrant_share:
            return _table("origin", "").pick(rng)
        return home_province


def village_names(commune_code: str, kind: str, mix: str) -> list[str]:
    """The hamlets of a commune: the same for every seed (they belong to the world, not to a run)."""
    rng = random.Random(f"villages:{commune_code}")
    kind_lower = kind.lower()
    if "phường" in kind_lower or "thị trấn" in kind_lower:
        count = rng.randint(*URBAN_GROUPS_PER_UNIT)
        return [f"Tổ {n}" for n in range(1, count + 1)]
    parts = name_data().villages
    minority_share = 1 - population_data().ethnic_mix[mix].get("Kinh", 0) / sum(
        population_data().ethnic_mix[mix].values()
    )
    names: list[str] = []
    count = rng.randint(*VILLAGES_PER_COMMUNE)
    while len(names) < count:
        if rng.random() < minority_share:
            word = "Bản" if rng.random() < 0.25 else "Thôn"
            prefix = rng.choice(parts.tay_prefixes)
            suffix = rng.choice(parts.tay_suffixes)
            name = f"{word} {prefix} {suffix}" if prefix != "Bản" else f"Thôn Bản {suffix}"
        else:
            name = f"Thôn {rng.choice(parts.kinh_names)}"
        if name not in names:
            names.append(name)
    return names


def make_faker(seed: int, reuse: str | None = None) -> Faker:
    """A vi_VN Faker with the Vietnamese providers, seeded (same seed → same draws).

    With `reuse`, this thread's Faker of that name, reseeded: seeding resets its whole random state, so it draws
    exactly what a new one would, without building the proxy and its providers again (about 5 ms). One name serves
    one user at a time per thread: a caller that keeps two alive at once (households and outsiders) names each."""
    if reuse is not None:
        kept: dict[str, Faker] = _REUSED.__dict__.setdefault("fakers", {})
        fake = kept.get(reuse)
        if fake is None:
            fake = kept[reuse] = make_faker(seed)
        fake.seed_instance(seed)
        return fake
    fake = Faker(FAKER_LOCALE)
    fake.add_provider(VietnameseNameProvider)
    fake.add_provider(VietnameseIdProvider)
    fake.seed_instance(seed)
    return fake


_REUSED = threading.local()  # per thread: the named Fakers of make_faker(reuse=…)
