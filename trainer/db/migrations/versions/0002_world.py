"""world: units, agencies, procedures (database copy of the reference world)

Revision ID: 0002_world
Revises: 0001_foundation
Create Date: 2026-11-28 03:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_world"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "units",
        sa.Column("model", sa.String(length=20), nullable=False),
        sa.Column("code", sa.String(length=10), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("full_name", sa.String(length=160), nullable=False),
        sa.Column("level", sa.String(length=10), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("parent_code", sa.String(length=10), nullable=True),
        sa.Column("province_code", sa.String(length=2), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("model", "code", name=op.f("pk_units")),
    )
    op.create_index("ix_units_model_parent", "units", ["model", "parent_code"], unique=False)
    op.create_table(
        "agencies",
        sa.Column("id", sa.String(length=20), nullable=False),
        sa.Column("model", sa.String(length=20), nullable=False),
        sa.Column("unit_code", sa.String(length=10), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("level", sa.String(length=10), nullable=False),
        sa.Column("name_vi", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["model", "unit_code"], ["units.model", "units.code"], name="fk_agencies_unit"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agencies")),
    )
    op.create_index("ix_agencies_model_unit", "agencies", ["model", "unit_code"], unique=False)
    op.create_table(
        "procedures",
        sa.Column("code", sa.String(length=10), nullable=False),
        sa.Column("name_vi", sa.String(length=300), nullable=False),
        sa.Column("name_en", sa.String(length=300), nullable=False),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column("level_2019", sa.String(length=10), nullable=False),
        sa.Column("agency_kind_2019", sa.String(length=40), nullable=False),
        sa.Column("receive_at_2019", sa.String(length=10), nullable=False),
        sa.Column("level_2025", sa.String(length=10), nullable=False),
        sa.Column("agency_kind_2025", sa.String(length=40), nullable=False),
        sa.Column("receive_at_2025", sa.String(length=10), nullable=False),
        sa.Column("processing_days", sa.Integer(), nullable=True),
        sa.Column("processing_hours", sa.Integer(), nullable=True),
        sa.Column("extra_days_if_verified", sa.Integer(), nullable=False),
        sa.Column("fee_kind", sa.String(length=30), nullable=False),
        sa.Column("fee_amount", sa.Integer(), nullable=True),
        sa.Column("fee_online_amount", sa.Integer(), nullable=True),
        sa.Column("online_legacy_level", sa.Integer(), nullable=False),
        sa.Column("online_mode", sa.String(length=10), nullable=False),
        sa.Column("bcci_allowed", sa.Boolean(), nullable=False),
        sa.Column("result_type", sa.String(length=30), nullable=False),
        sa.Column("bundles", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_procedures")),
    )


def downgrade() -> None:
    op.drop_table("procedures")
    op.drop_index("ix_agencies_model_unit", table_name="agencies")
    op.drop_table("agencies")
    op.drop_index("ix_units_model_parent", table_name="units")
    op.drop_table("units")
