"""What both index queries share: bounds, memoised costly components, final scores.

A query first computes, for every item that passes the hard rules, the four cheap
components ("fixed") and whether the occupation matches; the two costly ones, title
similarity to the free posting title and the text dot product, are computed on demand for
the positions `topk.top_positions` asks for, once each.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from functools import lru_cache

import numpy as np

from . import score as sc
from .config import RankingConfig
from .store import RowStore
from .textmodel import Vector
from .vocab import Vocab


def occupation_tenths(
    matched: np.ndarray, similarity: np.ndarray, config: RankingConfig
) -> np.ndarray:
    """Return the occupation points, in tenths, as `score.occupation_values` then `tenths`.

    Similarities are whole numbers from 0 to 100: the points of each are computed once
    per configuration.
    """
    top = max(100, int(similarity.max(initial=0)))
    points = _occupation_table(config, top)[np.maximum(similarity, 0)]
    points[matched] = ceilings(config)[0]
    return points


@lru_cache(maxsize=64)
def _occupation_table(config: RankingConfig, top: int) -> np.ndarray:
    """Return the occupation points, in tenths, of every similarity from 0 to `top`
    without a matching NOC (read-only: shared by every query)."""
    table = sc.tenths(
        sc.occupation_values(np.zeros(top + 1, dtype=np.bool_), np.arange(top + 1), config),
        config.weights[0],
    )
    table.flags.writeable = False
    return table


@lru_cache(maxsize=64)
def ceilings(config: RankingConfig) -> tuple[int, ...]:
    """Return the most points, in tenths, of each component (in COMPONENT_CODES order)."""
    return tuple(int(sc.tenths(np.ones(1), weight)[0]) for weight in config.weights)


class RankQuery(ABC):
    """Base of CandidateIndex and PostingIndex queries."""

    config: RankingConfig
    store: RowStore
    terms: Vocab
    query_text: Vector
    rows: np.ndarray
    matched: np.ndarray
    noc_similarity: np.ndarray
    fixed: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]
    occupation_exact = False  # True: `noc_similarity` is the full title similarity

    def _set_bounds(self, base: np.ndarray | None = None) -> None:
        """Set base (cheap points), lower and upper bounds of every total, in tenths.

        Args:
            base: the cheap points when the subclass computed them (else from `fixed`).
        """
        if base is None:
            weights = self.config.weights
            cheap_weights = (weights[1], weights[3], weights[4], weights[5])
            base = sum(
                sc.tenths(values, weight)
                for values, weight in zip(self.fixed, cheap_weights, strict=True)
            )
        self.base = base
        most = ceilings(self.config)
        self.lower = self.base + occupation_tenths(self.matched, self.noc_similarity, self.config)
        if self.occupation_exact:
            self.upper = self.lower + most[2]
        else:
            self.upper = self.base + (most[0] + most[2])
        self._vector: np.ndarray | None = None
        self._similarity_memo = np.full(len(self.rows), -1, dtype=np.int16)
        self._dot_memo = np.full(len(self.rows), -1, dtype=np.int64)

    def _dense_query(self) -> np.ndarray:
        """Return the query's text vector as a dense array over the index's terms."""
        vector = np.zeros(len(self.terms), dtype=np.int64)
        for term, weight in self.query_text.items():
            term_id = self.terms.get(term)
            if term_id is not None:
                vector[term_id] = weight
        return vector

    def _fixed_at(self, positions: np.ndarray) -> tuple[np.ndarray, ...]:
        """Return the four cheap components' values at `positions`."""
        return tuple(values[positions] for values in self.fixed)

    @abstractmethod
    def _similarity(self, positions: np.ndarray) -> np.ndarray:
        """Return the best title similarity of `positions`, the free title included."""

    def _dots(self, positions: np.ndarray) -> np.ndarray:
        """Return the exact integer dot products of the query and the items at `positions`."""
        if self._vector is None:
            self._vector = self._dense_query()
        store = self.store
        terms, weights = store.items("text", "term"), store.items("text", "weight")
        return store.row_sums("text", terms, weights, self.rows[positions], self._vector)

    def _costly(self, positions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return (similarity, dot) of `positions`, computing each position once."""
        missing = positions[self._dot_memo[positions] < 0]
        if len(missing):
            self._similarity_memo[missing] = self._similarity(missing)
            self._dot_memo[missing] = self._dots(missing)
        return self._similarity_memo[positions], self._dot_memo[positions]

    def exact_totals(self, positions: np.ndarray) -> np.ndarray:
        """Return the exact totals, in tenths, of the items at `positions`."""
        similarity, dots = self._costly(positions)
        weights = self.config.weights
        text = sc.tenths(sc.text_values(dots), weights[2])
        if self.occupation_exact:  # the lower bound holds every component but the text
            return self.lower[positions] + text
        occupation = sc.occupation_values(self.matched[positions], similarity, self.config)
        return self.base[positions] + sc.tenths(occupation, weights[0]) + text

    def scores(self, positions: np.ndarray) -> sc.Scores:
        """Return every component's value and points for the items at `positions`."""
        similarity, dots = self._costly(positions)
        experience, french, logistics, certifications = self._fixed_at(positions)
        occupation = sc.occupation_values(self.matched[positions], similarity, self.config)
        text = sc.text_values(dots)
        return sc.score(
            (occupation, experience, text, french, logistics, certifications), self.config
        )
