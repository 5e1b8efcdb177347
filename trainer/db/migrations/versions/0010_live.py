"""live room: room settings, raised hands and help given, room quizzes with players and answers; an index
for a live board's tick (the newest event of a workshop's people)

Revision ID: 0010_live
Revises: 0009_workshops
Create Date: 2026-12-01 13:54:55.856214
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0010_live'
down_revision = '0009_workshops'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('live_rooms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('stuck_minutes', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_live_rooms')),
    sa.UniqueConstraint('workshop_id', name=op.f('uq_live_rooms_workshop_id'))
    )
    op.create_table('room_quizzes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('quiz_id', sa.String(length=60), nullable=False),
    sa.Column('seed', sa.Integer(), nullable=False),
    sa.Column('layout', sa.JSON(), nullable=False),
    sa.Column('speed_points', sa.Boolean(), nullable=False),
    sa.Column('timer_seconds', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('question_started_at', sa.DateTime(), nullable=False),
    sa.Column('answer_count', sa.Integer(), nullable=False),
    sa.Column('started_by', sa.Integer(), nullable=True),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['started_by'], ['accounts.id'], name=op.f('fk_room_quizzes_started_by_accounts'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_room_quizzes'))
    )
    with op.batch_alter_table('room_quizzes', schema=None) as batch_op:
        batch_op.create_index('ix_room_quizzes_workshop_status', ['workshop_id', 'status'], unique=False)

    op.create_table('room_players',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('room_quiz_id', sa.Integer(), nullable=False),
    sa.Column('trainee_id', sa.Integer(), nullable=False),
    sa.Column('attempt_id', sa.Integer(), nullable=False),
    sa.Column('joined_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['attempt_id'], ['quiz_attempts.id'], name=op.f('fk_room_players_attempt_id_quiz_attempts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['room_quiz_id'], ['room_quizzes.id'], name=op.f('fk_room_players_room_quiz_id_room_quizzes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['trainee_id'], ['trainees.id'], name=op.f('fk_room_players_trainee_id_trainees'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_room_players')),
    sa.UniqueConstraint('room_quiz_id', 'trainee_id', name='uq_room_players_room_quiz_id_trainee_id')
    )
    with op.batch_alter_table('room_players', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_room_players_room_quiz_id'), ['room_quiz_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_room_players_trainee_id'), ['trainee_id'], unique=False)

    op.create_table('live_help_given',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('trainee_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('run_id', sa.Integer(), nullable=True),
    sa.Column('reasons', sa.JSON(), nullable=False),
    sa.Column('seen_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_live_help_given_account_id_accounts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['run_id'], ['coach_runs.id'], name=op.f('fk_live_help_given_run_id_coach_runs'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['trainee_id'], ['trainees.id'], name=op.f('fk_live_help_given_trainee_id_trainees'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_live_help_given'))
    )
    with op.batch_alter_table('live_help_given', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_live_help_given_trainee_id'), ['trainee_id'], unique=False)
        batch_op.create_index('ix_live_help_given_workshop_trainee', ['workshop_id', 'trainee_id'], unique=False)

    op.create_table('room_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('room_quiz_id', sa.Integer(), nullable=False),
    sa.Column('trainee_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.String(length=60), nullable=False),
    sa.Column('quiz_answer_id', sa.Integer(), nullable=False),
    sa.Column('correct', sa.Boolean(), nullable=False),
    sa.Column('share', sa.Double(), nullable=False),
    sa.Column('points', sa.Integer(), nullable=False),
    sa.Column('elapsed_ms', sa.Integer(), nullable=False),
    sa.Column('answered_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['quiz_answer_id'], ['quiz_answers.id'], name=op.f('fk_room_answers_quiz_answer_id_quiz_answers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['room_quiz_id'], ['room_quizzes.id'], name=op.f('fk_room_answers_room_quiz_id_room_quizzes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['trainee_id'], ['trainees.id'], name=op.f('fk_room_answers_trainee_id_trainees'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_room_answers')),
    sa.UniqueConstraint('room_quiz_id', 'trainee_id', 'position', name='uq_room_answers_room_quiz_id_trainee_id_position')
    )
    with op.batch_alter_table('room_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_room_answers_room_quiz_id'), ['room_quiz_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_room_answers_trainee_id'), ['trainee_id'], unique=False)

    op.create_table('live_help_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('trainee_id', sa.Integer(), nullable=False),
    sa.Column('raised_at', sa.DateTime(), nullable=False),
    sa.Column('page', sa.String(length=60), nullable=True),
    sa.Column('cleared_at', sa.DateTime(), nullable=True),
    sa.Column('cleared_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['cleared_by'], ['live_help_given.id'], name=op.f('fk_live_help_requests_cleared_by_live_help_given'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['trainee_id'], ['trainees.id'], name=op.f('fk_live_help_requests_trainee_id_trainees'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_live_help_requests'))
    )
    with op.batch_alter_table('live_help_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_live_help_requests_trainee_id'), ['trainee_id'], unique=False)
        batch_op.create_index('ix_live_help_requests_workshop_open', ['workshop_id', 'cleared_at'], unique=False)

    op.create_index('ix_events_trainee_id_id', 'events', ['trainee_id', 'id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_events_trainee_id_id', table_name='events')
    with op.batch_alter_table('live_help_requests', schema=None) as batch_op:
        batch_op.drop_index('ix_live_help_requests_workshop_open')
        batch_op.drop_index(batch_op.f('ix_live_help_requests_trainee_id'))

    op.drop_table('live_help_requests')
    with op.batch_alter_table('room_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_room_answers_trainee_id'))
        batch_op.drop_index(batch_op.f('ix_room_answers_room_quiz_id'))

    op.drop_table('room_answers')
    with op.batch_alter_table('live_help_given', schema=None) as batch_op:
        batch_op.drop_index('ix_live_help_given_workshop_trainee')
        batch_op.drop_index(batch_op.f('ix_live_help_given_trainee_id'))

    op.drop_table('live_help_given')
    with op.batch_alter_table('room_players', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_room_players_trainee_id'))
        batch_op.drop_index(batch_op.f('ix_room_players_room_quiz_id'))

    op.drop_table('room_players')
    with op.batch_alter_table('room_quizzes', schema=None) as batch_op:
        batch_op.drop_index('ix_room_quizzes_workshop_status')

    op.drop_table('room_quizzes')
    op.drop_table('live_rooms')
