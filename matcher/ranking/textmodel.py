"""Text similarity: TF-IDF cosine with an IDF fitted on a fixed corpus, in exact integers.

Design: the IDF comes from the NOC catalog (one document per unit group: the words of its
official titles, example titles and aliases, French and English, both gender forms), never
from the candidates or postings being ranked.
A score therefore depends only on the pair, so `evaluate()` and the indexes agree, and
adding a candidate never moves anyone else's score. Words absent from the catalog (most
of a job description's vocabulary) get the largest IDF, as a word seen in no document would.

Vectors use sublinear term frequency (1 + ln tf), are L2-normalised, then quantised to
integers (weight * 32767, rounded). Cosine is the integer dot product / 32767**2, exact and
independent of summation order, so the vectorised index and the scalar path cannot drift
apart through floating-point rounding. Quantisation changes a cosine by < 1e-4.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping

from .text import tokens

SCALE = 32767
SCALE_SQUARED = SCALE * SCALE
_CACHE_LIMIT = 16384

Vector = dict[str, int]


class TextModel:
    """A frozen IDF table and the vectoriser that uses it."""

    def __init__(self, idf: Mapping[str, float], unseen_idf: float):
        self._idf = dict(idf)
        self._unseen_idf = unseen_idf
        self._cache: dict[str, Vector] = {}

    @classmethod
    def fit(cls, documents: Iterable[Iterable[str]]) -> TextModel:
        """Fit a smoothed IDF on documents given as their folded terms (see `text.tokens`)."""
        df: Counter[str] = Counter()
        count = 0
        for terms in documents:
            count += 1
            df.update(set(terms))
        idf = {term: math.log((1 + count) / (1 + n)) + 1.0 for term, n in df.items()}
        return cls(idf, math.log(1 + count) + 1.0)

    def idf(self, term: str) -> float:
        """Return the IDF of a folded term (the largest IDF for an unseen term)."""
        return self._idf.get(term, self._unseen_idf)

    def vectorize(self, text: str) -> Vector:
        """Return the quantised, L2-normalised TF-IDF vector of `text` (term -> weight)."""
        cached = self._cache.get(text)
        if cached is not None:
            return cached
        counts = Counter(tokens(text))
        idf, unseen, log = self._idf.get, self._unseen_idf, math.log
        weights = {  # 1 + ln(1) == 1.0 exactly: most terms appear once
            term: idf(term, unseen) if n == 1 else (1.0 + log(n)) * idf(term, unseen)
            for term, n in counts.items()
        }
        squares = 0.0  # added in order, as the index's bulk build does (no compensated sum)
        for value in weights.values():
            squares += value * value
        norm = math.sqrt(squares)
        vector: Vector = {}
        if norm > 0:
            vector = {
                term: q
                for term in sorted(weights)
                if (q := round(weights[term] / norm * SCALE)) > 0
            }
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache.clear()
        self._cache[text] = vector
        return vector


def dot(a: Vector, b: Vector) -> int:
    """Return the exact integer dot product of two quantised vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(weight * b[term] for term, weight in a.items() if term in b)
