"""Learning paths (lộ trình học) as content, and whether a person's progress meets a path's pass rule.

A path is a file `scenarios/paths/<id>.yaml`: an ordered list of scenarios and quizzes, the audiences it is
for, the pass rule and the certificate's title. The pydantic models below are the format's single source of
truth; `trainer check` reports unknown scenario or quiz ids with their file, line and place.

Public API (kept stable: certificates build on `evaluate` and `path_progress`):
- `LearningPath`, `PathStep`, `PassRule` (the format); `load_paths(folder=None, settings=None) -> PathSet`
  (every file, valid paths and located problems); `cached_paths()`; `get_path(path_id) -> LearningPath`.
- `path_progress(session, *, trainee_id, path, since=None) -> PathProgress`: what the person did of each step
  (their scenario runs and quiz attempts, made since `since`, e.g. since they enrolled); `path_progress_many`
  does it for many (person, path, since) in two queries.
- `evaluate(path, progress) -> PathOutcome`: passed or not, step by step, scenarios alone / with help apart.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints, ValidationError, model_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from trainer.content.problems import (
    ContentError,
    LoadedYaml,
    Problem,
    format_place,
    load_yaml,
    problems_from_validation,
)
from trainer.errors import NotFound
from trainer.settings import Settings, get_settings

PATHS_DIR = "paths"
AUDIENCES = ("official", "citizen")

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=60)]
from trainer.quiz.schema import Strict, Text  # the one shape of content texts


class PathStep(Strict):
    """One step of a path: a scenario (`scenario: <id>`) or a quiz (`quiz: <id>`), exactly one of them."""

    scenario: Slug | None = None
    quiz: Slug | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> PathStep:
        if (self.scenario is None) == (self.quiz is None):
            raise ValueError("a step is either `scenario: <id>` or `quiz: <id>`, exactly one of them")
        return self

    @property
    def kind(self) -> str:
        return "scenario" if self.scenario else "quiz"

    @property
    def ref(self) -> str:
        return self.scenario or self.quiz or ""

    @property
    def key(self) -> str:
        """`scenario:<id>` or `quiz:<id>`: how a step is named in progress and exports."""
        return f"{self.kind}:{self.ref}"


class PassRule(Strict):
    """When a path is passed: every scenario passed (alone, or with help when `with_help_counts`; the two are
    counted apart) and every quiz of the path finished with at least `quiz_min_score` (a share, 0..1)."""

    with_help_counts: bool = True
    quiz_min_score: float = Field(default=0.8, ge=0, le=1)


class Certificate(Strict):
    title: Text


class LearningPath(Strict):
    id: Slug
    title: Text
    description: Text | None = None
    audience: list[Literal["official", "citizen"]] = Field(min_length=1)
    steps: list[PathStep] = Field(min_length=1)
    pass_rule: PassRule = PassRule()
    certificate: Certificate

    @property
    def scenario_ids(self) -> tuple[str, ...]:
        return tuple(s.scenario for s in self.steps if s.scenario)

    @property
    def quiz_ids(self) -> tuple[str, ...]:
        return tuple(s.quiz for s in self.steps if s.quiz)


@dataclass
class PathSet:
    """Every path file of a folder: the valid paths by id, and every problem found (located)."""

    paths: dict[str, LearningPath] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)  # path id -> file
    problems: list[Problem] = field(default_factory=list)

    def ordered(self) -> list[LearningPath]:
        return [self.paths[k] for k in sorted(self.paths)]


def path_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in (".yaml", ".yml"))


def _display(path: Path, settings: Settings) -> str:
    try:
        return str(path.resolve().relative_to(settings.content_dir.resolve()))
    except ValueError:
        return str(path)


def _known_ids(scenarios_dir: Path) -> tuple[set[str], set[str]]:
    """Scenario ids (scenarios/*.yaml) and quiz ids (scenarios/quizzes/quizzes/*.yaml) that a path may name."""
    from trainer.coach.loader import load_scenarios
    from trainer.quiz.loader import load_bank

    settings = get_settings()
    scenarios = {e.id for e in load_scenarios(scenarios_dir, settings)}
    quizzes: set[str] = set()
    if (scenarios_dir / "quizzes").is_dir():
        bank = load_bank(scenarios_dir / "quizzes")
        quizzes = set(bank.quizzes) | set(bank.unavailable)
    return scenarios, quizzes


def _cross_check(loaded: LoadedYaml, path: LearningPath, scenarios: set[str], quizzes: set[str]) -> list[Problem]:
    out = []
    for index, step in enumerate(path.steps):
        known = scenarios if step.scenario else quizzes
        if step.ref not in known:
            loc = ("steps", index, step.kind)
            where = "scenarios/*.yaml" if step.scenario else "scenarios/quizzes/quizzes/*.yaml"
            listed = ", ".join(sorted(known)) or "none"
            out.append(Problem(loaded.file, format_place(loc),
                               f"unknown {step.kind} {step.ref!r}; expected the id of a file in {where} ({listed})",
                               loaded.line_of(loc)))
    seen: dict[str, int] = {}
    for index, step in enumerate(path.steps):
        if step.key in seen:
            loc = ("steps", index, step.kind)
            out.append(Problem(loaded.file, format_place(loc),
                               f"{step.kind} {step.ref!r} is already step {seen[step.key] + 1} of this path",
                               loaded.line_of(loc)))
        seen.setdefault(step.key, index)
    return out


def load_paths(folder: Path | None = None, settings: Settings | None = None,
               scenarios_dir: Path | None = None) -> PathSet:
    """Every path file of the folder (default scenarios/paths), validated and cross-checked against the scenarios
    and quizzes next to it; ids repeated across files are problems."""
    settings = settings or get_settings()
    folder = folder or settings.scenarios_dir / PATHS_DIR
    scenarios_dir = scenarios_dir or (folder.parent if folder.name == PATHS_DIR else settings.scenarios_dir)
    scenarios, quizzes = _known_ids(scenarios_dir)
    out = PathSet()
    for file in path_files(folder):
        out_one(out, file, settings, scenarios, quizzes)
    return out


def out_one(out: PathSet, file: Path, settings: Settings, scenarios: set[str], quizzes: set[str]) -> None:
    """Load one path file into `out` (its path when valid, else its problems)."""
    name = _display(file, settings)
    try:
        loaded = load_yaml(file, name)
    except ContentError as exc:
        out.problems.extend(exc.problems)
        return
    try:
        path = LearningPath.model_validate(loaded.data)
    except ValidationError as exc:
        out.problems.extend(problems_from_validation(loaded, exc))
        return
    problems = _cross_check(loaded, path, scenarios, quizzes)
    if path.id in out.files:
        problems.append(Problem(name, "id", f"id {path.id!r} is already used by {out.files[path.id]}",
                                loaded.line_of(("id",))))
    out.problems.extend(problems)
    if not problems:
        out.paths[path.id] = path
        out.files[path.id] = name


def load_path_file(file: Path, settings: Settings | None = None) -> PathSet:
    """One path file anywhere, cross-checked against the configured scenarios and quizzes."""
    settings = settings or get_settings()
    scenarios_dir = file.parent.parent if file.parent.name == PATHS_DIR else settings.scenarios_dir
    scenarios, quizzes = _known_ids(scenarios_dir)
    out = PathSet()
    out_one(out, file, settings, scenarios, quizzes)
    return out


_CACHE: dict[Path, tuple[Any, PathSet]] = {}
_LOCK = threading.Lock()


def _signature(folder: Path) -> tuple[Any, ...]:
    if not folder.is_dir():
        return ()
    return tuple((e.name, e.stat().st_mtime_ns, e.stat().st_size) for e in sorted(os.scandir(folder), key=lambda e: e.name))


def cached_paths(folder: Path | None = None) -> PathSet:
    """load_paths of the configured folder, reused until a path file changes."""
    folder = (folder or get_settings().scenarios_dir / PATHS_DIR).resolve()
    signature = _signature(folder)
    with _LOCK:
        hit = _CACHE.get(folder)
        if hit is not None and hit[0] == signature:
            return hit[1]
    loaded = load_paths(folder)
    with _LOCK:
        _CACHE[folder] = (signature, loaded)
    return loaded


def get_path(path_id: str, folder: Path | None = None) -> LearningPath:
    """The valid path with this id, or NotFound."""
    found = cached_paths(folder).paths.get(path_id)
    if found is None:
        raise NotFound("errors.paths.unknown", id=path_id)
    return found


# --- progress and the pass rule ------------------------------------------------------------------------------


@dataclass(frozen=True)
class StepProgress:
    """What one person did of one step. For a scenario: runs started, whether one passed alone / with help,
    the best score in points. For a quiz: attempts finished and the best share (0..1)."""

    key: str
    kind: str
    ref: str
    attempts: int = 0
    passed_alone: bool = False
    passed_with_help: bool = False
    best_score: float | None = None  # scenario: best points share 0..1; quiz: best share 0..1
    in_progress: bool = False
    last_at: datetime | None = None


@dataclass(frozen=True)
class PathProgress:
    trainee_id: int
    path_id: str
    steps: tuple[StepProgress, ...]

    def step(self, key: str) -> StepProgress | None:
        return next((s for s in self.steps if s.key == key), None)

    @property
    def last_at(self) -> datetime | None:
        times = [s.last_at for s in self.steps if s.last_at is not None]
        return max(times) if times else None


@dataclass(frozen=True)
class StepOutcome:
    key: str
    kind: str
    ref: str
    done: bool
    how: str  # "alone" | "with_help" | "score" (a quiz passed) | "" (not done)
    best_score: float | None


@dataclass(frozen=True)
class PathOutcome:
    """The pass rule applied to one person's progress through one path."""

    path_id: str
    passed: bool
    steps: tuple[StepOutcome, ...]
    scenarios_alone: int
    scenarios_with_help: int
    scenarios_total: int
    quizzes_passed: int
    quizzes_total: int

    @property
    def steps_done(self) -> int:
        return sum(1 for s in self.steps if s.done)


def path_progress(session: Session, *, trainee_id: int, path: LearningPath, since: datetime | None = None) -> PathProgress:
    """The person's runs of the path's scenarios and attempts at its quizzes (made at or after `since`)."""
    return path_progress_many(session, [(trainee_id, path, since)])[(trainee_id, path.id)]


def path_progress_many(
    session: Session, wanted: list[tuple[int, LearningPath, datetime | None]],
) -> dict[tuple[int, str], PathProgress]:
    """`path_progress` of many (person, path, since) at once, in two queries: (trainee_id, path id) -> progress."""
    from trainer.coach.models import Run
    from trainer.quiz.models import QuizAttempt

    trainees = sorted({t for t, _p, _s in wanted})
    scenario_ids = sorted({s for _t, p, _s in wanted for s in p.scenario_ids})
    quiz_ids = sorted({q for _t, p, _s in wanted for q in p.quiz_ids})
    runs: dict[int, list[Run]] = {}
    attempts: dict[int, list[QuizAttempt]] = {}
    if trainees and scenario_ids:
        for run in session.scalars(select(Run).where(Run.trainee_id.in_(trainees), Run.scenario_id.in_(scenario_ids))):
            runs.setdefault(run.trainee_id, []).append(run)  # type: ignore[arg-type]
    if trainees and quiz_ids:
        for attempt in session.scalars(select(QuizAttempt).where(QuizAttempt.trainee_id.in_(trainees),
                                                                 QuizAttempt.quiz_id.in_(quiz_ids))):
            attempts.setdefault(attempt.trainee_id, []).append(attempt)
    out = {}
    for trainee_id, path, since in wanted:
        mine_runs = [r for r in runs.get(trainee_id, []) if since is None or r.started_at >= since]
        mine_attempts = [a for a in attempts.get(trainee_id, []) if since is None or a.started_at >= since]
        out[(trainee_id, path.id)] = _progress(trainee_id, path, mine_runs, mine_attempts)
    return out


def _progress(trainee_id: int, path: LearningPath, runs: list[Any], attempts: list[Any]) -> PathProgress:
    steps = []
    for step in path.steps:
        if step.scenario:
            mine = [r for r in runs if r.scenario_id == step.scenario]
            passed = [r for r in mine if r.status == "passed"]
            shares = [r.score / r.max_score for r in passed if r.max_score]
            times = [t for r in mine for t in (r.finished_at, r.started_at) if t is not None]
            steps.append(StepProgress(
                step.key, "scenario", step.ref, attempts=len(mine),
                passed_alone=any(not r.with_help for r in passed), passed_with_help=any(r.with_help for r in passed),
                best_score=max(shares) if shares else None, in_progress=any(r.status == "active" for r in mine),
                last_at=max(times) if times else None))
        else:
            mine_a = [a for a in attempts if a.quiz_id == step.quiz]
            finished = [a for a in mine_a if a.finished_at is not None and a.score is not None]
            times = [t for a in mine_a for t in (a.finished_at, a.started_at) if t is not None]
            steps.append(StepProgress(
                step.key, "quiz", step.ref, attempts=len(finished),
                best_score=max(a.score for a in finished) if finished else None,
                in_progress=any(a.finished_at is None for a in mine_a), last_at=max(times) if times else None))
    return PathProgress(trainee_id, path.id, tuple(steps))


def evaluate(path: LearningPath, progress: PathProgress) -> PathOutcome:
    """Whether `progress` meets the path's pass rule, step by step. A scenario passed alone counts as alone even
    when another run was passed with help; with `with_help_counts: false` only runs passed alone count."""
    rule = path.pass_rule
    outcomes = []
    alone = helped = quizzes_passed = 0
    for step in path.steps:
        got = progress.step(step.key) or StepProgress(step.key, step.kind, step.ref)
        if step.scenario:
            if got.passed_alone:
                how, alone = "alone", alone + 1
            elif got.passed_with_help and rule.with_help_counts:
                how, helped = "with_help", helped + 1
            else:
                how = ""
        else:
            ok = got.best_score is not None and got.best_score + 1e-9 >= rule.quiz_min_score
            how = "score" if ok else ""
            quizzes_passed += 1 if ok else 0
        outcomes.append(StepOutcome(step.key, step.kind, step.ref, bool(how), how, got.best_score))
    passed = all(o.done for o in outcomes)
    return PathOutcome(path.id, passed, tuple(outcomes), alone, helped, len(path.scenario_ids), quizzes_passed,
                       len(path.quiz_ids))
