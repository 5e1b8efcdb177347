"""run keys: a scenario run is named in URLs by a random key, never by its sequential id

Revision ID: 0012_run_keys
Revises: 0011_certificates
Create Date: 2026-12-01 14:40:00
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op

revision = '0012_run_keys'
down_revision = '0011_certificates'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a plain ADD COLUMN (nullable: SQLite cannot add NOT NULL without copying coach_runs and its cascades)
    op.add_column("coach_runs", sa.Column("key", sa.String(length=32), nullable=True))
    bind = op.get_bind()
    runs = sa.table("coach_runs", sa.column("id", sa.Integer), sa.column("key", sa.String))
    for (run_id,) in bind.execute(sa.select(runs.c.id)).all():
        bind.execute(runs.update().where(runs.c.id == run_id).values(key=secrets.token_urlsafe(12)))
    op.create_index(op.f("ix_coach_runs_key"), "coach_runs", ["key"], unique=True)


def downgrade() -> None:
    op.drop_index(op.f("ix_coach_runs_key"), table_name="coach_runs")
    op.drop_column("coach_runs", "key")
