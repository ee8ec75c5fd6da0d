"""The funnel's "eligible" stage, from the matching engine: no per-render scan in SQL.

A candidate is eligible when the CandidateIndex would show them to the employer of at
least one open posting (every hard rule, the same answer as `evaluate`). The set of such
candidates is computed once per state of the indexes: it is kept until the engine has
reloaded a candidate or a posting (its index version moves) or the day turns, and
computed again on the next render after that (a change committed out of id order and read
late moves the index version too, where the highest id read, `seen`, stays put).
"""

import threading
from datetime import date

import numpy as np

from matcher.extensions import db
from matcher.matching.engine import MatchingEngine, engine, open_postings_query
from matcher.matching.services import posting_profile

_lock = threading.Lock()
# (engine, its index version, day) -> sorted ids of the eligible candidates
_cached: tuple[MatchingEngine, int, date, np.ndarray] | None = None


def eligible_candidate_ids(day: date) -> np.ndarray:
    """Return the sorted ids of the candidates eligible for at least one open posting."""
    global _cached
    current = engine(day)
    with _lock:
        cached = _cached
        if (cached and cached[0] is current and cached[1] == current.index_version
                and cached[2] == day):
            return cached[3]
        position = current.index_version
        postings = db.session.scalars(open_postings_query(day)).all()
        ids = current.candidates.eligible_ids((posting_profile(p) for p in postings), day)
        _cached = (current, position, day, ids)
        return ids
