"""Administrative units of the configured province, read from sandbox_data/units/<model>.csv.

Public API:
- `Unit`: code, name, full_name, level (province|district|commune), kind, parent_code, province_code,
  latitude, longitude, coord_source; `.label` is the full Vietnamese name ("Xã Đồng Phúc").
- `UnitSet`: `.model`, `.province`, `.districts`, `.communes`, `.all()`, `.get(code)` (NotFound if unknown),
  `.find(code)` (None if unknown), `.children(code)`, `.communes_of(district_code)`, `.ancestors(code)`,
  `.district_of(code)`.
- `load_units(model=None, settings=None) -> UnitSet`: cached per file; model defaults to settings.admin_model.
- `units_path(model, settings) -> Path`: `<data_dir>/units/<model>.csv` when `trainer world import` wrote one,
  else the shipped `sandbox_data/units/<model>.csv`.
- `read_units_csv(path, display=None) -> tuple[list[Unit], list[Problem]]`: parse and check one CSV.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from trainer.content.problems import ContentError, Problem
from trainer.errors import NotFound
from trainer.settings import AdminModel, Settings, get_settings

Level = Literal["province", "district", "commune"]
KINDS_BY_LEVEL = {
    "province": {"tỉnh", "thành phố"},
    "district": {"huyện", "quận", "thị xã", "thành phố"},
    "commune": {"xã", "phường", "thị trấn", "đặc khu"},
}
# Official counts of the shipped provinces (checked by `trainer check`).
EXPECTED_COUNTS = {
    ("three-level-2019", "06"): {"district": 8, "commune": 108},  # Bắc Kạn, list in force until 30 June 2025
    ("two-level-2025", "19"): {"district": 0, "commune": 92},  # Thái Nguyên after the merger of 1 July 2025
}


class Unit(BaseModel):
    """One administrative unit (a row of the units CSV)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(pattern=r"^\d{2,5}$")
    name: str = Field(min_length=1)
    full_name: str = Field(min_length=1)
    level: Level
    kind: str
    parent_code: str | None = None
    province_code: str = Field(pattern=r"^\d{2}$")
    latitude: float = Field(ge=8.0, le=24.0)  # Vietnam lies between about 8.2°N and 23.4°N
    longitude: float = Field(ge=102.0, le=118.0)  # mainland 102.1°E to the islands near 117.8°E
    coord_source: Literal["package", "parent"] = "package"

    @field_validator("parent_code", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return None if value == "" else value

    @property
    def label(self) -> str:
        return self.full_name


def read_units_csv(path: Path, display: str | None = None) -> tuple[list[Unit], list[Problem]]:
    """Parse one units CSV; every bad row and every broken link between rows is a located problem."""
    name = display or str(path)
    problems: list[Problem] = []
    units: list[Unit] = []
    lines: dict[str, int] = {}
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        return [], [Problem(name, "(file)", f"cannot be read: {exc}")]
    with handle:
        reader = csv.DictReader(handle)
        for line, row in enumerate(reader, start=2):
            try:
                unit = Unit.model_validate(row)
            except ValidationError as exc:
                for err in exc.errors():
                    place = f"row {line}." + ".".join(str(p) for p in err["loc"])
                    problems.append(Problem(name, place, err["msg"], line))
                continue
            if unit.code in lines:
                problems.append(Problem(name, f"row {line}.code", f"code {unit.code} repeats row {lines[unit.code]}", line))
                continue
            if unit.kind not in KINDS_BY_LEVEL[unit.level]:
                expected = ", ".join(sorted(KINDS_BY_LEVEL[unit.level]))
                problems.append(Problem(name, f"row {line}.kind", f"{unit.kind!r} is not a {unit.level} kind ({expected})", line))
            lines[unit.code] = line
            units.append(unit)
    by_code = {u.code: u for u in units}
    provinces = [u for u in units if u.level == "province"]
    if len(provinces) != 1:
        problems.append(Problem(name, "(file)", f"expected exactly one province row, found {len(provinces)}"))
    parent_level = {"district": {"province"}, "commune": {"district", "province"}}
    for unit in units:
        line = lines[unit.code]
        if unit.level == "province":
            if unit.parent_code:
                problems.append(Problem(name, f"row {line}.parent_code", "a province has no parent", line))
            continue
        parent = by_code.get(unit.parent_code or "")
        if parent is None:
            problems.append(Problem(name, f"row {line}.parent_code", f"parent {unit.parent_code!r} is not in the file", line))
        elif parent.level not in parent_level[unit.level]:
            problems.append(Problem(name, f"row {line}.parent_code", f"a {unit.level} cannot belong to a {parent.level}", line))
        if provinces and unit.province_code != provinces[0].code:
            problems.append(Problem(name, f"row {line}.province_code", f"expected {provinces[0].code}", line))
    return units, problems


@dataclass(frozen=True)
class UnitSet:
    """The units of one province in one administrative model."""

    model: AdminModel
    units: tuple[Unit, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_code", {u.code: u for u in self.units})
        children: dict[str, list[Unit]] = {}
        for unit in self.units:
            if unit.parent_code:
                children.setdefault(unit.parent_code, []).append(unit)
        object.__setattr__(self, "_children", children)

    @property
    def province(self) -> Unit:
        return next(u for u in self.units if u.level == "province")

    @property
    def districts(self) -> list[Unit]:
        return [u for u in self.units if u.level == "district"]

    @property
    def communes(self) -> list[Unit]:
        return [u for u in self.units if u.level == "commune"]

    def all(self) -> list[Unit]:
        return list(self.units)

    def find(self, code: str) -> Unit | None:
        return self._by_code.get(code)  # type: ignore[attr-defined]

    def get(self, code: str) -> Unit:
        """The unit with this code, or NotFound."""
        unit = self.find(code)
        if unit is None:
            raise NotFound("errors.world.unknown_unit", code=code)
        return unit

    def children(self, code: str) -> list[Unit]:
        return list(self._children.get(code, []))  # type: ignore[attr-defined]

    def communes_of(self, district_code: str) -> list[Unit]:
        """Commune-level units directly under a district (or under the province in the two-level model)."""
        return [u for u in self.children(district_code) if u.level == "commune"]

    def ancestors(self, code: str) -> list[Unit]:
        """The unit itself, then its parent, up to the province."""
        chain = [self.get(code)]
        while chain[-1].parent_code:
            chain.append(self.get(chain[-1].parent_code))
        return chain

    def district_of(self, code: str) -> Unit | None:
        """The district a commune belongs to (None in the two-level model)."""
        return next((u for u in self.ancestors(code) if u.level == "district"), None)


@lru_cache(maxsize=32)
def _candidates(data_dir: Path, content_dir: Path, model: AdminModel) -> tuple[str, str]:
    name = f"{model.value}.csv"
    return str(data_dir / "units" / name), str(content_dir / "sandbox_data" / "units" / name)


def _in_force(model: AdminModel, settings: Settings) -> tuple[str, int]:
    """The path in force and its modification time (two stat calls at most: this runs per lookup)."""
    imported, shipped = _candidates(settings.data_dir, settings.content_dir, model)
    try:
        return imported, os.stat(imported).st_mtime_ns
    except OSError:
        pass
    try:
        return shipped, os.stat(shipped).st_mtime_ns
    except OSError as exc:
        raise ContentError([Problem(shipped, "(file)", "units file is missing: run `trainer world generate`")]) from exc


def units_path(model: AdminModel, settings: Settings) -> Path:
    """The CSV in force: an imported province in the data dir wins over the shipped one."""
    imported, shipped = _candidates(settings.data_dir, settings.content_dir, AdminModel(model))
    return Path(imported) if os.path.exists(imported) else Path(shipped)


@lru_cache(maxsize=8)
def load_units_file(path: str, mtime_ns: int, model: AdminModel) -> UnitSet:
    """One parsed units file (cached by path and modification time); ContentError when broken."""
    units, problems = read_units_csv(Path(path))
    if problems:
        raise ContentError(problems)
    return UnitSet(model, tuple(units))


def units_file(model: AdminModel | str | None = None, settings: Settings | None = None) -> tuple[str, int]:
    """(path, mtime_ns) of the units file in force for the model."""
    settings = settings or get_settings()
    return _in_force(AdminModel(model or settings.admin_model), settings)


def load_units(model: AdminModel | str | None = None, settings: Settings | None = None) -> UnitSet:
    """The units of the given (or configured) model; raises ContentError when the file is broken."""
    settings = settings or get_settings()
    model = AdminModel(model or settings.admin_model)
    path, mtime = _in_force(model, settings)
    return load_units_file(path, mtime, model)
