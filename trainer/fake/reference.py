"""Name pools, village-name parts and population mixes for fake people, loaded from trainer/fake/data/*.yaml."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from trainer.content.problems import validate_yaml

DATA_DIR = Path(__file__).resolve().parent / "data"

Weights = dict[str, float]


def _positive(weights: Weights) -> Weights:
    if not weights:
        raise ValueError("needs at least one entry")
    if any(w <= 0 for w in weights.values()):
        raise ValueError("weights must be > 0")
    return weights


class NamePool(BaseModel):
    """Family, middle and given names of one ethnic group, each with relative weights."""

    model_config = ConfigDict(extra="forbid")

    family: Weights
    middle_male: Weights
    middle_female: Weights
    given_male: Weights
    given_female: Weights

    @field_validator("*")
    @classmethod
    def _weights_positive(cls, value: Weights) -> Weights:
        return _positive(value)


class Villages(BaseModel):
    """Parts of village names: Tày/Nùng prefix + suffix, or a Kinh-style name."""

    model_config = ConfigDict(extra="forbid")

    tay_prefixes: list[str] = Field(min_length=1)
    tay_suffixes: list[str] = Field(min_length=1)
    kinh_names: list[str] = Field(min_length=1)


class NameData(BaseModel):
    """The whole names.yaml file."""

    model_config = ConfigDict(extra="forbid")

    ethnicities: dict[str, NamePool]
    villages: Villages


class PopulationData(BaseModel):
    """The whole population.yaml file."""

    model_config = ConfigDict(extra="forbid")

    ethnic_mix: dict[str, Weights]
    migrant_share: float = Field(ge=0, le=1)
    migrant_origins: Weights

    @model_validator(mode="after")
    def _default_present(self) -> PopulationData:
        if "default" not in self.ethnic_mix:
            raise ValueError("ethnic_mix needs a 'default' entry")
        for mix in self.ethnic_mix.values():
            _positive(mix)
        _positive(self.migrant_origins)
        return self


@lru_cache(maxsize=1)
def name_data() -> NameData:
    """The validated name pools (a broken file raises a located ContentError)."""
    return validate_yaml(DATA_DIR / "names.yaml", NameData)


@lru_cache(maxsize=1)
def population_data() -> PopulationData:
    """The validated population mixes; every ethnicity named in a mix must have a name pool."""
    data = validate_yaml(DATA_DIR / "population.yaml", PopulationData)
    known = set(name_data().ethnicities)
    for key, mix in data.ethnic_mix.items():
        missing = set(mix) - known
        if missing:
            raise ValueError(f"population.yaml ethnic_mix[{key}]: no name pool for {sorted(missing)}")
    return data
