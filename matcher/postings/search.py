"""The public job board: stored search text, what a query asks, relevance, filters, pages.

Why this approach (and not PostgreSQL full-text search): the board must return the same
postings in the same order on SQLite (the embedded default) and PostgreSQL, and a
`tsvector` has no SQLite twin. So each posting keeps `search_text`, its words folded in
Python at write time (lowercase, no accents, singular, both gender forms: `words.py`) with
the occupation's French and English titles and everyday aliases ("PAB", "plongeur"); title
words come first, then " |", then the others. A query is read by `query.py` into places,
occupations and words, and matched with plain LIKE, which both engines evaluate alike on
words that are already lowercase on both sides:
- a word matches when a stored word starts with one of its forms: the word, its masculine
  form, or its French or English Snowball stem ("cuisine" -> "cuisin" finds "Cuisinier·ère",
  "cooking" -> "cook"). Stemming the query only and matching stems as prefixes of the stored
  words finds what stemming both sides would (a Snowball stem is nearly always a prefix of
  its word), and keeps the stored text short, which keeps the one pass over 10,000
  postings fast;
- an occupation the catalog is sure of ("PAB", "nurse aide", "cook", with its multilingual
  aliases and glossary) also matches every posting of its NOC codes;
- a place (city or region) keeps the postings of its region, those in the city first.
With a query, results are ranked by relevance (points in SQL: occupation, title words,
city), then newest first, then by id: the same order on both engines.
"""

import csv
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache

from flask import Flask
from sqlalchemy import case, func, literal, or_, select, union_all
from sqlalchemy.orm import joinedload

from matcher import clock
from matcher.extensions import db, listen_once
from matcher.models import Occupation, Posting, Site
from matcher.postings import places, word_index
from matcher.postings.query import MAX_QUERY_WORDS, MAX_WORD, BoardQuery, parse, query_words
from matcher.postings.word_index import TITLE_END, postings_with, rebuild_words
from matcher.postings.words import fold_words, index_words
from matcher.reference_data import SEED_DIR

__all__ = ["MAX_QUERY_WORDS", "fold_words", "query_words", "search_board"]

PAGE_SIZE = 20
SEARCH_TEXT_MAX = 8000  # Posting.search_text's length


@cache
def _aliases() -> dict[str, str]:
    with open(SEED_DIR / "occupation_aliases.csv", encoding="utf-8", newline="") as handle:
        aliases: dict[str, list[str]] = {}
        for row in csv.DictReader(handle):
            aliases.setdefault(row["noc_code"], []).append(row["alias"])
    return {code: " ".join(names) for code, names in aliases.items()}


def occupation_words(occupation: Occupation) -> str:
    """Return the folded words that name an occupation in French and English."""
    return _occupation_words(occupation.noc_code, occupation.title_fr, occupation.title_en)


@lru_cache(maxsize=1024)
def _occupation_words(code: str, title_fr: str, title_en: str) -> str:
    return " ".join(index_words(" ".join([title_fr, title_en, _aliases().get(code, "")])))


def posting_search_text(title: str, description: str, occupation_text: str) -> str:
    """Return the search text stored on a posting: each folded word once, each after a space
    (so that ' word%' matches words from their start), the title's words before " |",
    within the column's length."""
    title_words = [w for w in index_words(title) if len(w) <= MAX_WORD]
    seen = set(title_words)
    other = [w for w in [*occupation_text.split(), *index_words(description)]
             if len(w) <= MAX_WORD and not (w in seen or seen.add(w))]
    text = " " + " ".join([*title_words, TITLE_END, *other])
    # Folding can lengthen text ("œ" -> "oe"): cut at a word if it outgrows the column.
    return text if len(text) <= SEARCH_TEXT_MAX else text[:SEARCH_TEXT_MAX].rsplit(" ", 1)[0]


def _keep_search_text(mapper, connection, posting: Posting) -> None:
    """Refresh a posting's search text whenever it is written, whoever writes it."""
    row = connection.execute(
        select(Occupation.title_fr, Occupation.title_en, Occupation.noc_code)
        .where(Occupation.noc_code == posting.noc_code)).first()
    occupation_text = occupation_words(row) if row is not None else ""
    text = posting_search_text(posting.title, posting.description, occupation_text)
    if posting.search_text != text:
        posting.search_text = text


def refresh_all_search_text() -> int:
    """Recompute every posting's search text and the word table (after a schema, folding or
    catalog change); return how many texts changed. The listeners keep both current."""
    occupations = {o.noc_code: occupation_words(o) for o in db.session.scalars(select(Occupation))}
    changed = 0
    for posting in db.session.scalars(select(Posting)):
        text = posting_search_text(posting.title, posting.description,
                                   occupations.get(posting.noc_code, ""))
        if posting.search_text != text:
            posting.search_text = text
            changed += 1
    db.session.flush()
    rebuild_words()
    return changed


def _matches(word, *, in_title: bool = False):
    """Return the condition "a stored word (of the title) starts with one of the word's forms"."""
    return Posting.id.in_(postings_with(word, in_title=in_title))


def _in_title_as_typed(word):
    """Return the condition "the title holds the word itself" (not only a word it starts)."""
    return Posting.id.in_(postings_with(word, in_title=True, as_typed=True))


def _occupation_matches(term):
    """Return the condition "a posting of the term's occupations, or one holding its words"."""
    coded = Posting.__table__.alias("coded")
    return Posting.id.in_(union_all(
        select(coded.c.id).where(coded.c.noc_code.in_(term.codes)),
        postings_with(*term.words)))


def public_postings(*, scan: bool = False):
    """Select the postings anyone may see: open, and not past their closing date.

    With scan=True the tests are written so that no index serves them: a search with
    words or filters reads every open posting anyway, and one pass over the table beats
    thousands of index-then-row lookups (SQLite would otherwise pick an index on status
    or on the closing date).
    """
    if scan:
        return select(Posting).where(
            Posting.status.concat("") == "open",
            func.coalesce(Posting.closes_on, date.max) >= clock.today())
    return select(Posting).where(
        Posting.status == "open",
        or_(Posting.closes_on.is_(None), Posting.closes_on >= clock.today()))


@dataclass(frozen=True)
class BoardFilters:
    """The board's filters, each None when not used."""

    region: str | None = None
    family: str | None = None
    occupation: str | None = None
    shift: str | None = None
    employment_type: str | None = None

    def __bool__(self) -> bool:
        return any(vars(self).values())


@dataclass(frozen=True)
class BoardPage:
    """One page of the board; shaped like Flask-SQLAlchemy's Pagination for the macro."""

    postings: list
    total: int
    page: int
    pages: int
    terms: BoardQuery = field(default_factory=BoardQuery)
    sort: str = "newest"

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


# Shift codes to their columns, spelled out: a code from a URL never becomes an attribute name.
SHIFT_COLUMNS = {"day": Posting.shift_day, "evening": Posting.shift_evening,
                 "night": Posting.shift_night, "weekend": Posting.shift_weekend}


def _board_query(terms: BoardQuery, filters: BoardFilters, *, scan: bool):
    query = public_postings(scan=scan)
    for word in terms.words:
        query = query.where(_matches(word))
    for term in terms.occupations:
        query = query.where(_occupation_matches(term))
    if terms.places:
        query = query.where(Posting.site_id.in_(
            select(Site.id).where(Site.region_code.in_(sorted(terms.regions)))))
    if filters.region:
        query = query.where(Posting.site_id.in_(
            select(Site.id).where(Site.region_code == filters.region)))
    if filters.family:
        query = query.where(Posting.noc_code.in_(
            select(Occupation.noc_code).where(Occupation.role_family == filters.family)))
    if filters.occupation:
        query = query.where(Posting.noc_code == filters.occupation)
    if filters.shift in SHIFT_COLUMNS:
        query = query.where(SHIFT_COLUMNS[filters.shift].is_(True))
    if filters.employment_type:
        query = query.where(Posting.employment_type == filters.employment_type)
    return query


def _relevance(terms: BoardQuery):
    """Return a posting's points for a query: its occupation, title words (the word as typed
    first, then a word it starts), other words, city."""
    points = []
    for word in terms.words:
        points.append(case((_in_title_as_typed(word), 2), (_matches(word, in_title=True), 1),
                           else_=0))
    for term in terms.occupations:
        points.append(case((Posting.noc_code == term.codes[0], 4),
                           (Posting.noc_code.in_(term.codes), 3), else_=0))
        points.extend(case((_in_title_as_typed(word), 3), (_matches(word, in_title=True), 2),
                           (_matches(word), 1), else_=0) for word in term.words)
    if terms.city_sites:
        points.append(case((Posting.site_id.in_(terms.city_sites), 1), else_=0))
    return sum(points[1:], points[0]) if points else literal(0)


def _order(sort: str, terms: BoardQuery) -> tuple:
    if sort == "start":
        # No start date means "as soon as possible": those come first.
        return (Posting.start_date.asc().nulls_first(), Posting.id)
    if sort == "relevance" and terms:
        # NULLS LAST spelled out: PostgreSQL and SQLite disagree on it otherwise.
        return (_relevance(terms).desc(), Posting.published_at.desc().nulls_last(),
                Posting.id.desc())
    return (Posting.published_at.desc(), Posting.id.desc())


def search_board(text: str = "", *, filters: BoardFilters = BoardFilters(), sort=None,
                 page=1) -> BoardPage:
    """Return one page of open postings matching a query and filters.

    Without a query or filters, indexes give the count and the first pages. Otherwise (and
    for deep pages) every open posting is read once: that one pass returns the ids of all
    matches in order, which gives both the count and the page's ids.
    """
    terms = parse(text, places.gazetteer()) if query_words(text) else BoardQuery()
    if sort not in ("start", "newest"):  # relevance, the default, needs a query
        sort = "relevance" if terms else "newest"
    order = _order(sort, terms)
    one_pass = bool(terms) or bool(filters)
    ids = _ordered_ids(terms, filters, order) if one_pass else None
    total = len(ids) if one_pass else db.session.scalar(select(func.count()).select_from(
        _board_query(terms, filters, scan=False).with_only_columns(Posting.id).subquery()))
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, page), pages)
    start = (page - 1) * PAGE_SIZE
    if ids is None and start >= DEEP_OFFSET:
        ids = _ordered_ids(terms, filters, order)
    if ids is not None:
        query = select(Posting).where(Posting.id.in_(ids[start:start + PAGE_SIZE]))
    else:
        query = _board_query(terms, filters, scan=False).order_by(*order).limit(
            PAGE_SIZE).offset(start)
    rows = db.session.scalars(
        query.options(joinedload(Posting.site).joinedload(Site.region),
                      joinedload(Posting.employer), joinedload(Posting.occupation))
    ).unique().all() if total else []
    if ids is not None:
        position = {posting_id: index
                    for index, posting_id in enumerate(ids[start:start + PAGE_SIZE])}
        rows = sorted(rows, key=lambda posting: position[posting.id])
    return BoardPage(postings=list(rows), total=total, page=page, pages=pages, terms=terms,
                     sort=sort)


# Skipping this many postings along an index costs more than reading them all once.
DEEP_OFFSET = 400


def _scan(terms: BoardQuery) -> bool:
    """Tell whether to keep the status tests away from indexes. SQLite: always (with words,
    it then looks the index's hits up by id rather than walking the status index).
    PostgreSQL: not with words, where the plain tests give the estimates of a hash join."""
    return db.engine.dialect.name == "sqlite" or not (terms.words or terms.occupations)


def _ordered_ids(terms: BoardQuery, filters: BoardFilters, order) -> list[int]:
    """Return the ids of every matching open posting, in order, in one pass over the table."""
    query = _board_query(terms, filters, scan=_scan(terms)).with_only_columns(Posting.id).order_by(
        *order)
    # Core rows, not ORM ones: thousands of ids may come back.
    return db.session.connection().execute(query).scalars().all()


def count_postings(terms: BoardQuery, filters: BoardFilters) -> int:
    """Return how many open postings match a query and filters."""
    return db.session.scalar(select(func.count()).select_from(
        _board_query(terms, filters, scan=_scan(terms)).with_only_columns(Posting.id).subquery()))


def count_by_occupation(codes, filters: BoardFilters) -> dict[str, int]:
    """Return how many open postings each of these NOC codes has, within the filters."""
    query = _board_query(BoardQuery(), filters, scan=True).where(Posting.noc_code.in_(codes))
    rows = db.session.execute(query.with_only_columns(Posting.noc_code, func.count())
                              .group_by(Posting.noc_code))
    return {row[0]: row[1] for row in rows}


def init_app(app: Flask) -> None:
    """Keep every posting's search text and words current, whoever writes it (once per
    process)."""
    listen_once(Posting, "before_insert", _keep_search_text)
    listen_once(Posting, "before_update", _keep_search_text)
    word_index.init_app()
