"""What a job-board search asks for: places, occupations and words.

A query is folded into words (`words.fold_words`), then read in three passes:
1. place names (`places.Gazetteer`): "montreal", "levis", "capitale nationale";
2. occupations: the longest runs of words (up to MAX_SPAN) that the occupation catalog
   recognizes with certainty (a suggestion scoring STRONG_SCORE or more: "PAB", "nurse
   aide", "cook", "plongeur", with the catalog's aliases and French-English glossary);
3. the other words, each with its forms (`words.word_forms`); stop words are dropped.
"""

from dataclasses import dataclass, field
from functools import lru_cache

from matcher.postings.places import Gazetteer, Place
from matcher.postings.words import fold_words, is_stop_word, word_forms
from matcher.ranking.occupations import default_catalog

MAX_QUERY_WORDS = 8
MAX_WORD = 40  # longer "words" are not searched for
MAX_SPAN = 4
STRONG_SCORE = 95.0
SUGGESTION_LIMIT = 3
SUGGEST_BUDGET = 12  # catalog look-ups per query, at most (each takes 1 to 3 ms)


@dataclass(frozen=True)
class Word:
    """A query word and the prefixes that find it in a posting's words."""

    text: str
    forms: tuple[str, ...]


@dataclass(frozen=True)
class OccupationTerm:
    """Words that name an occupation: postings of these NOC codes match them, best first."""

    words: tuple[Word, ...]
    codes: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(word.text for word in self.words)


@dataclass(frozen=True)
class BoardQuery:
    """A search understood: every part must match (a place: any of them)."""

    words: tuple[Word, ...] = ()
    occupations: tuple[OccupationTerm, ...] = ()
    places: tuple[Place, ...] = ()
    city_sites: tuple[int, ...] = field(default=())  # sites in the cities named

    def __bool__(self) -> bool:
        return bool(self.words or self.occupations or self.places)

    @property
    def regions(self) -> frozenset[str]:
        return frozenset().union(*(place.regions for place in self.places))


def query_words(text: str) -> list[str]:
    """Return the distinct folded words of a search query (at most a few)."""
    words: list[str] = []
    for word in fold_words(text).split():
        if word not in words and len(word) <= MAX_WORD:
            words.append(word)
    return words[:MAX_QUERY_WORDS]


@lru_cache(maxsize=4096)
def occupation_codes(text: str) -> tuple[str, ...]:
    """Return the NOC codes the catalog is sure folded words name (empty if unsure)."""
    suggestions = default_catalog().suggest(text, limit=SUGGESTION_LIMIT)
    return tuple(s.noc_code for s in suggestions if s.score >= STRONG_SCORE)


def _word(text: str) -> Word:
    return Word(text, word_forms(text))


def _occupations(words: list[str]) -> tuple[list[OccupationTerm], list[str]]:
    """Find the longest runs of words that name an occupation; return them and the rest."""
    taken: dict[int, OccupationTerm] = {}  # first index of a run -> its term
    covered: set[int] = set()
    budget = SUGGEST_BUDGET
    for width in range(min(MAX_SPAN, len(words)), 0, -1):
        for start in range(len(words) - width + 1):
            span = range(start, start + width)
            if budget == 0 or covered & set(span) or all(is_stop_word(words[i]) for i in span):
                continue
            budget -= 1
            codes = occupation_codes(" ".join(words[i] for i in span))
            if codes:
                taken[start] = OccupationTerm(
                    tuple(_word(words[i]) for i in span if not is_stop_word(words[i])), codes)
                covered.update(span)
    rest = [word for index, word in enumerate(words) if index not in covered]
    return [taken[start] for start in sorted(taken)], rest


def parse(text: str, gazetteer: Gazetteer) -> BoardQuery:
    """Read a search query into places, occupations and words."""
    places, rest = gazetteer.find(query_words(text))
    occupations, rest = _occupations(rest)
    content = [word for word in rest if not is_stop_word(word)]
    if not content and not occupations and not places:
        content = rest  # a query of stop words only ("les") still searches for them
    city_sites = sorted({site for place in places if place.city
                         for site in gazetteer.sites_in(place.city)})
    return BoardQuery(words=tuple(_word(word) for word in content),
                      occupations=tuple(occupations), places=tuple(places),
                      city_sites=tuple(city_sites))
