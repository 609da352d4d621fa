"""the agreed-language library: entries with their provenance, and where each was reused

Revision ID: a4c2e8f1b7d3
Revises: a6c2e8f41b07
Create Date: 2026-11-30 13:45:00

library_entry holds wording with its source (meeting, symbol, paragraph, date), status, tags and, when it
was taken from a clause, the position, clause, version and content hash; library_use records each clause
its wording went into.
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = 'a4c2e8f1b7d3'
down_revision = 'a6c2e8f41b07'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('library_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('meeting', sa.String(length=200), nullable=False),
    sa.Column('symbol', sa.String(length=100), nullable=False),
    sa.Column('paragraph', sa.String(length=50), nullable=False),
    sa.Column('source_date', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('tags', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('origin_position_id', sa.Integer(), nullable=True),
    sa.Column('origin_clause_uid', sa.String(length=16), nullable=True),
    sa.Column('origin_version', sa.Integer(), nullable=True),
    sa.Column('origin_content_hash', sa.String(length=64), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("status IN ('proposed', 'agreed_belgium', 'agreed_eu', 'adopted_plenary')", name=op.f('ck_library_entry_status')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_library_entry_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['origin_position_id'], ['position.id'], name=op.f('fk_library_entry_origin_position_id_position'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_library_entry')),
    sa.UniqueConstraint('origin_position_id', 'origin_clause_uid', 'origin_version', name='uq_library_entry_origin')
    )
    with op.batch_alter_table('library_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_library_entry_origin_position_id'), ['origin_position_id'], unique=False)

    op.create_table('library_use',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('position_id', sa.Integer(), nullable=False),
    sa.Column('clause_id', sa.Integer(), nullable=False),
    sa.Column('revision_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['clause_id'], ['clause.id'], name=op.f('fk_library_use_clause_id_clause'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['entry_id'], ['library_entry.id'], name=op.f('fk_library_use_entry_id_library_entry'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['position_id'], ['position.id'], name=op.f('fk_library_use_position_id_position'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['revision_id'], ['clause_revision.id'], name=op.f('fk_library_use_revision_id_clause_revision')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_library_use_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_library_use'))
    )
    with op.batch_alter_table('library_use', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_library_use_clause_id'), ['clause_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_library_use_entry_id'), ['entry_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_library_use_position_id'), ['position_id'], unique=False)


def downgrade():
    with op.batch_alter_table('library_use', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_library_use_position_id'))
        batch_op.drop_index(batch_op.f('ix_library_use_entry_id'))
        batch_op.drop_index(batch_op.f('ix_library_use_clause_id'))
    op.drop_table('library_use')
    with op.batch_alter_table('library_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_library_entry_origin_position_id'))
    op.drop_table('library_entry')
