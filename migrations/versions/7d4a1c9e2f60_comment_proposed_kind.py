"""an amendment can propose a new clause after its clause (comment.proposed_kind)

Revision ID: 7d4a1c9e2f60
Revises: 5b2e9c4d7a13
Create Date: 2026-12-10 10:00:00

A tracked new paragraph in a reviewed Word file becomes a proposal to add a clause; accepting it adds the clause.
"""
import sqlalchemy as sa
from alembic import op

revision = '7d4a1c9e2f60'
down_revision = '5b2e9c4d7a13'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('proposed_kind', sa.String(length=20), nullable=True))


def downgrade():
    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.drop_column('proposed_kind')
