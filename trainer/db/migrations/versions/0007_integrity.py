"""integrity: a version on every dossier (guards concurrent actions), one practice sandbox per key, and when a
supplement brought a dossier back to the desk

Revision ID: 0007_integrity
Revises: 0006_coach
Create Date: 2026-12-05 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_integrity"
down_revision = "0006_coach"
branch_labels = None
depends_on = None

# Sandboxes used by scenario runs are never anyone's practice sandbox.
_NOT_A_RUN = "id NOT IN (SELECT sandbox_id FROM coach_runs WHERE sandbox_id IS NOT NULL)"


def upgrade() -> None:
    # add_column and create_index only: SQLite batch mode then alters in place (no table copy, no cascade)
    with op.batch_alter_table("sandbox_dossiers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("resubmitted_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("sandboxes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("practice_key", sa.String(length=40), nullable=True))
    # The sandbox each one used so far becomes its practice sandbox: the demo one (no owner) and each trainee's
    # first, as sandboxes.practice_sandbox chose them before.
    op.execute(
        "UPDATE sandboxes SET practice_key = 'demo' WHERE id = "
        f"(SELECT min(id) FROM sandboxes WHERE owner_id IS NULL AND {_NOT_A_RUN})"
    )
    op.execute(
        "UPDATE sandboxes SET practice_key = 'trainee-' || CAST(owner_id AS VARCHAR(20)) WHERE id IN "
        f"(SELECT min(id) FROM sandboxes WHERE owner_id IS NOT NULL AND {_NOT_A_RUN} GROUP BY owner_id)"
    )
    with op.batch_alter_table("sandboxes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sandboxes_practice_key"), ["practice_key"], unique=True)


def downgrade() -> None:
    # plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+): a batch copy would drop the referenced tables, and with
    # foreign keys on that deletes every row hanging off them
    op.drop_index(op.f("ix_sandboxes_practice_key"), table_name="sandboxes")
    op.drop_column("sandboxes", "practice_key")
    op.drop_column("sandbox_dossiers", "resubmitted_at")
    op.drop_column("sandbox_dossiers", "version")
