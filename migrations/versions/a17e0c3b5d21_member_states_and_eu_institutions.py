"""administrations may be EU member states and institutions (kinds member_state, eu_institution)

Revision ID: a17e0c3b5d21
Revises: 7d4a1c9e2f60
Create Date: 2026-11-30 13:50:00
"""
from alembic import op

revision = 'a17e0c3b5d21'
down_revision = '7d4a1c9e2f60'
branch_labels = None
depends_on = None

BELGIAN = ("federal", "regional", "community", "scientific")
EU = ("member_state", "eu_institution")


def _replace(kinds):
    quoted = ", ".join(f"'{k}'" for k in kinds)
    with op.batch_alter_table('administration', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_administration_kind'), type_='check')
        batch_op.create_check_constraint('kind', f"kind IN ({quoted})")


def upgrade():
    _replace(BELGIAN + EU)


def downgrade():
    count = op.get_bind().exec_driver_sql(
        "SELECT count(*) FROM administration WHERE kind IN ('member_state', 'eu_institution')").scalar()
    if count:
        raise RuntimeError(f"{count} member states or EU institutions exist: remove them before downgrading.")
    _replace(BELGIAN)
