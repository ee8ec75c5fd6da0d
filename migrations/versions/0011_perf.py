"""Indexes for the program dashboard's cohort

- candidates.created_at: the funnel counts the candidates who registered in a period
- candidate_regions (region_code, candidate_id): the dashboard's region filter

Revision ID: 0011
Revises: 0012
Create Date: 2026-11-30 22:58:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('candidates', schema=None) as batch_op:
        batch_op.create_index('ix_candidates_created_at', ['created_at'], unique=False)
    with op.batch_alter_table('candidate_regions', schema=None) as batch_op:
        batch_op.create_index('ix_candidate_regions_region', ['region_code', 'candidate_id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('candidate_regions', schema=None) as batch_op:
        batch_op.drop_index('ix_candidate_regions_region')
    with op.batch_alter_table('candidates', schema=None) as batch_op:
        batch_op.drop_index('ix_candidates_created_at')
