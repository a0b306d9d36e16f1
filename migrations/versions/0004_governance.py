"""Governance: a territory that answers through another state's law, with its sources

A territory such as Guadeloupe has no kratom law of its own: France's applies. The
finding is data (summary, confidence, sources, recorded_on) and the state becomes a
level of the territory's answer.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04 19:36:07

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('governance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('territory_id', sa.Integer(), nullable=False),
    sa.Column('state_id', sa.Integer(), nullable=False),
    sa.Column('own_drug_law', sa.String(length=16), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('confidence', sa.String(length=16), nullable=False),
    sa.Column('recorded_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['state_id'], ['jurisdiction.id'], name=op.f('fk_governance_state_id_jurisdiction')),
    sa.ForeignKeyConstraint(['territory_id'], ['jurisdiction.id'], name=op.f('fk_governance_territory_id_jurisdiction')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_governance')),
    sa.UniqueConstraint('territory_id', name=op.f('uq_governance_territory_id'))
    )
    with op.batch_alter_table('governance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_governance_state_id'), ['state_id'], unique=False)

    op.create_table('governance_source',
    sa.Column('governance_id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['governance_id'], ['governance.id'], name=op.f('fk_governance_source_governance_id_governance'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['source_id'], ['source.id'], name=op.f('fk_governance_source_source_id_source')),
    sa.PrimaryKeyConstraint('governance_id', 'source_id', name=op.f('pk_governance_source'))
    )
    with op.batch_alter_table('governance_source', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_governance_source_source_id'), ['source_id'], unique=False)



def downgrade():
    with op.batch_alter_table('governance_source', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_governance_source_source_id'))

    op.drop_table('governance_source')
    with op.batch_alter_table('governance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_governance_state_id'))

    op.drop_table('governance')
