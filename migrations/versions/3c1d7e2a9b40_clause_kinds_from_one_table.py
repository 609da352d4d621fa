"""clause kinds come from one table (positions/kinds.py): the database no longer lists them

Revision ID: 3c1d7e2a9b40
Revises: f8ea3b380f2e
Create Date: 2026-11-30 11:10:00

A new clause kind is a row in positions/kinds.py plus its translations; the drafting service checks
the kind, so the check constraint that repeated the list is dropped.
"""
from alembic import op

revision = '3c1d7e2a9b40'
down_revision = 'f8ea3b380f2e'
branch_labels = None
depends_on = None

KINDS = ("heading", "text", "line_to_take", "fallback", "red_line", "background", "internal_note")


def upgrade():
    with op.batch_alter_table('clause_revision', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_clause_revision_kind'), type_='check')


def downgrade():
    quoted = ", ".join(f"'{k}'" for k in KINDS)
    with op.batch_alter_table('clause_revision', schema=None) as batch_op:
        batch_op.create_check_constraint('kind', f"kind IN ({quoted})")
