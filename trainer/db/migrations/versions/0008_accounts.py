"""accounts: administrators, trainers and leaders, their sign-in sessions (token hashes), and the acting account
on every event

Revision ID: 0008_accounts
Revises: 0007_integrity
Create Date: 2026-12-01 13:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_accounts"
down_revision = "0007_integrity"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=40), nullable=False),
        sa.Column("display_name", sa.String(length=120), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("unit_codes", sa.JSON(), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("failed_sign_ins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_sign_in_at", sa.DateTime(), nullable=True),
        sa.Column("password_changed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounts")),
        sa.UniqueConstraint("username", name=op.f("uq_accounts_username")),
    )
    op.create_table(
        "account_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], name=op.f("fk_account_sessions_account_id_accounts"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_sessions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_account_sessions_token_hash")),
    )
    op.create_index(op.f("ix_account_sessions_account_id"), "account_sessions", ["account_id"], unique=False)
    # events.account_id: on SQLite a plain ADD COLUMN ... REFERENCES (a batch copy of the event log would drop and
    # refill it); on PostgreSQL a column and its named foreign key
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE events ADD COLUMN account_id INTEGER "
            "CONSTRAINT fk_events_account_id_accounts REFERENCES accounts (id) ON DELETE SET NULL"
        )
    else:
        op.add_column("events", sa.Column("account_id", sa.Integer(), nullable=True))
        op.create_foreign_key(op.f("fk_events_account_id_accounts"), "events", "accounts", ["account_id"], ["id"],
                              ondelete="SET NULL")
    op.create_index(op.f("ix_events_account_id"), "events", ["account_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_events_account_id"), table_name="events")
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint(op.f("fk_events_account_id_accounts"), "events", type_="foreignkey")
    op.drop_column("events", "account_id")
    op.drop_index(op.f("ix_account_sessions_account_id"), table_name="account_sessions")
    op.drop_table("account_sessions")
    op.drop_table("accounts")
