"""Answer model: data-dated versions with stable ids, export/transit, known_since, preemption,
advisories, pending measures, legal change events and the dataset version.

Rule versions and change events are derived from the seed files, and the old
rows carried load-time dates that no other deployment could reproduce, so
they are dropped here and rebuilt by the next `flask seed load` (which
`make serve` and every deploy run after `flask db upgrade`).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 12:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

STATUS_CHECK = "status IN ('legal','regulated','restricted','banned','disputed','unknown')"


def _rule_version():
    op.create_table('rule_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=16), nullable=False),
    sa.Column('jurisdiction_id', sa.Integer(), nullable=False),
    sa.Column('substance_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=True),
    sa.Column('known_since', sa.Date(), nullable=True),
    sa.Column('starts_on', sa.Date(), nullable=True),
    sa.Column('effective_to', sa.Date(), nullable=True),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('possess', sa.String(length=16), nullable=True),
    sa.Column('buy', sa.String(length=16), nullable=True),
    sa.Column('sell', sa.String(length=16), nullable=True),
    sa.Column('import', sa.String(length=16), nullable=True),
    sa.Column('export', sa.String(length=16), nullable=True),
    sa.Column('transit', sa.String(length=16), nullable=True),
    sa.Column('cultivate', sa.String(length=16), nullable=True),
    sa.Column('min_age', sa.Integer(), nullable=True),
    sa.Column('thresholds', sa.JSON(), nullable=False),
    sa.Column('citation', sa.Text(), nullable=True),
    sa.Column('enforcement', sa.Text(), nullable=True),
    sa.Column('preemption', sa.Text(), nullable=True),
    sa.Column('preempts', sa.JSON(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('confidence', sa.String(length=8), nullable=False),
    sa.Column('last_verified_on', sa.Date(), nullable=True),
    sa.Column('verified_by', sa.String(length=200), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('superseded_at', sa.DateTime(), nullable=True),
    sa.Column('correction_reason', sa.Text(), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.CheckConstraint("confidence IN ('high','medium','low')", name=op.f('ck_rule_version_confidence')),
    sa.CheckConstraint(STATUS_CHECK, name=op.f('ck_rule_version_status')),
    sa.ForeignKeyConstraint(['jurisdiction_id'], ['jurisdiction.id'], name=op.f('fk_rule_version_jurisdiction_id_jurisdiction')),
    sa.ForeignKeyConstraint(['substance_id'], ['substance.id'], name=op.f('fk_rule_version_substance_id_substance')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rule_version')),
    sa.UniqueConstraint('uid', name=op.f('uq_rule_version_uid'))
    )
    with op.batch_alter_table('rule_version', schema=None) as batch_op:
        batch_op.create_index('ix_rule_version_lookup', ['jurisdiction_id', 'substance_id', 'starts_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_rule_version_recorded_at'), ['recorded_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_rule_version_superseded_at'), ['superseded_at'], unique=False)

    op.create_table('rule_source',
    sa.Column('rule_version_id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['rule_version_id'], ['rule_version.id'], name=op.f('fk_rule_source_rule_version_id_rule_version'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['source_id'], ['source.id'], name=op.f('fk_rule_source_source_id_source')),
    sa.PrimaryKeyConstraint('rule_version_id', 'source_id', name=op.f('pk_rule_source'))
    )
    with op.batch_alter_table('rule_source', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rule_source_source_id'), ['source_id'], unique=False)


def _linked(table, key_column, parent):
    op.create_table(table,
    sa.Column(key_column, sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint([key_column], [f'{parent}.id'], name=op.f(f'fk_{table}_{key_column}_{parent}'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['source_id'], ['source.id'], name=op.f(f'fk_{table}_source_id_source')),
    sa.PrimaryKeyConstraint(key_column, 'source_id', name=op.f(f'pk_{table}'))
    )
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.create_index(batch_op.f(f'ix_{table}_source_id'), ['source_id'], unique=False)


def upgrade():
    op.drop_table('change_event')
    op.drop_table('rule_source')
    op.drop_table('rule_version')
    _rule_version()

    op.create_table('advisory',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('jurisdiction_id', sa.Integer(), nullable=False),
    sa.Column('substances', sa.JSON(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('issuer', sa.String(length=300), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('affects', sa.JSON(), nullable=False),
    sa.Column('recorded_on', sa.Date(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['jurisdiction_id'], ['jurisdiction.id'], name=op.f('fk_advisory_jurisdiction_id_jurisdiction')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_advisory')),
    sa.UniqueConstraint('key', name=op.f('uq_advisory_key'))
    )
    with op.batch_alter_table('advisory', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_advisory_jurisdiction_id'), ['jurisdiction_id'], unique=False)
    _linked('advisory_source', 'advisory_id', 'advisory')

    op.create_table('pending_measure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('jurisdiction_id', sa.Integer(), nullable=False),
    sa.Column('substances', sa.JSON(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('identifier', sa.String(length=100), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('stages', sa.JSON(), nullable=False),
    sa.Column('would', sa.Text(), nullable=False),
    sa.Column('would_status', sa.String(length=16), nullable=True),
    sa.Column('recorded_on', sa.Date(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['jurisdiction_id'], ['jurisdiction.id'], name=op.f('fk_pending_measure_jurisdiction_id_jurisdiction')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pending_measure')),
    sa.UniqueConstraint('key', name=op.f('uq_pending_measure_key'))
    )
    with op.batch_alter_table('pending_measure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pending_measure_jurisdiction_id'), ['jurisdiction_id'], unique=False)
    _linked('measure_source', 'measure_id', 'pending_measure')

    op.create_table('change_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.String(length=16), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('jurisdiction_id', sa.Integer(), nullable=False),
    sa.Column('substance', sa.String(length=32), nullable=False),
    sa.Column('happened_on', sa.Date(), nullable=False),
    sa.Column('recorded_on', sa.Date(), nullable=False),
    sa.Column('old_status', sa.String(length=16), nullable=True),
    sa.Column('new_status', sa.String(length=16), nullable=True),
    sa.Column('version_uid', sa.String(length=16), nullable=True),
    sa.Column('previous_uid', sa.String(length=16), nullable=True),
    sa.Column('advisory_key', sa.String(length=80), nullable=True),
    sa.Column('measure_key', sa.String(length=80), nullable=True),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['jurisdiction_id'], ['jurisdiction.id'], name=op.f('fk_change_event_jurisdiction_id_jurisdiction')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_change_event')),
    sa.UniqueConstraint('uid', name=op.f('uq_change_event_uid'))
    )
    with op.batch_alter_table('change_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_change_event_jurisdiction_id'), ['jurisdiction_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_change_event_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_change_event_happened_on'), ['happened_on'], unique=False)

    op.create_table('dataset_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.String(length=16), nullable=False),
    sa.Column('dated', sa.Date(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dataset_version'))
    )


def downgrade():
    # Derived tables go; 0001's shapes come back empty, for the seed load of the older code to refill.
    for table in ('dataset_version', 'change_event', 'measure_source', 'pending_measure', 'advisory_source',
                  'advisory', 'rule_source', 'rule_version'):
        op.drop_table(table)
    op.create_table('rule_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('jurisdiction_id', sa.Integer(), nullable=False),
    sa.Column('substance_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=True),
    sa.Column('effective_to', sa.Date(), nullable=True),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('possess', sa.String(length=16), nullable=True),
    sa.Column('buy', sa.String(length=16), nullable=True),
    sa.Column('sell', sa.String(length=16), nullable=True),
    sa.Column('import', sa.String(length=16), nullable=True),
    sa.Column('cultivate', sa.String(length=16), nullable=True),
    sa.Column('min_age', sa.Integer(), nullable=True),
    sa.Column('thresholds', sa.JSON(), nullable=False),
    sa.Column('citation', sa.Text(), nullable=True),
    sa.Column('enforcement', sa.Text(), nullable=True),
    sa.Column('preemption', sa.Text(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('confidence', sa.String(length=8), nullable=False),
    sa.Column('last_verified_on', sa.Date(), nullable=True),
    sa.Column('verified_by', sa.String(length=200), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('superseded_at', sa.DateTime(), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.CheckConstraint("confidence IN ('high','medium','low')", name=op.f('ck_rule_version_confidence')),
    sa.CheckConstraint("status IN ('legal','regulated','restricted','banned','disputed','unknown')", name=op.f('ck_rule_version_status')),
    sa.ForeignKeyConstraint(['jurisdiction_id'], ['jurisdiction.id'], name=op.f('fk_rule_version_jurisdiction_id_jurisdiction')),
    sa.ForeignKeyConstraint(['substance_id'], ['substance.id'], name=op.f('fk_rule_version_substance_id_substance')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rule_version'))
    )
    with op.batch_alter_table('rule_version', schema=None) as batch_op:
        batch_op.create_index('ix_rule_version_lookup', ['jurisdiction_id', 'substance_id', 'effective_from'], unique=False)
        batch_op.create_index(batch_op.f('ix_rule_version_recorded_at'), ['recorded_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_rule_version_superseded_at'), ['superseded_at'], unique=False)

    op.create_table('change_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('occurred_at', sa.DateTime(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('jurisdiction_id', sa.Integer(), nullable=False),
    sa.Column('substance_id', sa.Integer(), nullable=False),
    sa.Column('rule_version_id', sa.Integer(), nullable=True),
    sa.Column('previous_version_id', sa.Integer(), nullable=True),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['jurisdiction_id'], ['jurisdiction.id'], name=op.f('fk_change_event_jurisdiction_id_jurisdiction')),
    sa.ForeignKeyConstraint(['previous_version_id'], ['rule_version.id'], name=op.f('fk_change_event_previous_version_id_rule_version')),
    sa.ForeignKeyConstraint(['rule_version_id'], ['rule_version.id'], name=op.f('fk_change_event_rule_version_id_rule_version')),
    sa.ForeignKeyConstraint(['substance_id'], ['substance.id'], name=op.f('fk_change_event_substance_id_substance')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_change_event'))
    )
    with op.batch_alter_table('change_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_change_event_jurisdiction_id'), ['jurisdiction_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_change_event_occurred_at'), ['occurred_at'], unique=False)

    op.create_table('rule_source',
    sa.Column('rule_version_id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['rule_version_id'], ['rule_version.id'], name=op.f('fk_rule_source_rule_version_id_rule_version'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['source_id'], ['source.id'], name=op.f('fk_rule_source_source_id_source')),
    sa.PrimaryKeyConstraint('rule_version_id', 'source_id', name=op.f('pk_rule_source'))
    )
    with op.batch_alter_table('rule_source', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rule_source_source_id'), ['source_id'], unique=False)

