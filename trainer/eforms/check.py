"""`trainer check` for e-form definitions: sandbox_data/eforms/*.yaml (and blocks.yaml), located problems.

Public API: `CHECKER` (kind "eforms"; counts `eforms`).
"""

from __future__ import annotations

from pathlib import Path

from trainer.content.check import Checker, CheckResult, top_keys
from trainer.content.problems import Problem
from trainer.eforms.loader import BLOCKS_FILE, read_folder
from trainer.settings import Settings

EFORM_KEYS = {"id", "procedures", "sections"}


def _default_paths(settings: Settings) -> list[Path]:
    return [settings.sandbox_data_dir / "eforms"]


def _is_eform(path: Path) -> bool:
    return path.name == BLOCKS_FILE and "blocks" in top_keys(path) or EFORM_KEYS <= top_keys(path)


def _claims(path: Path, settings: Settings) -> bool:
    root = (settings.sandbox_data_dir / "eforms").resolve()
    path = path.resolve()
    if path == root or root in path.parents:
        return True
    if path == settings.sandbox_data_dir.resolve():
        return True
    return path.is_dir() and path.name == "eforms"


def _recognises(path: Path) -> bool:
    if path.is_dir():
        return (path / "eforms").is_dir() or any(_is_eform(p) for p in sorted(path.glob("*.y*ml")))
    return _is_eform(path)


def _check(paths: list[Path], settings: Settings) -> CheckResult:
    result = CheckResult()
    count = 0
    for path in paths:
        if path.is_dir():
            folder = path / "eforms" if (path / "eforms").is_dir() else path
            catalogue = read_folder(folder, settings.content_dir)
        elif path.is_file():
            catalogue = read_folder(path.parent, settings.content_dir, files=[path])
        else:
            result.problems.append(Problem(str(path), "(file)", "no such file or folder"))
            continue
        result.problems.extend(catalogue.problems)
        count += len(catalogue.forms)
    result.counts["eforms"] = count
    return result


CHECKER = Checker(kind="eforms", default_paths=_default_paths, claims=_claims, check=_check,
                  recognises=_recognises)
