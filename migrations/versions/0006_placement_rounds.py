"""Placement rounds and wish lists

- posting_stars: the postings a candidate starred (one star per candidate and posting);
  removed with the candidate or the posting
- placement_rounds: one run of the allocation with its parameters, inputs (both
  preference lists, bounded) and figures
- placement_proposals: who a round proposes where, and whether it became an invitation

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 21:59:43.536386

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('placement_rounds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('employer_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('parameters', sa.JSON(), nullable=False),
    sa.Column('inputs', sa.JSON(), nullable=False),
    sa.Column('stats', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ran_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('draft', 'proposed', 'approved', 'partly_approved')", name=op.f('ck_placement_rounds_status')),
    sa.CheckConstraint('length(status) <= 20', name=op.f('ck_placement_rounds_status_length')),
    sa.ForeignKeyConstraint(['approved_by_id'], ['users.id'], name=op.f('fk_placement_rounds_approved_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_placement_rounds_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['employer_id'], ['employers.id'], name=op.f('fk_placement_rounds_employer_id_employers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_placement_rounds'))
    )
    with op.batch_alter_table('placement_rounds', schema=None) as batch_op:
        batch_op.create_index('ix_placement_rounds_employer_created', ['employer_id', 'created_at'], unique=False)

    op.create_table('posting_stars',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('posting_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidates.id'], name=op.f('fk_posting_stars_candidate_id_candidates'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['posting_id'], ['postings.id'], name=op.f('fk_posting_stars_posting_id_postings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_posting_stars')),
    sa.UniqueConstraint('candidate_id', 'posting_id', name='uq_posting_stars_candidate_posting')
    )
    with op.batch_alter_table('posting_stars', schema=None) as batch_op:
        batch_op.create_index('ix_posting_stars_candidate_created', ['candidate_id', 'created_at'], unique=False)
        batch_op.create_index('ix_posting_stars_posting', ['posting_id'], unique=False)

    op.create_table('placement_proposals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('posting_id', sa.Integer(), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Numeric(precision=5, scale=1), nullable=False),
    sa.Column('candidate_rank', sa.Integer(), nullable=False),
    sa.Column('posting_rank', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('message', sa.String(length=40), nullable=True),
    sa.Column('application_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('proposed', 'approved', 'skipped')", name=op.f('ck_placement_proposals_status')),
    sa.CheckConstraint('candidate_rank >= 1 AND posting_rank >= 1', name=op.f('ck_placement_proposals_ranks_positive')),
    sa.CheckConstraint('length(message) <= 40', name=op.f('ck_placement_proposals_message_length')),
    sa.CheckConstraint('length(status) <= 10', name=op.f('ck_placement_proposals_status_length')),
    sa.CheckConstraint('score BETWEEN 0 AND 100', name=op.f('ck_placement_proposals_score_range')),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_placement_proposals_application_id_applications'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidates.id'], name=op.f('fk_placement_proposals_candidate_id_candidates'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['posting_id'], ['postings.id'], name=op.f('fk_placement_proposals_posting_id_postings')),
    sa.ForeignKeyConstraint(['round_id'], ['placement_rounds.id'], name=op.f('fk_placement_proposals_round_id_placement_rounds'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_placement_proposals')),
    sa.UniqueConstraint('round_id', 'candidate_id', name='uq_placement_proposals_round_candidate')
    )
    with op.batch_alter_table('placement_proposals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_placement_proposals_candidate_id'), ['candidate_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_placement_proposals_posting_id'), ['posting_id'], unique=False)
        batch_op.create_index('ix_placement_proposals_round_posting', ['round_id', 'posting_id'], unique=False)



def downgrade():
    with op.batch_alter_table('placement_proposals', schema=None) as batch_op:
        batch_op.drop_index('ix_placement_proposals_round_posting')
        batch_op.drop_index(batch_op.f('ix_placement_proposals_posting_id'))
        batch_op.drop_index(batch_op.f('ix_placement_proposals_candidate_id'))

    op.drop_table('placement_proposals')
    with op.batch_alter_table('posting_stars', schema=None) as batch_op:
        batch_op.drop_index('ix_posting_stars_posting')
        batch_op.drop_index('ix_posting_stars_candidate_created')

    op.drop_table('posting_stars')
    with op.batch_alter_table('placement_rounds', schema=None) as batch_op:
        batch_op.drop_index('ix_placement_rounds_employer_created')

    op.drop_table('placement_rounds')
