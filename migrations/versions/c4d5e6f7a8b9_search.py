"""search: documents, synonyms, zero-result counts, and each engine's index

Revision ID: c4d5e6f7a8b9
Revises: b7e1c2d3a4f5
Create Date: 2026-12-01 00:30:00

After upgrading an existing database, run ``flask --app wsgi search reindex``
(or publish: an empty index is filled by the next publish).
"""
import sqlalchemy as sa
from alembic import op

from portal.search import engines

revision = 'c4d5e6f7a8b9'
down_revision = 'b7e1c2d3a4f5'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'search_doc',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('slug', sa.String(length=80), nullable=False),
        sa.Column('lang', sa.String(length=12), nullable=False),
        sa.Column('url', sa.String(length=200), nullable=False),
        sa.Column('title', sa.String(length=300), nullable=False),
        sa.Column('summary', sa.Text(), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('weight', sa.Double(), nullable=False),
        sa.Column('title_n', sa.Text(), nullable=False),
        sa.Column('terms_n', sa.Text(), nullable=False),
        sa.Column('summary_n', sa.Text(), nullable=False),
        sa.Column('body_n', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('kind', 'slug', 'lang', name='uq_search_doc_item'),
    )
    op.create_index('ix_search_doc_lang', 'search_doc', ['lang'], unique=False)
    op.create_table(
        'search_synonyms',
        sa.Column('lang', sa.String(length=12), nullable=False),
        sa.Column('content_hash', sa.String(length=64), nullable=False),
        sa.Column('groups', sa.JSON(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('lang'),
    )
    op.create_table(
        'search_gap',
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('lang', sa.String(length=12), nullable=False),
        sa.Column('query', sa.String(length=100), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('day', 'lang', 'query'),
    )
    engines.create(op.get_bind())


def downgrade():
    engines.drop(op.get_bind())
    op.drop_table('search_gap')
    op.drop_table('search_synonyms')
    op.drop_index('ix_search_doc_lang', table_name='search_doc')
    op.drop_table('search_doc')
