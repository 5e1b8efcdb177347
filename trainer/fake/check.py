"""`trainer check` for history profiles (sandbox_data/profiles/*.yaml) and the fake-people name data."""

from __future__ import annotations

from pathlib import Path

from trainer.content.check import Checker, CheckResult, top_keys
from trainer.content.problems import ContentError, Problem, validate_yaml
from trainer.fake.profiles import HistoryProfile, profiles_dir
from trainer.fake.reference import DATA_DIR, name_data, population_data
from trainer.settings import Settings


def _default_paths(settings: Settings) -> list[Path]:
    return [profiles_dir(settings)]


def _claims(path: Path, settings: Settings) -> bool:
    root = profiles_dir(settings).resolve()
    return path == root or root in path.parents or (path.suffix == ".yaml" and path.parent.name == "profiles")


PROFILE_KEYS = {"id", "period", "start", "end", "month_weights"}  # what makes a YAML file a history profile


def _recognises(path: Path) -> bool:
    """A history profile anywhere (by its keys), or a folder holding profiles/ (a copy of sandbox_data/)."""
    if path.is_dir():
        return (path / "profiles").is_dir() or path.name == "profiles"
    return PROFILE_KEYS <= top_keys(path)


def check_profiles(paths: list[Path], settings: Settings) -> CheckResult:
    """Validate every profile file found in the paths, and the bundled name data once."""
    result = CheckResult()
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            folder = path / "profiles" if (path / "profiles").is_dir() else path  # sandbox_data/ or profiles/
            files += sorted(folder.glob("*.yaml"))
        elif path.exists():
            files.append(path)
        else:
            result.problems.append(Problem(str(path), "(file)", "no such file or folder"))
    for path in files:
        try:
            profile = validate_yaml(path, HistoryProfile)
        except ContentError as error:
            result.problems.extend(error.problems)
            continue
        if profile.id != path.stem:
            result.problems.append(Problem(str(path), "id", f"expected {path.stem!r} (the file name)"))
            continue
        result.counts["profiles"] = result.counts.get("profiles", 0) + 1
    try:
        result.counts["name_pools"] = len(name_data().ethnicities)
        population_data()
    except (ContentError, ValueError) as error:
        problems = error.problems if isinstance(error, ContentError) else [Problem(str(DATA_DIR), "(data)", str(error))]
        result.problems.extend(problems)
    return result


CHECKER = Checker(kind="profiles", default_paths=_default_paths, claims=_claims, check=check_profiles,
                  recognises=_recognises)
