"""`trainer check` for scenarios: every scenarios/*.yaml file, problems located as file:line:place: message."""

from __future__ import annotations

from pathlib import Path

from trainer.coach.loader import read_scenario, scenario_files
from trainer.content.check import Checker, CheckResult, holds, top_keys
from trainer.settings import Settings


def _default_paths(settings: Settings) -> list[Path]:
    return [settings.scenarios_dir]


def _claims(path: Path, settings: Settings) -> bool:
    """A scenarios folder, or a YAML file directly inside one (quizzes live in a sub-folder of their own)."""
    if path.is_dir():
        return path.name == "scenarios" or path == settings.scenarios_dir.resolve()
    return path.suffix in (".yaml", ".yml") and (path.parent.name == "scenarios" or "scenario" in path.name
                                                 or path.parent == settings.scenarios_dir.resolve())


SCENARIO_KEYS = {"id", "setup", "steps"}  # what makes a YAML file a scenario


def _is_scenario(path: Path) -> bool:
    return SCENARIO_KEYS <= top_keys(path)


def _recognises(path: Path) -> bool:
    """A scenario file anywhere (by its keys), or a folder holding one (a copy of scenarios/)."""
    return holds(path, _is_scenario) if path.is_dir() else _is_scenario(path)


def _display(path: Path, settings: Settings) -> str:
    try:
        return str(path.resolve().relative_to(settings.content_dir.resolve()))
    except ValueError:
        return str(path)


def _check(paths: list[Path], settings: Settings) -> CheckResult:
    result = CheckResult()
    files: list[Path] = []
    for path in paths:
        files.extend(scenario_files(path) if path.is_dir() else [path])
    seen: dict[str, str] = {}
    valid = 0
    for path in files:
        entry = read_scenario(path, _display(path, settings))
        result.problems.extend(entry.problems)
        if entry.scenario is not None:
            if entry.id in seen:
                from trainer.content.problems import Problem

                result.problems.append(Problem(entry.file, "id", f"id {entry.id!r} is already used by {seen[entry.id]}"))
                continue
            seen[entry.id] = entry.file
            valid += 1
    result.counts["scenarios"] = valid
    return result


CHECKER = Checker(kind="scenarios", default_paths=_default_paths, claims=_claims, check=_check,
                  recognises=_recognises)
