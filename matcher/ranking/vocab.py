"""Small growing vocabularies and lazily filled similarity tables used by the indexes."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence

import numpy as np

UNKNOWN = -1  # similarity not computed yet


class Vocab:
    """Map strings to dense ids, in order of first appearance."""

    def __init__(self, limit: int | None = None, what: str = "values"):
        self.ids: dict[str, int] = {}
        self.keys: list[str] = []
        self._limit = limit
        self._what = what

    def __len__(self) -> int:
        return len(self.keys)

    def add(self, key: str) -> int:
        """Return the id of `key`, adding it when new."""
        found = self.ids.get(key)
        if found is not None:
            return found
        if self._limit is not None and len(self.keys) >= self._limit:
            raise ValueError(f"more than {self._limit} distinct {self._what}")
        self.ids[key] = len(self.keys)
        self.keys.append(key)
        return len(self.keys) - 1

    def add_all(self, keys: list[str]) -> list[int]:
        """Return the ids of `keys` in order, adding the new ones in order of appearance."""
        ids = self.ids
        for key in dict.fromkeys(keys):
            if key not in ids:
                self.add(key)
        return list(map(ids.__getitem__, keys))

    def get(self, key: str) -> int | None:
        """Return the id of `key`, or None when unknown."""
        return self.ids.get(key)

    def mask(self, keys: Iterable[str]) -> int:
        """Return the bitmask of `keys`, adding the new ones."""
        bits = 0
        for key in keys:
            bits |= 1 << self.add(key)
        return bits

    def known_mask(self, keys: Iterable[str]) -> tuple[int, int]:
        """Return (bitmask of the known keys, number of unknown keys) without adding any."""
        bits, unknown = 0, 0
        for key in keys:
            found = self.ids.get(key)
            if found is None:
                unknown += 1
            else:
                bits |= 1 << found
        return bits, unknown


class SimilarityTable:
    """Scores of every vocabulary title against fixed references, computed on demand.

    `values` has one more slot than the vocabulary, always 0: the -1 padding of inline
    title columns reads it.
    """

    def __init__(self, score: Callable[[Sequence[str]], np.ndarray]):
        self._score = score
        self.values = np.zeros(1, dtype=np.int16)

    def lookup(self, title_ids: np.ndarray, titles: Vocab) -> np.ndarray:
        """Return the scores of `title_ids`, computing the ones never seen before."""
        return self.lookup_all([title_ids], titles)[0]

    def lookup_all(self, id_arrays: list[np.ndarray], titles: Vocab) -> list[np.ndarray]:
        """Return the scores of each array of title ids (-1: no title, scores 0)."""
        if len(self.values) <= len(titles):
            grown = np.full(len(titles) + 1, UNKNOWN, dtype=np.int16)
            grown[: len(self.values) - 1] = self.values[:-1]
            grown[-1] = 0
            self.values = grown
        values = self.values
        found = [values[ids] for ids in id_arrays]
        if min(f.min(initial=0) for f in found) == UNKNOWN:
            missing = np.unique(
                np.concatenate([ids[f == UNKNOWN] for ids, f in zip(id_arrays, found, strict=True)])
            )
            values[missing] = self._score([titles.keys[i] for i in missing.tolist()])
            found = [values[ids] for ids in id_arrays]
        return found


class TableCache:
    """A bounded LRU of similarity tables keyed by reference (a NOC code or a title)."""

    def __init__(self, make: Callable[[str], SimilarityTable], size: int):
        self._make = make
        self._size = size
        self._tables: OrderedDict[str, SimilarityTable] = OrderedDict()

    def get(self, key: str) -> SimilarityTable:
        """Return the table for `key`, creating it (and evicting the oldest) if needed."""
        table = self._tables.get(key)
        if table is None:
            table = self._make(key)
            self._tables[key] = table
            if len(self._tables) > self._size:
                self._tables.popitem(last=False)
        else:
            self._tables.move_to_end(key)
        return table

    @property
    def nbytes(self) -> int:
        """Return the bytes held by the cached tables."""
        return sum(table.values.nbytes for table in self._tables.values())
