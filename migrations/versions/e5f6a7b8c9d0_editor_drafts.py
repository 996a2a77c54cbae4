"""editors' drafts

Revision ID: e5f6a7b8c9d0
Revises: 8dc5bbe0da6e
Create Date: 2026-12-01 01:40:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'e5f6a7b8c9d0'
down_revision = '8dc5bbe0da6e'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'editor_draft',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('slug', sa.String(length=80), nullable=False),
        sa.Column('lang', sa.String(length=12), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('base_hash', sa.String(length=64), nullable=True),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('minor', sa.Boolean(), nullable=False),
        sa.Column('comment', sa.String(length=500), nullable=True),
        sa.Column('review_comment', sa.String(length=1000), nullable=True),
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('author', sa.String(length=80), nullable=True),
        sa.Column('reviewer', sa.String(length=80), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.Column('published_hash', sa.String(length=64), nullable=True),
        sa.Column('published_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['author_id'], ['editor_user.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_editor_draft_entry', 'editor_draft', ['kind', 'slug', 'lang', 'status'], unique=False)


def downgrade():
    op.drop_index('ix_editor_draft_entry', table_name='editor_draft')
    op.drop_table('editor_draft')
