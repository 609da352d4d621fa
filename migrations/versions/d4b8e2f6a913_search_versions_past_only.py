"""the search index keeps a version's text only once it is no longer its clause's current text; the versions
holding a text are found by an index (version_clause.revision_id)

Revision ID: d4b8e2f6a913
Revises: e5a9d3c7b104
Create Date: 2026-12-01 00:20:00

Until now the index held every text taken into a version and each search left out those still current (a
subquery per search). Now those rows are not written; this removes the ones written before. On SQLite the
full-text rows go with them (search_fts is keyed by the index row's id).
"""
from alembic import op

revision = 'd4b8e2f6a913'
down_revision = 'e5a9d3c7b104'
branch_labels = None
depends_on = None

CURRENT = ("search_entry.source = 'version' AND search_entry.ref_id IN "
           "(SELECT head_revision_id FROM clause WHERE head_revision_id IS NOT NULL)")


def upgrade():
    op.create_index(op.f('ix_version_clause_revision_id'), 'version_clause', ['revision_id'], unique=False)
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        fts = bind.exec_driver_sql("SELECT name FROM sqlite_master WHERE name = 'search_fts'").scalar()
        if fts:
            bind.exec_driver_sql(f"DELETE FROM search_fts WHERE rowid IN (SELECT id FROM search_entry WHERE {CURRENT})")
    bind.exec_driver_sql(f"DELETE FROM search_entry WHERE {CURRENT}")


def downgrade():
    op.drop_index(op.f('ix_version_clause_revision_id'), table_name='version_clause')
    # the older code leaves current texts out at search time: `plenipo search reindex` restores the rows it wants
