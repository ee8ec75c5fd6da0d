"""Verification with corrections, and dismissed duplicate pairs

- profile_corrections: what staff changed on a French level or a permit, old and new
  values, the evidence seen and the note the candidate reads
- duplicate_dismissals: pairs of candidate files judged to be two people

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01 01:09:38.562013

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('duplicate_dismissals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('first_id', sa.Integer(), nullable=False),
    sa.Column('second_id', sa.Integer(), nullable=False),
    sa.Column('dismissed_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('first_id < second_id', name=op.f('ck_duplicate_dismissals_ordered_pair')),
    sa.ForeignKeyConstraint(['dismissed_by_id'], ['users.id'], name=op.f('fk_duplicate_dismissals_dismissed_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['first_id'], ['candidates.id'], name=op.f('fk_duplicate_dismissals_first_id_candidates'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['second_id'], ['candidates.id'], name=op.f('fk_duplicate_dismissals_second_id_candidates'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_duplicate_dismissals')),
    sa.UniqueConstraint('first_id', 'second_id', name='uq_duplicate_dismissals_pair')
    )
    with op.batch_alter_table('duplicate_dismissals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_duplicate_dismissals_second_id'), ['second_id'], unique=False)

    op.create_table('profile_corrections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('section', sa.String(length=10), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.Column('evidence', sa.String(length=20), nullable=False),
    sa.Column('evidence_name', sa.String(length=100), nullable=False),
    sa.Column('evidence_on', sa.Date(), nullable=True),
    sa.Column('note', sa.String(length=1000), nullable=False),
    sa.Column('corrected_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("evidence IN ('test', 'interview', 'course', 'permit', 'renewal_receipt', 'other_document')", name=op.f('ck_profile_corrections_evidence')),
    sa.CheckConstraint("section IN ('french', 'permit')", name=op.f('ck_profile_corrections_section')),
    sa.CheckConstraint('length(evidence) <= 20', name=op.f('ck_profile_corrections_evidence_length')),
    sa.CheckConstraint('length(evidence_name) <= 100', name=op.f('ck_profile_corrections_evidence_name_length')),
    sa.CheckConstraint('length(note) <= 1000', name=op.f('ck_profile_corrections_note_length')),
    sa.CheckConstraint('length(note) >= 1', name=op.f('ck_profile_corrections_note_not_empty')),
    sa.CheckConstraint('length(section) <= 10', name=op.f('ck_profile_corrections_section_length')),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidates.id'], name=op.f('fk_profile_corrections_candidate_id_candidates'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['corrected_by_id'], ['users.id'], name=op.f('fk_profile_corrections_corrected_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_profile_corrections'))
    )
    with op.batch_alter_table('profile_corrections', schema=None) as batch_op:
        batch_op.create_index('ix_profile_corrections_candidate', ['candidate_id', 'created_at'], unique=False)



def downgrade():
    with op.batch_alter_table('profile_corrections', schema=None) as batch_op:
        batch_op.drop_index('ix_profile_corrections_candidate')

    op.drop_table('profile_corrections')
    with op.batch_alter_table('duplicate_dismissals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_duplicate_dismissals_second_id'))

    op.drop_table('duplicate_dismissals')
