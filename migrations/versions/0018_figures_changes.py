"""ranking_changes: a third kind, "figures", for writes that change the dashboard's counts

The change log every worker reads also says when applications, hires, plans or the
program settings changed: the dashboard keeps its figures until then (issue 19).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-01 02:40:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def _kinds(kinds: str) -> None:
    # ranking_changes has no foreign key in or out: SQLite's batch copy touches nothing else.
    with op.batch_alter_table('ranking_changes', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_ranking_changes_kind'), type_='check')
        batch_op.create_check_constraint(op.f('ck_ranking_changes_kind'), f"kind IN ({kinds})")


def upgrade():
    _kinds("'candidate', 'posting', 'figures'")


def downgrade():
    op.execute("DELETE FROM ranking_changes WHERE kind = 'figures'")
    _kinds("'candidate', 'posting'")
