"""Placement rounds: the candidate-optimal stable allocation of DESIGN §7.6.

Candidates propose to postings in their order of preference (deferred acceptance, as in the
hospitals/residents problem); each posting holds the best candidates that proposed to it, up
to its openings, and releases the worst held one when a better one arrives. The result does
not depend on the order of proposals, so it does not depend on dict iteration order either.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence


def check_capacities(capacities: Mapping[int, int]) -> None:
    """Raise ValueError if a posting has a negative number of openings."""
    for posting, capacity in capacities.items():
        if capacity < 0:
            raise ValueError(f"posting {posting} has capacity {capacity}; it must be >= 0")


def rank_map(owner: str, owner_id: int, listed: str, prefs: Sequence[int]) -> dict[int, int]:
    """Return {id: position} for a strict preference list; raise ValueError on a repeat."""
    ranks: dict[int, int] = {}
    for position, item in enumerate(prefs):
        if ranks.setdefault(item, position) != position:
            raise ValueError(
                f"{owner} {owner_id} lists {listed} {item} twice; preference lists must be strict"
            )
    return ranks


def acceptable_lists(
    capacities: Mapping[int, int],
    candidate_prefs: Mapping[int, Sequence[int]],
    posting_prefs: Mapping[int, Sequence[int]],
) -> tuple[dict[int, list[int]], dict[int, dict[int, int]]]:
    """Return each candidate's list cut to the mutually acceptable postings with openings.

    Args:
        capacities: posting id -> openings (>= 0); a missing posting has none.
        candidate_prefs: candidate id -> acceptable posting ids, most wanted first.
        posting_prefs: posting id -> acceptable candidate ids, best first.

    Returns:
        (lists, ranks): `lists[c]` keeps the order of `candidate_prefs[c]`; `ranks[p][c]` is
        the position of `c` in `posting_prefs[p]`, only for candidates whose cut list holds
        `p`. Both cover every candidate and every open posting, possibly with empty entries.

    Raises:
        ValueError: a capacity is negative or a list names an id twice.
    """
    check_capacities(capacities)
    full = {
        posting: rank_map("posting", posting, "candidate", prefs)
        for posting, prefs in posting_prefs.items()
    }
    lists: dict[int, list[int]] = {}
    ranks: dict[int, dict[int, int]] = {p: {} for p in full if capacities.get(p, 0) > 0}
    for candidate in sorted(candidate_prefs):
        prefs = candidate_prefs[candidate]
        rank_map("candidate", candidate, "posting", prefs)
        kept = [p for p in prefs if p in ranks and candidate in full[p]]
        for posting in kept:
            ranks[posting][candidate] = full[posting][candidate]
        lists[candidate] = kept
    return lists, ranks


def allocate(
    capacities: Mapping[int, int],
    candidate_prefs: Mapping[int, Sequence[int]],
    posting_prefs: Mapping[int, Sequence[int]],
) -> dict[int, int]:
    """Place candidates in postings by candidate-proposing deferred acceptance.

    A pair is acceptable only if each lists the other; ids missing from `capacities` have no
    openings. The result is the candidate-optimal stable matching: no posting over capacity,
    only acceptable pairs, no blocking pair, and each candidate gets the best posting they
    hold in any stable matching. It is unique, so neither proposal order nor dict order
    changes it.

    Args:
        capacities: posting id -> openings left (>= 0).
        candidate_prefs: candidate id -> acceptable posting ids, most wanted first, no repeats.
        posting_prefs: posting id -> acceptable candidate ids, best first, no repeats.

    Returns:
        Candidate id -> posting id, keys in ascending candidate id; unplaced candidates absent.

    Raises:
        ValueError: a capacity is negative or a list names an id twice.
    """
    lists, ranks = acceptable_lists(capacities, candidate_prefs, posting_prefs)
    held: dict[int, list[tuple[int, int]]] = {p: [] for p in ranks}  # max-heaps of (-rank, id)
    next_choice = dict.fromkeys(lists, 0)
    free = sorted(lists, reverse=True)  # a stack: smallest id proposes first
    while free:
        candidate = free.pop()
        choices = lists[candidate]
        while next_choice[candidate] < len(choices):
            posting = choices[next_choice[candidate]]
            next_choice[candidate] += 1
            heap, rank = held[posting], ranks[posting][candidate]
            if len(heap) < capacities[posting]:
                heapq.heappush(heap, (-rank, candidate))
                break
            if rank < -heap[0][0]:
                free.append(heapq.heapreplace(heap, (-rank, candidate))[1])
                break
    placed = {c: p for p, heap in held.items() for _, c in heap}
    return {c: placed[c] for c in sorted(placed)}
