"""Dates of a rule: effective_from's precision, a lower-bound start, and the precision of in-force events

A legal date and a research date are different facts: a rule version is now dated by exactly one of
effective_from (with date_precision day, month or year), in_force_since_at_least (the act's date or the
oldest dated source showing it in force) or known_since (a research date). Change events carry the
precision of their legal date. Run `flask seed load` after upgrading: the events are derived again.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 23:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def _drop_current_index():
    # SQLite's batch mode rebuilds the table and cannot carry this expression index across: drop and remake it.
    op.drop_index('uq_rule_version_current', table_name='rule_version')


def _create_current_index():
    op.create_index(
        'uq_rule_version_current',
        'rule_version',
        ['jurisdiction_id', 'substance_id', sa.text("coalesce(starts_on, '0001-01-01')")],
        unique=True,
        sqlite_where=sa.text('superseded_at IS NULL'),
        postgresql_where=sa.text('superseded_at IS NULL'),
    )


def upgrade():
    _drop_current_index()
    with op.batch_alter_table('rule_version', schema=None) as batch_op:
        batch_op.add_column(sa.Column('date_precision', sa.String(length=8), server_default='day', nullable=False))
        batch_op.add_column(sa.Column('in_force_since_at_least', sa.Date(), nullable=True))
        batch_op.create_check_constraint(op.f('ck_rule_version_date_precision'), "date_precision IN ('day','month','year')")
    _create_current_index()

    with op.batch_alter_table('change_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('date_precision', sa.String(length=8), nullable=True))


def downgrade():
    with op.batch_alter_table('change_event', schema=None) as batch_op:
        batch_op.drop_column('date_precision')

    _drop_current_index()
    with op.batch_alter_table('rule_version', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_rule_version_date_precision'), type_='check')
        batch_op.drop_column('in_force_since_at_least')
        batch_op.drop_column('date_precision')
    _create_current_index()
