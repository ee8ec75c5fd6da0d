"""RowStore: lists read as a sparse matrix, and the limit of their int32 pointers."""

from __future__ import annotations

import numpy as np
import pytest

from matcher.ranking import store as store_module
from matcher.ranking.store import RowStore


def text_matrix(store: RowStore, width: int = 5):
    return store.matrix("text", store.items("text", "term"), store.items("text", "weight"), width)


def make_store() -> RowStore:
    store = RowStore({"level": np.int8}, {"text": {"term": np.int32, "weight": np.int16}})
    store.append([10, 11, 12], {"level": [1, 2, 3]}, {
        "text": ([2, 0, 3], {"term": [4, 1, 0, 4, 2], "weight": [7, 9, 5, 6, 8]}),
    })
    return store


def test_the_matrix_holds_each_rows_list():
    store = make_store()
    matrix = text_matrix(store)
    assert matrix.toarray().tolist() == [[0, 9, 0, 0, 7], [0] * 5, [5, 0, 8, 0, 6]]
    query = np.array([0, 0, 1, 0, 10**9], dtype=np.int64)  # int16 weights, int64 sums
    assert (matrix[np.array([2, 0, 1, 2])] @ query).tolist() == [6 * 10**9 + 8, 7 * 10**9, 0,
                                                                6 * 10**9 + 8]


def test_the_matrix_reads_the_stored_arrays_without_copying_them():
    store = make_store()
    store.append(list(range(20, 520)), {"level": [1] * 500}, {
        "text": ([2] * 500, {"term": [0, 1] * 500, "weight": [3, 4] * 500}),
    })  # scipy copies a view of less than half its buffer: not one of a store this size
    matrix = text_matrix(store)
    assert np.shares_memory(matrix.indices, store.fields["text"]["term"].data)
    assert np.shares_memory(matrix.data, store.fields["text"]["weight"].data)
    assert np.shares_memory(matrix.indptr, store.indptr["text"].data)


def test_the_matrix_follows_appends_and_compaction():
    store = make_store()
    store.kill(0)
    store.append([13], {"level": [4]}, {"text": ([1], {"term": [3], "weight": [2]})})
    assert text_matrix(store).toarray()[3].tolist() == [0, 0, 0, 2, 0]
    store.compact()
    assert text_matrix(store).toarray().tolist() == [
        [0] * 5, [5, 0, 8, 0, 6], [0, 0, 0, 2, 0],
    ]


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
