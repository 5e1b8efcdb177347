"""The leaders' dashboard, read side: who is trained, where, against which target, and what is still misunderstood.

Every function takes the acting `Actor` and answers only within its scope, enforced here in the query layer (never
by the page): an administrator sees every unit; a leader or trainer account sees the units it answers for
(`accounts.queries.covers`: a province covers all, a district its communes, a commune itself); an account without
units sees nothing; a participant (no account) is refused. A person counts in the commune of their profile
(`trainees.unit_code`), or, without one, in the commune of the workshop they enrolled in.

Completion is the learning path's own pass rule (`training.paths.evaluate`) applied to what each enrolled person did
since they enrolled, computed in bulk (two queries for all runs and attempts, not one per person) and checked
against `path_progress` by a test. The denominator of a target is the people enrolled on its path, of its audience,
in the campaign's workshops (imported from a roster or joined), as `workshops.campaign_progress` counts it.

Public API (all rows frozen):
- `scope_units(actor, units) -> ScopeUnits`; `in_scope(actor, unit_code, units) -> bool`.
- `participants(session, actor, campaign_id, units=None) -> tuple[Participant, ...]`: each enrolment with its
  outcome, passing time and unit chain.
- `completion(participants, campaign, actor, level, now, units=None) -> tuple[CompletionRow, ...]`: per unit of
  the level (province, district, commune) and target; `completion_by_position(...)` per audience and position.
- `missing(participants, unit_code, units=None)`: the people of a unit not yet passed (with their phone).
- `participant_detail(session, actor, trainee_id)`: one person's quiz attempts (each answer) and runs (each step,
  each mistake).
- `mastery_cells(session, actor, level, units=None, bank=None)`: mean per-person topic mastery, topic × unit;
  `weakest_topics(cells)`; `missed_questions(session, actor, limit)`; `frequent_mistakes(session, actor, limit)`;
  `needs_help(session, actor)`; `trends(participants, session, actor, period)` (week or month).
- `dashboard(session, actor, campaign_id, now, level="commune")` -> `Dashboard`: all of it at once, what the page,
  the XLSX and the CSV show (so they agree).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Float, case, cast, func, select, text, true
from sqlalchemy.orm import Session

from trainer.accounts.queries import covers
from trainer.actor import Actor
from trainer.errors import DomainError, NotFound
from trainer.training.models import Enrolment, Trainee, Workshop
from trainer.training.paths import (
    LearningPath,
    PathOutcome,
    PathProgress,
    StepProgress,
    cached_paths,
    evaluate,
)
from trainer.training.workshops import CampaignRow, campaigns_for

LEVELS = ("province", "district", "commune")
PERIODS = ("week", "month")
TOP = 10  # rows in the "most missed" and "most frequent" lists


# --- scope ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScopeUnits:
    """The units an actor may see: every one (`all_units`) or the listed codes (province, districts, communes)."""

    all_units: bool
    codes: frozenset[str]

    def holds(self, code: str | None) -> bool:
        return bool(code) and (self.all_units or code in self.codes)


def _units(units: Any = None) -> Any:
    if units is not None:
        return units
    from trainer.world.units import load_units

    return load_units()


def scope_units(actor: Actor, units: Any = None) -> ScopeUnits:
    """The units this actor answers for. A participant (no account) is refused with a DomainError."""
    units = _units(units)
    if actor.operator or actor.is_administrator:
        return ScopeUnits(True, frozenset(u.code for u in units.all()))
    if not actor.is_account:
        raise DomainError("errors.dashboard.needs_account")
    if not actor.unit_codes:
        return ScopeUnits(False, frozenset())
    return ScopeUnits(False, frozenset(u.code for u in units.all() if covers(actor.unit_codes, u.code, units)))


def in_scope(actor: Actor, unit_code: str | None, units: Any = None) -> bool:
    return scope_units(actor, units).holds(unit_code)


def _trainee_filter(scope: ScopeUnits) -> Any:
    """A WHERE clause on Trainee: their unit is in scope (administrators: everybody)."""
    if scope.all_units:
        return Trainee.id.is_not(None)
    return Trainee.unit_code.in_(sorted(scope.codes))


def _trainees_in_scope(scope: ScopeUnits) -> Any:
    return select(Trainee.id).where(_trainee_filter(scope))


def _chain(unit_code: str | None, units: Any) -> tuple[str | None, str | None, str | None]:
    """(province, district, commune) codes of a unit (district None in the two-level model)."""
    if not unit_code or units.find(unit_code) is None:
        return None, None, None
    province = district = commune = None
    for u in units.ancestors(unit_code):
        if u.level == "province":
            province = u.code
        elif u.level == "district":
            district = u.code
        elif u.level == "commune":
            commune = u.code
    return province, district, commune


def unit_at(level: str, unit_code: str | None, units: Any) -> str | None:
    province, district, commune = _chain(unit_code, units)
    return {"province": province, "district": district, "commune": commune}[level]


def levels_of(units: Any) -> tuple[str, ...]:
    """The levels a model has: province → commune (2025), province → district → commune (2019)."""
    return LEVELS if units.districts else ("province", "commune")


# --- participants and their outcome ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Participant:
    """One enrolment of a campaign's workshop, with the path's pass rule applied to what they did since."""

    enrolment_id: int
    trainee_id: int
    name: str
    audience: str
    position: str
    phone: str
    unit_code: str | None
    province_code: str | None
    district_code: str | None
    commune_code: str | None
    workshop_id: int
    path_id: str
    source: str
    enrolled_at: datetime
    joined_at: datetime | None
    passed: bool
    passed_at: datetime | None
    steps_done: int
    steps_total: int
    with_help: bool  # passed, but some scenario only with help
    last_activity_at: datetime | None


def _campaign(session: Session, actor: Actor, campaign_id: int) -> CampaignRow:
    found = next((c for c in campaigns_for(session, actor) if c.id == campaign_id), None)
    if found is None:
        raise NotFound("errors.workshops.unknown_campaign", id=campaign_id)
    return found


def visible_campaigns(session: Session, actor: Actor) -> tuple[CampaignRow, ...]:
    """The campaigns this actor may follow (refuses a participant)."""
    scope_units(actor)
    return campaigns_for(session, actor)


@dataclass(frozen=True)
class _StepAgg:
    """What the path rule reads of one enrolment's runs of one scenario (or attempts of one quiz) since it
    enrolled, aggregated by the database (GROUP BY enrolment × scenario, enrolment × quiz)."""

    attempts: int
    passed_alone: bool
    passed_with_help: bool
    best_score: float | None
    in_progress: bool
    last_at: datetime | None
    done_alone_at: datetime | None  # scenario: first passed alone; quiz: first finished at the path's minimum score
    done_any_at: datetime | None  # scenario: first passed at all


def _latest(*times: datetime | None) -> datetime | None:
    found = [t for t in times if t is not None]
    return max(found) if found else None


def _flag(value: Any) -> bool:
    return bool(value)


def _step_aggregates(session: Session, enrolled: Any, scenario_ids: list[str], quiz_ids: list[str],
                     paths: dict[str, LearningPath]) -> tuple[dict[tuple[int, str], _StepAgg],
                                                               dict[tuple[int, str], _StepAgg]]:
    """Per (enrolment id, scenario) and (enrolment id, quiz): the figures of the runs and attempts since the
    enrolment, in two GROUP BY queries over `enrolled` (a subquery with id, trainee_id, enrolled_at, path_id)."""
    from trainer.coach.models import Run
    from trainer.quiz.models import QuizAttempt

    scenarios: dict[tuple[int, str], _StepAgg] = {}
    if scenario_ids:
        passed = Run.status == "passed"
        moment = func.coalesce(Run.finished_at, Run.started_at)
        rows = session.execute(
            select(enrolled.c.id, Run.scenario_id, func.count(),
                   func.max(case((passed & Run.with_help.is_(False), 1), else_=0)),
                   func.max(case((passed & Run.with_help.is_(True), 1), else_=0)),
                   func.max(case((passed & (Run.max_score != 0),
                                  cast(Run.score, Float) / cast(Run.max_score, Float)))),
                   func.max(case((Run.status == "active", 1), else_=0)),
                   func.max(Run.finished_at), func.max(Run.started_at),
                   func.min(case((passed & Run.with_help.is_(False), moment))),
                   func.min(case((passed, moment))))
            .join(Run, (Run.trainee_id == enrolled.c.trainee_id) & (Run.started_at >= enrolled.c.enrolled_at))
            .where(Run.scenario_id.in_(scenario_ids))
            .group_by(enrolled.c.id, Run.scenario_id))
        for eid, sid, n, alone, helped, best, active, last_f, last_s, first_alone, first_any in rows:
            scenarios[(eid, sid)] = _StepAgg(int(n), _flag(alone), _flag(helped),
                                             None if best is None else float(best), _flag(active),
                                             _latest(last_f, last_s), first_alone, first_any)
    quizzes: dict[tuple[int, str], _StepAgg] = {}
    if quiz_ids:
        minimum = case({pid: path.pass_rule.quiz_min_score for pid, path in paths.items()},
                       value=enrolled.c.path_id, else_=2.0)  # an unknown path passes nothing
        finished = QuizAttempt.finished_at.is_not(None) & QuizAttempt.score.is_not(None)
        rows = session.execute(
            select(enrolled.c.id, QuizAttempt.quiz_id,
                   func.sum(case((finished, 1), else_=0)),
                   func.max(case((finished, QuizAttempt.score))),
                   func.max(case((QuizAttempt.finished_at.is_(None), 1), else_=0)),
                   func.max(QuizAttempt.finished_at), func.max(QuizAttempt.started_at),
                   func.min(case((finished & (QuizAttempt.score + 1e-9 >= minimum), QuizAttempt.finished_at))))
            .join(QuizAttempt, (QuizAttempt.trainee_id == enrolled.c.trainee_id)
                  & (QuizAttempt.started_at >= enrolled.c.enrolled_at))
            .where(QuizAttempt.quiz_id.in_(quiz_ids))
            .group_by(enrolled.c.id, QuizAttempt.quiz_id))
        for eid, qid, n, best, open_, last_f, last_s, first_good in rows:
            quizzes[(eid, qid)] = _StepAgg(int(n or 0), False, False, None if best is None else float(best),
                                           _flag(open_), _latest(last_f, last_s), first_good, first_good)
    return scenarios, quizzes


def progress_from_aggregates(path: LearningPath, enrolment_id: int, trainee_id: int,
                             scenarios: dict[tuple[int, str], _StepAgg],
                             quizzes: dict[tuple[int, str], _StepAgg]) -> tuple[PathProgress, datetime | None]:
    """What `training.paths.path_progress` computes, from the database's aggregates (`_step_aggregates`); and
    when the path became passed (the moment its last required step was first done), None when not passed.
    `tests/reports/test_dashboard_sql.py` holds both to the per-row definition they replace."""
    rule = path.pass_rule
    steps = []
    done_at: list[datetime | None] = []
    for step in path.steps:
        if step.scenario:
            got = scenarios.get((enrolment_id, step.scenario))
            if got is None:
                steps.append(StepProgress(step.key, "scenario", step.ref))
                done_at.append(None)
                continue
            steps.append(StepProgress(step.key, "scenario", step.ref, attempts=got.attempts,
                                      passed_alone=got.passed_alone, passed_with_help=got.passed_with_help,
                                      best_score=got.best_score, in_progress=got.in_progress, last_at=got.last_at))
            done_at.append(got.done_any_at if rule.with_help_counts else got.done_alone_at)
        else:
            got = quizzes.get((enrolment_id, step.quiz))
            if got is None:
                steps.append(StepProgress(step.key, "quiz", step.ref))
                done_at.append(None)
                continue
            steps.append(StepProgress(step.key, "quiz", step.ref, attempts=got.attempts, best_score=got.best_score,
                                      in_progress=got.in_progress, last_at=got.last_at))
            done_at.append(got.done_alone_at)
    progress = PathProgress(trainee_id, path.id, tuple(steps))
    passed_at = None if any(t is None for t in done_at) or not done_at else max(t for t in done_at if t is not None)
    return progress, passed_at


def participants(session: Session, actor: Actor, campaign_id: int | None, units: Any = None) -> tuple[Participant, ...]:
    """Every person enrolled in the campaign's workshops (campaign None: in any workshop) whose unit is in the
    actor's scope, by name. What each did since enrolling is aggregated by the database per enrolment and step
    (`_step_aggregates`), then the path's own rule (`evaluate`) decides."""
    units = _units(units)
    scope = scope_units(actor, units)
    unit_col = func.coalesce(Trainee.unit_code, Workshop.unit_code)
    where = []
    if campaign_id is not None:
        _campaign(session, actor, campaign_id)
        where.append(Workshop.campaign_id == campaign_id)
    if not scope.all_units:
        where.append(unit_col.in_(sorted(scope.codes)))
    joined = (lambda q: q.join(Trainee, Trainee.id == Enrolment.trainee_id)
              .join(Workshop, Workshop.id == Enrolment.workshop_id).where(*where))
    enrolments = session.execute(joined(
        select(Enrolment.id, Enrolment.trainee_id, Trainee.name, Trainee.audience, unit_col, Enrolment.position,
               Enrolment.phone, Enrolment.workshop_id, Enrolment.path_id, Enrolment.source, Enrolment.enrolled_at,
               Enrolment.joined_at)).order_by(Enrolment.name_key, Enrolment.id)).all()
    if not enrolments:
        return ()
    paths = cached_paths().paths
    wanted = [paths[e.path_id] for e in enrolments if e.path_id in paths]
    scenario_ids = sorted({s for p in wanted for s in p.scenario_ids})
    quiz_ids = sorted({q for p in wanted for q in p.quiz_ids})
    enrolled = joined(select(Enrolment.id, Enrolment.trainee_id, Enrolment.enrolled_at, Enrolment.path_id)).subquery()
    scenario_steps, quiz_steps = _step_aggregates(session, enrolled, scenario_ids, quiz_ids, paths)
    chains: dict[str | None, tuple[str | None, str | None, str | None]] = {}
    out = []
    for (eid, trainee_id, name, audience, unit_code, position, phone, workshop_id, path_id, source, enrolled_at,
         joined_at) in enrolments:
        path = paths.get(path_id)
        if path is None:  # the path's file was removed or broken: nothing counts, nothing crashes
            outcome = PathOutcome(path_id, False, (), 0, 0, 0, 0, 0)
            progress, passed_at = PathProgress(trainee_id, path_id, ()), None
        else:
            progress, passed_at = progress_from_aggregates(path, eid, trainee_id, scenario_steps, quiz_steps)
            outcome = evaluate(path, progress)
        if unit_code not in chains:
            chains[unit_code] = _chain(unit_code, units)
        province, district, commune = chains[unit_code]
        times = [t for t in (progress.last_at, joined_at) if t is not None]
        out.append(Participant(
            eid, trainee_id, name, audience, position or "", phone or "", unit_code, province, district, commune,
            workshop_id, path_id, source, enrolled_at, joined_at, outcome.passed,
            passed_at if outcome.passed else None, outcome.steps_done, len(outcome.steps),
            outcome.passed and outcome.scenarios_with_help > 0, max(times) if times else None))
    return tuple(out)


# --- completion against targets ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompletionRow:
    """One unit against one target of the campaign."""

    level: str
    unit_code: str
    unit_name: str
    parent_code: str | None
    path_id: str
    audience: str
    target_share: float
    target_by: date
    enrolled: int
    joined: int
    passed: int
    with_help: int
    status: str  # reached | open | overdue | empty (nobody enrolled)

    @property
    def share(self) -> float:
        return self.passed / self.enrolled if self.enrolled else 0.0

    @property
    def needed(self) -> int:
        """People who must have passed for the target to be reached."""
        return math.ceil(self.target_share * self.enrolled - 1e-9)

    @property
    def gap(self) -> int:
        return max(0, self.needed - self.passed)

    @property
    def missing(self) -> int:
        return self.enrolled - self.passed


def _status(enrolled: int, passed: int, share: float, by: date, today: date) -> str:
    if not enrolled:
        return "empty"
    if passed / enrolled + 1e-9 >= share:
        return "reached"
    return "overdue" if today > by else "open"


def _targets(campaign: CampaignRow) -> list[tuple[str, str, float, date]]:
    if campaign.targets:
        return list(campaign.targets)
    # a campaign without targets: each path × audience, target 100% by its end
    return [(p, a, 1.0, campaign.ends_on) for p in campaign.path_ids for a in campaign.audiences]


def completion(people: tuple[Participant, ...], campaign: CampaignRow, actor: Actor, level: str, now: datetime,
               units: Any = None) -> tuple[CompletionRow, ...]:
    """Per unit of `level` within the campaign and the actor's scope, per target: counts, share, gap, status.
    Units of the campaign with nobody enrolled appear with status "empty" (a leader must see them too)."""
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}; expected one of {LEVELS}")
    units = _units(units)
    scope = scope_units(actor, units)
    shown = [u for u in units.all() if u.level == level and scope.holds(u.code)
             and (covers(campaign.unit_codes, u.code, units) or any(covers((u.code,), c, units) for c in campaign.unit_codes))]
    groups: dict[tuple[str, str, str], list[Participant]] = defaultdict(list)
    for p in people:
        code = {"province": p.province_code, "district": p.district_code, "commune": p.commune_code}[level]
        if code:
            groups[(code, p.path_id, p.audience)].append(p)
    codes = [u.code for u in shown] + sorted({k[0] for k in groups if scope.holds(k[0])} - {u.code for u in shown})
    out = []
    for path_id, audience, share, by in _targets(campaign):
        for code in codes:
            unit = units.find(code)
            mine = groups.get((code, path_id, audience), [])
            passed = sum(1 for p in mine if p.passed)
            out.append(CompletionRow(
                level, code, unit.full_name if unit else code, unit.parent_code if unit else None, path_id, audience,
                share, by, len(mine), sum(1 for p in mine if p.joined_at is not None), passed,
                sum(1 for p in mine if p.with_help), _status(len(mine), passed, share, by, now.date())))
    return tuple(out)


def scope_totals(people: tuple[Participant, ...], campaign: CampaignRow, now: datetime,
                 label: str = "") -> tuple[CompletionRow, ...]:
    """The whole of what the actor sees, per target of the campaign (the page's headline figures)."""
    out = []
    for path_id, audience, share, by in _targets(campaign):
        mine = [p for p in people if p.path_id == path_id and p.audience == audience]
        passed = sum(1 for p in mine if p.passed)
        out.append(CompletionRow("scope", "", label, None, path_id, audience, share, by, len(mine),
                                 sum(1 for p in mine if p.joined_at is not None), passed,
                                 sum(1 for p in mine if p.with_help), _status(len(mine), passed, share, by, now.date())))
    return tuple(out)


def map_points(rows: tuple[CompletionRow, ...], units: Any = None) -> tuple[tuple[str, str, float, float, int, int], ...]:
    """(code, name, latitude, longitude, enrolled, passed) per unit of commune-level completion rows, every target
    added up: what the map draws (coordinates from the units reference data, no tiles)."""
    units = _units(units)
    sums: dict[str, list[int]] = {}
    for r in rows:
        c = sums.setdefault(r.unit_code, [0, 0])
        c[0] += r.enrolled
        c[1] += r.passed
    out = []
    for code, (enrolled, passed) in sums.items():
        unit = units.find(code)
        if unit is not None:
            out.append((code, unit.full_name, unit.latitude, unit.longitude, enrolled, passed))
    return tuple(out)


@dataclass(frozen=True)
class PositionRow:
    """Completion per audience and position (chức danh) across the actor's scope."""

    audience: str
    position: str
    enrolled: int
    passed: int

    @property
    def share(self) -> float:
        return self.passed / self.enrolled if self.enrolled else 0.0


def completion_by_position(people: tuple[Participant, ...]) -> tuple[PositionRow, ...]:
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for p in people:
        c = counts[(p.audience, p.position)]
        c[0] += 1
        c[1] += 1 if p.passed else 0
    return tuple(PositionRow(a, pos, n, k) for (a, pos), (n, k) in sorted(counts.items()))


def missing(people: tuple[Participant, ...], unit_code: str, units: Any = None) -> tuple[Participant, ...]:
    """The people of a unit (or under it) who have not passed yet: for the commune leader to follow up."""
    units = _units(units)
    return tuple(p for p in people if not p.passed and covers((unit_code,), p.unit_code, units))


# --- one participant -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerLine:
    question_id: str
    correct: bool
    points: float
    max_points: float
    answered_at: datetime


@dataclass(frozen=True)
class AttemptLine:
    attempt_id: int
    quiz_id: str
    started_at: datetime
    finished_at: datetime | None
    score: float | None
    passed: bool | None
    answers: tuple[AnswerLine, ...]


@dataclass(frozen=True)
class StepLine:
    step_id: str
    position: int
    result: str
    hints_used: int
    points: int
    started_at: datetime | None
    passed_at: datetime | None


@dataclass(frozen=True)
class MistakeLine:
    mistake_id: str
    step_id: str | None
    at: datetime
    penalty: int


@dataclass(frozen=True)
class RunLine:
    run_id: int
    scenario_id: str
    role: str
    status: str
    with_help: bool
    score: int
    max_score: int
    started_at: datetime
    finished_at: datetime | None
    steps: tuple[StepLine, ...]
    mistakes: tuple[MistakeLine, ...]


@dataclass(frozen=True)
class ParticipantDetail:
    trainee_id: int
    name: str
    audience: str
    unit_code: str | None
    attempts: tuple[AttemptLine, ...]
    runs: tuple[RunLine, ...]


def participant_detail(session: Session, actor: Actor, trainee_id: int, units: Any = None) -> ParticipantDetail:
    """One person's quiz attempts (every answer) and scenario runs (every step, every mistake), newest first.
    Outside the actor's scope the person does not exist (NotFound, the same as an unknown id)."""
    from trainer.coach.models import Run, RunMistake, RunStep
    from trainer.quiz.models import QuizAnswer, QuizAttempt

    scope = scope_units(actor, units)
    trainee = session.get(Trainee, trainee_id)
    if trainee is None or not (scope.all_units or scope.holds(trainee.unit_code)):
        raise NotFound("errors.dashboard.unknown_participant")
    attempts = list(session.scalars(select(QuizAttempt).where(QuizAttempt.trainee_id == trainee_id)
                                    .order_by(QuizAttempt.started_at.desc(), QuizAttempt.id.desc())))
    answers: dict[int, list[AnswerLine]] = defaultdict(list)
    for a in session.scalars(select(QuizAnswer).where(QuizAnswer.trainee_id == trainee_id)
                             .order_by(QuizAnswer.answered_at, QuizAnswer.id)):
        answers[a.attempt_id].append(AnswerLine(a.question_id, a.correct, a.points, a.max_points, a.answered_at))
    runs = list(session.scalars(select(Run).where(Run.trainee_id == trainee_id)
                                .order_by(Run.started_at.desc(), Run.id.desc())))
    run_ids = [r.id for r in runs]
    steps: dict[int, list[StepLine]] = defaultdict(list)
    mistakes: dict[int, list[MistakeLine]] = defaultdict(list)
    if run_ids:
        for s in session.scalars(select(RunStep).where(RunStep.run_id.in_(run_ids)).order_by(RunStep.position)):
            steps[s.run_id].append(StepLine(s.step_id, s.position, s.result, s.hints_used, s.points, s.started_at,
                                            s.passed_at))
        for m in session.scalars(select(RunMistake).where(RunMistake.run_id.in_(run_ids)).order_by(RunMistake.at)):
            mistakes[m.run_id].append(MistakeLine(m.mistake_id, m.step_id, m.at, m.penalty))
    return ParticipantDetail(
        trainee.id, trainee.name, trainee.audience, trainee.unit_code,
        tuple(AttemptLine(a.id, a.quiz_id, a.started_at, a.finished_at, a.score, a.passed, tuple(answers[a.id]))
              for a in attempts),
        tuple(RunLine(r.id, r.scenario_id, r.role, r.status, bool(r.with_help), r.score, r.max_score, r.started_at,
                      r.finished_at, tuple(steps[r.id]), tuple(mistakes[r.id])) for r in runs))


# --- understanding ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MasteryCell:
    """Mean per-person mastery of one topic in one unit (`quiz.mastery.weighted_mastery` for each person)."""

    topic: str
    unit_code: str
    mastery: float
    people: int
    answers: int


@dataclass(frozen=True)
class TopicRow:
    topic: str
    mastery: float
    people: int
    answers: int
    scenarios: tuple[str, ...]


@dataclass(frozen=True)
class TopicSums:
    """Per (person's unit, topic), summed over the people of that unit: their own decayed mastery (`sum_mastery`),
    how many people (`people`) and answers (`answers`). Means over any set of units add these up."""

    unit_code: str | None
    topic: str
    sum_mastery: float
    people: int
    answers: int


def _topic_elements(session: Session) -> Any:
    """A table-valued function over `QuizAnswer.topics` (a JSON list of topic ids): one row per topic."""
    from trainer.quiz.models import QuizAnswer

    if session.get_bind().dialect.name == "postgresql":
        return func.json_array_elements_text(QuizAnswer.topics).table_valued("value").alias("topic")
    return func.json_each(QuizAnswer.topics).table_valued("value").alias("topic")


def topic_sums(session: Session, scope: ScopeUnits) -> tuple[TopicSums, ...]:
    """Every person's mastery of every topic they answered (`quiz.mastery.weighted_mastery`: answers newest first,
    the k-th newest weighing 0.5 ** (k / HALF_LIFE_ANSWERS)), computed by the database with a window function and
    summed per (unit, topic): one query, about a thousand rows at province scale instead of every answer."""
    from trainer.quiz.mastery import HALF_LIFE_ANSWERS
    from trainer.quiz.models import QuizAnswer

    if session.get_bind().dialect.name == "postgresql":
        # PostgreSQL guesses 100 rows per json_array_elements_text call (there are one or two topics), so the
        # plan looks 50 times too big and its JIT compiles for ~0.5 s a query that runs in ~0.4 s. For the rest of
        # this read transaction only.
        session.execute(text("SET LOCAL jit = off"))
    topic = _topic_elements(session)
    topic_id = topic.c.value
    share = case((QuizAnswer.max_points != 0, QuizAnswer.points / QuizAnswer.max_points), else_=0.0)
    rank = func.row_number().over(partition_by=(QuizAnswer.trainee_id, topic_id),
                                  order_by=(QuizAnswer.answered_at.desc(), QuizAnswer.id.desc())) - 1
    ranked = (select(QuizAnswer.trainee_id.label("trainee_id"), topic_id.label("topic"), share.label("share"),
                     rank.label("k"))
              .select_from(QuizAnswer).join(topic, true())
              .where(QuizAnswer.trainee_id.in_(_trainees_in_scope(scope))).subquery("ranked"))
    weight = func.power(cast(0.5, Float), cast(ranked.c.k, Float) / cast(float(HALF_LIFE_ANSWERS), Float))
    person = (select(ranked.c.trainee_id, ranked.c.topic,
                     (func.sum(weight * ranked.c.share) / func.sum(weight)).label("mastery"),
                     func.count().label("answers"))
              .group_by(ranked.c.trainee_id, ranked.c.topic).subquery("person"))
    rows = session.execute(
        select(Trainee.unit_code, person.c.topic, func.sum(person.c.mastery), func.count(), func.sum(person.c.answers))
        .join(Trainee, Trainee.id == person.c.trainee_id)
        .group_by(Trainee.unit_code, person.c.topic))
    return tuple(TopicSums(unit, str(t), float(m or 0.0), int(n), int(k or 0)) for unit, t, m, n, k in rows)


def mastery_cells(session: Session, actor: Actor, level: str = "commune", units: Any = None,
                  bank: Any = None, _sums: tuple[TopicSums, ...] | None = None) -> tuple[MasteryCell, ...]:
    """Topic × unit of `level`: the mean over the unit's people of their own decayed mastery of the topic."""
    from trainer.quiz.services import bank_or_default

    units = _units(units)
    scope = scope_units(actor, units)
    bank = bank_or_default(bank)
    sums = _sums if _sums is not None else topic_sums(session, scope)
    cells: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0, 0])
    codes: dict[str | None, str | None] = {}
    for row in sums:
        if row.unit_code not in codes:
            codes[row.unit_code] = unit_at(level, row.unit_code, units)
        code = codes[row.unit_code]
        if code is None:
            continue
        c = cells[(row.topic, code)]
        c[0] += row.sum_mastery
        c[1] += row.people
        c[2] += row.answers
    order = {t: i for i, t in enumerate(bank.topics)}
    return tuple(MasteryCell(topic, code, m / n, int(n), int(k))
                 for (topic, code), (m, n, k) in sorted(cells.items(), key=lambda kv: (order.get(kv[0][0], 999), kv[0])))


def topic_rows(session: Session, actor: Actor, units: Any = None, bank: Any = None,
               _sums: tuple[TopicSums, ...] | None = None) -> tuple[TopicRow, ...]:
    """Every topic answered in scope: mean per-person mastery across the whole scope, weakest first."""
    from trainer.quiz.services import bank_or_default

    scope = scope_units(actor, units)
    bank = bank_or_default(bank)
    sums = _sums if _sums is not None else topic_sums(session, scope)
    per: dict[str, list[float]] = defaultdict(lambda: [0.0, 0, 0])
    for row in sums:
        c = per[row.topic]
        c[0] += row.sum_mastery
        c[1] += row.people
        c[2] += row.answers
    rows = [TopicRow(topic, m / n, int(n), int(k), tuple(bank.topics[topic].scenarios) if topic in bank.topics else ())
            for topic, (m, n, k) in per.items()]
    return tuple(sorted(rows, key=lambda r: (r.mastery, r.topic)))


@dataclass(frozen=True)
class QuestionRow:
    question_id: str
    answered: int
    wrong: int
    quiz_ids: tuple[str, ...]

    @property
    def wrong_share(self) -> float:
        return self.wrong / self.answered if self.answered else 0.0


def missed_questions(session: Session, actor: Actor, limit: int = TOP, units: Any = None) -> tuple[QuestionRow, ...]:
    """The questions answered wrong most often in scope (then by share wrong), with the quizzes that ask them."""
    from trainer.quiz.models import QuizAnswer, QuizAttempt

    scope = scope_units(actor, units)
    wrong = func.sum(case((QuizAnswer.correct.is_(False), 1), else_=0))
    rows = session.execute(
        select(QuizAnswer.question_id, func.count(), wrong)
        .where(QuizAnswer.trainee_id.in_(_trainees_in_scope(scope)))
        .group_by(QuizAnswer.question_id)).all()
    top = sorted(((q, int(n), int(w)) for q, n, w in rows if w), key=lambda r: (-r[2], -r[2] / r[1], r[0]))[:limit]
    quizzes: dict[str, set[str]] = defaultdict(set)
    if top:  # the quizzes asking the listed questions only
        for qid, quiz in session.execute(
                select(QuizAnswer.question_id, QuizAttempt.quiz_id)
                .join(QuizAttempt, QuizAttempt.id == QuizAnswer.attempt_id)
                .where(QuizAnswer.trainee_id.in_(_trainees_in_scope(scope)),
                       QuizAnswer.question_id.in_([q for q, *_ in top])).distinct()):
            quizzes[qid].add(quiz)
    return tuple(QuestionRow(q, n, w, tuple(sorted(quizzes.get(q, ())))) for q, n, w in top)


@dataclass(frozen=True)
class MistakeRow:
    scenario_id: str
    mistake_id: str
    runs_with_it: int
    runs: int

    @property
    def share(self) -> float:
        return self.runs_with_it / self.runs if self.runs else 0.0


def frequent_mistakes(session: Session, actor: Actor, limit: int = TOP, units: Any = None) -> tuple[MistakeRow, ...]:
    """The scenario mistakes made in most runs in scope, with the runs of that scenario as denominator."""
    from trainer.coach.models import Run, RunMistake

    scope = scope_units(actor, units)
    trainees = _trainees_in_scope(scope)
    made = session.execute(
        select(Run.scenario_id, RunMistake.mistake_id, func.count(func.distinct(RunMistake.run_id)))
        .join(Run, Run.id == RunMistake.run_id).where(Run.trainee_id.in_(trainees))
        .group_by(Run.scenario_id, RunMistake.mistake_id)).all()
    runs = dict(session.execute(select(Run.scenario_id, func.count()).where(Run.trainee_id.in_(trainees))
                                .group_by(Run.scenario_id)).all())
    out = [MistakeRow(s, m, int(n), int(runs.get(s, 0))) for s, m, n in made]
    out.sort(key=lambda r: (-r.runs_with_it, -r.share, r.scenario_id, r.mistake_id))
    return tuple(out[:limit])


@dataclass(frozen=True)
class HelpFigures:
    hands_up: int  # raised hands not yet answered
    helped_people: int  # people helped at least once (hand, stuck, repeated mistake)


def needs_help(session: Session, actor: Actor, units: Any = None) -> HelpFigures:
    from trainer.live.models import HelpGiven, HelpRequest

    scope = scope_units(actor, units)
    trainees = _trainees_in_scope(scope)
    up = session.scalar(select(func.count(func.distinct(HelpRequest.trainee_id)))
                        .where(HelpRequest.cleared_at.is_(None), HelpRequest.trainee_id.in_(trainees)))
    helped = session.scalar(select(func.count(func.distinct(HelpGiven.trainee_id)))
                            .where(HelpGiven.trainee_id.in_(trainees)))
    return HelpFigures(int(up or 0), int(helped or 0))


# --- trends ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrendRow:
    period: str  # week: "2026-W10" (ISO); month: "2026-03"
    starts_on: date
    trained: int  # people who passed their path in this period
    trained_total: int  # cumulative
    answers: int
    mean_score: float | None  # mean share of points of the answers given in this period


def period_of(moment: datetime | date, period: str) -> tuple[str, date]:
    day = moment.date() if isinstance(moment, datetime) else moment
    if period == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}", day - timedelta(days=day.weekday())
    if period == "month":
        return f"{day.year}-{day.month:02d}", day.replace(day=1)
    raise ValueError(f"unknown period {period!r}; expected one of {PERIODS}")


def answer_days(session: Session, scope: ScopeUnits) -> tuple[tuple[date, int, float], ...]:
    """Per day: the answers given in scope and the sum of their shares of points (what the trends add up)."""
    from trainer.quiz.models import QuizAnswer

    day_col = func.date(QuizAnswer.answered_at)
    return tuple(
        (day if isinstance(day, date) else date.fromisoformat(str(day)), int(n), float(total or 0))
        for day, n, total in session.execute(
            select(day_col, func.count(), func.sum(QuizAnswer.points / func.nullif(QuizAnswer.max_points, 0)))
            .where(QuizAnswer.trainee_id.in_(_trainees_in_scope(scope))).group_by(day_col)))


def trends(people: tuple[Participant, ...], session: Session, actor: Actor, period: str = "week",
           units: Any = None, _days: tuple[tuple[date, int, float], ...] | None = None) -> tuple[TrendRow, ...]:
    """People trained (their path passed) and the mean answer score, per week or month, in scope."""
    scope = scope_units(actor, units)
    trained: Counter[str] = Counter()
    starts: dict[str, date] = {}
    for p in people:
        if p.passed_at is not None:
            key, start = period_of(p.passed_at, period)
            trained[key] += 1
            starts[key] = start
    answers: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])
    for the_day, n, total in _days if _days is not None else answer_days(session, scope):
        key, start = period_of(the_day, period)
        starts[key] = start
        answers[key][0] += n
        answers[key][1] += total
    out = []
    total_trained = 0
    for key in sorted(starts, key=lambda k: starts[k]):
        total_trained += trained.get(key, 0)
        n, s = answers.get(key, (0, 0.0))
        out.append(TrendRow(key, starts[key], trained.get(key, 0), total_trained, int(n), s / n if n else None))
    return tuple(out)


# --- everything at once ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dashboard:
    campaign: CampaignRow
    level: str
    people: tuple[Participant, ...]
    completion: tuple[CompletionRow, ...]
    positions: tuple[PositionRow, ...]
    mastery: tuple[MasteryCell, ...]
    topics: tuple[TopicRow, ...]
    questions: tuple[QuestionRow, ...]
    mistakes: tuple[MistakeRow, ...]
    help: HelpFigures
    weeks: tuple[TrendRow, ...]
    months: tuple[TrendRow, ...]
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def enrolled(self) -> int:
        return len(self.people)

    @property
    def passed(self) -> int:
        return sum(1 for p in self.people if p.passed)


def dashboard(session: Session, actor: Actor, campaign_id: int, now: datetime, level: str = "commune",
              units: Any = None) -> Dashboard:
    """Every view of the dashboard for one campaign, read once, within the actor's scope."""
    units = _units(units)
    campaign = _campaign(session, actor, campaign_id)
    people = participants(session, actor, campaign_id, units)
    scope = scope_units(actor, units)
    sums = topic_sums(session, scope)
    days = answer_days(session, scope)
    return Dashboard(
        campaign, level, people, completion(people, campaign, actor, level, now, units), completion_by_position(people),
        mastery_cells(session, actor, level, units, _sums=sums), topic_rows(session, actor, units, _sums=sums),
        missed_questions(session, actor, units=units), frequent_mistakes(session, actor, units=units),
        needs_help(session, actor, units), trends(people, session, actor, "week", units, _days=days),
        trends(people, session, actor, "month", units, _days=days))


def data_version(session: Session) -> tuple[int, ...]:
    """The newest row id of every table the dashboard reads: when none moved, a computed dashboard still holds
    (the page keeps one per version, so a rerun at province scale does not recompute it)."""
    from trainer.coach.models import Run, RunMistake, RunStep
    from trainer.db.events import Event
    from trainer.live.models import HelpGiven, HelpRequest
    from trainer.quiz.models import QuizAnswer, QuizAttempt
    from trainer.training.models import Campaign

    out = []
    for model in (Event, Campaign, Workshop, Enrolment, Trainee, QuizAttempt, QuizAnswer, Run, RunStep, RunMistake,
                  HelpRequest, HelpGiven):
        out.append(int(session.scalar(select(func.max(model.id))) or 0))
    return tuple(out)
