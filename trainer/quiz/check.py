"""`trainer check` for quiz content: topics.yaml, questions/*.yaml and quizzes/*.yaml under scenarios/quizzes."""

from __future__ import annotations

from pathlib import Path

from trainer.content.check import Checker, CheckResult
from trainer.quiz.loader import QUESTIONS_DIR, QUIZZES_DIR, TOPICS_FILE, load_bank
from trainer.settings import Settings


def _is_bank(folder: Path) -> bool:
    return (folder / TOPICS_FILE).exists() or (folder / QUESTIONS_DIR).is_dir()


def quizzes_root(path: Path) -> Path | None:
    """The quizzes folder a path belongs to: the nearest `quizzes` folder holding topics.yaml or questions/ (or,
    given a folder that holds such a `quizzes` folder, that one: a copy of scenarios/)."""
    if path.is_dir() and (path / "quizzes").is_dir() and _is_bank(path / "quizzes"):
        return path / "quizzes"
    for candidate in [path, *path.parents]:
        if candidate.name == "quizzes" and _is_bank(candidate):
            return candidate
    return None


def _recognises(path: Path) -> bool:
    """Anything inside a quizzes bank wherever it lies, or a folder holding one."""
    return quizzes_root(path) is not None


def _default_paths(settings: Settings) -> list[Path]:
    return [settings.scenarios_dir / "quizzes"]


def _claims(path: Path, settings: Settings) -> bool:
    root = quizzes_root(path)
    if root is None:
        return False
    return path == root or path.name == TOPICS_FILE or path.parent.name in (QUESTIONS_DIR, QUIZZES_DIR) or path.is_dir()


def _check(paths: list[Path], settings: Settings) -> CheckResult:
    result = CheckResult()
    roots: dict[Path, list[Path]] = {}
    for path in paths:
        root = quizzes_root(path.resolve())
        if root is None:
            root = path.resolve()
        roots.setdefault(root, []).append(path.resolve())
    for root, wanted in roots.items():
        bank = load_bank(root)
        whole = any(p == root for p in wanted)
        for problem in bank.problems:
            target = (root.parent.parent if root.parent.name == "scenarios" else root.parent) / problem.file
            if whole or any(target.resolve() == p or p in target.resolve().parents for p in wanted):
                result.problems.append(problem)
        for key, value in bank.counts().items():
            result.counts[key] = value
    return result


CHECKER = Checker(kind="quizzes", default_paths=_default_paths, claims=_claims, check=_check,
                  recognises=_recognises)
