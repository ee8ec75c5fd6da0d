"""What a placement round runs on: capacities and both preference lists, from the indexes.

- A posting's list: its eligible, opted-in candidates from the round's pool, best score
  first, at most POSTING_LIST, leaving out anyone it already invited or who applied.
  It is read from this worker's CandidateIndex (`engine(on).candidates.rank`).
- A candidate's list: the round's postings they are eligible for, starred ones first (in
  star order), then the others by score; read from a PostingIndex of the round's postings,
  so it is the same ranking as "My matches", restricted to the round.
Only candidates some posting lists can be placed, so only their lists are built.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from matcher.extensions import db
from matcher.matching import stars
from matcher.matching.engine import CANDIDATE_LOADING, engine
from matcher.matching.services import candidate_profile, posting_profile
from matcher.models import Application, Candidate, Posting
from matcher.ranking import CandidateIndex, Match, PostingIndex

POSTING_LIST = 50  # candidates kept in each posting's list


@dataclass
class RoundInputs:
    """The data the allocation and both baselines run on."""

    capacities: dict[int, int] = field(default_factory=dict)
    posting_prefs: dict[int, list[int]] = field(default_factory=dict)
    candidate_prefs: dict[int, list[int]] = field(default_factory=dict)
    scores: dict[tuple[int, int], float] = field(default_factory=dict)  # (posting, candidate)
    starred: dict[int, list[int]] = field(default_factory=dict)

    def mutual_scores(self) -> dict[tuple[int, int], float]:
        """Return the scores of the pairs both sides list (what greedy may take)."""
        wanted = {(p, c) for c, prefs in self.candidate_prefs.items() for p in prefs}
        return {pair: score for pair, score in self.scores.items() if pair in wanted}

    def to_json(self) -> dict:
        """Return the inputs for the round's record, bounded by the posting lists.

        Candidate lists keep only the postings that list them too (the part the
        allocation can use), in the candidate's order.
        """
        mutual = self.mutual_scores()
        return {
            "capacities": {str(p): n for p, n in self.capacities.items()},
            "posting_prefs": {str(p): [[c, round(self.scores[p, c], 1)] for c in prefs]
                              for p, prefs in self.posting_prefs.items()},
            "candidate_prefs": {str(c): [p for p in prefs if (p, c) in mutual]
                                for c, prefs in self.candidate_prefs.items()},
            "starred": {str(c): ids for c, ids in self.starred.items() if ids},
        }


def applied_pairs(posting_ids: list[int]) -> set[tuple[int, int]]:
    """Return the (posting, candidate) pairs that already have an application or invitation."""
    rows = db.session.execute(select(Application.posting_id, Application.candidate_id).where(
        Application.posting_id.in_(posting_ids), Application.candidate_id.is_not(None)))
    return {(posting_id, candidate_id) for posting_id, candidate_id in rows}


def posting_list(index: CandidateIndex, posting: Posting, on: date, pool: set[int],
                 excluded: set[int]) -> list[Match]:
    """Return the posting's best POSTING_LIST candidates of the pool, excluded ones left out.

    The index ranks every opted-in candidate; the pool is a subset, so the ranking is read
    further (four times as far each time) until the list is full or the index is exhausted.
    """
    profile, limit = posting_profile(posting), POSTING_LIST * 2
    while True:
        ranked = index.rank(profile, on, limit=limit)
        kept = [m for m in ranked if m.id in pool and m.id not in excluded]
        if len(kept) >= POSTING_LIST or len(ranked) < limit:
            return kept[:POSTING_LIST]
        limit *= 4


def build_inputs(postings: list[Posting], pool: set[int], on: date) -> RoundInputs:
    """Build capacities and both preference lists for the round's postings and pool."""
    inputs = RoundInputs()
    applied = applied_pairs([p.id for p in postings])
    excluded: dict[int, set[int]] = defaultdict(set)
    for posting_id, candidate_id in applied:
        excluded[posting_id].add(candidate_id)
    index = engine(on).candidates
    for posting in postings:
        inputs.capacities[posting.id] = max(posting.openings - posting.filled, 0)
        matches = posting_list(index, posting, on, pool, excluded[posting.id])
        inputs.posting_prefs[posting.id] = [m.id for m in matches]
        inputs.scores.update(((posting.id, m.id), m.score) for m in matches)
    listed = sorted({c for prefs in inputs.posting_prefs.values() for c in prefs})
    inputs.starred = stars.starred_ids(listed, on, [p.id for p in postings]) if listed else {}
    _candidate_lists(inputs, postings, listed, applied, on)
    return inputs


def _candidate_lists(inputs: RoundInputs, postings: list[Posting], listed: list[int],
                     applied: set[tuple[int, int]], on: date) -> None:
    """Fill each listed candidate's preference list over the round's postings."""
    index = PostingIndex(posting_profile(p) for p in postings)
    for start in range(0, len(listed), 500):
        chunk = listed[start:start + 500]
        for candidate in db.session.scalars(
                select(Candidate).where(Candidate.id.in_(chunk)).options(*CANDIDATE_LOADING)):
            ranked = index.rank(candidate_profile(candidate), on, limit=len(postings))
            by_score = [m.id for m in ranked if (m.id, candidate.id) not in applied]
            inputs.candidate_prefs[candidate.id] = stars.preference_list(
                inputs.starred.get(candidate.id, []), by_score)
