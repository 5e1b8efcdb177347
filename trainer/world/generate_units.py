"""Write administrative-unit CSVs from the MIT-licensed `vietnamadminunits` package (optional extra `world`).

Public API:
- `package_version() -> str | None`: the installed vietnamadminunits version, None when it is not installed.
- `generate_rows(province_code, model) -> list[dict]`: the province, its districts (three-level) and communes.
- `write_units_csv(rows, path) -> Path`: write rows with UNIT_COLUMNS, UTF-8, sorted by level then code.
- `generate_default_files(units_dir) -> list[Path]`: the two shipped files (Bắc Kạn 2019, Thái Nguyên 2025).

The package's `admin_units_legacy` table is the 63-province list in force until 30 June 2025 (after the
2020 commune mergers); `admin_units` is the 34-province list from 1 July 2025. Both carry coordinates
(a geocoded point per unit); a unit without one takes its parent's point and says so in `coord_source`.
"""

from __future__ import annotations

import csv
import importlib.metadata
import sqlite3
from pathlib import Path
from typing import Any

from trainer.errors import ConfigError
from trainer.settings import AdminModel

UNIT_COLUMNS = (
    "code", "name", "full_name", "level", "kind", "parent_code", "province_code",
    "latitude", "longitude", "coord_source",
)
DEFAULT_PROVINCES = {AdminModel.THREE_LEVEL_2019: "06", AdminModel.TWO_LEVEL_2025: "19"}  # Bắc Kạn, Thái Nguyên
LEVEL_ORDER = {"province": 0, "district": 1, "commune": 2}


def package_version() -> str | None:
    """The installed vietnamadminunits version, or None."""
    try:
        return importlib.metadata.version("vietnamadminunits")
    except importlib.metadata.PackageNotFoundError:
        return None


def _dataset() -> Path:
    if package_version() is None:
        raise ConfigError("errors.world.package_missing")
    import vietnamadminunits

    return Path(vietnamadminunits.__file__).resolve().parent / "data" / "dataset.db"


def _query(sql: str, params: tuple[Any, ...]) -> list[dict[str, Any]]:
    with sqlite3.connect(f"file:{_dataset()}?mode=ro", uri=True) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute(sql, params).fetchall()]


def _split(full: str, kinds: tuple[str, ...]) -> tuple[str, str]:
    """'Thành Phố Bắc Kạn' → ('thành phố', 'Bắc Kạn') using the known kinds, longest first."""
    for kind in sorted(kinds, key=len, reverse=True):
        if full.lower().startswith(kind.lower() + " "):
            return kind.lower(), full[len(kind) + 1 :].strip()
    raise ValueError(f"unknown unit kind in {full!r}")


PROVINCE_KINDS = ("Tỉnh", "Thành phố")


def _point(lat: Any, lon: Any, parent: tuple[float, float] | None) -> tuple[float, float, str]:
    if lat is not None and lon is not None:
        return round(float(lat), 6), round(float(lon), 6), "package"
    if parent is None:
        raise ValueError("a province without coordinates")
    return parent[0], parent[1], "parent"


def generate_rows(province_code: str, model: AdminModel) -> list[dict[str, Any]]:
    """Every unit of one province in one model, as CSV rows."""
    model = AdminModel(model)
    table = "admin_units_legacy" if model is AdminModel.THREE_LEVEL_2019 else "admin_units"
    records = _query(f"SELECT * FROM [{table}] WHERE provinceCode = ?", (province_code,))
    if not records:
        raise ConfigError("errors.world.unknown_province", code=province_code, model=model.value)
    first = records[0]
    p_kind, p_name = _split(first["province"], PROVINCE_KINDS)
    p_lat, p_lon, p_src = _point(first["provinceLat"], first["provinceLon"], None)
    rows: dict[str, dict[str, Any]] = {}
    rows[province_code] = {
        "code": province_code, "name": p_name, "full_name": f"{first['province']}", "level": "province", "kind": p_kind,
        "parent_code": "", "province_code": province_code, "latitude": p_lat, "longitude": p_lon, "coord_source": p_src,
    }
    for rec in records:
        parent = province_code
        parent_point = (p_lat, p_lon)
        if model is AdminModel.THREE_LEVEL_2019:
            d_code = rec["districtCode"]
            d_kind = rec["districtType"].lower()
            d_lat, d_lon, d_src = _point(rec["districtLat"], rec["districtLon"], parent_point)
            if d_code not in rows:
                rows[d_code] = {
                    "code": d_code, "name": rec["districtShort"], "full_name": f"{rec['districtType']} {rec['districtShort']}",
                    "level": "district", "kind": d_kind, "parent_code": province_code, "province_code": province_code,
                    "latitude": d_lat, "longitude": d_lon, "coord_source": d_src,
                }
            parent, parent_point = d_code, (d_lat, d_lon)
        w_code = rec["wardCode"]
        if not w_code:
            continue  # a district with no commune-level units (island districts)
        w_lat, w_lon, w_src = _point(rec["wardLat"], rec["wardLon"], parent_point)
        rows[w_code] = {
            "code": w_code, "name": rec["wardShort"], "full_name": f"{rec['wardType']} {rec['wardShort']}",
            "level": "commune", "kind": rec["wardType"].lower(), "parent_code": parent, "province_code": province_code,
            "latitude": w_lat, "longitude": w_lon, "coord_source": w_src,
        }
    return sorted(rows.values(), key=lambda r: (LEVEL_ORDER[r["level"]], r["code"]))


def write_units_csv(rows: list[dict[str, Any]], path: Path) -> Path:
    """Write the rows as a UTF-8 CSV with a header line."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=UNIT_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: row[k] for k in UNIT_COLUMNS})
    return path


def generate_default_files(units_dir: Path) -> list[Path]:
    """Regenerate sandbox_data/units/three-level-2019.csv and two-level-2025.csv."""
    return [
        write_units_csv(generate_rows(code, model), units_dir / f"{model.value}.csv")
        for model, code in DEFAULT_PROVINCES.items()
    ]
