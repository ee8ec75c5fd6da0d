"""The ranking indexes of this worker process, built once and kept fresh.

SQL stays the source of truth. Each worker keeps a CandidateIndex (candidates
who switched matching on) and a PostingIndex (open postings), and before
using them reads the last id of the ranking_changes log: whatever changed
since its previous look is reloaded from SQL and upserted or removed, so a
change made by any worker is visible on the next request.
"""

import threading
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from matcher.extensions import db
from matcher.matching.services import candidate_profile, posting_profile
from matcher.models import Candidate, Posting, RankingChange, User
from matcher.ranking import CandidateIndex, PostingIndex

CANDIDATE_LOADING = (
    selectinload(Candidate.experiences), selectinload(Candidate.preferred_regions),
    selectinload(Candidate.certifications), selectinload(Candidate.desired_occupations),
)
POSTING_LOADING = (selectinload(Posting.site), selectinload(Posting.required_certifications))


def matchable_candidates_query():
    """Select the candidates employers may be shown: matching on, account active."""
    return (select(Candidate).join(User, Candidate.user_id == User.id)
            .where(Candidate.matching_opt_in.is_(True), User.active.is_(True))
            .options(*CANDIDATE_LOADING))


def open_postings_query(on: date):
    """Select the postings candidates can be matched to on a given day."""
    return (select(Posting)
            .where(Posting.status == "open",
                   (Posting.closes_on.is_(None)) | (Posting.closes_on >= on))
            .options(*POSTING_LOADING))


class MatchingEngine:
    """A process's indexes and the id of the last change they reflect."""

    def __init__(self):
        self._lock = threading.Lock()
        self.candidates: CandidateIndex | None = None
        self.postings: PostingIndex | None = None
        self.seen = -1

    def refresh(self, on: date) -> None:
        """Bring both indexes up to date with the database."""
        with self._lock:
            oldest, latest = db.session.execute(
                select(func.min(RankingChange.id), func.max(RankingChange.id))).one()
            latest = latest or 0
            # Rebuild when first used, when the log restarted, or when rows this worker
            # has not applied yet were pruned.
            if self.candidates is None or latest < self.seen or (oldest or 0) > self.seen + 1:
                self._build(on)
            elif latest > self.seen:
                self._apply_changes(on, latest)
            self.seen = latest

    def _build(self, on: date) -> None:
        candidates = db.session.scalars(matchable_candidates_query()).all()
        postings = db.session.scalars(open_postings_query(on)).all()
        self.candidates = CandidateIndex(candidate_profile(c) for c in candidates)
        self.postings = PostingIndex(posting_profile(p) for p in postings)

    def _apply_changes(self, on: date, latest: int) -> None:
        rows = db.session.execute(
            select(RankingChange.kind, RankingChange.object_id)
            .where(RankingChange.id > self.seen, RankingChange.id <= latest)).all()
        candidate_ids = {object_id for kind, object_id in rows if kind == "candidate"}
        posting_ids = {object_id for kind, object_id in rows if kind == "posting"}
        if candidate_ids:
            found = db.session.scalars(matchable_candidates_query().where(
                Candidate.id.in_(candidate_ids))).all()
            for candidate in found:
                self.candidates.upsert(candidate_profile(candidate))
            for missing in candidate_ids - {c.id for c in found}:
                self.candidates.remove(missing)
        if posting_ids:
            found = db.session.scalars(open_postings_query(on).where(
                Posting.id.in_(posting_ids))).all()
            for posting in found:
                self.postings.upsert(posting_profile(posting))
            for missing in posting_ids - {p.id for p in found}:
                self.postings.remove(missing)


_engine = MatchingEngine()


def engine(on: date) -> MatchingEngine:
    """Return this process's engine, fresh as of the latest committed change."""
    _engine.refresh(on)
    return _engine


def built() -> bool:
    """Say whether this process's indexes are built (what /readyz waits for)."""
    return _engine.candidates is not None and _engine.postings is not None


def reset() -> None:
    """Forget the indexes (tests use it between databases)."""
    global _engine
    _engine = MatchingEngine()


def prune(days: int = 2) -> int:
    """Delete change rows older than `days`; a worker further behind simply rebuilds."""
    from datetime import timedelta

    from sqlalchemy import delete

    from matcher import clock

    result = db.session.execute(
        delete(RankingChange).where(RankingChange.at < clock.now() - timedelta(days=days)))
    return result.rowcount
