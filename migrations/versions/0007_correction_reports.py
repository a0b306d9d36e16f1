"""Correction reports: what the public says is wrong, its evidence, an optional contact, and its triage status

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 23:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

STATUSES = ('new', 'triaged', 'accepted', 'rejected', 'duplicate')


def upgrade():
    op.create_table('correction_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=16), nullable=False),
    sa.Column('jurisdiction_code', sa.String(length=64), nullable=False),
    sa.Column('substance', sa.String(length=16), nullable=True),
    sa.Column('version_uid', sa.String(length=16), nullable=True),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('evidence_url', sa.Text(), nullable=True),
    sa.Column('contact', sa.String(length=200), nullable=True),
    sa.Column('contact_purged_at', sa.DateTime(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.Column('triaged_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint(f"status IN ({','.join(repr(s) for s in STATUSES)})", name=op.f('ck_correction_report_status')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_correction_report')),
    sa.UniqueConstraint('reference', name=op.f('uq_correction_report_reference'))
    )
    with op.batch_alter_table('correction_report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_correction_report_received_at'), ['received_at'], unique=False)
        batch_op.create_index('ix_correction_report_status_received', ['status', 'received_at'], unique=False)


def downgrade():
    with op.batch_alter_table('correction_report', schema=None) as batch_op:
        batch_op.drop_index('ix_correction_report_status_received')
        batch_op.drop_index(batch_op.f('ix_correction_report_received_at'))

    op.drop_table('correction_report')
