"""Yardsticks a placement round is reported against (DESIGN §7.6): greedy and maximum."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import maximum_bipartite_matching

from .allocation import acceptable_lists, check_capacities, rank_map


def greedy_allocation(
    capacities: Mapping[int, int],
    posting_prefs: Mapping[int, Sequence[int]],
    scores: Mapping[tuple[int, int], float],
) -> dict[int, int]:
    """Fill postings with the best-scored free candidates, highest score first.

    The pairs considered are the `(posting, candidate)` keys of `scores` whose candidate is in
    `posting_prefs[posting]`; score only the pairs the candidate accepts too. They are taken
    by descending score, ties by ascending posting id then candidate id, and a pair is kept
    when the candidate is still unplaced and the posting still has an opening.

    Args:
        capacities: posting id -> openings left (>= 0); a missing posting has none.
        posting_prefs: posting id -> acceptable candidate ids (order unused), no repeats.
        scores: (posting id, candidate id) -> score of the pair.

    Returns:
        Candidate id -> posting id, keys in ascending candidate id; unplaced candidates absent.

    Raises:
        ValueError: a capacity is negative, a posting lists a candidate twice or a score is
            NaN (NaN has no place in the order).
    """
    check_capacities(capacities)
    if any(math.isnan(score) for score in scores.values()):
        raise ValueError("scores must not be NaN")
    listed = {p: rank_map("posting", p, "candidate", prefs) for p, prefs in posting_prefs.items()}
    pairs = sorted(
        (-score, posting, candidate)
        for (posting, candidate), score in scores.items()
        if candidate in listed.get(posting, ())
    )
    left = {p: capacities.get(p, 0) for p in listed}
    placed: dict[int, int] = {}
    for _, posting, candidate in pairs:
        if left[posting] > 0 and candidate not in placed:
            placed[candidate] = posting
            left[posting] -= 1
    return {c: placed[c] for c in sorted(placed)}


def maximum_placements(
    capacities: Mapping[int, int],
    candidate_prefs: Mapping[int, Sequence[int]],
    posting_prefs: Mapping[int, Sequence[int]],
) -> int:
    """Count the most candidates any allocation over the acceptable pairs can place.

    Each posting becomes as many slots as it has openings (no more than the candidates it
    could take), each acceptable pair an edge to every slot of the posting; the answer is
    the size of a maximum bipartite matching between candidates and slots.

    Args:
        capacities: posting id -> openings left (>= 0); a missing posting has none.
        candidate_prefs: candidate id -> acceptable posting ids, no repeats.
        posting_prefs: posting id -> acceptable candidate ids, no repeats.

    Returns:
        The largest number of candidates placed without exceeding any capacity.

    Raises:
        ValueError: a capacity is negative or a list names an id twice.
    """
    lists, ranks = acceptable_lists(capacities, candidate_prefs, posting_prefs)
    first_slot, slots = {}, 0
    for posting, takers in ranks.items():
        first_slot[posting] = slots
        slots += min(capacities[posting], len(takers))
    rows, cols = [], []
    for row, choices in enumerate(lists.values()):
        for posting in choices:
            width = min(capacities[posting], len(ranks[posting]))
            start = first_slot[posting]
            rows.extend([row] * width)
            cols.extend(range(start, start + width))
    if not rows:
        return 0
    graph = csr_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(len(lists), slots))
    return int(np.count_nonzero(maximum_bipartite_matching(graph, perm_type="column") >= 0))
