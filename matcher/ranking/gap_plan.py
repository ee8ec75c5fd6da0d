"""Gap plans: what stands between a candidate and each job they miss, and what opens most.

Pure: the web app gives the failed rules (PostingIndex.gaps bitmasks) and each posting's
thresholds; this module turns them into needs (one action each), ranks the near misses
by how few and how reachable the gaps are, and counts the jobs each action would open.
"""

import functools
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from .eligibility import RULES

# How far away an action is, from a change of preferences (0) to years of work (4).
EFFORT = {"preferences": 0, "permit": 1, "certification": 1, "permit_renewal": 1,
          "medical_exam": 2, "french_oral": 3, "french_written": 3, "experience": 4}
LEVELLED = ("french_oral", "french_written", "experience")  # a higher target covers a lower
PREFERENCE_RULES = ("region_not_preferred", "shift_unavailable", "not_available_by_start")
SIMPLE_RULES = {"permit_missing": "permit", "permit_other_employer": "permit",
                "permit_expires_before_start": "permit_renewal",
                "permit_health_restricted": "medical_exam"}


@dataclass(frozen=True, order=True)
class Need:
    """One action that closes a gap: a kind and its target (a level, months, a code)."""

    kind: str
    target: int | str = ""


@dataclass(frozen=True)
class PostingNeeds:
    """What a posting asks beyond the rule codes: the levels and the certifications."""

    french_oral: int = 0
    french_written: int = 0
    experience_months: int = 0
    missing_certifications: tuple[str, ...] = ()


@dataclass(frozen=True)
class Gap:
    """A posting the candidate misses, with the actions that would close every gap."""

    posting_id: int
    needs: frozenset[Need] = field(default_factory=frozenset)

    @property
    def effort(self) -> int:
        """Sum of the needs' efforts: the smaller, the more reachable."""
        return sum(EFFORT.get(need.kind, 2) for need in self.needs)


def rules_of(mask: int) -> list[str]:
    """Return the rule codes set in a PostingIndex.gaps bitmask."""
    return [code for bit, code in enumerate(RULES) if mask >> bit & 1]


def needs_for(mask: int, posting: PostingNeeds) -> frozenset[Need]:
    """Turn a posting's failed rules into the actions that would close them."""
    needs = set()
    for code in rules_of(mask):
        if code in SIMPLE_RULES:
            needs.add(Need(SIMPLE_RULES[code]))
        elif code in PREFERENCE_RULES:
            needs.add(Need("preferences"))
        elif code == "french_oral_below_required":
            needs.add(Need("french_oral", posting.french_oral))
        elif code == "french_written_below_required":
            needs.add(Need("french_written", posting.french_written))
        elif code == "experience_below_required":
            needs.add(Need("experience", posting.experience_months))
        elif code == "certification_missing":
            needs.update(Need("certification", c) for c in posting.missing_certifications)
    return frozenset(needs)


def rank(gaps: Iterable[Gap], preferred: frozenset[int] = frozenset()) -> list[Gap]:
    """Order near misses: fewest needs, then least effort, then the preferred postings."""
    return sorted(gaps, key=lambda g: (len(g.needs), g.effort, g.posting_id not in preferred,
                                       g.posting_id))


def covers(action: Need, need: Need) -> bool:
    """Say whether doing `action` closes `need` (level 7 covers a need of level 6)."""
    if action.kind != need.kind:
        return False
    if action.kind in LEVELLED:
        return int(need.target) <= int(action.target)
    return action.target == need.target


def doors(gaps: Iterable[Gap]) -> list[tuple[Need, int]]:
    """Count, per action, the postings whose only remaining gaps that action closes.

    Returns (action, count) pairs, most doors first; for levels the lowest target that
    opens a given count wins the tie, since it is the nearer goal.
    """
    return _doors(Counter(g.needs for g in gaps if g.needs))


def _doors(shared: Mapping[frozenset[Need], int]) -> list[tuple[Need, int]]:
    """`doors` from the count of postings per distinct set of needs."""
    actions = {need for needs in shared for need in needs}
    # An action covers only needs of its own kind: a set mixing kinds is opened by none.
    by_kind: dict[str, list[tuple[frozenset[Need], int]]] = {}
    for needs, n in shared.items():
        kinds = {need.kind for need in needs}
        if len(kinds) == 1:
            by_kind.setdefault(kinds.pop(), []).append((needs, n))
    counts = [(action, sum(n for needs, n in by_kind.get(action.kind, ())
                           if all(covers(action, need) for need in needs)))
              for action in actions]
    return sorted(((a, c) for a, c in counts if c),
                  key=lambda pair: (-pair[1], EFFORT.get(pair[0].kind, 2), pair[0]))


def build(masks: Iterable[tuple[int, int]], postings: Mapping[int, PostingNeeds]) -> list[Gap]:
    """Make a Gap for each (posting id, mask) whose posting is known."""
    return [Gap(pid, needs_for(mask, postings[pid])) for pid, mask in masks if pid in postings]


def plan(masks: Iterable[tuple[int, int]], kinds: Mapping[int, int],
         kind_needs: Sequence[PostingNeeds], preferred: frozenset[int] = frozenset(),
         limit: int = 10) -> tuple[list[Gap], list[tuple[Need, int]], int]:
    """The whole plan at once: `rank(build(...))[:limit]`, `doors(build(...))` and the count.

    `kinds` gives each posting the index of its thresholds in `kind_needs` (postings alike
    share one); postings it does not name are left out. See `plan_rows`.
    """
    pairs = list(masks)
    ids = np.array([pid for pid, _mask in pairs], dtype=np.int64)
    return plan_rows(ids, np.array([mask for _pid, mask in pairs], dtype=np.int64),
                     np.array([kinds.get(pid, -1) for pid in ids.tolist()], dtype=np.int64),
                     kind_needs, np.isin(ids, list(preferred)), limit)


def plan_rows(ids: np.ndarray, masks: np.ndarray, kinds: np.ndarray,
              kind_needs: Sequence[PostingNeeds], preferred: np.ndarray,
              limit: int = 10) -> tuple[list[Gap], list[tuple[Need, int]], int]:
    """`plan` over aligned arrays, with no Python object per posting.

    Row i is posting `ids[i]` (ids distinct), failing the rules of `masks[i]`, with the
    thresholds `kind_needs[kinds[i]]` (a negative kind: a posting left out), one of the
    person's own occupations when `preferred[i]`. Needs are made once per distinct
    (mask, kind), doors counted once per distinct set of needs, and the `limit` nearest
    postings chosen by one sort over the rows, however many postings there are.
    """
    known = kinds >= 0
    ids, masks, kinds, preferred = ids[known], masks[known], kinds[known], preferred[known]
    if len(ids) == 0:
        return [], [], 0
    width = len(kind_needs)
    keys, group = np.unique(masks.astype(np.int64) * width + kinds, return_inverse=True)
    made = [_needs_and_tier(key // width, kind_needs[key % width]) for key in keys.tolist()]
    order = {tier: rank for rank, tier in enumerate(sorted({tier for _n, tier in made}))}
    tier_of = np.array([order[tier] for _n, tier in made], dtype=np.int64)[group]
    nearest = _smallest(tier_of * 2 + ~preferred, ids, limit)
    ranked = [Gap(pid, made[g][0]) for pid, g in
              zip(ids[nearest].tolist(), group[nearest].tolist(), strict=True)]
    shared: Counter[frozenset[Need]] = Counter()
    for (needs, _tier), count in zip(made, np.bincount(group, minlength=len(keys)).tolist(),
                                     strict=True):
        if needs:
            shared[needs] += count
    return ranked, _doors(shared), len(ids)


@functools.lru_cache(maxsize=4096)
def _needs_and_tier(mask: int, posting: PostingNeeds) -> tuple[frozenset[Need], tuple[int, int]]:
    """The needs of a mask for a posting, and their rank: how many, then how much effort."""
    needs = needs_for(mask, posting)
    return needs, (len(needs), Gap(0, needs).effort)


def _smallest(first: np.ndarray, ids: np.ndarray, limit: int) -> np.ndarray:
    """Return the positions of the `limit` smallest (first, id) pairs, smallest first."""
    limit = min(max(limit, 0), len(ids))
    if limit == 0:
        return np.empty(0, dtype=np.int64)
    low = int(ids.min())
    span = int(ids.max()) - low + 1
    if (int(first.max()) + 1) * span >= 2 ** 62:  # one int64 key would overflow
        return np.lexsort((ids, first))[:limit]
    key = first * span + (ids - low)
    chosen = np.argpartition(key, limit - 1)[:limit] if limit < len(key) else np.arange(len(key))
    return chosen[np.argsort(key[chosen])]
