"""What CandidateIndex and PostingIndex share: rows kept in a RowStore, replaced by id."""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod

from .bitsets import RuleBits


class RowIndex(ABC):
    """Rows keyed by id in `self._store`; an update tombstones the old row and appends."""

    def __init__(self, compact_ratio: float):
        self._compact_ratio = compact_ratio
        self._lock = threading.RLock()
        self._bits = RuleBits()  # packed bits of hard rules, per rule value

    def __len__(self) -> int:
        return self._store.size - self._store.dead

    @property
    def nbytes(self) -> int:
        """Return the bytes held by the index's arrays (columns, lists, caches)."""
        held = self._store.nbytes + self._noc_tables.nbytes + self._title_tables.nbytes
        return held + self._bits.nbytes

    @abstractmethod
    def _append(self, batch: list) -> None:
        """Lay out compiled items in the store's columns (each index has its own)."""

    def _replace(self, item_id: int, features) -> None:
        """Store compiled features under an id, hiding any previous row of that id."""
        with self._lock:
            row = self._store.row_of(item_id)
            if row is not None:
                self._store.kill(row)
            self._append([features])
            self._maybe_compact()

    def _remove(self, item_id: int) -> bool:
        with self._lock:
            row = self._store.row_of(item_id)
            if row is None:
                return False
            self._store.kill(row)
            self._maybe_compact()
            return True

    def _maybe_compact(self) -> None:
        store = self._store
        if store.dead > 64 and store.dead > self._compact_ratio * store.size:
            store.compact()
