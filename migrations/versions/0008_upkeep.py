"""Upkeep: source checks, and the dataset commit that introduced each version and change event

`source_check` holds the latest fetch of each source's address (maintainer data:
`flask sources check` writes it, `flask queue` reads it, no public answer shows it).
`introduced_in` on rule_version and change_event names the dataset commit.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 23:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('source_check',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('http_code', sa.Integer(), nullable=True),
    sa.Column('final_url', sa.String(length=2000), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=True),
    sa.Column('error', sa.String(length=500), nullable=True),
    sa.Column('checked_at', sa.DateTime(), nullable=False),
    sa.Column('changed_on', sa.Date(), nullable=True),
    sa.CheckConstraint("status IN ('ok','moved','dead','unknown')", name=op.f('ck_source_check_status')),
    sa.ForeignKeyConstraint(['source_id'], ['source.id'], name=op.f('fk_source_check_source_id_source'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_source_check')),
    sa.UniqueConstraint('source_id', name=op.f('uq_source_check_source_id'))
    )
    # Plain ADD COLUMN on both engines: a batch (copy-and-move) on SQLite would drop
    # rule_version's expression index uq_rule_version_current, which reflection cannot read.
    op.add_column('rule_version', sa.Column('introduced_in', sa.String(length=40), nullable=True))
    op.add_column('change_event', sa.Column('introduced_in', sa.String(length=40), nullable=True))


def downgrade():
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35+), for the same reason as above.
    op.execute('ALTER TABLE change_event DROP COLUMN introduced_in')
    op.execute('ALTER TABLE rule_version DROP COLUMN introduced_in')
    op.drop_table('source_check')
