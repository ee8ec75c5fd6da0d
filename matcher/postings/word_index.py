"""The job board's word index: the words of each posting's search text, one row each.

`posting_words` holds the words of a posting's `search_text` (`search.py`), each marked
when it is a word of the title. It is written from the search text in the same flush
(`keep_words`), and nowhere else, so the two never disagree. A query word is found by the
stored words that start with one of its forms, and the words that start with a form are
one range of the word index (`word >= form AND word < the form's successor`): both engines
compare these words in code-point order (SQLite's BINARY collation, PostgreSQL's "C" on
the column). So the board reads the index entries of a query's words, not every posting's
text, and finds exactly the postings the LIKE patterns on `search_text` found.
"""

from sqlalchemy import and_, delete, false, insert, inspect, or_, select

from matcher.extensions import db
from matcher.models import Posting, PostingWord
from matcher.postings.query import MAX_WORD, Word

TITLE_END = "|"  # ends the title's words in search_text
_WORDS = PostingWord.__table__


def search_words(text: str) -> dict[str, bool]:
    """Return the words of a search text, each with whether it is a word of the title.

    A text without the title's end (an older form) has no title words, as LIKE read it.
    """
    tokens = [token for token in text.split() if len(token) <= MAX_WORD]
    if TITLE_END not in tokens:
        return dict.fromkeys(tokens, False)
    end = tokens.index(TITLE_END)
    words = dict.fromkeys(tokens[end + 1:], False)
    words.update(dict.fromkeys(tokens[:end], True))
    return words


def _rows(posting_id: int, text: str) -> list[dict]:
    return [{"posting_id": posting_id, "word": word, "in_title": in_title}
            for word, in_title in search_words(text).items()]


def write_words(connection, posting_id: int, text: str, *, replace: bool = True) -> None:
    """Store the words of a posting's search text in place of those it had."""
    if replace:
        connection.execute(delete(_WORDS).where(_WORDS.c.posting_id == posting_id))
    rows = _rows(posting_id, text)
    if rows:
        connection.execute(insert(_WORDS), rows)


def _words_of_new_posting(mapper, connection, posting: Posting) -> None:
    write_words(connection, posting.id, posting.search_text or "", replace=False)


def _words_of_changed_posting(mapper, connection, posting: Posting) -> None:
    if inspect(posting).attrs.search_text.history.has_changes():
        write_words(connection, posting.id, posting.search_text or "")


def rebuild_words() -> int:
    """Write the word table again from every posting's search text; return how many rows."""
    connection = db.session.connection()
    connection.execute(delete(_WORDS))
    rows = [row for posting_id, text in connection.execute(
        select(Posting.id, Posting.search_text)) for row in _rows(posting_id, text or "")]
    if rows:
        connection.execute(insert(_WORDS), rows)
    return len(rows)


def successor(prefix: str) -> str | None:
    """Return the least string after every string that starts with prefix (None: no bound)."""
    while prefix:
        code = ord(prefix[-1]) + 1
        if 0xD800 <= code <= 0xDFFF:  # surrogates are no characters: skip them
            code = 0xE000
        if code <= 0x10FFFF:
            return prefix[:-1] + chr(code)
        prefix = prefix[:-1]
    return None


def starts_with(column, prefix: str):
    """Return the condition "the stored word starts with prefix", as an index range."""
    after = successor(prefix)
    if after is None:
        return column >= prefix
    return and_(column >= prefix, column < after)


def _holding(word: Word, *, in_title: bool, as_typed: bool):
    words = _WORDS.alias()  # one alias per word: no subquery correlates with another
    found = (words.c.word == word.text if as_typed
             else or_(*(starts_with(words.c.word, form) for form in word.forms)))
    if in_title:
        found = and_(found, words.c.in_title.is_(True))
    return select(words.c.posting_id).where(found)


def postings_with(*words: Word, in_title: bool = False, as_typed: bool = False):
    """Select the ids of the postings that hold each of the words: a stored word that starts
    with one of its forms (or, as_typed, the word itself), among the title's words only
    when in_title. No words select no posting."""
    if not words:
        return select(_WORDS.c.posting_id).where(false())
    first, *others = (_holding(word, in_title=in_title, as_typed=as_typed) for word in words)
    for other in others:
        first = first.where(first.selected_columns.posting_id.in_(other))
    return first


def init_app() -> None:
    """Keep the word table in step with the search text, whoever writes a posting."""
    from matcher.extensions import listen_once

    listen_once(Posting, "after_insert", _words_of_new_posting)
    listen_once(Posting, "after_update", _words_of_changed_posting)
