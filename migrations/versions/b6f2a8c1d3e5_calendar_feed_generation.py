"""The personal calendar URL: a counter that renewing it increases (older URLs stop working).

Revision ID: b6f2a8c1d3e5
Revises: a8c3e5f1d702
"""

import sqlalchemy as sa
from alembic import op

revision = "b6f2a8c1d3e5"
down_revision = "a8c3e5f1d702"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user_account") as batch:
        batch.add_column(sa.Column("calendar_generation", sa.Integer(), nullable=False, server_default="0"))


def downgrade():
    with op.batch_alter_table("user_account") as batch:
        batch.drop_column("calendar_generation")
