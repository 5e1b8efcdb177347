"""certificates: serial (random part and check character), holder, path, workshop and trainer as issued,
how (automatic | trainer), revocation with its reason

Revision ID: 0011_certificates
Revises: 0010_live
Create Date: 2026-12-01 14:02:49.492549
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0011_certificates'
down_revision = '0010_live'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('certificates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('serial', sa.String(length=24), nullable=False),
    sa.Column('trainee_id', sa.Integer(), nullable=True),
    sa.Column('path_id', sa.String(length=60), nullable=False),
    sa.Column('generation', sa.Integer(), nullable=False),
    sa.Column('path_title', sa.JSON(), nullable=False),
    sa.Column('holder_name', sa.String(length=120), nullable=False),
    sa.Column('unit_code', sa.String(length=20), nullable=True),
    sa.Column('unit_label', sa.String(length=200), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=True),
    sa.Column('workshop_title', sa.String(length=200), nullable=False),
    sa.Column('trainer_account_id', sa.Integer(), nullable=True),
    sa.Column('trainer_name', sa.String(length=120), nullable=False),
    sa.Column('how', sa.String(length=10), nullable=False),
    sa.Column('issued_by', sa.Integer(), nullable=True),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('issued_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.Column('revoked_by', sa.Integer(), nullable=True),
    sa.Column('revoke_reason', sa.String(length=500), nullable=True),
    sa.ForeignKeyConstraint(['issued_by'], ['accounts.id'], name=op.f('fk_certificates_issued_by_accounts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['revoked_by'], ['accounts.id'], name=op.f('fk_certificates_revoked_by_accounts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['trainee_id'], ['trainees.id'], name=op.f('fk_certificates_trainee_id_trainees'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['trainer_account_id'], ['accounts.id'], name=op.f('fk_certificates_trainer_account_id_accounts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], name=op.f('fk_certificates_workshop_id_workshops'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificates')),
    sa.UniqueConstraint('serial', name=op.f('uq_certificates_serial')),
    sa.UniqueConstraint('trainee_id', 'path_id', 'generation', name='uq_certificates_trainee_id_path_id_generation')
    )
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificates_trainee_id'), ['trainee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_certificates_trainer_account_id'), ['trainer_account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_certificates_workshop_id'), ['workshop_id'], unique=False)

def downgrade() -> None:
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certificates_workshop_id'))
        batch_op.drop_index(batch_op.f('ix_certificates_trainer_account_id'))
        batch_op.drop_index(batch_op.f('ix_certificates_trainee_id'))

    op.drop_table('certificates')
