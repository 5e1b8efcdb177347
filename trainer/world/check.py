"""`trainer check` for the reference world: procedures.yaml and the units CSVs in sandbox_data/.

Public API: `CHECKER` (kind "sandbox_data"), `check_world(paths, settings) -> CheckResult`.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from trainer.content.check import Checker, CheckResult, holds, top_keys
from trainer.content.problems import Problem
from trainer.settings import Settings
from trainer.world.procedures import read_catalogue
from trainer.world.units import EXPECTED_COUNTS, read_units_csv


def _default_paths(settings: Settings) -> list[Path]:
    return [settings.sandbox_data_dir]


def _is_units_csv(path: Path) -> bool:
    return path.suffix == ".csv" and (path.parent.name == "units" or "-level-" in path.name)


def _is_procedures(path: Path) -> bool:
    return path.suffix in (".yaml", ".yml") and path.name.startswith("procedures")


def _procedures_keys(path: Path) -> bool:
    """A procedures file by its keys (an e-form definition also has `procedures:`, with `sections:`)."""
    keys = top_keys(path)
    return "procedures" in keys and "sections" not in keys


def _claims(path: Path, settings: Settings) -> bool:
    root = settings.sandbox_data_dir.resolve()
    path = path.resolve()
    eforms = root / "eforms"  # e-form definitions: trainer.eforms.check
    if path == eforms or eforms in path.parents:
        return False
    if path == root or root in path.parents:
        return True
    return _is_procedures(path) or _is_units_csv(path) or (path.is_dir() and path.name == "units")


def _recognises(path: Path) -> bool:
    """A procedures file or units CSV anywhere (by name, or by its `procedures:` key), or a folder holding one."""
    if path.is_dir():
        return (path / "units").is_dir() or holds(path, lambda p: _is_procedures(p) or _is_units_csv(p))
    return _is_units_csv(path) or _is_procedures(path) or _procedures_keys(path)


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _check_units(path: Path, result: CheckResult) -> None:
    name = _display(path)
    units, problems = read_units_csv(path, name)
    result.problems.extend(problems)
    if problems or not units:
        return
    province = next(u for u in units if u.level == "province")
    model = path.stem if path.stem in ("three-level-2019", "two-level-2025") else None
    expected = EXPECTED_COUNTS.get((model, province.code)) if model else None
    found = Counter(u.level for u in units)
    if expected:
        for level, count in expected.items():
            if found.get(level, 0) != count:
                result.problems.append(
                    Problem(name, "(file)", f"expected {count} {level}-level units for province {province.code}, "
                            f"found {found.get(level, 0)}")
                )
    if model == "two-level-2025" and found.get("district"):
        result.problems.append(Problem(name, "(file)", "the two-level model has no district-level units"))
    result.counts["units"] = result.counts.get("units", 0) + len(units)
    result.counts["units_files"] = result.counts.get("units_files", 0) + 1


def _check_procedures(path: Path, result: CheckResult) -> None:
    catalogue, problems = read_catalogue(path, _display(path))
    result.problems.extend(problems)
    if catalogue is not None:
        result.counts["procedures"] = result.counts.get("procedures", 0) + len(catalogue.all())
        result.counts["bundles"] = result.counts.get("bundles", 0) + len(catalogue.bundles)


def check_world(paths: list[Path], settings: Settings) -> CheckResult:
    """Check every procedures file and units CSV in the given files and folders."""
    result = CheckResult()
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and (_is_procedures(p) or _is_units_csv(p)))
            if not found:
                result.problems.append(Problem(_display(path), "(folder)", "no procedures*.yaml or units CSV found"))
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            result.problems.append(Problem(_display(path), "(file)", "no such file or folder"))
    for path in files:
        if _is_procedures(path) or _procedures_keys(path):
            _check_procedures(path, result)
        elif path.suffix == ".csv":
            _check_units(path, result)
        elif path.suffix in (".yaml", ".yml", ".md"):
            continue  # other sandbox_data files (README, profiles) belong to other checkers or none
        else:
            result.problems.append(Problem(_display(path), "(file)", "expected procedures*.yaml or a units CSV"))
    return result


CHECKER = Checker(kind="sandbox_data", default_paths=_default_paths, claims=_claims, check=check_world,
                  recognises=_recognises)
