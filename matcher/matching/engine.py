"""The ranking indexes of this worker process, built once and kept fresh.

SQL stays the source of truth. Each worker keeps a CandidateIndex (candidates
who switched matching on) and a PostingIndex (open postings), and before
using them reads the ranking_changes log: whatever changed since its previous
look is reloaded from SQL and upserted or removed (both idempotent), so a
change made by any worker is visible on the next request.

Ids of the log are taken at flush and committed later, so on PostgreSQL a
change can become visible after one with a higher id was already read. The
engine therefore keeps the ids it skipped over (gaps) and reads them again on
every refresh until they appear, or until GAP_LIFETIME has passed (the
transaction rolled back, or a sequence value was lost). A backlog larger than
MAX_BACKLOG rebuilds the indexes instead of patching them.
"""

import functools
import threading
import time
from datetime import date, datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from matcher import clock
from matcher.extensions import db
from matcher.matching.loading import load_candidate_profiles, load_posting_profiles
from matcher.models import Candidate, Posting, RankingChange
from matcher.models.matching import FIGURE_TOPICS
from matcher.ranking import CandidateIndex, PostingIndex
from matcher.ranking.occupations import OccupationCatalog, default_catalog

CANDIDATE_LOADING = (
    selectinload(Candidate.experiences), selectinload(Candidate.preferred_regions),
    selectinload(Candidate.certifications), selectinload(Candidate.desired_occupations),
)
POSTING_LOADING = (selectinload(Posting.site), selectinload(Posting.required_certifications))


def open_postings_query(on: date, loading=POSTING_LOADING):
    """Select the postings candidates can be matched to on a given day."""
    return (select(Posting)
            .where(Posting.status == "open",
                   (Posting.closes_on.is_(None)) | (Posting.closes_on >= on))
            .options(*loading))


@functools.cache
def occupation_catalog() -> OccupationCatalog:
    """Return the NOC catalog both indexes use, loaded once per process (seconds)."""
    return default_catalog()


# A transaction holding a change id longer than this is taken to have rolled back.
GAP_LIFETIME = timedelta(minutes=10)
# More changes than this since the last look (or more open gaps): rebuild instead.
MAX_BACKLOG = 5000
# After a build, ids missing among this many latest ones may belong to open transactions.
RECENT_IDS = 1000


class MatchingEngine:
    """A process's indexes, the highest change id read, and the lower ids not seen yet."""

    def __init__(self):
        self._lock = threading.Lock()
        self.candidates: CandidateIndex | None = None
        self.postings: PostingIndex | None = None
        self.seen = -1
        self.gaps: dict[int, datetime] = {}  # change id -> when it was first missed
        # Move whenever the indexes change (a build, a reloaded candidate or posting), and
        # whenever the engine reads any change at all, a gap filled late included: what
        # is kept per state of the indexes or of the data is keyed by one of them.
        self.index_version = 0
        self.position = 0
        # Per topic of change (the kinds "candidate" and "posting", and the topics of the
        # "figures" rows): how many reads found one. A build starts a new generation.
        self.generation = 0
        self.topic_versions: dict[str, int] = dict.fromkeys(
            {"candidate", "posting", *FIGURE_TOPICS.values()}, 0)

    def versions(self, topics: tuple[str, ...]) -> tuple[int, ...]:
        """Return the generation and the versions of these topics (a key for what they count)."""
        return (self.generation, *(self.topic_versions[topic] for topic in topics))

    def refresh(self, on: date) -> None:
        """Bring both indexes up to date with the database."""
        with self._lock:
            # One subquery each: SQLite reads a lone min() or max() from the primary key,
            # but scans the whole log for both in one select (every request pays it).
            oldest, latest = db.session.execute(select(
                select(func.min(RankingChange.id)).scalar_subquery(),
                select(func.max(RankingChange.id)).scalar_subquery())).one()
            latest = latest or 0
            # Rebuild when first used, when the log restarted, when rows this worker has
            # not applied yet were pruned, or when the backlog is too large to patch.
            if (self.candidates is None or latest < self.seen
                    or (oldest or 0) > self.seen + 1 or latest - self.seen > MAX_BACKLOG
                    or len(self.gaps) > MAX_BACKLOG):
                self._build(on)
                self._gaps_after_build(oldest or 0, latest)
            elif latest > self.seen or self.gaps:
                self._apply_changes(on)

    def _apply_changes(self, on: date) -> None:
        rows = db.session.execute(
            select(RankingChange.id, RankingChange.kind, RankingChange.object_id)
            .where(or_(RankingChange.id > self.seen,
                       RankingChange.id.in_(sorted(self.gaps))))).all()
        self._track_gaps({change_id for change_id, _kind, _object_id in rows})
        self.position += 1 if rows else 0
        topics = set()
        for _id, kind, object_id in rows:
            if kind != "figures":
                topics.add(kind)
            elif object_id in FIGURE_TOPICS:
                topics.add(FIGURE_TOPICS[object_id])
            else:  # object id 0: a change of every topic
                topics.update(self.topic_versions)
        for topic in topics:
            self.topic_versions[topic] += 1
        self._reload({object_id for _id, kind, object_id in rows if kind == "candidate"},
                     {object_id for _id, kind, object_id in rows if kind == "posting"}, on)

    def _gaps_after_build(self, oldest: int, latest: int) -> None:
        """Start after a build: the recent ids missing from the log may still commit."""
        since = max(oldest - 1, latest - RECENT_IDS, 0)
        present = set(db.session.scalars(
            select(RankingChange.id).where(RankingChange.id > since)))
        now = clock.now()
        self.seen = latest
        self.gaps = {change_id: now for change_id in range(since + 1, latest)
                     if change_id not in present}

    def _track_gaps(self, found: set[int]) -> None:
        """Forget the gaps now filled, add the ids skipped over, expire the old ones."""
        now = clock.now()
        highest = max(found | {self.seen})
        for change_id in range(self.seen + 1, highest):
            if change_id not in found:
                self.gaps[change_id] = now
        self.gaps = {change_id: since for change_id, since in self.gaps.items()
                     if change_id not in found and now - since < GAP_LIFETIME}
        self.seen = highest

    def _build(self, on: date) -> None:
        """Build both indexes from Core rows (matching.loading), then swap them in."""
        catalog = occupation_catalog()
        candidates = CandidateIndex(load_candidate_profiles(db.session), catalog=catalog)
        postings = PostingIndex(load_posting_profiles(db.session, on), catalog=catalog)
        self.candidates, self.postings = candidates, postings
        self.index_version += 1
        self.position += 1
        self.generation += 1

    def _reload(self, candidate_ids: set[int], posting_ids: set[int], on: date) -> None:
        """Read the changed rows again: upsert those still matchable, remove the others."""
        if candidate_ids or posting_ids:
            self.index_version += 1
        if candidate_ids:
            found = load_candidate_profiles(db.session, candidate_ids)
            for profile in found:
                self.candidates.upsert(profile)
            for missing in candidate_ids - {p.id for p in found}:
                self.candidates.remove(missing)
        if posting_ids:
            found = load_posting_profiles(db.session, on, posting_ids)
            for profile in found:
                self.postings.upsert(profile)
            for missing in posting_ids - {p.id for p in found}:
                self.postings.remove(missing)


_engine = MatchingEngine()


def engine(on: date) -> MatchingEngine:
    """Return this process's engine, fresh as of the latest committed change."""
    _engine.refresh(on)
    return _engine


def warm(on: date) -> float:
    """Build (or bring up to date) this process's indexes now; return the seconds it took.

    gunicorn calls it before a worker accepts requests (gunicorn.conf.py), so no request
    ever pays for a build; `flask warm` reports the same figure by hand.
    """
    started = time.perf_counter()
    _engine.refresh(on)
    db.session.remove()  # hand the connection back before the process forks or serves
    return time.perf_counter() - started


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
