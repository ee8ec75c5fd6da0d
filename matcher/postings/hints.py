"""What the board says about a search: what it understood, and what to try when nothing matched."""

from dataclasses import dataclass, replace

from flask import url_for
from flask_babel import gettext as _

from matcher.extensions import db
from matcher.models import Occupation
from matcher.postings import labels, search
from matcher.postings.query import BoardQuery, Word
from matcher.ranking.occupations import default_catalog

MAX_SINGLE_WORDS = 4  # "search only ..." links, at most (each counts the postings once)
SUGGESTION_LIMIT = 5
SUGGESTION_SCORE = 60.0


@dataclass(frozen=True)
class Hint:
    """A search to try instead, with how many postings it finds."""

    label: str
    url: str
    count: int


def occupation_name(code: str) -> str:
    """Return an occupation's everyday name in the page's language (its NOC title if none)."""
    occupation = db.session.get(Occupation, code)
    return labels.occupation_label(occupation) if occupation is not None else code


def understood(terms: BoardQuery) -> dict[str, list[str]]:
    """Return the occupations and places a query was read as, to show under the results."""
    names = [occupation_name(term.codes[0]) for term in terms.occupations]
    return {"occupations": list(dict.fromkeys(names)),
            "places": [place.name for place in terms.places]}


def _board_url(filters: search.BoardFilters, **params) -> str:
    values = {key: value for key, value in vars(filters).items() if value}
    return url_for("postings.board", **values, **params)


def no_result_hints(text: str, filters: search.BoardFilters, terms: BoardQuery) -> list[Hint]:
    """Return searches that find something, for a search that found nothing."""
    hints = []
    if filters and terms:
        count = search.count_postings(terms, search.BoardFilters())
        if count:
            hints.append(Hint(_("« %(query)s » without the filters", query=text),
                              url_for("postings.board", q=text), count))
    parts = [*terms.words, *terms.occupations]
    if len(parts) + len(terms.places) > 1:
        for part in parts[:MAX_SINGLE_WORDS]:
            single = (BoardQuery(words=(part,)) if isinstance(part, Word)
                      else BoardQuery(occupations=(part,)))
            count = search.count_postings(single, filters)
            if count:
                hints.append(Hint(_("only « %(words)s »", words=part.text),
                                  _board_url(filters, q=part.text), count))
    return hints + _occupation_hints(text, filters)


def _occupation_hints(text: str, filters: search.BoardFilters) -> list[Hint]:
    """Suggest the occupations whose titles resemble the query and that have open postings."""
    codes = [s.noc_code for s in default_catalog().suggest(text, limit=SUGGESTION_LIMIT)
             if s.score >= SUGGESTION_SCORE]
    if not codes:
        return []
    counts = search.count_by_occupation(codes, replace(filters, occupation=None))
    return [Hint(occupation_name(code), _board_url(replace(filters, occupation=code)),
                 counts[code]) for code in codes if counts.get(code)]
