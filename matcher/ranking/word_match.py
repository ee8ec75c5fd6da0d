"""Near spellings of a word in a fixed vocabulary: typos, and the same stem in FR or EN.

A typed word is matched to the vocabulary words whose `fuzz.ratio` to it is at least
`CUTOFF` ("readaptaiton" -> "readaptation", "therapie" -> "therapy", "therapist",
"hospital" -> "hopital"), each with a credit of (ratio / 100) ** 2; a word of the vocabulary
matches itself with credit 1. Candidates come from a character-trigram index, so a lookup
costs a few posting lists and one small rapidfuzz call rather than a scan of the vocabulary.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from rapidfuzz import fuzz, process
from scipy import sparse

CUTOFF = 75.0
MIN_LENGTH = 4  # shorter words only match themselves: "en" is not a typo of "an"
CANDIDATES = 64
MAX_MATCHES = 12
_CACHE_LIMIT = 8192

Matches = tuple[tuple[str, float], ...]


def grams(word: str) -> set[str]:
    """Return the character trigrams of a word padded with one space on each side."""
    padded = f" {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def gram_matrix(words: Sequence[str]) -> tuple[sparse.csr_matrix, dict[str, int]]:
    """Return the binary words x trigrams matrix of `words` and the trigram ids."""
    gram_ids: dict[str, int] = {}
    cols: list[int] = []
    lengths: list[int] = []
    for word in words:
        ids = {gram_ids.setdefault(g, len(gram_ids)) for g in grams(word)}
        cols.extend(ids)
        lengths.append(len(ids))
    indptr = np.concatenate(([0], np.cumsum(lengths, dtype=np.int64)))
    data = np.ones(len(cols), dtype=np.int8)
    matrix = sparse.csr_matrix(
        (data, np.asarray(cols, dtype=np.int32), indptr), shape=(len(words), len(gram_ids))
    )
    return matrix, gram_ids


class WordMatcher:
    """A vocabulary with a trigram index for near-spelling lookups."""

    def __init__(self, words: Sequence[str], matrix: sparse.csr_matrix, gram_ids: dict[str, int]):
        """Index a vocabulary.

        Args:
            words: the vocabulary, without repeats.
            matrix: its binary words x trigrams matrix (see `gram_matrix`).
            gram_ids: the column of each trigram in `matrix`.
        """
        self.words = list(words)
        self.index = {word: i for i, word in enumerate(self.words)}
        by_gram = matrix.T.tocsr()
        self._postings = by_gram.indices
        self._starts = by_gram.indptr
        self._gram_ids = gram_ids
        self._cache: dict[str, Matches] = {}

    def matches(self, word: str) -> Matches:
        """Return (vocabulary word, credit 0-1) pairs for `word`, best first, ties by word."""
        cached = self._cache.get(word)
        if cached is None:
            cached = self._lookup(word)
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            self._cache[word] = cached
        return cached

    def _lookup(self, word: str) -> Matches:
        own = self.index.get(word)
        exact = ((word, 1.0),) if own is not None else ()
        if len(word) < MIN_LENGTH:
            return exact
        ids = sorted({self._gram_ids.get(g) for g in grams(word)} - {None})
        if not ids:
            return exact
        lists = [self._postings[self._starts[g] : self._starts[g + 1]] for g in ids]
        shared = np.bincount(np.concatenate(lists), minlength=len(self.words))
        if own is not None:
            shared[own] = 0
        count = min(CANDIDATES, int(np.count_nonzero(shared)))
        if count == 0:
            return exact
        top = np.argpartition(-shared, count - 1)[:count]
        top = top[shared[top] >= max(2, len(ids) // 3)]
        choices = [self.words[i] for i in sorted(top.tolist())]
        found = process.extract(
            word, choices, scorer=fuzz.ratio, processor=None, score_cutoff=CUTOFF, limit=None
        )
        near = sorted((-score, choice) for choice, score, _ in found)[: MAX_MATCHES - len(exact)]
        return exact + tuple((choice, (score / 100) ** 2) for score, choice in near)
