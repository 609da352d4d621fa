"""EU member states and institutions (administration kinds), delegates (a role), participants and invitations
(and the notification kind of the invitation mail)

Revision ID: a17e0c3b5d21
Revises: a3f5c8e1d2b7
Create Date: 2026-11-30 13:50:00
"""
import sqlalchemy as sa
from alembic import op

revision = 'a17e0c3b5d21'
down_revision = 'a3f5c8e1d2b7'
branch_labels = None
depends_on = None

BELGIAN = ("federal", "regional", "community", "scientific")
EU = ("member_state", "eu_institution")
ROLES = ("viewer", "official", "pen_holder", "delegation_lead", "admin")
NOTIFICATIONS = ("consultation_opened", "consultation_reminder", "silence_applied", "consultation_concluded",
                 "amendment_decided", "reply", "mention", "approval_requested", "approval_decided", "followed_change")


def _in(values):
    return "({})".format(", ".join(f"'{v}'" for v in values))


def _replace(table, column, values):
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.drop_constraint(op.f(f'ck_{table}_{column}'), type_='check')
        batch_op.create_check_constraint(column, f"{column} IN {_in(values)}")


def upgrade():
    _replace('administration', 'kind', BELGIAN + EU)
    _replace('user_account', 'role', ROLES + ("delegate",))
    _replace('notification', 'kind', NOTIFICATIONS + ("invitation",))  # the mail with a new delegate's link
    op.create_table('participant',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('position_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('administration_id', sa.Integer(), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=False),
    sa.Column('invited_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['administration_id'], ['administration.id'], name=op.f('fk_participant_administration_id_administration')),
    sa.ForeignKeyConstraint(['invited_by_id'], ['user_account.id'], name=op.f('fk_participant_invited_by_id_user_account')),
    sa.ForeignKeyConstraint(['position_id'], ['position.id'], name=op.f('fk_participant_position_id_position'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_participant_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_participant')),
    sa.UniqueConstraint('position_id', 'user_id', name=op.f('uq_participant_position_id'))
    )
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_participant_position_id'), ['position_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_participant_user_id'), ['user_id'], unique=False)
    op.create_table('invitation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_invitation_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitation')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_invitation_token_hash'))
    )
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invitation_user_id'), ['user_id'], unique=False)


def downgrade():
    count = op.get_bind().exec_driver_sql(
        "SELECT count(*) FROM administration WHERE kind IN ('member_state', 'eu_institution')").scalar()
    if count:
        raise RuntimeError(f"{count} member states or EU institutions exist: remove them before downgrading.")
    op.execute("DELETE FROM notification WHERE kind = 'invitation'")
    _replace('notification', 'kind', NOTIFICATIONS)
    op.drop_table('invitation')
    op.drop_table('participant')
    _replace('user_account', 'role', ROLES)
    _replace('administration', 'kind', BELGIAN)
