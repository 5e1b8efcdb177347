"""history: calibrated past dossiers and their public-post shipments (trainer seed --profile)

Revision ID: 0003_history
Revises: 0002_world
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_history"
down_revision = "0002_world"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "history_dossiers",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("profile", sa.String(length=40), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("procedure_code", sa.String(length=20), nullable=False),
        sa.Column("level", sa.String(length=10), nullable=False),
        sa.Column("unit_code", sa.String(length=10), nullable=False),
        sa.Column("agency_id", sa.String(length=30), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("online_level", sa.SmallInteger(), nullable=True),
        sa.Column("result_by_post", sa.Boolean(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=True),
        sa.Column("due_at", sa.DateTime(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("returned_at", sa.DateTime(), nullable=True),
        sa.Column("status", sa.SmallInteger(), nullable=False),
        sa.Column("withdrawn", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_history_dossiers")),
    )
    with op.batch_alter_table("history_dossiers", schema=None) as batch_op:
        batch_op.create_index("ix_history_dossiers_profile", ["profile"], unique=False)
        batch_op.create_index("ix_history_dossiers_received_at", ["received_at"], unique=False)
    op.create_table(
        "history_shipments",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("profile", sa.String(length=40), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("tracking_code", sa.String(length=20), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["dossier_id"], ["history_dossiers.id"],
            name=op.f("fk_history_shipments_dossier_id_history_dossiers"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_history_shipments")),
    )
    with op.batch_alter_table("history_shipments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_history_shipments_dossier_id"), ["dossier_id"], unique=False)
        batch_op.create_index("ix_history_shipments_profile_kind", ["profile", "kind"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("history_shipments", schema=None) as batch_op:
        batch_op.drop_index("ix_history_shipments_profile_kind")
        batch_op.drop_index(batch_op.f("ix_history_shipments_dossier_id"))
    op.drop_table("history_shipments")
    with op.batch_alter_table("history_dossiers", schema=None) as batch_op:
        batch_op.drop_index("ix_history_dossiers_received_at")
        batch_op.drop_index("ix_history_dossiers_profile")
    op.drop_table("history_dossiers")
