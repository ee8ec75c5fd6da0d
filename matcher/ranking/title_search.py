"""Fuzzy search of indexed job titles, scored per occupation.

An occupation's score (0-100) blends two kinds of evidence:

* title match (weight 0.7): the best of its titles against the query. A character-trigram
  TF-IDF cosine over every indexed title (robust to typos, word order and missing accents)
  shortlists `SHORTLIST` titles, which rapidfuzz rescores: the mean of `token_sort_ratio`
  (spelling, order-free) and `token_set_ratio` (tolerates extra qualifiers);
* word coverage (weight 0.3): the share of the query's information, each word weighted by
  its rarity across occupations (IDF), found among the words of *all* the occupation's
  titles, a typo of one letter counting 0.8. This lets "prepose aux autopsies" find the
  occupation whose other titles say "autopsie" even when no single title is close.

An exact title scores 100 on both.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence

import numpy as np
from rapidfuzz import fuzz, process
from scipy import sparse

from .text import STOP_WORDS

SHORTLIST = 40
TITLE_WEIGHT = 0.7
TYPO_CREDIT = 0.8


def _grams(word: str) -> set[str]:
    padded = f" {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))} | {word}


def _content_words(key: str) -> list[str]:
    return [word for word in key.split() if len(word) > 1 and word not in STOP_WORDS]


class TitleSearch:
    """Indexed title keys, each owned by one or more occupation codes."""

    def __init__(self, keys: Sequence[str], owners: Sequence[Sequence[str]]):
        self.keys = list(keys)
        self.owners = [tuple(codes) for codes in owners]
        self._build_trigrams()
        self._build_words()

    def _build_trigrams(self) -> None:
        gram_ids: dict[str, int] = {}
        word_grams: dict[str, frozenset[int]] = {}
        lengths: list[int] = []
        cols: list[int] = []
        for key in self.keys:
            grams: set[int] = set()
            for word in key.split():
                ids = word_grams.get(word)
                if ids is None:
                    ids = frozenset(gram_ids.setdefault(g, len(gram_ids)) for g in _grams(word))
                    word_grams[word] = ids
                grams.update(ids)
            cols.extend(grams)
            lengths.append(len(grams))
        rows = np.repeat(np.arange(len(self.keys), dtype=np.int32), lengths)
        col_arr = np.asarray(cols, dtype=np.int32)
        df = np.bincount(col_arr, minlength=len(gram_ids))
        self._gram_idf = np.log((1 + len(self.keys)) / (1 + df)) + 1.0
        norms = np.sqrt(np.bincount(rows, self._gram_idf[col_arr] ** 2, minlength=len(self.keys)))
        by_gram = sparse.csr_matrix(
            (np.ones(len(col_arr), dtype=np.int8), (col_arr, rows)),
            shape=(len(gram_ids), len(self.keys)),
        )
        self._gram_ids = gram_ids
        self._gram_rows = by_gram.indices
        self._gram_indptr = by_gram.indptr
        self._key_norms = np.maximum(norms, 1e-12)

    def _build_words(self) -> None:
        words_of: dict[str, set[str]] = defaultdict(set)
        for key, codes in zip(self.keys, self.owners, strict=True):
            for code in codes:
                words_of[code].update(key.split())
        occupations: dict[str, list[str]] = defaultdict(list)
        self.words_by_code = {
            code: frozenset(w for w in words_of[code] if len(w) > 1 and w not in STOP_WORDS)
            for code in sorted(words_of)
        }
        for code, words in self.words_by_code.items():
            for word in words:
                occupations[word].append(code)
        count = len(words_of) or 1
        self._word_codes = {word: tuple(codes) for word, codes in occupations.items()}
        self._word_idf = {word: math.log(count / len(c)) for word, c in occupations.items()}
        self._unknown_idf = math.log(count) if count > 1 else 1.0
        deletions: dict[str, list[str]] = {}
        for word in occupations:
            if len(word) >= 4:
                for i in range(len(word)):
                    deletions.setdefault(word[:i] + word[i + 1 :], []).append(word)
                deletions.setdefault(word, []).append(word)
        self._deletions = deletions

    def shortlist(self, query: str) -> np.ndarray:
        """Return the rows of the titles with the best trigram cosine to `query`."""
        grams = [self._gram_ids[g] for w in query.split() for g in _grams(w) if g in self._gram_ids]
        grams = sorted(set(grams))
        if not grams:
            return np.empty(0, dtype=np.int64)
        starts = self._gram_indptr[grams]
        ends = self._gram_indptr[np.asarray(grams) + 1]
        rows = np.concatenate([self._gram_rows[a:b] for a, b in zip(starts, ends, strict=True)])
        weights = np.repeat(self._gram_idf[grams] ** 2, ends - starts)
        scores = np.bincount(rows, weights=weights, minlength=len(self.keys)) / self._key_norms
        if len(scores) > SHORTLIST:
            return np.argpartition(-scores, SHORTLIST)[:SHORTLIST]
        return np.arange(len(scores))

    def title_scores(self, query: str) -> dict[str, tuple[float, int]]:
        """Return {code: (best title score 0-100, row of that title)} over the shortlist."""
        rows = self.shortlist(query)
        if len(rows) == 0:
            return {}
        choices = [self.keys[row] for row in rows]
        by_sort = process.cdist([query], choices, scorer=fuzz.token_sort_ratio, dtype=np.float64)
        by_set = process.cdist([query], choices, scorer=fuzz.token_set_ratio, dtype=np.float64)
        best: dict[str, tuple[float, int]] = {}
        for row, score in zip(rows.tolist(), ((by_sort[0] + by_set[0]) / 2).tolist(), strict=True):
            for code in self.owners[row]:
                if code not in best or (score, -row) > (best[code][0], -best[code][1]):
                    best[code] = (score, row)
        return best

    def _matches(self, word: str) -> dict[str, float]:
        if word in self._word_codes:
            return {word: 1.0}
        if len(word) < 4:
            return {}
        found = set()
        for variant in _deletions(word):
            found.update(self._deletions.get(variant, ()))
        return dict.fromkeys(sorted(found), TYPO_CREDIT)

    def coverage(self, query: str) -> dict[str, float]:
        """Return {code: share (0-1) of the query's IDF-weighted words its titles contain}."""
        total = 0.0
        found: dict[str, float] = defaultdict(float)
        for word in _content_words(query):
            matches = self._matches(word)
            total += max((self._word_idf[m] for m in matches), default=self._unknown_idf)
            best: dict[str, float] = {}
            for match, credit in matches.items():
                value = credit * self._word_idf[match]
                for code in self._word_codes[match]:
                    if value > best.get(code, 0.0):
                        best[code] = value
            for code, value in best.items():
                found[code] += value
        return {code: value / total for code, value in found.items()} if total > 0 else {}

    def scores(self, query: str) -> dict[str, tuple[float, int | None]]:
        """Return {code: (score 0-100, row of its best title or None)} for matching codes."""
        titles = self.title_scores(query)
        coverage = self.coverage(query)
        result = {}
        for code in titles.keys() | coverage.keys():
            title, row = titles.get(code, (0.0, None))
            blended = TITLE_WEIGHT * title + (1 - TITLE_WEIGHT) * 100 * coverage.get(code, 0.0)
            result[code] = (min(100.0, blended), row)
        return result
