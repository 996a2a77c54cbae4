"""content kinds: guide rows carry a kind (guide, glossary) and kind-specific facts

Revision ID: b7e1c2d3a4f5
Revises: 9d94a08cd0b4
Create Date: 2026-11-30 21:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'b7e1c2d3a4f5'
down_revision = '9d94a08cd0b4'
branch_labels = None
depends_on = None

# The first migration left the slug's unique constraint unnamed: SQLite's
# batch copy finds it through this convention, PostgreSQL named it itself.
NAMING = {"uq": "uq_%(table_name)s_%(column_0_name)s"}


def _old_unique_name():
    return "guide_slug_key" if op.get_bind().dialect.name == "postgresql" else "uq_guide_slug"


def upgrade():
    with op.batch_alter_table('guide', naming_convention=NAMING) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=20), server_default='guide', nullable=False))
        batch_op.add_column(sa.Column('facts', sa.JSON(), nullable=True))
        batch_op.alter_column('topic_id', existing_type=sa.Integer(), nullable=True)
        batch_op.drop_constraint(_old_unique_name(), type_='unique')
        batch_op.create_unique_constraint('uq_guide_kind_slug', ['kind', 'slug'])


def downgrade():
    op.execute("DELETE FROM guide WHERE kind != 'guide'")
    with op.batch_alter_table('guide', naming_convention=NAMING) as batch_op:
        batch_op.drop_constraint('uq_guide_kind_slug', type_='unique')
        batch_op.create_unique_constraint(_old_unique_name(), ['slug'])
        batch_op.alter_column('topic_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('facts')
        batch_op.drop_column('kind')
