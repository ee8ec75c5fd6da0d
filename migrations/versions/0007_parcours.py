"""Parcours: plan workflow, plan actions from a catalogue, case notes

- action_plans gains its workflow status (new, first_meeting, plan, actions, closed),
  the first meeting's mode, and when and why it closed;
- plan_actions replaces action_steps: any number of actions per step, each from the
  catalogue (kind) or free text, with a due date, a status, and who did it when;
- case_notes: notes about a candidate, for the staff of their agency only.

Data: each action_steps row that had started, was done or had a due date becomes one
plan action of its step (free text "Étape suivie dans l’ancien plan", same status,
due and done dates; a done step without a date is taken as done on the migration
day). A step's notes were written by staff and never shown to the candidate, so they
become a case note of the candidate's agency (author: the plan's officer), not an
action title the candidate would read. Each plan's status is then set from its
meeting and actions. The downgrade recreates action_steps empty: actions and notes
are dropped.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 22:19:17.891701

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('case_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('agency_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.String(length=4000), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('length(text) <= 4000', name=op.f('ck_case_notes_text_length')),
    sa.CheckConstraint('length(text) >= 1', name=op.f('ck_case_notes_text_not_empty')),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_case_notes_agency_id_agencies')),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_case_notes_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidates.id'], name=op.f('fk_case_notes_candidate_id_candidates'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_notes'))
    )
    with op.batch_alter_table('case_notes', schema=None) as batch_op:
        batch_op.create_index('ix_case_notes_candidate_created', ['candidate_id', 'created_at'], unique=False)

    op.create_table('plan_actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('step', sa.String(length=20), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=True),
    sa.Column('title', sa.String(length=200), server_default='', nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=15), server_default='to_do', nullable=False),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('done_by_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("(status = 'done') = (done_on IS NOT NULL)", name=op.f('ck_plan_actions_done_on_set')),
    sa.CheckConstraint("status IN ('to_do', 'in_progress', 'done', 'cancelled')", name=op.f('ck_plan_actions_status')),
    sa.CheckConstraint("step IN ('arrival', 'francization', 'job_market', 'community')", name=op.f('ck_plan_actions_step')),
    sa.CheckConstraint('kind IS NOT NULL OR length(title) >= 1', name=op.f('ck_plan_actions_kind_or_title')),
    sa.CheckConstraint('length(kind) <= 40', name=op.f('ck_plan_actions_kind_length')),
    sa.CheckConstraint('length(status) <= 15', name=op.f('ck_plan_actions_status_length')),
    sa.CheckConstraint('length(step) <= 20', name=op.f('ck_plan_actions_step_length')),
    sa.CheckConstraint('length(title) <= 200', name=op.f('ck_plan_actions_title_length')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_plan_actions_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['done_by_id'], ['users.id'], name=op.f('fk_plan_actions_done_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['plan_id'], ['action_plans.id'], name=op.f('fk_plan_actions_plan_id_action_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_actions'))
    )
    with op.batch_alter_table('plan_actions', schema=None) as batch_op:
        batch_op.create_index('ix_plan_actions_due', ['status', 'due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_actions_plan_id'), ['plan_id'], unique=False)

    # On SQLite the batch below rebuilds action_plans, and dropping the old table
    # deletes its children (ON DELETE CASCADE): keep the old steps aside first.
    op.execute(
        "CREATE TABLE parcours_old_steps AS SELECT s.plan_id, s.step, s.position, s.status, "
        "s.due_on, s.done_on, s.notes, p.candidate_id, p.officer_id, c.agency_id "
        "FROM action_steps s JOIN action_plans p ON p.id = s.plan_id "
        "JOIN candidates c ON c.id = p.candidate_id")
    op.drop_table('action_steps')
    with op.batch_alter_table('action_plans', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.String(length=20), server_default='new', nullable=False))
        batch_op.add_column(sa.Column('first_meeting_mode', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('closed_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('closed_reason', sa.String(length=10), nullable=True))
        batch_op.create_index(batch_op.f('ix_action_plans_status'), ['status'], unique=False)
        batch_op.create_check_constraint(
            'status', "status IN ('new', 'first_meeting', 'plan', 'actions', 'closed')")
        batch_op.create_check_constraint(
            'first_meeting_mode',
            "first_meeting_mode IS NULL OR first_meeting_mode IN ('in_person', 'phone', 'video')")
        batch_op.create_check_constraint(
            'closed_reason', "closed_reason IS NULL OR closed_reason IN ('retained', 'left')")
        batch_op.create_check_constraint(
            'closed_on_set', "(status = 'closed') = (closed_on IS NOT NULL)")
        batch_op.create_check_constraint(
            'first_meeting_mode_has_date',
            'first_meeting_mode IS NULL OR first_meeting_on IS NOT NULL')
        batch_op.create_check_constraint('status_length', 'length(status) <= 20')
        batch_op.create_check_constraint(
            'first_meeting_mode_length', 'length(first_meeting_mode) <= 10')
        batch_op.create_check_constraint('closed_reason_length', 'length(closed_reason) <= 10')

    _move_steps_to_actions()
    op.drop_table('parcours_old_steps')


def _move_steps_to_actions():
    """Carry the old steps over as actions and case notes, then set each plan's status."""
    op.execute(
        "INSERT INTO plan_actions (plan_id, step, kind, title, due_on, status, done_on, "
        "created_at, updated_at) "
        "SELECT plan_id, step, NULL, 'Étape suivie dans l’ancien plan', due_on, "
        "CASE status WHEN 'not_started' THEN 'to_do' ELSE status END, "
        "CASE WHEN status = 'done' THEN COALESCE(done_on, due_on, CURRENT_DATE) END, "
        "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM parcours_old_steps "
        "WHERE status <> 'not_started' OR due_on IS NOT NULL ORDER BY plan_id, position")
    op.execute(
        "INSERT INTO case_notes (candidate_id, author_id, agency_id, text, created_at) "
        "SELECT candidate_id, officer_id, agency_id, notes, CURRENT_TIMESTAMP "
        "FROM parcours_old_steps WHERE notes <> '' ORDER BY plan_id, position")
    op.execute(
        "UPDATE action_plans SET status = CASE "
        "WHEN EXISTS (SELECT 1 FROM plan_actions a WHERE a.plan_id = action_plans.id "
        "AND a.status IN ('in_progress', 'done')) THEN 'actions' "
        "WHEN EXISTS (SELECT 1 FROM plan_actions a WHERE a.plan_id = action_plans.id) "
        "THEN 'plan' "
        "WHEN first_meeting_on IS NOT NULL THEN 'first_meeting' ELSE 'new' END")


def downgrade():
    with op.batch_alter_table('action_plans', schema=None) as batch_op:
        for name in ('status', 'first_meeting_mode', 'closed_reason', 'closed_on_set',
                     'first_meeting_mode_has_date', 'status_length',
                     'first_meeting_mode_length', 'closed_reason_length'):
            batch_op.drop_constraint(name, type_='check')
        batch_op.drop_index(batch_op.f('ix_action_plans_status'))
        batch_op.drop_column('closed_reason')
        batch_op.drop_column('closed_on')
        batch_op.drop_column('first_meeting_mode')
        batch_op.drop_column('status')

    op.create_table('action_steps',
    sa.Column('id', sa.INTEGER(), nullable=False),
    sa.Column('plan_id', sa.INTEGER(), nullable=False),
    sa.Column('step', sa.VARCHAR(length=20), nullable=False),
    sa.Column('position', sa.INTEGER(), nullable=False),
    sa.Column('status', sa.VARCHAR(length=15), nullable=False),
    sa.Column('due_on', sa.DATE(), nullable=True),
    sa.Column('done_on', sa.DATE(), nullable=True),
    sa.Column('notes', sa.VARCHAR(length=2000), nullable=False),
    sa.CheckConstraint("status IN ('not_started', 'in_progress', 'done')", name=op.f('ck_action_steps_status')),
    sa.CheckConstraint("step IN ('arrival', 'francization', 'job_market', 'community')", name=op.f('ck_action_steps_step')),
    sa.CheckConstraint('length(notes) <= 2000', name=op.f('ck_action_steps_notes_length')),
    sa.CheckConstraint('length(status) <= 15', name=op.f('ck_action_steps_status_length')),
    sa.CheckConstraint('length(step) <= 20', name=op.f('ck_action_steps_step_length')),
    sa.CheckConstraint('position BETWEEN 1 AND 4', name=op.f('ck_action_steps_position_range')),
    sa.ForeignKeyConstraint(['plan_id'], ['action_plans.id'], name=op.f('fk_action_steps_plan_id_action_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action_steps')),
    sa.UniqueConstraint('plan_id', 'step', name=op.f('uq_action_steps_plan_step'))
    )
    with op.batch_alter_table('plan_actions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_actions_plan_id'))
        batch_op.drop_index('ix_plan_actions_due')

    op.drop_table('plan_actions')
    with op.batch_alter_table('case_notes', schema=None) as batch_op:
        batch_op.drop_index('ix_case_notes_candidate_created')

    op.drop_table('case_notes')
