"""Scores of a run: points of the steps passed, less the penalties for hints shown and mistakes made."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from trainer.coach.models import Run, RunHint, RunMistake, RunStep
from trainer.coach.schema import ScenarioFile


@dataclass(frozen=True)
class Score:
    """Points earned (never below 0), the maximum, the percentage and whether it reaches the pass mark."""

    earned: int
    penalties: int
    points: int
    maximum: int
    percent: int
    passed: bool
    all_steps: bool


def compute(step_points: int, all_steps: bool, penalties: int, maximum: int, pass_mark: int) -> Score:
    """Pure scoring rule: passed = every step passed and points ≥ pass_mark percent of the maximum."""
    points = max(0, step_points - penalties)
    percent = round(100 * points / maximum) if maximum else (100 if all_steps else 0)
    return Score(step_points, penalties, points, maximum, percent, all_steps and percent >= pass_mark, all_steps)


def score_run(session: Session, run: Run, scenario: ScenarioFile) -> Score:
    """The run's current score from its rows."""
    steps = session.scalars(select(RunStep).where(RunStep.run_id == run.id)).all()
    earned = sum(s.points for s in steps if s.result == "passed")
    all_steps = bool(steps) and all(s.result == "passed" for s in steps)
    hints = session.scalar(select(func.coalesce(func.sum(RunHint.penalty), 0)).where(RunHint.run_id == run.id)) or 0
    mistakes = session.scalar(select(func.coalesce(func.sum(RunMistake.penalty), 0)).where(RunMistake.run_id == run.id)) or 0
    return compute(earned, all_steps, int(hints) + int(mistakes), scenario.total_points, scenario.pass_mark)
