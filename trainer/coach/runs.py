"""Scenario runs: start one in its own sandbox, check it against real state and events, hints, help, results.

Public API (the caller owns the transaction; `now` is the real time of the action; `actor` is the acting person,
a `trainer.actor.Actor`: a run is played by its own trainee, a run started without a profile by whoever holds its
link; anyone else's run is not found, `errors.coach.unknown_run`):
- `start_run(session, scenario_id, *, actor, now, folder=None, model=None) -> Run` (the run is the actor's).
- `check_run(session, run_id, now, folder=None, *, actor) -> RunView`: evaluate listed mistakes and the pending
  steps, advance the sandbox clock when a step asks for it, finish the run when every step passed. Cheap and
  idempotent: the guide panel calls it on every rerun of a sandbox page.
- `use_hint(session, run_id, now, folder=None, *, actor) -> RunView`: the current step's next hint (penalised).
- `mark_help(session, run_id, with_help, now, *, actor) -> Run` ("Có người hỗ trợ");
  `abandon_run(session, run_id, now, *, actor)`.
- `get_run(session, run_id)` (no owner check: for the services here), `own_run(session, run_id, actor)`,
  `run_by_key(session, key, actor) -> Run` (a URL names a run by its random `key`, never by its id),
  `active_run(session, actor) -> Run | None`, `runs_of(session, actor)`.
- `run_view(session, run_id, folder=None, *, actor) -> RunView`: everything the panel and the result screen show.
- `resume_point(session, actor, folder=None) -> ResumePoint | None`: where a trainee left off (their active run, else
  the practice role of their latest action), so the resume code alone brings them back there.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from trainer.actor import Actor
from trainer.certificates.service import issue_on_finish
from trainer.coach.expectations import Context, all_hold
from trainer.coach.loader import get_scenario
from trainer.coach.models import Run, RunHint, RunMistake, RunStep
from trainer.coach.schema import ScenarioFile, Step, Text
from trainer.coach.scoring import Score, score_run
from trainer.db.events import Event, record_event
from trainer.db.guards import claim_where, lock_row
from trainer.errors import DomainError, NotFound

ACTIVE = "active"


@dataclass
class StepView:
    """One step as the trainee sees it."""

    id: str
    instruction: Text
    result: str
    hints: list[Text] = field(default_factory=list)
    hints_left: int = 0
    review: Text | None = None


@dataclass
class MistakeView:
    id: str
    feedback: Text
    review: Text | None = None


@dataclass
class RunView:
    """A run with its scenario: steps, the current one, mistakes made, score."""

    run_id: int
    scenario: ScenarioFile
    status: str
    key: str
    role: str
    sandbox_id: int | None
    steps: list[StepView]
    current: StepView | None
    mistakes: list[MistakeView]
    score: Score
    with_help: bool
    latest_feedback: MistakeView | None
    names: dict[str, str] = field(default_factory=dict)

    def fill(self, text: str) -> str:
        """A scenario text with {c1} / {d1} replaced by the citizen's name / the dossier's code."""
        for ref, value in self.names.items():
            text = text.replace("{" + ref + "}", value)
        return text


def get_run(session: Session, run_id: int) -> Run:
    """The run, or NotFound."""
    run = session.get(Run, run_id)
    if run is None:
        raise NotFound("errors.coach.unknown_run", run_id=run_id)
    return run


@dataclass(frozen=True)
class ResumePoint:
    """Where a trainee left off: the practice role, the scenario's page name (None: the role's main page), and
    the active run (None when they were practising freely)."""

    role: str
    page: str | None = None
    run_id: int | None = None
    run_key: str | None = None
    sandbox_id: int | None = None


def resume_point(session: Session, actor: Actor, folder: Path | None = None) -> ResumePoint | None:
    """The trainee's active run, else the practice role of their latest sandbox action; None for a new trainee."""
    from trainer.actor import PRACTICE_ROLES

    run = active_run(session, actor)
    if run is not None:
        try:
            page = get_scenario(run.scenario_id, folder).page
        except Exception:  # noqa: BLE001 — a scenario file broken since: the role's main page still works
            page = None
        return ResumePoint(run.role, page, run.id, run.key, run.sandbox_id)
    if actor.trainee_id is None:
        return None
    role = session.scalar(
        select(Event.actor).where(Event.trainee_id == actor.trainee_id, Event.actor.in_(PRACTICE_ROLES),
                                  Event.sandbox_id.is_not(None))
        .order_by(Event.id.desc()).limit(1)
    )
    return ResumePoint(role) if role else None


def new_run_key() -> str:
    """The random key a URL names a run by (16 characters, 96 bits): not guessable from another run's."""
    return secrets.token_urlsafe(12)


def run_by_key(session: Session, key: str, actor: Actor) -> Run:
    """The run with this key if the actor may play it (as own_run); NotFound otherwise."""
    clean = (key or "").strip()
    run = session.scalar(select(Run).where(Run.key == clean)) if 0 < len(clean) <= 32 else None
    if run is None:
        raise NotFound("errors.coach.unknown_run_link")
    return own_run(session, run.id, actor)


def own_run(session: Session, run_id: int, actor: Actor) -> Run:
    """The run if the actor may play it: their own, or one started without a profile; else NotFound."""
    run = get_run(session, run_id)
    if run.trainee_id is not None and run.trainee_id != actor.trainee_id:
        raise NotFound("errors.coach.unknown_run", run_id=run_id)
    return run


def active_run(session: Session, actor: Actor) -> Run | None:
    """The acting trainee's latest active run (None without a profile or when none is active)."""
    if actor.trainee_id is None:
        return None
    return session.scalar(select(Run).where(Run.trainee_id == actor.trainee_id, Run.status == ACTIVE)
                          .order_by(Run.id.desc()).limit(1))


def runs_of(session: Session, actor: Actor) -> list[Run]:
    """Every run of the acting trainee, newest first (none without a profile)."""
    if actor.trainee_id is None:
        return []
    return list(session.scalars(select(Run).where(Run.trainee_id == actor.trainee_id).order_by(Run.id.desc())))


def start_run(
    session: Session, scenario_id: str, *, actor: Actor, now: datetime, folder: Path | None = None,
    model: str | None = None,
) -> Run:
    """A new run of the acting trainee in a fresh sandbox built from the scenario's setup; their other active runs
    end. Without a profile the run belongs to nobody (whoever holds its link plays it)."""
    from trainer.coach.setup import build_sandbox

    trainee_id = actor.trainee_id
    scenario = get_scenario(scenario_id, folder)
    if trainee_id is not None:
        for other in session.scalars(select(Run).where(Run.trainee_id == trainee_id, Run.status == ACTIVE)):
            _finish(session, other, "abandoned", now)
    sandbox_id, refs = build_sandbox(session, scenario, owner_id=trainee_id, now=now, model=model)
    run = Run(key=new_run_key(), trainee_id=trainee_id, scenario_id=scenario.id, scenario_version=scenario.version, sandbox_id=sandbox_id,
              role=scenario.role, status=ACTIVE, started_at=now, refs={**refs, "bound": {}, "resets": 0},
              max_score=scenario.total_points)
    session.add(run)
    session.flush()
    for position, step in enumerate(scenario.steps):
        session.add(RunStep(run_id=run.id, step_id=step.id, position=position, result="pending"))
    record_event(session, actor=scenario.role, action="coach.run_started", entity="run", entity_id=run.id, at=now,
                 sandbox_id=sandbox_id, trainee_id=trainee_id, data={"scenario": scenario.id, "version": scenario.version})
    session.flush()
    run.since_event_id = session.scalar(select(func.max(Event.id))) or 0
    _check(session, run, scenario, now)
    return run


def _context(session: Session, run: Run) -> Context:
    from trainer.sandbox.sandboxes import sandbox_now

    refs = run.refs or {}
    return Context(sandbox_id=run.sandbox_id or -1, since_event_id=run.since_event_id,
                   citizens=dict(refs.get("citizens", {})), dossiers=dict(refs.get("dossiers", {})),
                   now=sandbox_now(session, run.sandbox_id) if run.sandbox_id else None,
                   bound=dict(refs.get("bound", {})))


def _steps(session: Session, run: Run, scenario: ScenarioFile | None = None) -> dict[str, RunStep]:
    """The run's step rows by step id (a step added to the file since the run started gets a row)."""
    rows = {row.step_id: row for row in session.scalars(
        select(RunStep).where(RunStep.run_id == run.id).order_by(RunStep.position))}
    for position, step in enumerate(scenario.steps if scenario is not None else []):
        if step.id not in rows:
            rows[step.id] = RunStep(run_id=run.id, step_id=step.id, position=position, result="pending")
            session.add(rows[step.id])
    return rows


def _ready(scenario: ScenarioFile, step: Step, rows: dict[str, RunStep]) -> bool:
    """May this step pass now? sequence: every earlier step passed; any: the steps in `after` passed."""
    if scenario.order == "sequence":
        earlier = scenario.steps[: scenario.steps.index(step)]
        return all(rows[s.id].result == "passed" for s in earlier)
    return all(rows[name].result == "passed" for name in step.after if name in rows)


def _become_current(session: Session, run: Run, step: Step, row: RunStep, now: datetime) -> None:
    if row.result != "pending":
        return
    if row.id is None:
        session.flush()
    # conditional: of two checks at once (two tabs), only one makes the step current and moves the clock
    if not claim_where(session, RunStep, row.id, [RunStep.result == "pending"], {"result": "current", "started_at": now}):
        session.refresh(row)
        return
    if step.advance_clock is not None and not row.clock_advanced and run.sandbox_id is not None:
        from trainer.sandbox.sandboxes import advance_clock

        advance_clock(session, run.sandbox_id, working_days=step.advance_clock.working_days,
                      hours=step.advance_clock.hours, now=now)
        row.clock_advanced = True


def _resets(session: Session, sandbox_id: int) -> int:
    """How many times the sandbox was reset (those events survive a reset; ids may not grow on SQLite)."""
    return session.scalar(select(func.count()).select_from(Event).where(
        Event.sandbox_id == sandbox_id, Event.action == "sandbox.reset")) or 0


def _restart_after_reset(session: Session, run: Run, scenario: ScenarioFile, now: datetime) -> None:
    """The sandbox was reset ("Đặt lại môi trường thực hành"): set the scenario up again and start the steps over."""
    from trainer.coach.setup import populate

    run.refs = {**populate(session, scenario, run.sandbox_id, now=now), "bound": {}}  # type: ignore[arg-type]
    for row in _steps(session, run, scenario).values():
        row.result, row.started_at, row.passed_at, row.points, row.clock_advanced = "pending", None, None, 0, False
    run.current_step = None
    record_event(session, actor=run.role, action="coach.run_restarted", entity="run", entity_id=run.id, at=now,
                 sandbox_id=run.sandbox_id, trainee_id=run.trainee_id)
    session.flush()
    run.since_event_id = session.scalar(select(func.max(Event.id))) or 0


def _check(session: Session, run: Run, scenario: ScenarioFile, now: datetime) -> None:
    if run.status != ACTIVE or run.sandbox_id is None:
        return
    resets = _resets(session, run.sandbox_id)
    if resets > (run.refs or {}).get("resets", 0):
        run = lock_row(session, Run, run.id) or run  # one check sets the scenario up again, not two at once
        if resets > (run.refs or {}).get("resets", 0):
            _restart_after_reset(session, run, scenario, now)
            run.refs = {**run.refs, "resets": resets}
    known = set(session.scalars(select(RunMistake.mistake_id).where(RunMistake.run_id == run.id)))
    rows = _steps(session, run, scenario)
    for mistake in scenario.mistakes:
        if mistake.id in known or not all_hold(session, _context(session, run), mistake.when):
            continue
        penalty = scenario.penalties.mistake if mistake.penalty is None else mistake.penalty
        try:
            with session.begin_nested():  # another check at the same moment may have noted it (unique per run)
                session.add(RunMistake(run_id=run.id, mistake_id=mistake.id, step_id=run.current_step, at=now,
                                       penalty=penalty))
        except IntegrityError:
            continue
        run.last_feedback = mistake.id
        record_event(session, actor=run.role, action="coach.mistake_detected", entity="run", entity_id=run.id, at=now,
                     sandbox_id=run.sandbox_id, trainee_id=run.trainee_id, data={"mistake": mistake.id})
    progressed = True
    while progressed:
        progressed = False
        for step in scenario.steps:
            row = rows[step.id]
            if row.result == "passed" or not _ready(scenario, step, rows):
                continue
            _become_current(session, run, step, row, now)
            ctx = _context(session, run)
            trial = Context(ctx.sandbox_id, ctx.since_event_id, ctx.citizens, ctx.dossiers, ctx.now, dict(ctx.bound))
            if all_hold(session, trial, step.expect):
                passed = claim_where(session, RunStep, row.id, [RunStep.result != "passed"],
                                     {"result": "passed", "passed_at": now, "points": step.points})
                if not passed:  # another check passed it at the same moment and wrote its event
                    session.refresh(row)
                    session.refresh(run, ["refs"])  # with the references that check bound
                    progressed = True
                    continue
                run.refs = {**(run.refs or {}), "bound": trial.bound}
                record_event(session, actor=run.role, action="coach.step_passed", entity="run", entity_id=run.id,
                             at=now, sandbox_id=run.sandbox_id, trainee_id=run.trainee_id, data={"step": step.id})
                progressed = True
    current = next((s for s in scenario.steps if rows[s.id].result != "passed" and _ready(scenario, s, rows)), None)
    run.current_step = current.id if current is not None else None
    session.flush()
    result = score_run(session, run, scenario)
    run.score = result.points
    if current is None:
        _finish(session, run, "passed" if result.passed else "failed", now)


def _finish(session: Session, run: Run, status: str, now: datetime) -> bool:
    """End an active run once: of two checks (or an abandon) at once, one writes the end; False for the other."""
    if not claim_where(session, Run, run.id, [Run.status == ACTIVE],
                       {"status": status, "finished_at": now, "current_step": None}):
        session.refresh(run)
        return False
    record_event(session, actor=run.role, action="coach.run_finished", entity="run", entity_id=run.id, at=now,
                 sandbox_id=run.sandbox_id, trainee_id=run.trainee_id, data={"status": status, "score": run.score})
    if status == "passed" and run.trainee_id is not None:
        issue_on_finish(session, trainee_id=run.trainee_id, step_key=f"scenario:{run.scenario_id}", now=now,
                        after={"run": run.id})  # the path's certificate the moment its last scenario passes
    return True


def check_run(session: Session, run_id: int, now: datetime, folder: Path | None = None, *,
              actor: Actor) -> RunView:
    """Evaluate the run against its sandbox's real state and events; returns what the panel shows."""
    run = own_run(session, run_id, actor)
    scenario = get_scenario(run.scenario_id, folder)
    _check(session, run, scenario, now)
    return _view(session, run, scenario)


def use_hint(session: Session, run_id: int, now: datetime, folder: Path | None = None, *, actor: Actor) -> RunView:
    """Show the next hint of the current step (each hint costs the scenario's hint penalty)."""
    run = own_run(session, run_id, actor)
    run = lock_row(session, Run, run.id) or run  # two clicks at once: two hints, counted right
    scenario = get_scenario(run.scenario_id, folder)
    if run.status != ACTIVE or run.current_step is None:
        raise DomainError("errors.coach.run_not_active")
    step = scenario.step(run.current_step)
    row = _steps(session, run, scenario)[step.id]
    if row.hints_used >= len(step.hints):
        raise DomainError("errors.coach.no_more_hints")
    row.hints_used += 1
    session.add(RunHint(run_id=run.id, step_id=step.id, hint_no=row.hints_used, at=now, penalty=scenario.penalties.hint))
    record_event(session, actor=run.role, action="coach.hint_shown", entity="run", entity_id=run.id, at=now,
                 sandbox_id=run.sandbox_id, trainee_id=run.trainee_id, data={"step": step.id, "hint": row.hints_used})
    session.flush()
    run.score = score_run(session, run, scenario).points
    return _view(session, run, scenario)


def mark_help(session: Session, run_id: int, with_help: bool, now: datetime, *, actor: Actor) -> Run:
    """A helper marks that the trainee did (or did not) get help: "Có người hỗ trợ" / "Tự làm"."""
    run = own_run(session, run_id, actor)
    run.with_help = bool(with_help)
    record_event(session, actor="trainer", action="coach.help_marked", entity="run", entity_id=run.id, at=now,
                 sandbox_id=run.sandbox_id, trainee_id=run.trainee_id, data={"with_help": run.with_help})
    return run


def abandon_run(session: Session, run_id: int, now: datetime, *, actor: Actor) -> Run:
    """Stop an active run (the trainee may start the scenario again)."""
    run = own_run(session, run_id, actor)
    if run.status != ACTIVE or not _finish(session, run, "abandoned", now):
        raise DomainError("errors.coach.run_not_active")
    return run


def run_view(session: Session, run_id: int, folder: Path | None = None, *, actor: Actor) -> RunView:
    """The run as shown, without evaluating anything."""
    run = own_run(session, run_id, actor)
    return _view(session, run, get_scenario(run.scenario_id, folder))


def _view(session: Session, run: Run, scenario: ScenarioFile) -> RunView:
    rows = _steps(session, run, scenario)
    steps = []
    for step in scenario.steps:
        row = rows[step.id]
        steps.append(StepView(step.id, step.instruction, row.result, list(step.hints[: row.hints_used]),
                              len(step.hints) - row.hints_used, step.review))
    made = session.scalars(select(RunMistake).where(RunMistake.run_id == run.id).order_by(RunMistake.id)).all()
    by_id = {m.id: m for m in scenario.mistakes}
    mistakes = [MistakeView(m.mistake_id, by_id[m.mistake_id].feedback, by_id[m.mistake_id].review)
                for m in made if m.mistake_id in by_id]
    current = next((s for s in steps if s.id == run.current_step), None)
    latest = next((m for m in mistakes if m.id == run.last_feedback), None)
    return RunView(run.id, scenario, run.status, run.key or "", run.role, run.sandbox_id, steps, current, mistakes,
                   score_run(session, run, scenario), run.with_help, latest, _names(session, run))


def _names(session: Session, run: Run) -> dict[str, str]:
    """What each ref stands for in texts: a citizen's full name, a dossier's code (once it has one)."""
    from trainer.sandbox.models import Citizen, Dossier

    refs = run.refs or {}
    names: dict[str, str] = {}
    for ref, citizen_id in refs.get("citizens", {}).items():
        citizen = session.get(Citizen, citizen_id)
        if citizen is not None:
            names[ref] = citizen.full_name
    for ref, dossier_id in {**refs.get("dossiers", {}), **refs.get("bound", {})}.items():
        dossier = session.get(Dossier, dossier_id)
        if dossier is not None and dossier.code:
            names[ref] = dossier.code
    return names
