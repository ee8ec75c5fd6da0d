"""Append-only columnar storage with tombstones, for the ranking indexes.

Rows are appended at the end (the "delta" tail after the last build or compaction) and
deleted by tombstone; `compact()` drops dead rows with whole-array operations once they
are a large enough share, so an update never rebuilds anything per row in Python. Each
row has fixed-width columns and ragged lists (CSR: an indptr plus parallel value arrays).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from scipy import sparse

_GROWTH = 1.25
_MIN_SLACK = 64
_REINDEX_RECENT = 4096
_SPARSE_FROM = 12_000  # list items (expected) from which `row_sums` goes through a sparse matrix
_MAX_ITEMS = 2**31 - 1  # list pointers are int32: what scipy's sparse matrices take as is


class Growable:
    """A 1-D numpy array with spare capacity for cheap appends."""

    __slots__ = ("data", "size")

    def __init__(self, dtype: np.dtype | type, values: Sequence | np.ndarray = ()):
        self.data = np.asarray(values, dtype=dtype)
        self.size = len(self.data)

    def extend(self, values: Sequence | np.ndarray) -> None:
        """Append values, growing the buffer by 25 % when it is full."""
        values = np.asarray(values, dtype=self.data.dtype)
        needed = self.size + len(values)
        if needed > len(self.data):
            grown = np.empty(
                max(needed, int(len(self.data) * _GROWTH) + _MIN_SLACK), self.data.dtype
            )
            grown[: self.size] = self.data[: self.size]
            self.data = grown
        self.data[self.size : needed] = values
        self.size = needed

    def view(self) -> np.ndarray:
        """Return the filled part (a view, not a copy)."""
        return self.data[: self.size]

    def reset(self, values: np.ndarray) -> None:
        """Replace the contents (used by compaction)."""
        self.data = np.ascontiguousarray(values, dtype=self.data.dtype)
        self.size = len(self.data)


def ragged_flat(indptr: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return (flat, bounds): the index of every list item of `rows`, row after row, and
    where each row's items lie in `flat` (row i's are `flat[bounds[i]:bounds[i + 1]]`)."""
    starts = indptr.take(rows)
    lengths = indptr.take(rows + 1) - starts
    bounds = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum(lengths, out=bounds[1:])
    flat = np.repeat(starts - bounds[:-1], lengths)
    flat += np.arange(len(flat))
    return flat, bounds


def ragged_positions(indptr: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return (owner, flat): for every list item of `rows`, its position in `rows` and index."""
    flat, bounds = ragged_flat(indptr, rows)
    return np.repeat(np.arange(len(rows)), np.diff(bounds)), flat


class RowStore:
    """Rows of fixed-width columns and ragged lists, addressed by row number or by id.

    A ragged group can also keep its first `width` items "inline", one column per slot
    (padded with -1): most rows have only a few items, and reading a few columns at the
    rows of interest is much cheaper than walking the lists. Rows with more items than
    slots are found with `overflow()` and read from the lists, which hold every item.
    """

    def __init__(
        self,
        columns: Mapping[str, np.dtype | type],
        groups: Mapping[str, Mapping[str, np.dtype | type]],
        inline: Mapping[str, int] | None = None,
    ):
        self.ids = Growable(np.int64)
        self.alive = Growable(np.bool_)
        self.columns = {name: Growable(dtype) for name, dtype in columns.items()}
        self.indptr = {group: Growable(np.int32, [0]) for group in groups}
        self.fields = {
            group: {name: Growable(dtype) for name, dtype in spec.items()}
            for group, spec in groups.items()
        }
        self.inline = dict(inline or {})
        self.longest = dict.fromkeys(groups, 0)  # most items a row has had, per group
        for group, width in self.inline.items():
            self.columns[f"{group}#count"] = Growable(np.int32)
            for name, dtype in groups[group].items():
                for slot in range(width):
                    self.columns[f"{group}#{name}#{slot}"] = Growable(dtype)
        self.dead = 0
        self.generation = 0  # compactions so far: row numbers change with each
        self._sorted_ids = np.empty(0, dtype=np.int64)
        self._sorted_rows = np.empty(0, dtype=np.int64)
        self._recent: dict[int, int] = {}

    @property
    def size(self) -> int:
        """Return the number of rows, dead ones included."""
        return self.ids.size

    def append(
        self,
        ids: Sequence[int],
        columns: Mapping[str, Sequence],
        groups: Mapping[str, tuple[Sequence[int], Mapping[str, Sequence]]],
    ) -> None:
        """Append rows: one value per row per column; per group, lengths and flat values.

        Raises:
            OverflowError: a group would hold more items than its int32 pointers can
                address (nothing is appended).
        """
        ends = {}
        for group, (lengths, _) in groups.items():
            indptr = self.indptr[group]
            ends[group] = int(indptr.data[indptr.size - 1]) + np.cumsum(lengths, dtype=np.int64)
            if len(lengths) and ends[group][-1] > _MAX_ITEMS:
                raise OverflowError(f"more than {_MAX_ITEMS} items in the {group} lists")
        first = self.size
        self.ids.extend(ids)
        self.alive.extend(np.ones(len(ids), dtype=np.bool_))
        for name, values in columns.items():
            self.columns[name].extend(values)
        for group, (lengths, values) in groups.items():
            self.indptr[group].extend(ends[group])
            for name, flat in values.items():
                self.fields[group][name].extend(flat)
            if len(lengths):
                self.longest[group] = max(self.longest[group], int(np.max(lengths)))
            if group in self.inline:
                self._append_inline(group, np.asarray(lengths, dtype=np.int64), values)
        if len(ids) > _REINDEX_RECENT:
            self._reindex()
        else:
            self._recent.update(zip(ids, range(first, first + len(ids)), strict=True))
            if len(self._recent) > _REINDEX_RECENT:
                self._reindex()

    def _append_inline(
        self, group: str, lengths: np.ndarray, values: Mapping[str, Sequence]
    ) -> None:
        width = self.inline[group]
        starts = np.cumsum(lengths) - lengths
        self.columns[f"{group}#count"].extend(lengths)
        for name, flat in values.items():
            dtype = self.fields[group][name].data.dtype
            flat = np.asarray(flat, dtype=dtype)
            for slot in range(width):
                has = lengths > slot
                column = np.full(len(lengths), -1, dtype=dtype)
                column[has] = flat[starts[has] + slot]
                self.columns[f"{group}#{name}#{slot}"].extend(column)

    def slots(self, group: str, name: str, rows: np.ndarray) -> np.ndarray:
        """Return the inline items of `rows` for one field, shape (width, len(rows)), -1 padded."""
        width = self.inline[group]
        return np.stack(
            [self.columns[f"{group}#{name}#{slot}"].data[rows] for slot in range(width)]
        )

    def overflow(self, group: str, rows: np.ndarray) -> np.ndarray:
        """Return the positions in `rows` of the rows with more items than inline slots."""
        if self.longest[group] <= self.inline[group]:
            return np.empty(0, dtype=np.int64)
        return np.flatnonzero(self.columns[f"{group}#count"].data[rows] > self.inline[group])

    def _reindex(self) -> None:
        rows = np.flatnonzero(self.alive.view())
        ids = self.ids.view()[rows]
        order = np.argsort(ids, kind="stable")
        self._sorted_ids = ids[order]
        self._sorted_rows = rows[order]
        self._recent = {}

    def row_of(self, item_id: int) -> int | None:
        """Return the live row holding `item_id`, or None."""
        row = self._recent.get(item_id)
        if row is None:
            at = int(np.searchsorted(self._sorted_ids, item_id))
            if at == len(self._sorted_ids) or self._sorted_ids[at] != item_id:
                return None
            row = int(self._sorted_rows[at])
        return row if self.alive.data[row] else None

    def kill(self, row: int) -> None:
        """Tombstone a row."""
        if self.alive.data[row]:
            self.alive.data[row] = False
            self.dead += 1
            self._recent.pop(int(self.ids.data[row]), None)

    def column(self, name: str) -> np.ndarray:
        """Return a column's live view (dead rows included)."""
        return self.columns[name].view()

    def gather(self, group: str, rows: np.ndarray) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """Return (owner positions in `rows`, {field: values}) for the lists of `rows`."""
        owner, flat = ragged_positions(self.indptr[group].view(), rows)
        return owner, {name: g.data[flat] for name, g in self.fields[group].items()}

    def items(self, group: str, name: str) -> np.ndarray:
        """Return one field of every stored item of `group`, in list order (a view)."""
        return self.fields[group][name].view()

    def row_sums(
        self, group: str, columns: np.ndarray, values: np.ndarray, rows: np.ndarray,
        vector: np.ndarray,
    ) -> np.ndarray:
        """Return, for each of `rows`, the sum over its `group` items of the item's value
        times `vector` at the item's column, in exact integers (int64: exact while the
        products of all of `rows` add up to less than 2**63; the callers' stay far below).

        When `rows` hold fewer than `_SPARSE_FROM` items (expected from the group's mean
        list length), numpy gathers them; from there on a sparse matrix over the stored
        lists does it in compiled code, several times faster on a large pool, where each
        row's items are a cache miss away (its fixed cost, 0.05 to 0.2 ms, is more than
        numpy takes for a few thousand items). Counting items rather than rows serves
        both long lists (text: about 30 terms a row) and short ones (periods: about one).

        Args:
            columns: one column number per stored item (as `items`), within `vector`.
            values: one integer value per stored item.
            rows: the rows to sum.
            vector: int64, one weight per column.
        """
        pointers = self.indptr[group].view()
        if len(rows) * int(pointers[-1]) < _SPARSE_FROM * max(self.size, 1):
            flat, bounds = ragged_flat(pointers, rows)
            running = np.zeros(len(flat) + 1, dtype=np.int64)  # sums of the products so far
            np.cumsum(values.take(flat) * vector.take(columns.take(flat)), out=running[1:])
            return running[bounds[1:]] - running[bounds[:-1]]
        # int32 columns and pointers: scipy keeps the arrays as they are, without a copy
        matrix = sparse.csr_array((values, columns, pointers), shape=(self.size, len(vector)))
        return matrix[rows] @ vector

    def compact(self) -> None:
        """Drop dead rows with whole-array operations."""
        keep = np.flatnonzero(self.alive.view())
        for growable in (self.ids, self.alive, *self.columns.values()):
            growable.reset(growable.view()[keep])
        for group, indptr in self.indptr.items():
            pointers = indptr.view()
            _, flat = ragged_positions(pointers, keep)
            lengths = pointers[keep + 1] - pointers[keep]
            indptr.reset(np.concatenate(([0], np.cumsum(lengths))))
            for growable in self.fields[group].values():
                growable.reset(growable.data[flat])
        self.dead = 0
        self.generation += 1
        self._reindex()

    @property
    def nbytes(self) -> int:
        """Return the bytes held by every array, spare capacity included."""
        arrays = [self.ids, self.alive, *self.columns.values(), *self.indptr.values()]
        arrays += [g for fields in self.fields.values() for g in fields.values()]
        return (
            sum(g.data.nbytes for g in arrays) + self._sorted_ids.nbytes + self._sorted_rows.nbytes
        )
