"""Contacts: the authority to ask about a place (controlled substances, customs, drug control, food safety)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-08 03:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('contact',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('jurisdiction_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=True),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['jurisdiction_id'], ['jurisdiction.id'], name=op.f('fk_contact_jurisdiction_id_jurisdiction')),
    sa.ForeignKeyConstraint(['source_id'], ['source.id'], name=op.f('fk_contact_source_id_source')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contact')),
    sa.UniqueConstraint('jurisdiction_id', 'role', 'name', name=op.f('uq_contact_jurisdiction_id'))
    )
    op.create_index(op.f('ix_contact_jurisdiction_id'), 'contact', ['jurisdiction_id'], unique=False)
    op.create_index(op.f('ix_contact_source_id'), 'contact', ['source_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_contact_source_id'), table_name='contact')
    op.drop_index(op.f('ix_contact_jurisdiction_id'), table_name='contact')
    op.drop_table('contact')
