"""workshops: campaigns, workshops with a join code, enrolments of a person in a workshop on a learning path

Revision ID: 0009_workshops
Revises: 0008_accounts
Create Date: 2026-12-01 14:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_workshops"
down_revision = "0008_accounts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "campaigns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("unit_codes", sa.JSON(), nullable=False),
        sa.Column("audiences", sa.JSON(), nullable=False),
        sa.Column("path_ids", sa.JSON(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("targets", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["created_by"], ["accounts.id"], name=op.f("fk_campaigns_created_by_accounts"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaigns")),
    )
    op.create_table(
        "workshops",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("unit_code", sa.String(length=20), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=True),
        sa.Column("path_ids", sa.JSON(), nullable=False),
        sa.Column("join_code", sa.String(length=6), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaigns.id"], name=op.f("fk_workshops_campaign_id_campaigns"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["created_by"], ["accounts.id"], name=op.f("fk_workshops_created_by_accounts"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workshops")),
        sa.UniqueConstraint("join_code", name=op.f("uq_workshops_join_code")),
    )
    op.create_index(op.f("ix_workshops_campaign_id"), "workshops", ["campaign_id"], unique=False)
    op.create_index(op.f("ix_workshops_created_by"), "workshops", ["created_by"], unique=False)
    op.create_table(
        "enrolments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.Integer(), nullable=False),
        sa.Column("trainee_id", sa.Integer(), nullable=False),
        sa.Column("path_id", sa.String(length=60), nullable=False),
        sa.Column("name_key", sa.String(length=120), nullable=False),
        sa.Column("position", sa.String(length=120), nullable=True),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("pin_hash", sa.String(length=64), nullable=True),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("enrolled_at", sa.DateTime(), nullable=False),
        sa.Column("joined_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["trainee_id"], ["trainees.id"], name=op.f("fk_enrolments_trainee_id_trainees"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["workshop_id"], ["workshops.id"], name=op.f("fk_enrolments_workshop_id_workshops"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enrolments")),
        sa.UniqueConstraint("workshop_id", "trainee_id", name="uq_enrolments_workshop_id_trainee_id"),
    )
    op.create_index(op.f("ix_enrolments_trainee_id"), "enrolments", ["trainee_id"], unique=False)
    op.create_index(op.f("ix_enrolments_workshop_id"), "enrolments", ["workshop_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_enrolments_workshop_id"), table_name="enrolments")
    op.drop_index(op.f("ix_enrolments_trainee_id"), table_name="enrolments")
    op.drop_table("enrolments")
    op.drop_index(op.f("ix_workshops_created_by"), table_name="workshops")
    op.drop_index(op.f("ix_workshops_campaign_id"), table_name="workshops")
    op.drop_table("workshops")
    op.drop_table("campaigns")
