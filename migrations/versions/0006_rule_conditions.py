"""Rule conditions: each rule version names the conditions under which its activities are allowed

A row's `conditions` (seed/README.md): kind, the activities it applies to, plain text,
an optional amount and unit, and the sources that state it. Existing rows get an empty list;
min_age and thresholds are not copied here: they are read as conditions where they are.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 23:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


# Plain ALTER TABLE, not batch mode: rebuilding rule_version on SQLite would lose the expression index
# uq_rule_version_current (0003), which cannot be reflected. SQLite adds a NOT NULL column with a
# constant default in place, and drops one since 3.35.
def upgrade():
    op.add_column('rule_version', sa.Column('conditions', sa.JSON(), nullable=False, server_default=sa.text("'[]'")))


def downgrade():
    op.drop_column('rule_version', 'conditions')
