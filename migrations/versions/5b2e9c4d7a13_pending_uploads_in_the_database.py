"""uploads awaiting confirmation are kept in the database (pending_upload), not on one host's disk

Revision ID: 5b2e9c4d7a13
Revises: 3c1d7e2a9b40
Create Date: 2026-12-01 09:30:00

Several app hosts share one database: a Word file previewed on one host must be confirmable on another.
Files that were waiting under WORD_UPLOAD_FOLDER when upgrading are not carried over (they last an hour).
"""
import sqlalchemy as sa
from alembic import op

revision = '5b2e9c4d7a13'
down_revision = '3c1d7e2a9b40'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('pending_upload',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.String(length=60), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_pending_upload_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pending_upload')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_pending_upload_token_hash'))
    )
    with op.batch_alter_table('pending_upload', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pending_upload_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('pending_upload', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pending_upload_user_id'))

    op.drop_table('pending_upload')
