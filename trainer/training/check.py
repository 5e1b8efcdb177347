"""`trainer check` for learning paths: scenarios/paths/*.yaml, unknown scenario or quiz ids located."""

from __future__ import annotations

from pathlib import Path

from trainer.content.check import Checker, CheckResult, holds, top_keys
from trainer.settings import Settings
from trainer.training.paths import PATHS_DIR, PathSet, load_path_file, load_paths

PATH_KEYS = {"id", "steps", "certificate"}  # what makes a YAML file a learning path


def _is_path_file(path: Path) -> bool:
    return PATH_KEYS <= top_keys(path)


def _default_paths(settings: Settings) -> list[Path]:
    return [settings.scenarios_dir / PATHS_DIR]


def _claims(path: Path, settings: Settings) -> bool:
    """The paths folder of scenarios/, or a YAML file inside one."""
    if path.is_dir():
        return path.name == PATHS_DIR and path.parent.name == "scenarios" or path == (settings.scenarios_dir / PATHS_DIR).resolve()
    return path.suffix in (".yaml", ".yml") and path.parent.name == PATHS_DIR


def _recognises(path: Path) -> bool:
    """A path file anywhere (by its keys), a folder holding one, or a copy of scenarios/ holding paths/."""
    if path.is_dir():
        return holds(path, _is_path_file) or holds(path / PATHS_DIR, _is_path_file)
    return _is_path_file(path)


def _check(paths: list[Path], settings: Settings) -> CheckResult:
    result = CheckResult()
    total = 0
    for path in paths:
        if path.is_dir():
            folder = path if holds(path, _is_path_file) or path.name == PATHS_DIR else path / PATHS_DIR
            found: PathSet = load_paths(folder, settings)
        else:
            found = load_path_file(path, settings)
        result.problems.extend(found.problems)
        total += len(found.paths)
    result.counts["paths"] = total
    return result


CHECKER = Checker(kind="paths", default_paths=_default_paths, claims=_claims, check=_check, recognises=_recognises)
