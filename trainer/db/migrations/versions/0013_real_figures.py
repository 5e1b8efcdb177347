"""real figures: the province's monthly per-commune report of the real one-stop system (imports and their rows)

Revision ID: 0013_real_figures
Revises: 0012_run_keys
Create Date: 2026-12-01 17:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0013_real_figures'
down_revision = '0012_run_keys'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('real_report_imports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.Column('replaced', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_real_report_imports_account_id_accounts'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_real_report_imports'))
    )
    with op.batch_alter_table('real_report_imports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_real_report_imports_account_id'), ['account_id'], unique=False)
    op.create_table('real_monthly_figures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=False),
    sa.Column('unit_code', sa.String(length=20), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('received', sa.Integer(), nullable=False),
    sa.Column('online', sa.Integer(), nullable=False),
    sa.Column('handled', sa.Integer(), nullable=True),
    sa.Column('on_time', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['import_id'], ['real_report_imports.id'], name=op.f('fk_real_monthly_figures_import_id_real_report_imports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_real_monthly_figures')),
    sa.UniqueConstraint('unit_code', 'month', name='uq_real_monthly_figures_unit_code_month')
    )
    with op.batch_alter_table('real_monthly_figures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_real_monthly_figures_import_id'), ['import_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_real_monthly_figures_unit_code'), ['unit_code'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('real_monthly_figures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_real_monthly_figures_unit_code'))
        batch_op.drop_index(batch_op.f('ix_real_monthly_figures_import_id'))
    op.drop_table('real_monthly_figures')
    with op.batch_alter_table('real_report_imports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_real_report_imports_account_id'))
    op.drop_table('real_report_imports')
