"""official documents, their paragraphs, links from clauses, plenary outcomes, government comments

Revision ID: c3f19a6e8b21
Revises: a4c2e8f1b7d3
Create Date: 2026-11-30 14:00:00

The Secretariat's documents (each revision a row, pointing at the one it revises), their paragraphs with
official numbers, the links of Belgian clauses to them (flagged when the official text changed), and what
happened to each paragraph in the plenary.
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = 'c3f19a6e8b21'
down_revision = 'a4c2e8f1b7d3'
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')


def upgrade():
    op.create_table(
        'official_document',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('symbol', sa.String(length=100), nullable=False),
        sa.Column('title', sa.String(length=300), nullable=False),
        sa.Column('meeting', sa.String(length=200), nullable=False),
        sa.Column('revision', sa.String(length=50), nullable=False),
        sa.Column('issued_on', sa.Date(), nullable=True),
        sa.Column('revision_of_id', sa.Integer(), nullable=True),
        sa.Column('filename', sa.String(length=200), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('warnings', JSON, nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_official_document_created_by_id_user_account')),
        sa.ForeignKeyConstraint(['revision_of_id'], ['official_document.id'], name=op.f('fk_official_document_revision_of_id_official_document')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_official_document')),
    )
    op.create_table(
        'official_paragraph',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('number', sa.String(length=40), nullable=False),
        sa.Column('heading', sa.String(length=500), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.CheckConstraint("kind IN ('paragraph', 'heading', 'unnumbered')", name=op.f('ck_official_paragraph_kind')),
        sa.ForeignKeyConstraint(['document_id'], ['official_document.id'], name=op.f('fk_official_paragraph_document_id_official_document'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_official_paragraph')),
        sa.UniqueConstraint('document_id', 'seq', name=op.f('uq_official_paragraph_document_id')),
    )
    op.create_index(op.f('ix_official_paragraph_document_id'), 'official_paragraph', ['document_id'], unique=False)
    op.create_table(
        'official_link',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('position_id', sa.Integer(), nullable=False),
        sa.Column('clause_id', sa.Integer(), nullable=False),
        sa.Column('paragraph_id', sa.Integer(), nullable=False),
        sa.Column('official_changed', sa.Boolean(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['clause_id'], ['clause.id'], name=op.f('fk_official_link_clause_id_clause'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_official_link_created_by_id_user_account')),
        sa.ForeignKeyConstraint(['paragraph_id'], ['official_paragraph.id'], name=op.f('fk_official_link_paragraph_id_official_paragraph'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['position_id'], ['position.id'], name=op.f('fk_official_link_position_id_position'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_official_link')),
        sa.UniqueConstraint('clause_id', 'paragraph_id', name=op.f('uq_official_link_clause_id')),
    )
    for column in ('clause_id', 'paragraph_id', 'position_id'):
        op.create_index(op.f(f'ix_official_link_{column}'), 'official_link', [column], unique=False)
    op.create_table(
        'plenary_outcome',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('position_id', sa.Integer(), nullable=False),
        sa.Column('paragraph_id', sa.Integer(), nullable=False),
        sa.Column('outcome', sa.String(length=20), nullable=False),
        sa.Column('chair_text', sa.Text(), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.CheckConstraint("outcome IN ('pending', 'agreed', 'bracketed', 'deleted')", name=op.f('ck_plenary_outcome_outcome')),
        sa.ForeignKeyConstraint(['paragraph_id'], ['official_paragraph.id'], name=op.f('fk_plenary_outcome_paragraph_id_official_paragraph'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['position_id'], ['position.id'], name=op.f('fk_plenary_outcome_position_id_position'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['updated_by_id'], ['user_account.id'], name=op.f('fk_plenary_outcome_updated_by_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_plenary_outcome')),
        sa.UniqueConstraint('position_id', 'paragraph_id', name=op.f('uq_plenary_outcome_position_id')),
    )
    op.create_index(op.f('ix_plenary_outcome_paragraph_id'), 'plenary_outcome', ['paragraph_id'], unique=False)
    op.create_index(op.f('ix_plenary_outcome_position_id'), 'plenary_outcome', ['position_id'], unique=False)
    op.create_table(
        'official_comment',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('paragraph_id', sa.Integer(), nullable=False),
        sa.Column('administration_id', sa.Integer(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=False),
        sa.Column('belgian', sa.Boolean(), nullable=False),
        sa.Column('source_id', sa.Integer(), nullable=True),
        sa.Column('page', sa.Integer(), nullable=True),
        sa.Column('line', sa.String(length=20), nullable=False),
        sa.Column('comment', sa.Text(), nullable=False),
        sa.Column('proposed_text', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['administration_id'], ['administration.id'], name=op.f('fk_official_comment_administration_id_administration')),
        sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_official_comment_author_id_user_account')),
        sa.ForeignKeyConstraint(['document_id'], ['official_document.id'], name=op.f('fk_official_comment_document_id_official_document'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['paragraph_id'], ['official_paragraph.id'], name=op.f('fk_official_comment_paragraph_id_official_paragraph'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['source_id'], ['official_comment.id'], name=op.f('fk_official_comment_source_id_official_comment'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_official_comment')),
    )
    op.create_index(op.f('ix_official_comment_document_id'), 'official_comment', ['document_id'], unique=False)
    op.create_index(op.f('ix_official_comment_paragraph_id'), 'official_comment', ['paragraph_id'], unique=False)


def downgrade():
    op.drop_table('official_comment')
    op.drop_table('plenary_outcome')
    op.drop_table('official_link')
    op.drop_table('official_paragraph')
    op.drop_table('official_document')
