"""HR: reasons for declining an application, interviews

- applications: rejection_reason (a code from a short list), rejection_detail (HR's words,
  for the team only) and rejection_message (what HR chose to write to the candidate)
- interviews: a proposed time, place or link; the candidate confirms or asks another time

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01 01:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

REJECTION_COLUMNS = (('rejection_reason', 20), ('rejection_detail', 500),
                     ('rejection_message', 1000))


def upgrade():
    # A plain ALTER TABLE ADD COLUMN: a batch copy of applications would cascade to the
    # tables that reference it on SQLite. The CHECKs are added where the engine allows it.
    for name, length in REJECTION_COLUMNS:
        op.add_column('applications', sa.Column(name, sa.String(length=length), nullable=True))
    if op.get_bind().dialect.name == 'postgresql':
        op.create_check_constraint(
            op.f('ck_applications_rejection_reason'), 'applications',
            "rejection_reason IS NULL OR rejection_reason IN ('french_level', 'experience', "
            "'position_filled', 'availability', 'other')")
        for name, length in REJECTION_COLUMNS:
            op.create_check_constraint(op.f(f'ck_applications_{name}_length'), 'applications',
                                       f'length({name}) <= {length}')
    op.create_table('interviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('mode', sa.String(length=10), nullable=False),
    sa.Column('place', sa.String(length=300), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('candidate_note', sa.String(length=500), nullable=True),
    sa.Column('proposed_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("mode IN ('in_person', 'video', 'phone')", name=op.f('ck_interviews_mode')),
    sa.CheckConstraint("status IN ('proposed', 'confirmed', 'change_requested', 'cancelled')", name=op.f('ck_interviews_status')),
    sa.CheckConstraint('duration_minutes BETWEEN 15 AND 240', name=op.f('ck_interviews_duration_range')),
    sa.CheckConstraint('length(mode) <= 10', name=op.f('ck_interviews_mode_length')),
    sa.CheckConstraint('length(place) <= 300', name=op.f('ck_interviews_place_length')),
    sa.CheckConstraint('length(status) <= 20', name=op.f('ck_interviews_status_length')),
    sa.CheckConstraint('length(candidate_note) <= 500', name=op.f('ck_interviews_candidate_note_length')),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_interviews_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposed_by_id'], ['users.id'], name=op.f('fk_interviews_proposed_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_interviews'))
    )
    with op.batch_alter_table('interviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_interviews_application_id'), ['application_id'], unique=False)
        batch_op.create_index('ix_interviews_starts_at', ['starts_at'], unique=False)


def downgrade():
    with op.batch_alter_table('interviews', schema=None) as batch_op:
        batch_op.drop_index('ix_interviews_starts_at')
        batch_op.drop_index(batch_op.f('ix_interviews_application_id'))
    op.drop_table('interviews')
    if op.get_bind().dialect.name == 'postgresql':
        for name, _length in reversed(REJECTION_COLUMNS):
            op.drop_constraint(op.f(f'ck_applications_{name}_length'), 'applications')
        op.drop_constraint(op.f('ck_applications_rejection_reason'), 'applications')
    for name, _length in reversed(REJECTION_COLUMNS):
        op.execute(f'ALTER TABLE applications DROP COLUMN {name}')
