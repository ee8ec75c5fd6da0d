"""Candidates: the permit answer kept apart from "not answered", weekly new-match notices

- candidates.permit_answered_at: when the person last answered the permit step. "No permit"
  (permit_kind 'none') is also the default of a new profile, so without it a reopened step
  could not tell "Je n'ai pas de permis" from "not answered yet". Profiles holding another
  answer count as answered at their last update.
- candidates.weekly_matches: the candidate asked for a weekly notice of new jobs that fit

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-01 01:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    # Plain ADD COLUMN, never a batch copy of `candidates` (on SQLite the copy would
    # cascade to experiences, applications and plans).
    op.add_column('candidates', sa.Column('permit_answered_at', sa.DateTime(timezone=True),
                                          nullable=True))
    op.add_column('candidates', sa.Column('weekly_matches', sa.Boolean(), nullable=False,
                                          server_default=sa.false()))
    candidates = sa.table('candidates', sa.column('permit_answered_at'),
                          sa.column('updated_at'), sa.column('permit_kind'))
    op.execute(candidates.update().where(candidates.c.permit_kind != 'none')
               .values(permit_answered_at=candidates.c.updated_at))


def downgrade():
    with op.batch_alter_table('candidates', schema=None) as batch_op:
        batch_op.drop_column('weekly_matches')
        batch_op.drop_column('permit_answered_at')
