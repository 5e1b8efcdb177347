"""`trainer check`: every content kind registers a checker; this module runs the ones that apply."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trainer.content.problems import Problem
from trainer.settings import Settings

# Each module defines CHECKER: Checker. Listed here so the order of the report is stable.
CHECKER_MODULES = ("trainer.world.check", "trainer.fake.check", "trainer.eforms.check", "trainer.coach.check",
                   "trainer.quiz.check", "trainer.training.check")


@dataclass
class CheckResult:
    """Problems found and counts of what was valid (for --format json)."""

    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Checker:
    """One kind of content: where it lives by default, which paths are its, how to check them.

    `claims` knows the paths by place (inside the configured content folder, or by name); `recognises` knows a
    file or folder anywhere by what it holds (a copy of sandbox_data/ elsewhere, a scenario file in /tmp...).
    """

    kind: str
    default_paths: Callable[[Settings], list[Path]]
    claims: Callable[[Path, Settings], bool]
    check: Callable[[list[Path], Settings], CheckResult]
    recognises: Callable[[Path], bool] = lambda _path: False


def top_keys(path: Path) -> set[str]:
    """The top-level keys of a YAML mapping file (empty when it is not one, or cannot be read): how a content
    file is recognised wherever it lies. Parsed with the shared safe loader."""
    from trainer.content.safe_yaml import YAMLError, load_text

    if path.suffix not in (".yaml", ".yml") or not path.is_file():
        return set()
    try:
        data = load_text(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, YAMLError):
        return set()
    return {str(k) for k in data} if isinstance(data, dict) else set()


def holds(folder: Path, test: Callable[[Path], bool]) -> bool:
    """Whether a folder directly holds a file passing the test."""
    return folder.is_dir() and any(test(child) for child in sorted(folder.iterdir()) if child.is_file())


def checkers() -> list[Checker]:
    """The registered checkers, in report order."""
    return [importlib.import_module(name).CHECKER for name in CHECKER_MODULES]


def run_check(paths: list[Path], settings: Settings) -> dict[str, CheckResult]:
    """Check the given paths (or all content when none), grouped by content kind."""
    results: dict[str, CheckResult] = {}
    all_checkers = checkers()
    if not paths:
        for checker in all_checkers:
            results[checker.kind] = checker.check(checker.default_paths(settings), settings)
        return results
    unclaimed = []
    for path in paths:
        resolved = path.resolve()
        if not resolved.exists():
            unclaimed.append(Problem(str(path), "(file)", "no such file or folder"))
            continue
        # by place (the configured content folder, names) or, anywhere, by what the file or folder holds
        owners = [c for c in all_checkers if c.claims(resolved, settings) or c.recognises(resolved)]
        if not owners:
            unclaimed.append(Problem(str(path), "(file)", "not a content file: expected a scenario, question, quiz, learning path, "
                                     "procedures or profile file, a units CSV, or a folder holding them (such as "
                                     "sandbox_data/, scenarios/ or scenarios/quizzes/)"))
        for checker in owners:
            group = results.setdefault(checker.kind, CheckResult())
            sub = checker.check([resolved], settings)
            group.problems.extend(sub.problems)
            for key, value in sub.counts.items():
                group.counts[key] = value
    if unclaimed:
        results.setdefault("files", CheckResult()).problems.extend(unclaimed)
    return results
