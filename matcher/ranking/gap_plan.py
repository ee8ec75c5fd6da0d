"""Gap plans: what stands between a candidate and each job they miss, and what opens most.

Pure: the web app gives the failed rules (PostingIndex.gaps bitmasks) and each posting's
thresholds; this module turns them into needs (one action each), ranks the near misses
by how few and how reachable the gaps are, and counts the jobs each action would open.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

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
    gaps = [g for g in gaps if g.needs]
    actions = {need for g in gaps for need in g.needs}
    counts = [(action, sum(all(covers(action, n) for n in g.needs) for g in gaps))
              for action in actions]
    return sorted(((a, c) for a, c in counts if c),
                  key=lambda pair: (-pair[1], EFFORT.get(pair[0].kind, 2), pair[0]))


def build(masks: Iterable[tuple[int, int]], postings: Mapping[int, PostingNeeds]) -> list[Gap]:
    """Make a Gap for each (posting id, mask) whose posting is known."""
    return [Gap(pid, needs_for(mask, postings[pid])) for pid, mask in masks if pid in postings]
