"""comments made on the EU text (comment.audience: 'belgian' or 'eu'); every existing comment is Belgian

Revision ID: e5a9d3c7b104
Revises: a17e0c3b5d21
Create Date: 2026-11-30 17:20:00

Delegates of the other member states comment on the EU text; they read only the comments whose audience is 'eu'.
"""
import sqlalchemy as sa
from alembic import op

revision = 'e5a9d3c7b104'
down_revision = 'a17e0c3b5d21'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('audience', sa.String(length=10), server_default='belgian', nullable=False))
        batch_op.create_check_constraint('audience', "audience IN ('belgian', 'eu')")


def downgrade():
    count = op.get_bind().exec_driver_sql("SELECT count(*) FROM comment WHERE audience = 'eu'").scalar()
    if count:
        raise RuntimeError(f"{count} comments were made on the EU text: remove them before downgrading.")
    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_comment_audience'), type_='check')
        batch_op.drop_column('audience')
