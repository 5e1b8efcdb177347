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
CHECKER_MODULES = ("trainer.world.check", "trainer.fake.check", "trainer.coach.check", "trainer.quiz.check")


@dataclass
class CheckResult:
    """Problems found and counts of what was valid (for --format json)."""

    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Checker:
    """One kind of content: where it lives by default, which paths are its, how to check them."""

    kind: str
    default_paths: Callable[[Settings], list[Path]]
    claims: Callable[[Path, Settings], bool]
    check: Callable[[list[Path], Settings], CheckResult]


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
        owners = [c for c in all_checkers if c.claims(resolved, settings)]
        if not resolved.exists():
            unclaimed.append(Problem(str(path), "(file)", "no such file or folder"))
            continue
        if not owners:
            unclaimed.append(
                Problem(str(path), "(file)", "not a content file: expected sandbox_data/, scenarios/ or scenarios/quizzes/")
            )
        for checker in owners:
            group = results.setdefault(checker.kind, CheckResult())
            sub = checker.check([resolved], settings)
            group.problems.extend(sub.problems)
            for key, value in sub.counts.items():
                group.counts[key] = value
    if unclaimed:
        results.setdefault("files", CheckResult()).problems.extend(unclaimed)
    return results
