"""Packed bits of the hard rules: one bit per row, 64 rows to a word, cached per rule value.

A hard rule with a given value ("oral level at least 6", "accepts region 06", "has
worked in NOC 33102") is a predicate over a few stored columns. Its bits are computed once on
whole columns, then a query ANDs a few kilobytes of words instead of comparing columns of
100,000 values. Rows appended later (updates) are added to an entry the next time it is
read, from its last full word; a compaction renumbers rows and drops every entry.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence

import numpy as np

Predicate = Callable[[int, int], np.ndarray]  # (first row, row after) -> bool per row
_WORD = 64


def word_count(rows: int) -> int:
    """Return how many 64-bit words hold `rows` bits."""
    return (rows + _WORD - 1) // _WORD


def pack(bits: np.ndarray) -> np.ndarray:
    """Return bools packed into 64-bit words (row i is bit i % 64 of word i // 64)."""
    octets = np.zeros(word_count(len(bits)) * (_WORD // 8), dtype=np.uint8)
    packed = np.packbits(bits, bitorder="little")  # the last octet is padded with zeros
    octets[: len(packed)] = packed
    return octets.view(np.uint64)


def set_rows(words: np.ndarray) -> np.ndarray:
    """Return the rows whose bit is set, ascending (int64)."""
    nonzero = np.flatnonzero(words)
    bits = np.unpackbits(words[nonzero].view(np.uint8), bitorder="little").view(np.bool_)
    at = np.flatnonzero(bits)
    return nonzero[at >> 6] * _WORD + (at & (_WORD - 1))


def bits_at(words: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Return whether each of `rows` has its bit set."""
    octets = words.view(np.uint8)
    return (octets[rows >> 3] >> (rows & 7).astype(np.uint8)) & 1 != 0


class _Entry:
    __slots__ = ("covered", "words")

    def __init__(self) -> None:
        self.words = np.zeros(0, dtype=np.uint64)
        self.covered = 0


class RuleBits:
    """A bounded LRU of packed rule bits over a growing table of rows."""

    def __init__(self, size: int = 256):
        self._size = size
        self._entries: OrderedDict[Hashable, _Entry] = OrderedDict()
        self._generation = -1

    def get(self, key: Hashable, rows: int, generation: int, predicate: Predicate) -> np.ndarray:
        """Return the words of `key` for the first `rows` rows, computing what is missing.

        Args:
            key: the rule and its value.
            rows: how many rows the table has.
            generation: the table's compaction count (rows renumbered: entries dropped).
            predicate: the rule's value for a range of rows.
        """
        if generation != self._generation:
            self._entries.clear()
            self._generation = generation
        entry = self._entries.get(key)
        if entry is None:
            entry = self._entries[key] = _Entry()
            if len(self._entries) > self._size:
                self._entries.popitem(last=False)
        else:
            self._entries.move_to_end(key)
        if entry.covered < rows:
            first = entry.covered // _WORD * _WORD  # redo the last word, partly filled
            packed = pack(predicate(first, rows))
            needed = word_count(rows)
            if needed > len(entry.words):
                grown = np.zeros(needed + needed // 4 + 16, dtype=np.uint64)
                grown[: len(entry.words)] = entry.words
                entry.words = grown
            entry.words[first // _WORD : needed] = packed
            entry.covered = rows
        return entry.words[: word_count(rows)]

    def all_of(self, parts: Sequence[np.ndarray], out: np.ndarray) -> np.ndarray:
        """Return the AND of equally long word arrays, written into `out`."""
        np.copyto(out, parts[0])
        for part in parts[1:]:
            np.bitwise_and(out, part, out=out)
        return out

    @property
    def nbytes(self) -> int:
        """Return the bytes held by the cached words."""
        return sum(entry.words.nbytes for entry in self._entries.values())
