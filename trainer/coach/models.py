"""Tables of scenario runs: the run, each step's result and time, hints shown, mistakes made."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from trainer.db.base import Base


class Run(Base):
    """One trainee playing one scenario in its own sandbox."""

    __tablename__ = "coach_runs"
    __table_args__ = (Index("ix_coach_runs_trainee_scenario", "trainee_id", "scenario_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # What addresses the run in a URL (?run=): random, never the sequential id (issue 9 item 9). Set by start_run;
    # the column is nullable only because SQLite cannot add a NOT NULL column without copying the table.
    key: Mapped[str | None] = mapped_column(String(32), unique=True, index=True)
    trainee_id: Mapped[int | None] = mapped_column(ForeignKey("trainees.id", ondelete="CASCADE"))
    scenario_id: Mapped[str] = mapped_column(String(60))
    scenario_version: Mapped[int]
    sandbox_id: Mapped[int | None] = mapped_column(ForeignKey("sandboxes.id", ondelete="SET NULL"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(12), default="active")  # active | passed | failed | abandoned
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    since_event_id: Mapped[int] = mapped_column(default=0)
    refs: Mapped[dict[str, Any]] = mapped_column(default=dict)  # {"citizens": {}, "dossiers": {}, "bound": {}}
    current_step: Mapped[str | None] = mapped_column(String(60))
    score: Mapped[int] = mapped_column(default=0)
    max_score: Mapped[int] = mapped_column(default=0)
    with_help: Mapped[bool] = mapped_column(default=False)
    last_feedback: Mapped[str | None] = mapped_column(String(60))  # id of the latest mistake detected


class RunStep(Base):
    """A step of a run: when it became current, when it passed, how many hints were shown."""

    __tablename__ = "coach_run_steps"
    __table_args__ = (UniqueConstraint("run_id", "step_id", name="uq_coach_run_steps_run_id_step_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("coach_runs.id", ondelete="CASCADE"), index=True)
    step_id: Mapped[str] = mapped_column(String(60))
    position: Mapped[int]
    result: Mapped[str] = mapped_column(String(12), default="pending")  # pending | current | passed | missed
    started_at: Mapped[datetime | None]
    passed_at: Mapped[datetime | None]
    hints_used: Mapped[int] = mapped_column(default=0)
    clock_advanced: Mapped[bool] = mapped_column(default=False)
    points: Mapped[int] = mapped_column(default=0)


class RunHint(Base):
    """One hint shown during a run."""

    __tablename__ = "coach_run_hints"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("coach_runs.id", ondelete="CASCADE"), index=True)
    step_id: Mapped[str] = mapped_column(String(60))
    hint_no: Mapped[int]
    at: Mapped[datetime]
    penalty: Mapped[int] = mapped_column(default=0)


class RunMistake(Base):
    """A listed mistake detected in a run (each mistake counts once per run)."""

    __tablename__ = "coach_run_mistakes"
    __table_args__ = (UniqueConstraint("run_id", "mistake_id", name="uq_coach_run_mistakes_run_id_mistake_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("coach_runs.id", ondelete="CASCADE"), index=True)
    mistake_id: Mapped[str] = mapped_column(String(60))
    step_id: Mapped[str | None] = mapped_column(String(60))
    at: Mapped[datetime]
    penalty: Mapped[int] = mapped_column(default=0)
