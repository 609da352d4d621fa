"""an administration endorses another administration's amendment or reservation (endorsement)

Revision ID: a3f5c8e1d2b7
Revises: c3f19a6e8b21
Create Date: 2026-11-30 14:00:00

One row per comment and administration; withdrawing an endorsement marks the row, so the audit chain keeps it.
"""
import sqlalchemy as sa
from alembic import op

revision = 'a3f5c8e1d2b7'
down_revision = 'c3f19a6e8b21'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('endorsement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('comment_id', sa.Integer(), nullable=False),
    sa.Column('administration_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('withdrawn', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('changed_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['administration_id'], ['administration.id'], name=op.f('fk_endorsement_administration_id_administration')),
    sa.ForeignKeyConstraint(['comment_id'], ['comment.id'], name=op.f('fk_endorsement_comment_id_comment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_endorsement_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_endorsement')),
    sa.UniqueConstraint('comment_id', 'administration_id', name=op.f('uq_endorsement_comment_id')),
    )
    with op.batch_alter_table('endorsement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_endorsement_comment_id'), ['comment_id'], unique=False)


def downgrade():
    with op.batch_alter_table('endorsement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_endorsement_comment_id'))
    op.drop_table('endorsement')
