"""One current version per place, substance and start: a partial unique index on both engines

Two seed loads at once could each commit a current version of the same key; loads
are now serialised, and this index makes the duplicate impossible.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 12:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        'uq_rule_version_current',
        'rule_version',
        ['jurisdiction_id', 'substance_id', sa.text("coalesce(starts_on, '0001-01-01')")],
        unique=True,
        sqlite_where=sa.text('superseded_at IS NULL'),
        postgresql_where=sa.text('superseded_at IS NULL'),
    )


def downgrade():
    op.drop_index('uq_rule_version_current', table_name='rule_version')
