"""Agencies of every unit: its one-stop desk and the offices that decide procedures, with dossier-code ids.

Public API:
- `Agency`: id, kind, level, unit_code, model, name_vi, name_en, `.name(lang)`, `.is_one_stop`.
- `AGENCY_KINDS[model][level] -> tuple[str, ...]`: the agency kinds each level has in each model.
- `agencies_for(model=None, settings=None) -> list[Agency]`: every agency of the province (cached per units file).
- `agencies_of(unit_code, model=None) -> list[Agency]`: the agencies of one unit.
- `one_stop_desk(unit_code, model=None) -> Agency`: the unit's one-stop desk (commune: from 1 July 2025 its
  Public Administration Service Center).
- `receiving_desk(procedure, unit_code, model=None) -> Agency`: the desk that receives the procedure for a citizen
  of unit_code (the procedure's `receive_at` level among the unit and its ancestors).
- `deciding_agency(procedure, receiving_unit_code, model=None) -> Agency`: the office that decides it.
- `get_agency(agency_id, settings=None) -> Agency`: by id, in either model (NotFound if unknown).

Agency ids follow the dossier-code prefix of Circular 01/2018 (DOMAIN.md §5), `V1V2V3.Z1Z2.Y1Y2.MX1X2`:
- V1V2V3 = "H" + the 2-digit province code (H06 Bắc Kạn, H19 Thái Nguyên);
- Z1Z2.Y1Y2 = where the unit sits, 00.00 for the province itself. Three-level model: Z = the district's
  rank (01, 02, ... in code order) and Y = the commune's rank inside its district (00 for the district
  itself). Two-level model: the commune's rank n in the province (code order) gives Z = 50 + (n-1)//99,
  Y = (n-1)%99 + 1, so ids never collide with the three-level ones (a province has < 50 districts);
- MX1X2 = three digits for the agency kind at its level (000 = the one-stop desk, 001 = the People's
  Committee, then the offices in the order of AGENCY_KINDS).
A dossier code is then `<agency id>-YYMMDD-XXXX`, e.g. H06.05.03.000-260302-0001.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from trainer.content.problems import ContentError
from trainer.errors import DomainError, NotFound
from trainer.settings import AdminModel, Settings, get_settings
from trainer.world.units import Unit, UnitSet, load_units_file, units_file

if TYPE_CHECKING:
    from trainer.world.procedures import Procedure

THREE = AdminModel.THREE_LEVEL_2019
TWO = AdminModel.TWO_LEVEL_2025
TWO_LEVEL_Z_BASE = 50  # first Z1Z2 used by communes in the two-level model (see module docstring)
RANKS_PER_BLOCK = 99  # Y1Y2 runs 01..99

AGENCY_KINDS: dict[AdminModel, dict[str, tuple[str, ...]]] = {
    THREE: {
        "commune": ("commune_one_stop", "commune_committee", "commune_justice", "commune_land", "commune_police"),
        "district": (
            "district_one_stop", "district_committee", "district_justice", "district_finance",
            "district_economy_infra", "district_land_branch", "district_labour", "district_police",
            "district_social_insurance",
        ),
        "province": (
            "province_one_stop", "province_committee", "dept_justice", "dept_natural_resources", "dept_planning",
            "dept_construction", "dept_transport", "dept_labour", "dept_health", "province_police",
            "social_insurance", "land_registration_office",
        ),
    },
    TWO: {
        "commune": (
            "commune_one_stop", "commune_committee", "commune_justice", "commune_land", "commune_police",
            "commune_economy", "commune_culture_social",
        ),
        "province": (
            "province_one_stop", "province_committee", "dept_justice", "dept_natural_resources", "dept_planning",
            "dept_construction", "dept_labour", "dept_health", "province_police", "social_insurance",
            "land_registration_office",
        ),
    },
}
ONE_STOP_KINDS = {"commune_one_stop", "district_one_stop", "province_one_stop"}

# Names: {kind: (vi, en)} with {unit} = the unit's full name; a model-specific entry wins.
_NAMES: dict[str, tuple[str, str]] = {
    "commune_one_stop": ("Bộ phận Một cửa UBND {unit}", "One-stop desk, {unit} People's Committee"),
    "commune_committee": ("Ủy ban nhân dân {unit}", "People's Committee of {unit}"),
    "commune_justice": ("Công chức Tư pháp - Hộ tịch, {unit}", "Justice and civil-status officer, {unit}"),
    "commune_land": ("Công chức Địa chính - Xây dựng, {unit}", "Land and construction officer, {unit}"),
    "commune_police": ("Công an {unit}", "{unit} Police"),
    "commune_economy": ("Phòng Kinh tế, {unit}", "Economic Office, {unit}"),
    "commune_culture_social": ("Phòng Văn hóa - Xã hội, {unit}", "Culture and Social Affairs Office, {unit}"),
    "district_one_stop": ("Bộ phận Một cửa UBND {unit}", "One-stop desk, {unit} People's Committee"),
    "district_committee": ("Ủy ban nhân dân {unit}", "People's Committee of {unit}"),
    "district_justice": ("Phòng Tư pháp {unit}", "Justice Office of {unit}"),
    "district_finance": ("Phòng Tài chính - Kế hoạch {unit}", "Finance and Planning Office of {unit}"),
    "district_economy_infra": ("Phòng Kinh tế và Hạ tầng {unit}", "Economy and Infrastructure Office of {unit}"),
    "district_land_branch": (
        "Chi nhánh Văn phòng Đăng ký đất đai {unit}", "Land Registration Office branch, {unit}",
    ),
    "district_labour": (
        "Phòng Lao động - Thương binh và Xã hội {unit}", "Labour, Invalids and Social Affairs Office of {unit}",
    ),
    "district_police": ("Công an {unit}", "{unit} Police"),
    "district_social_insurance": ("Bảo hiểm xã hội {unit}", "Social Insurance of {unit}"),
    "province_one_stop": (
        "Trung tâm Phục vụ hành chính công {unit}", "Public Administration Service Center of {unit}",
    ),
    "province_committee": ("Ủy ban nhân dân {unit}", "People's Committee of {unit}"),
    "dept_justice": ("Sở Tư pháp {unit}", "Department of Justice, {unit}"),
    "dept_natural_resources": (
        "Sở Tài nguyên và Môi trường {unit}", "Department of Natural Resources and Environment, {unit}",
    ),
    "dept_planning": ("Sở Kế hoạch và Đầu tư {unit}", "Department of Planning and Investment, {unit}"),
    "dept_construction": ("Sở Xây dựng {unit}", "Department of Construction, {unit}"),
    "dept_transport": ("Sở Giao thông vận tải {unit}", "Department of Transport, {unit}"),
    "dept_labour": (
        "Sở Lao động - Thương binh và Xã hội {unit}", "Department of Labour, Invalids and Social Affairs, {unit}",
    ),
    "dept_health": ("Sở Y tế {unit}", "Department of Health, {unit}"),
    "province_police": ("Công an {unit}", "{unit} Police"),
    "social_insurance": ("Bảo hiểm xã hội {unit}", "Social Insurance of {unit}"),
    "land_registration_office": ("Văn phòng Đăng ký đất đai {unit}", "Land Registration Office of {unit}"),
}
# Since 1 March 2025 (ministry mergers) and 1 July 2025 (two-level local government) some names changed.
_NAMES_TWO_LEVEL: dict[str, tuple[str, str]] = {
    "commune_one_stop": (
        "Trung tâm Phục vụ hành chính công {unit}", "Public Administration Service Center of {unit}",
    ),
    "commune_justice": ("Văn phòng HĐND và UBND {unit} (tư pháp - hộ tịch)", "Office of {unit} (justice, civil status)"),
    "commune_land": ("Bộ phận Địa chính, {unit}", "Land administration, {unit}"),
    "dept_natural_resources": (
        "Sở Nông nghiệp và Môi trường {unit}", "Department of Agriculture and Environment, {unit}",
    ),
    "dept_planning": ("Sở Tài chính {unit}", "Department of Finance, {unit}"),
    "dept_labour": ("Sở Nội vụ {unit}", "Department of Home Affairs, {unit}"),
}
_WARD_NAMES = {"commune_economy": ("Phòng Kinh tế, Hạ tầng và Đô thị, {unit}", "Economy, Infrastructure and Urban Office, {unit}")}
_CITY_NAMES = {"district_economy_infra": ("Phòng Quản lý đô thị {unit}", "Urban Management Office of {unit}")}


@dataclass(frozen=True)
class Agency:
    """An office that receives or decides dossiers, attached to one administrative unit."""

    id: str
    kind: str
    level: str
    unit_code: str
    model: AdminModel
    name_vi: str
    name_en: str

    def name(self, lang: str = "vi") -> str:
        return self.name_en if lang == "en" else self.name_vi

    @property
    def is_one_stop(self) -> bool:
        return self.kind in ONE_STOP_KINDS


def _names(kind: str, unit: Unit, model: AdminModel) -> tuple[str, str]:
    names = _NAMES[kind]
    if model is TWO and kind in _NAMES_TWO_LEVEL:
        names = _NAMES_TWO_LEVEL[kind]
    if unit.kind == "phường" and kind in _WARD_NAMES:
        names = _WARD_NAMES[kind]
    if unit.kind == "thành phố" and unit.level == "district" and kind in _CITY_NAMES:
        names = _CITY_NAMES[kind]
    return names[0].format(unit=f"{unit.kind} {unit.name}"), names[1].format(unit=f"{unit.name} {_KIND_EN[unit.kind]}")


_KIND_EN = {
    "tỉnh": "Province", "thành phố": "City", "huyện": "District", "quận": "Urban District", "thị xã": "Town",
    "xã": "Commune", "phường": "Ward", "thị trấn": "Township", "đặc khu": "Special Zone",
}


def _place_codes(units: UnitSet) -> dict[str, str]:
    """Z1Z2.Y1Y2 of every unit (see the module docstring)."""
    places = {units.province.code: "00.00"}
    if units.model is THREE:
        for z, district in enumerate(sorted(units.districts, key=lambda u: u.code), start=1):
            places[district.code] = f"{z:02d}.00"
            communes = sorted(units.communes_of(district.code), key=lambda u: u.code)
            if len(communes) > RANKS_PER_BLOCK:
                raise ValueError(f"district {district.code} has more than {RANKS_PER_BLOCK} communes")
            for y, commune in enumerate(communes, start=1):
                places[commune.code] = f"{z:02d}.{y:02d}"
    else:
        for n, commune in enumerate(sorted(units.communes, key=lambda u: u.code), start=1):
            z = TWO_LEVEL_Z_BASE + (n - 1) // RANKS_PER_BLOCK
            places[commune.code] = f"{z:02d}.{(n - 1) % RANKS_PER_BLOCK + 1:02d}"
    return places


def build_agencies(units: UnitSet) -> list[Agency]:
    """Every agency of every unit of the set, ids included."""
    prefix = "H" + units.province.code
    places = _place_codes(units)
    out = []
    for unit in units.all():
        for rank, kind in enumerate(AGENCY_KINDS[units.model][unit.level]):
            vi, en = _names(kind, unit, units.model)
            agency_id = f"{prefix}.{places[unit.code]}.{rank:03d}"
            out.append(Agency(agency_id, kind, unit.level, unit.code, units.model, vi, en))
    return out


@dataclass(frozen=True)
class _Index:
    agencies: tuple[Agency, ...]
    by_id: dict[str, Agency]
    by_unit: dict[str, dict[str, Agency]]


@lru_cache(maxsize=8)
def _cached(path: str, mtime_ns: int, model: AdminModel) -> _Index:
    agencies = tuple(build_agencies(load_units_file(path, mtime_ns, model)))
    by_unit: dict[str, dict[str, Agency]] = {}
    for agency in agencies:
        by_unit.setdefault(agency.unit_code, {})[agency.kind] = agency
    return _Index(agencies, {a.id: a for a in agencies}, by_unit)


def _index(model: AdminModel | str | None, settings: Settings | None) -> _Index:
    settings = settings or get_settings()
    model = AdminModel(model or settings.admin_model)
    path, mtime = units_file(model, settings)
    return _cached(path, mtime, model)


def agencies_for(model: AdminModel | str | None = None, settings: Settings | None = None) -> list[Agency]:
    """Every agency of the configured province in the model."""
    return list(_index(model, settings).agencies)


def agencies_of(unit_code: str, model: AdminModel | str | None = None, settings: Settings | None = None) -> list[Agency]:
    """The agencies attached to one unit (NotFound if the unit is unknown)."""
    found = _index(model, settings).by_unit.get(unit_code)
    if found is None:
        raise NotFound("errors.world.unknown_unit", code=unit_code)
    return list(found.values())


def _agency_of_kind(unit_code: str, kind: str, model: AdminModel | str | None, settings: Settings | None) -> Agency:
    kinds = _index(model, settings).by_unit.get(unit_code)
    if kinds is None:
        raise NotFound("errors.world.unknown_unit", code=unit_code)
    if kind not in kinds:
        raise NotFound("errors.world.no_such_agency", unit=unit_code, kind=kind)
    return kinds[kind]


def one_stop_desk(unit_code: str, model: AdminModel | str | None = None, settings: Settings | None = None) -> Agency:
    """The one-stop desk (or Public Administration Service Center) of the unit."""
    kinds = _index(model, settings).by_unit.get(unit_code)
    if kinds is None:
        raise NotFound("errors.world.unknown_unit", code=unit_code)
    return next(a for a in kinds.values() if a.is_one_stop)


@lru_cache(maxsize=8192)
def _resolve(path: str, mtime_ns: int, model: AdminModel, unit_code: str, level: str, kind: str | None) -> Agency:
    """The agency of `kind` (None: the one-stop desk) at the unit of `level` above or at unit_code (memoised)."""
    chain = load_units_file(path, mtime_ns, model).ancestors(unit_code)
    unit = next((u for u in chain if u.level == level), None)
    if unit is None:
        raise DomainError("errors.world.wrong_level", unit=chain[0].full_name, level=level)
    kinds = _cached(path, mtime_ns, model).by_unit[unit.code]
    if kind is None:
        return next(a for a in kinds.values() if a.is_one_stop)
    if kind not in kinds:
        raise NotFound("errors.world.no_such_agency", unit=unit.code, kind=kind)
    return kinds[kind]


def receiving_desk(
    procedure: Procedure, unit_code: str, model: AdminModel | str | None = None, settings: Settings | None = None
) -> Agency:
    """The one-stop desk that receives this procedure for a citizen or office of unit_code."""
    settings = settings or get_settings()
    model = AdminModel(model or settings.admin_model)
    path, mtime = units_file(model, settings)
    return _resolve(path, mtime, model, unit_code, procedure.rule(model).receive_level, None)


def deciding_agency(
    procedure: Procedure, receiving_unit_code: str, model: AdminModel | str | None = None, settings: Settings | None = None
) -> Agency:
    """The office that decides the procedure for a dossier received at receiving_unit_code."""
    settings = settings or get_settings()
    model = AdminModel(model or settings.admin_model)
    rule = procedure.rule(model)
    path, mtime = units_file(model, settings)
    return _resolve(path, mtime, model, receiving_unit_code, rule.level, rule.agency)


def get_agency(agency_id: str, settings: Settings | None = None) -> Agency:
    """The agency with this id, looked up in both models."""
    for model in AdminModel:
        try:
            found = _index(model, settings).by_id.get(agency_id)
        except (OSError, ValueError, ContentError):
            continue
        if found is not None:
            return found
    raise NotFound("errors.world.unknown_agency", id=agency_id)
