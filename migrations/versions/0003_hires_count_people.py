"""Hires count people: hires.person_id, one hire not ended per person

- hires.person_id: the candidate's id, copied without a foreign key so that a person
  still counts once after deleting their account. Filled from the application; a hire
  whose candidate was already deleted gets -id (a person of its own).
- Where a person holds several hires that have not ended, all but the latest are ended
  on the day before the next one starts (never before their own start), so that the
  partial unique index "one hire not ended per person" can be created.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 21:47:48.830888

"""
import datetime

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def _as_date(value):
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


def _end_overlapping_hires(connection):
    rows = connection.execute(sa.text(
        "SELECT id, person_id, start_on FROM hires WHERE end_on IS NULL "
        "ORDER BY person_id, start_on, id")).all()
    by_person = {}
    for hire_id, person_id, start_on in rows:
        by_person.setdefault(person_id, []).append((hire_id, _as_date(start_on)))
    for hires in by_person.values():
        for (hire_id, start_on), (_next_id, next_start) in zip(hires, hires[1:]):
            end_on = max(start_on, next_start - datetime.timedelta(days=1))
            connection.execute(sa.text("UPDATE hires SET end_on = :end_on WHERE id = :id"),
                               {"end_on": end_on, "id": hire_id})


def upgrade():
    with op.batch_alter_table('hires', schema=None) as batch_op:
        batch_op.add_column(sa.Column('person_id', sa.Integer(), nullable=True))
    connection = op.get_bind()
    connection.execute(sa.text(
        "UPDATE hires SET person_id = COALESCE((SELECT applications.candidate_id "
        "FROM applications WHERE applications.id = hires.application_id), -hires.id)"))
    _end_overlapping_hires(connection)
    with op.batch_alter_table('hires', schema=None) as batch_op:
        batch_op.alter_column('person_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_index('ix_hires_person_start', ['person_id', 'start_on'], unique=False)
        batch_op.create_index('uq_hires_person_employed', ['person_id'], unique=True, sqlite_where=sa.text('end_on IS NULL'), postgresql_where=sa.text('end_on IS NULL'))


def downgrade():
    with op.batch_alter_table('hires', schema=None) as batch_op:
        batch_op.drop_index('uq_hires_person_employed', sqlite_where=sa.text('end_on IS NULL'), postgresql_where=sa.text('end_on IS NULL'))
        batch_op.drop_index('ix_hires_person_start')
        batch_op.drop_column('person_id')
