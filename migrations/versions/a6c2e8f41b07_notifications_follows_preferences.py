"""notifications (inbox and mail outbox), follows, mail preferences

Revision ID: a6c2e8f41b07
Revises: 7d4a1c9e2f60
Create Date: 2026-11-30 14:00:00

Each notification is written in the transaction of the change that causes it; `plenipo worker` mails it.
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = 'a6c2e8f41b07'
down_revision = '7d4a1c9e2f60'
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')
KINDS = ("consultation_opened", "consultation_reminder", "silence_applied", "consultation_concluded",
         "amendment_decided", "reply", "mention", "approval_requested", "approval_decided", "followed_change")
MAIL = ("pending", "digest", "sent", "off", "failed")


def _in(column, values):
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade():
    op.create_table(
        'notification',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=30), nullable=False),
        sa.Column('position_id', sa.Integer(), nullable=True),
        sa.Column('clause_uid', sa.String(length=16), nullable=True),
        sa.Column('event_id', sa.Integer(), nullable=True),
        sa.Column('template', sa.Text(), nullable=False),
        sa.Column('params', JSON, nullable=False),
        sa.Column('link', sa.String(length=500), nullable=False),
        sa.Column('dedupe_key', sa.String(length=120), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('read_at', sa.DateTime(), nullable=True),
        sa.Column('mail', sa.String(length=10), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('next_attempt_at', sa.DateTime(), nullable=False),
        sa.Column('lease_owner', sa.String(length=40), nullable=True),
        sa.Column('lease_until', sa.DateTime(), nullable=True),
        sa.Column('mailed_at', sa.DateTime(), nullable=True),
        sa.Column('last_error', sa.Text(), nullable=True),
        sa.CheckConstraint(_in('kind', KINDS), name=op.f('ck_notification_kind')),
        sa.CheckConstraint(_in('mail', MAIL), name=op.f('ck_notification_mail')),
        sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_notification_event_id_event'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['position_id'], ['position.id'], name=op.f('fk_notification_position_id_position'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_notification_user_id_user_account'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_notification')),
        sa.UniqueConstraint('dedupe_key', name=op.f('uq_notification_dedupe_key')),
    )
    op.create_index('ix_notification_outbox', 'notification', ['mail', 'next_attempt_at'], unique=False)
    op.create_index('ix_notification_inbox', 'notification', ['user_id', 'read_at'], unique=False)
    op.create_index(op.f('ix_notification_position_id'), 'notification', ['position_id'], unique=False)
    op.create_table(
        'follow',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('position_id', sa.Integer(), nullable=False),
        sa.Column('clause_uid', sa.String(length=16), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['position_id'], ['position.id'], name=op.f('fk_follow_position_id_position'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_follow_user_id_user_account'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_follow')),
        sa.UniqueConstraint('user_id', 'position_id', 'clause_uid', name=op.f('uq_follow_user_id')),
    )
    op.create_index(op.f('ix_follow_user_id'), 'follow', ['user_id'], unique=False)
    op.create_index(op.f('ix_follow_position_id'), 'follow', ['position_id'], unique=False)
    op.create_table(
        'notification_preference',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('email', JSON, nullable=False),
        sa.Column('digest_hour', sa.Integer(), nullable=False),
        sa.Column('last_digest_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_notification_preference_user_id_user_account'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id', name=op.f('pk_notification_preference')),
    )


def downgrade():
    op.drop_table('notification_preference')
    op.drop_index(op.f('ix_follow_position_id'), table_name='follow')
    op.drop_index(op.f('ix_follow_user_id'), table_name='follow')
    op.drop_table('follow')
    op.drop_index(op.f('ix_notification_position_id'), table_name='notification')
    op.drop_index('ix_notification_inbox', table_name='notification')
    op.drop_index('ix_notification_outbox', table_name='notification')
    op.drop_table('notification')
