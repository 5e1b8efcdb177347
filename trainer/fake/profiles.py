"""Calibrated history profiles (sandbox_data/profiles/*.yaml): a period, the article's figures, and how to spread them.

Public API: `HistoryProfile`, `ArticleFigures`, `list_profiles(settings)`, `load_profile(profile_id, settings)`,
`profile_for_period(period, settings)`, `profiles_dir(settings)`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from trainer.content.problems import ContentError, Problem, legal_source, validate_yaml
from trainer.errors import NotFound
from trainer.settings import AdminModel, Settings

Level = Literal["commune", "district", "province"]


class ArticleFigures(BaseModel):
    """The figures as printed in the source article; bcci_total may differ from pickup + return (2019 H1)."""

    model_config = ConfigDict(extra="forbid")

    source: str
    dossiers_received: int = Field(gt=0)

    @field_validator("source")
    @classmethod
    def _legal(cls, value: str) -> str:
        return legal_source(value)

    online_level3: int = Field(ge=0)
    online_level4: int = Field(ge=0)
    bcci_total: int = Field(ge=0)
    bcci_pickup: int = Field(ge=0)
    bcci_return: int = Field(ge=0)

    @property
    def bcci_parts_sum(self) -> int:
        return self.bcci_pickup + self.bcci_return

    @property
    def bcci_difference(self) -> int:
        """Printed total minus the sum of its parts (0 when the article is consistent)."""
        return self.bcci_total - self.bcci_parts_sum


class Outcomes(BaseModel):
    """Shares of outcomes (each between 0 and 1)."""

    model_config = ConfigDict(extra="forbid")

    late_share: float = Field(ge=0, le=1)
    withdrawn_share: float = Field(ge=0, le=0.2)
    stopped_share: float = Field(ge=0, le=0.2)
    refused_online_share: float = Field(ge=0, le=0.5)
    supplement_share_open: float = Field(ge=0, le=1)


class PostShares(BaseModel):
    """Who gets the result by public post, before the remainder is taken from walk-in dossiers."""

    model_config = ConfigDict(extra="forbid")

    pickup_return_share: float = Field(ge=0, le=1)
    level4_return_share: float = Field(ge=0, le=1)


class HistoryProfile(BaseModel):
    """One period of calibrated history."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9-]{3,40}$")
    period: str = Field(pattern=r"^[a-z0-9-]{2,20}$")
    title: dict[Literal["vi", "en"], str]
    admin_model: AdminModel
    province_code: str = Field(pattern=r"^\d{2}$")
    start: date
    end: date
    seed: int
    article: ArticleFigures
    month_weights: dict[int, float]
    level_weights: dict[Level, float]
    popularity: dict[str, float] = Field(default_factory=dict)
    outcomes: Outcomes
    post: PostShares

    @model_validator(mode="after")
    def _consistent(self) -> HistoryProfile:
        if self.end < self.start:
            raise ValueError("end is before start")
        months = set()
        d = self.start.replace(day=1)
        while d <= self.end:
            months.add(d.month)
            d = date(d.year + d.month // 12, d.month % 12 + 1, 1)
        if set(self.month_weights) != months:
            raise ValueError(f"month_weights must give exactly the months of the period: {sorted(months)}")
        if any(w <= 0 for w in [*self.month_weights.values(), *self.level_weights.values(), *self.popularity.values()]):
            raise ValueError("weights must be > 0")
        a = self.article
        if a.online_level3 + a.online_level4 + a.bcci_pickup > a.dossiers_received:
            raise ValueError("online and picked-up dossiers exceed the dossiers received")
        if a.bcci_return > a.dossiers_received:
            raise ValueError("results returned by post exceed the dossiers received")
        return self

    def title_in(self, lang: str) -> str:
        return self.title.get(lang) or self.title["vi"]  # type: ignore[index]


def profiles_dir(settings: Settings) -> Path:
    return settings.sandbox_data_dir / "profiles"


def list_profiles(settings: Settings) -> list[HistoryProfile]:
    """Every valid profile, by start date (a broken file raises ContentError naming it)."""
    profiles = [validate_yaml(p, HistoryProfile) for p in sorted(profiles_dir(settings).glob("*.yaml"))]
    return sorted(profiles, key=lambda p: p.start)


def load_profile(profile_id: str, settings: Settings) -> HistoryProfile:
    """The profile with this id (file <id>.yaml), or NotFound."""
    path = profiles_dir(settings) / f"{profile_id}.yaml"
    if not path.is_file():
        raise NotFound("errors.fake.unknown_profile", profile=profile_id)
    profile = validate_yaml(path, HistoryProfile)
    if profile.id != profile_id:
        raise ContentError([Problem(str(path), "id", f"expected {profile_id!r} (the file name)")])
    return profile


def profile_for_period(period: str, settings: Settings) -> HistoryProfile:
    """The profile whose `period` key matches (e.g. "2018", "2019h1"), or NotFound."""
    for profile in list_profiles(settings):
        if profile.period == period.lower():
            return profile
    raise NotFound("errors.fake.unknown_period", period=period)
