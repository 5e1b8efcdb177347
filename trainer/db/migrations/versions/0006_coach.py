"""coach: scenario runs, their steps, hints and mistakes

Revision ID: 0006_coach
Revises: 0005_sandbox
Create Date: 2026-11-28 03:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_coach"
down_revision = "0005_sandbox"
branch_labels = None
depends_on = None


def _run_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["run_id"], ["coach_runs.id"], name=op.f(f"fk_{table}_run_id_coach_runs"),
                                   ondelete="CASCADE")


def upgrade() -> None:
    op.create_table(
        "coach_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trainee_id", sa.Integer(), nullable=True),
        sa.Column("scenario_id", sa.String(length=60), nullable=False),
        sa.Column("scenario_version", sa.Integer(), nullable=False),
        sa.Column("sandbox_id", sa.Integer(), nullable=True),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("since_event_id", sa.Integer(), nullable=False),
        sa.Column("refs", sa.JSON(), nullable=False),
        sa.Column("current_step", sa.String(length=60), nullable=True),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("max_score", sa.Integer(), nullable=False),
        sa.Column("with_help", sa.Boolean(), nullable=False),
        sa.Column("last_feedback", sa.String(length=60), nullable=True),
        sa.ForeignKeyConstraint(["trainee_id"], ["trainees.id"], name=op.f("fk_coach_runs_trainee_id_trainees"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["sandbox_id"], ["sandboxes.id"], name=op.f("fk_coach_runs_sandbox_id_sandboxes"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coach_runs")),
    )
    with op.batch_alter_table("coach_runs", schema=None) as batch_op:
        batch_op.create_index("ix_coach_runs_trainee_scenario", ["trainee_id", "scenario_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_coach_runs_sandbox_id"), ["sandbox_id"], unique=False)

    op.create_table(
        "coach_run_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("step_id", sa.String(length=60), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("result", sa.String(length=12), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("passed_at", sa.DateTime(), nullable=True),
        sa.Column("hints_used", sa.Integer(), nullable=False),
        sa.Column("clock_advanced", sa.Boolean(), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        _run_fk("coach_run_steps"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coach_run_steps")),
        sa.UniqueConstraint("run_id", "step_id", name="uq_coach_run_steps_run_id_step_id"),
    )
    with op.batch_alter_table("coach_run_steps", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_coach_run_steps_run_id"), ["run_id"], unique=False)

    op.create_table(
        "coach_run_hints",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("step_id", sa.String(length=60), nullable=False),
        sa.Column("hint_no", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("penalty", sa.Integer(), nullable=False),
        _run_fk("coach_run_hints"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coach_run_hints")),
    )
    with op.batch_alter_table("coach_run_hints", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_coach_run_hints_run_id"), ["run_id"], unique=False)

    op.create_table(
        "coach_run_mistakes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("mistake_id", sa.String(length=60), nullable=False),
        sa.Column("step_id", sa.String(length=60), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("penalty", sa.Integer(), nullable=False),
        _run_fk("coach_run_mistakes"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coach_run_mistakes")),
        sa.UniqueConstraint("run_id", "mistake_id", name="uq_coach_run_mistakes_run_id_mistake_id"),
    )
    with op.batch_alter_table("coach_run_mistakes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_coach_run_mistakes_run_id"), ["run_id"], unique=False)


def downgrade() -> None:
    for table in ("coach_run_mistakes", "coach_run_hints", "coach_run_steps", "coach_runs"):
        op.drop_table(table)
