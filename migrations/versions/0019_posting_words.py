"""posting_words: the job board's word index, filled from the postings' search text

Each word of a posting's search text, marked when it is a word of the title; the board
finds the postings holding a query's words by prefix ranges of its index (issue 19).
PostgreSQL compares the words in code-point order ("C"), as SQLite does.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-01 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None

MAX_WORD = 40
TITLE_END = '|'
BATCH = 5000


def _words(text):
    """Return the words of a search text with whether each is a title word (as of 0019)."""
    tokens = [token for token in (text or '').split() if len(token) <= MAX_WORD]
    if TITLE_END not in tokens:
        return dict.fromkeys(tokens, False)
    end = tokens.index(TITLE_END)
    words = dict.fromkeys(tokens[end + 1:], False)
    words.update(dict.fromkeys(tokens[:end], True))
    return words


def upgrade():
    words = op.create_table('posting_words',
    sa.Column('posting_id', sa.Integer(), nullable=False),
    sa.Column('word', sa.String(length=40).with_variant(sa.String(length=40, collation='C'), 'postgresql'), nullable=False),
    sa.Column('in_title', sa.Boolean(), nullable=False),
    sa.CheckConstraint('length(word) <= 40', name=op.f('ck_posting_words_word_length')),
    sa.ForeignKeyConstraint(['posting_id'], ['postings.id'], name=op.f('fk_posting_words_posting_id_postings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('posting_id', 'word', name=op.f('pk_posting_words'))
    )
    with op.batch_alter_table('posting_words', schema=None) as batch_op:
        batch_op.create_index('ix_posting_words_word', ['word', 'posting_id', 'in_title'], unique=False)
    postings = sa.table('postings', sa.column('id', sa.Integer()),
                        sa.column('search_text', sa.String()))
    conn = op.get_bind()
    rows = []
    for posting_id, text in conn.execute(sa.select(postings.c.id, postings.c.search_text)):
        rows.extend({'posting_id': posting_id, 'word': word, 'in_title': in_title}
                    for word, in_title in _words(text).items())
        if len(rows) >= BATCH:
            conn.execute(words.insert(), rows)
            rows = []
    if rows:
        conn.execute(words.insert(), rows)


def downgrade():
    with op.batch_alter_table('posting_words', schema=None) as batch_op:
        batch_op.drop_index('ix_posting_words_word')
    op.drop_table('posting_words')
