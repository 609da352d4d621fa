"""the search index (search_entry; PostgreSQL tsvector + GIN, SQLite FTS5) and a position's language

Revision ID: a8c3e5f1d702
Revises: 7d4a1c9e2f60
Create Date: 2026-11-30 14:00:00

Derived data: after upgrading, `plenipo search reindex` fills the index from the existing positions.
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = 'a8c3e5f1d702'
down_revision = '7d4a1c9e2f60'
branch_labels = None
depends_on = None

FTS = ("CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(en, fr, nl, simple, "
       "tokenize = 'unicode61 remove_diacritics 2')")


def upgrade():
    with op.batch_alter_table('position', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=10), nullable=True))
    with op.batch_alter_table('clause', schema=None) as batch_op:
        batch_op.create_index('ix_clause_head_revision_id', ['head_revision_id'], unique=False)
    op.create_table(
        'search_entry',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('source', sa.String(length=20), nullable=False),
        sa.Column('ref_id', sa.Integer(), nullable=False),
        sa.Column('position_id', sa.Integer(), nullable=True),
        sa.Column('clause_uid', sa.String(length=16), nullable=True),
        sa.Column('version_number', sa.Integer(), nullable=True),
        sa.Column('clause_kind', sa.String(length=20), nullable=True),
        sa.Column('administration_id', sa.Integer(), nullable=True),
        sa.Column('language', sa.String(length=10), nullable=False),
        sa.Column('title', sa.Text(), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.Column('document', sa.Text().with_variant(postgresql.TSVECTOR(), 'postgresql'), nullable=True),
        sa.ForeignKeyConstraint(['administration_id'], ['administration.id'],
                                name=op.f('fk_search_entry_administration_id_administration'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['position_id'], ['position.id'],
                                name=op.f('fk_search_entry_position_id_position'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_search_entry')),
        sa.UniqueConstraint('source', 'ref_id', name=op.f('uq_search_entry_source')),
    )
    op.create_index('ix_search_entry_position_id', 'search_entry', ['position_id'], unique=False)
    op.create_index('ix_search_entry_document', 'search_entry', ['document'], unique=False, postgresql_using='gin')
    if op.get_bind().dialect.name == 'sqlite':
        op.execute(FTS)


def downgrade():
    if op.get_bind().dialect.name == 'sqlite':
        op.execute("DROP TABLE IF EXISTS search_fts")
    op.drop_index('ix_search_entry_document', table_name='search_entry', postgresql_using='gin')
    op.drop_index('ix_search_entry_position_id', table_name='search_entry')
    op.drop_table('search_entry')
    with op.batch_alter_table('clause', schema=None) as batch_op:
        batch_op.drop_index('ix_clause_head_revision_id')
    with op.batch_alter_table('position', schema=None) as batch_op:
        batch_op.drop_column('language')
