"""Exact top-k when two components are costly: bound them, compute them only where needed."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def top_positions(
    keys: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    exact: Callable[[np.ndarray], np.ndarray],
    limit: int,
    first_pass: int,
    threshold: int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Return the positions and totals of the `limit` best items, best first, ties by key.

    `lower[i] <= exact([i]) <= upper[i]` must hold. The exact totals of the `first_pass`
    items with the best lower bounds give a threshold (the limit-th best total found);
    only the items whose upper bound reaches it are computed next. Any other item scores
    strictly below `limit` computed ones, so the result is the same as computing all.

    Args:
        keys: tie-break keys (ids), ascending wins.
        lower: lower bounds of the totals.
        upper: upper bounds of the totals.
        exact: computes the exact totals of the given positions.
        limit: how many items to return.
        first_pass: how many items to compute before using the threshold.
        threshold: a total that `limit` items are known to reach (the caller computed
            them): the first pass is skipped.

    Returns:
        (positions, totals), both sorted best first.
    """
    n = len(keys)
    if n == 0 or limit <= 0:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty
    batch = max(first_pass, limit)
    if threshold is not None:
        positions = np.flatnonzero(upper >= threshold)
        totals = exact(positions)
    elif n <= batch:
        positions = np.arange(n)
        totals = exact(positions)
    else:
        first = np.argpartition(-lower, batch - 1)[:batch]
        first_totals = exact(first)
        threshold = np.partition(first_totals, batch - limit)[batch - limit]
        wanted = upper >= threshold
        wanted[first] = False
        rest = np.flatnonzero(wanted)
        positions = np.concatenate((first, rest))
        totals = np.concatenate((first_totals, exact(rest)))
    order = np.lexsort((keys[positions], -totals))[:limit]
    return positions[order], totals[order]
