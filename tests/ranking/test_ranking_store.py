"""RowStore: sums over each row's list, and the limit of the lists' int32 pointers."""

from __future__ import annotations

import numpy as np
import pytest

from matcher.ranking import store as store_module
from matcher.ranking.store import RowStore

BOTH_WAYS = pytest.mark.parametrize("sparse_from", [0, 10**9], ids=["sparse", "numpy"])


def text_sums(store: RowStore, rows: list[int], vector: list[int]) -> list[int]:
    terms, weights = store.items("text", "term"), store.items("text", "weight")
    return store.row_sums(
        "text", terms, weights, np.array(rows, dtype=np.int64), np.array(vector, dtype=np.int64)
    ).tolist()


def make_store() -> RowStore:
    store = RowStore({"level": np.int8}, {"text": {"term": np.int32, "weight": np.int16}})
    store.append([10, 11, 12], {"level": [1, 2, 3]}, {
        "text": ([2, 0, 3], {"term": [4, 1, 0, 4, 2], "weight": [7, 9, 5, 6, 8]}),
    })
    return store


@BOTH_WAYS
def test_row_sums_weigh_each_rows_items_in_exact_integers(monkeypatch, sparse_from):
    monkeypatch.setattr(store_module, "_SPARSE_FROM", sparse_from)
    store = make_store()
    big = 10**12  # int16 weights times int64: no float rounding, no int16 overflow
    assert text_sums(store, [2, 0, 1, 2], [0, 0, 1, 0, big]) == [6 * big + 8, 7 * big, 0,
                                                                6 * big + 8]
    assert text_sums(store, [], [1] * 5) == []


@BOTH_WAYS
def test_row_sums_follow_appends_and_compaction(monkeypatch, sparse_from):
    monkeypatch.setattr(store_module, "_SPARSE_FROM", sparse_from)
    store = make_store()
    store.kill(0)
    store.append([13], {"level": [4]}, {"text": ([1], {"term": [3], "weight": [2]})})
    assert text_sums(store, [3, 2], [1, 10, 100, 1000, 10000]) == [2000, 60805]
    store.compact()
    assert text_sums(store, [0, 1, 2], [1, 10, 100, 1000, 10000]) == [0, 60805, 2000]


def test_lists_beyond_the_int32_pointers_are_refused_and_nothing_is_appended(monkeypatch):
    store = make_store()
    monkeypatch.setattr(store_module, "_MAX_ITEMS", 6)
    with pytest.raises(OverflowError, match="text"):
        store.append([13], {"level": [4]}, {"text": ([2], {"term": [0, 1], "weight": [1, 1]})})
    assert store.size == 3
    assert store.column("level").tolist() == [1, 2, 3]
    assert store.indptr["text"].view().tolist() == [0, 2, 2, 5]
    store.append([13], {"level": [4]}, {"text": ([1], {"term": [0], "weight": [1]})})
    assert store.size == 4
