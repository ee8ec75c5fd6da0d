"""The public job board: folded search text, filters, sorting and pages.

Search ignores case and accents on SQLite and PostgreSQL alike: each posting keeps
`search_text`, its words folded (lowercase, no accents, singular) with the occupation's
French and English titles and common aliases; a query is folded the same way and each
of its words must start a word of that text (LIKE ' word%' per word).
"""

import csv
import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from sqlalchemy import event, func, or_, select
from sqlalchemy.orm import joinedload

from matcher import clock
from matcher.extensions import db
from matcher.models import Occupation, Posting, Site
from matcher.ranking.text import singular, strip_accents
from matcher.reference_data import SEED_DIR

PAGE_SIZE = 20
MAX_QUERY_WORDS = 8
SEARCH_TEXT_MAX = 8000  # Posting.search_text's length
MAX_WORD = 40  # longer "words" are not searched for
_NON_WORD = re.compile(r"[\W_]+")


def fold_words(text: str) -> str:
    """Return text as folded words: lowercase, accent-free, singular, single spaces."""
    return " ".join(singular(_NON_WORD.sub(" ", strip_accents(text or ""))).split())


@cache
def _aliases() -> dict[str, str]:
    with open(SEED_DIR / "occupation_aliases.csv", encoding="utf-8", newline="") as handle:
        aliases: dict[str, list[str]] = {}
        for row in csv.DictReader(handle):
            aliases.setdefault(row["noc_code"], []).append(row["alias"])
    return {code: " ".join(names) for code, names in aliases.items()}


def occupation_words(occupation: Occupation) -> str:
    """Return the folded words that name an occupation in French and English."""
    return fold_words(" ".join([occupation.title_fr, occupation.title_en,
                                _aliases().get(occupation.noc_code, "")]))


def posting_search_text(title: str, description: str, occupation_text: str) -> str:
    """Return the search text stored on a posting: each folded word once, each after a space
    (so that ' word%' matches words from their start), within the column's length."""
    words = " ".join([fold_words(title), occupation_text, fold_words(description)]).split()
    text = " " + " ".join(w for w in dict.fromkeys(words) if len(w) <= MAX_WORD)
    # Folding can lengthen text ("œ" -> "oe"): cut at a word if it outgrows the column.
    return text if len(text) <= SEARCH_TEXT_MAX else text[:SEARCH_TEXT_MAX].rsplit(" ", 1)[0]


@event.listens_for(Posting, "before_insert")
@event.listens_for(Posting, "before_update")
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
    """Recompute every posting's search text (after a schema or folding change); return how
    many changed. The listener above keeps it current from then on."""
    occupations = {o.noc_code: occupation_words(o) for o in db.session.scalars(select(Occupation))}
    changed = 0
    for posting in db.session.scalars(select(Posting)):
        text = posting_search_text(posting.title, posting.description,
                                   occupations.get(posting.noc_code, ""))
        if posting.search_text != text:
            posting.search_text = text
            changed += 1
    db.session.flush()
    return changed


def query_words(text: str) -> list[str]:
    """Return the distinct folded words of a search query (at most a few)."""
    words = []
    for word in fold_words(text).split():
        if word not in words:
            words.append(word)
    return words[:MAX_QUERY_WORDS]


def _like_prefix(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"% {escaped}%"


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
class BoardPage:
    """One page of the board; shaped like Flask-SQLAlchemy's Pagination for the macro."""

    postings: list
    total: int
    page: int
    pages: int

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


def _board_query(words, region, family, shift, employment_type, *, scan: bool):
    query = public_postings(scan=scan)
    for word in words:
        query = query.where(Posting.search_text.like(_like_prefix(word), escape="\\"))
    if region:
        query = query.where(Posting.site_id.in_(
            select(Site.id).where(Site.region_code == region)))
    if family:
        query = query.where(Posting.noc_code.in_(
            select(Occupation.noc_code).where(Occupation.role_family == family)))
    if shift in SHIFT_COLUMNS:
        query = query.where(SHIFT_COLUMNS[shift].is_(True))
    if employment_type:
        query = query.where(Posting.employment_type == employment_type)
    return query


def search_board(*, words=(), region=None, family=None, shift=None, employment_type=None,
                 sort="newest", page=1) -> BoardPage:
    """Return one page of open postings matching the words and filters.

    Without words or filters, indexes give the count and the first pages. Otherwise (and
    for deep pages) every open posting is read once: that one pass returns the ids of all
    matches in order, which gives both the count and the page's ids.
    """
    if sort == "start":
        # No start date means "as soon as possible": those come first.
        order = (Posting.start_date.asc().nulls_first(), Posting.id)
    else:
        order = (Posting.published_at.desc(), Posting.id.desc())
    filters = (words, region, family, shift, employment_type)
    one_pass = any(filters)
    ids = _ordered_ids(filters, order) if one_pass else None
    total = len(ids) if one_pass else db.session.scalar(select(func.count()).select_from(
        _board_query(*filters, scan=False).with_only_columns(Posting.id).subquery()))
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, page), pages)
    start = (page - 1) * PAGE_SIZE
    if ids is None and start >= DEEP_OFFSET:
        ids = _ordered_ids(filters, order)
    if ids is not None:
        query = select(Posting).where(Posting.id.in_(ids[start:start + PAGE_SIZE]))
    else:
        query = _board_query(*filters, scan=False).limit(PAGE_SIZE).offset(start)
    rows = db.session.scalars(
        query.options(joinedload(Posting.site).joinedload(Site.region),
                      joinedload(Posting.employer), joinedload(Posting.occupation))
        .order_by(*order)).unique().all() if total else []
    return BoardPage(postings=list(rows), total=total, page=page, pages=pages)


# Skipping this many postings along an index costs more than reading them all once.
DEEP_OFFSET = 400


def _ordered_ids(filters, order) -> list[int]:
    """Return the ids of every matching open posting, in order, in one pass over the table."""
    query = _board_query(*filters, scan=True).with_only_columns(Posting.id).order_by(*order)
    # Core rows, not ORM ones: thousands of ids may come back.
    return db.session.connection().execute(query).scalars().all()
