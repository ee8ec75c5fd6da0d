"""Figures that compare a round's proposal with the greedy baseline (for the review page)."""

from collections import defaultdict
from collections.abc import Mapping, Sequence

from matcher.rounds.inputs import RoundInputs


def first_choices(assignment: Mapping[int, int],
                  candidate_prefs: Mapping[int, Sequence[int]]) -> int:
    """Count the candidates placed in the first posting of their list."""
    return sum(1 for c, p in assignment.items()
               if candidate_prefs.get(c) and candidate_prefs[c][0] == p)


def unstable_candidates(assignment: Mapping[int, int], inputs: RoundInputs) -> int:
    """Count the candidates in a blocking pair: a posting they prefer that prefers them too.

    A posting prefers a candidate when it has an opening left, or holds someone it ranks
    lower. A stable allocation has none; the greedy baseline usually has some.
    """
    rank = {p: {c: i for i, c in enumerate(prefs)} for p, prefs in inputs.posting_prefs.items()}
    held: dict[int, list[int]] = defaultdict(list)
    for c, p in assignment.items():
        held[p].append(rank[p][c])
    worst = {p: max(ranks) for p, ranks in held.items()}
    unstable = 0
    for c, prefs in inputs.candidate_prefs.items():
        current = assignment.get(c)
        for p in prefs:
            if p == current:
                break
            if c not in rank.get(p, {}):
                continue
            if (len(held[p]) < inputs.capacities.get(p, 0)
                    or rank[p][c] < worst.get(p, -1)):
                unstable += 1
                break
    return unstable
