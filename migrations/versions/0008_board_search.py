"""Board search and admin of organizations

- postings.search_text recomputed: both gender forms of each word, the title's words
  before " |" (relevance ranks title matches first)
- agencies, employers, sites: an `active` flag (deactivated ones are offered nowhere)

Revision ID: 0008
Revises: 0011 (0007 is written on another branch; the chain is redone when they meet)
Create Date: 2026-12-02 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0011'
branch_labels = None
depends_on = None

TABLES = ('agencies', 'employers', 'sites')


def upgrade():
    # A plain ALTER TABLE ADD COLUMN: a batch copy of these tables would drop tables that
    # others reference, which SQLite refuses with foreign keys on.
    for table in TABLES:
        op.add_column(table, sa.Column('active', sa.Boolean(), nullable=False,
                                       server_default=sa.true()))
    _refresh_search_text()


def _refresh_search_text():
    """Recompute the search text of every posting (tables as of 0008)."""
    from matcher.postings.search import occupation_words, posting_search_text

    conn = op.get_bind()
    occupations = sa.table("occupations", sa.column("noc_code"), sa.column("title_fr"),
                           sa.column("title_en"))
    postings = sa.table("postings", sa.column("id"), sa.column("noc_code"), sa.column("title"),
                        sa.column("description"), sa.column("search_text"))
    words = {row.noc_code: occupation_words(row) for row in conn.execute(sa.select(occupations))}
    for row in conn.execute(sa.select(postings)).all():
        text = posting_search_text(row.title, row.description, words.get(row.noc_code, ""))
        if text != row.search_text:
            conn.execute(postings.update().where(postings.c.id == row.id)
                         .values(search_text=text))


def downgrade():
    # The search text keeps its new form: the older code reads it as plain words.
    # SQLite (3.35+) drops a column in place, as PostgreSQL does: no batch copy (see upgrade).
    for table in reversed(TABLES):
        op.execute(f'ALTER TABLE {table} DROP COLUMN active')
