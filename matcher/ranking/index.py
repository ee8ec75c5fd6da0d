"""CandidateIndex: rank a large candidate pool for one posting in milliseconds.

Same results as `rank_candidates` (same ids, scores, explanations, flags and order):

* hard rules are packed bits per rule value ("oral at least 6", "region 06"...),
  computed once on whole columns and ANDed per query (see `bitsets.py`); the permit and
  the start day, whose values change with each posting, are read at the rows left;
* rows without a period in the posting's NOC (no experience points) are read only when
  their French level can still lift them into the list: the experienced rows, scored
  first, give the threshold (see `Query.ranked_rows`);
* months in the posting's NOC come from stored merged day segments: the weighted days of
  every segment up to `today`, computed once a day (see `PeriodDays`), summed per row by
  `RowStore.row_sums`, in exact integers;
* title similarity to each NOC's official titles is cached per (NOC, distinct title);
  similarity to the posting's own title is computed, also per distinct title, only for
  candidates whose bounds say it can change the top `limit` (see `topk.py`);
* text cosine is an exact integer dot product over the same candidates only
  (`RowStore.row_sums`: in compiled code, through a sparse matrix, for many rows);
* explanations are built for the returned matches only.

Updates append a row and tombstone the old one; dead rows are compacted away in bulk.
The index holds a lock, so one instance can serve several threads.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date

import numpy as np

from .batch import ChunkTable, profile_columns
from .bitsets import word_count
from .config import DEFAULT_CONFIG, RankingConfig
from .eligibility import FLAGS
from .features import (
    MAX_DAY,
    NO_GATE,
    OPEN_GATE,
    PERMIT_OPEN,
    PERMIT_SPECIFIC,
    CandidateFeatures,
    compile_candidate,
    compile_posting,
    start_day,
)
from .index_query import PeriodDays, Query, rule_predicate
from .occupations import OccupationCatalog, default_catalog
from .profiles import CandidateProfile, Match, PostingProfile
from .row_index import RowIndex
from .similarity import best_similarity
from .store import RowStore
from .topk import top_positions
from .vocab import SimilarityTable, TableCache, Vocab

_COLUMNS = {
    # What the hard rules read, folded at build time so a query makes fewer passes:
    # "gate" is the employer a permit allows (OPEN_GATE: any; NO_GATE: none, or a permit
    # barring health services), "valid" the last day the permit counts (never, with a
    # renewal filed in time), "reach" the regions a candidate accepts (-1: any).
    "gate": np.int64,
    "valid": np.int32,
    "reach": np.int32,
    "expires": np.int32,
    "oral": np.int8,
    "written": np.int8,
    "regions": np.int32,
    "shifts": np.int16,
    "available": np.int32,
    "certs": np.uint64,
}
# Columns given by compilation, folded into the ones above by `fold_columns`.
_GIVEN = ("permit", "employer", "health", "renewal_ok", "relocate")
_GROUPS = {
    "text": {"term": np.int32, "weight": np.int16},
    "titles": {"title": np.int32},
    "nocs": {"noc": np.int16},
    "segments": {"noc": np.int16, "first": np.int32, "after": np.int32, "weight": np.int16},
}
_BUILD_BATCH = 16384  # candidates compiled at a time while building
# Items also kept in per-slot columns: enough for most candidates (see RowStore).
_INLINE = {"titles": 3, "nocs": 4, "segments": 3}


def fold_columns(columns: dict[str, list]) -> dict[str, np.ndarray | list]:
    """Return the stored columns of a batch from the compiled ones (see `_COLUMNS`)."""
    permit = np.asarray(columns["permit"], dtype=np.int8)
    employer = np.asarray(columns["employer"], dtype=np.int64)
    gate = np.where(permit == PERMIT_SPECIFIC, employer, NO_GATE)
    gate[permit == PERMIT_OPEN] = OPEN_GATE
    gate[np.asarray(columns["health"], dtype=np.bool_)] = NO_GATE
    expires = np.asarray(columns["expires"], dtype=np.int32)
    valid = np.where(np.asarray(columns["renewal_ok"], dtype=np.bool_), MAX_DAY, expires)
    regions = np.asarray(columns["regions"], dtype=np.int32)
    anywhere = (regions == 0) | np.asarray(columns["relocate"], dtype=np.bool_)
    folded = {name: values for name, values in columns.items() if name not in _GIVEN}
    folded.update(gate=gate, valid=valid, reach=np.where(anywhere, -1, regions))
    return folded


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building.

    A build allocates millions of small acyclic objects (features, lists, ints), and each
    full collection they trigger walks the caller's whole pool of profiles again: about a
    sixth of a 100,000-candidate build. Reference counting still frees everything.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class CandidateIndex(RowIndex):
    """Candidates in columns, ranked for a posting exactly as `rank_candidates` would."""

    def __init__(
        self,
        candidates: Iterable[CandidateProfile] = (),
        config: RankingConfig = DEFAULT_CONFIG,
        catalog: OccupationCatalog | None = None,
        *,
        first_pass: int = 200,
        compact_ratio: float = 0.25,
    ):
        """Build the index.

        Args:
            candidates: the initial pool; a repeated id keeps its last profile.
            config: weights and thresholds (must be the one `evaluate` would use).
            catalog: NOC titles and text model (default: the bundled seed catalog).
            first_pass: candidates fully scored before pruning by bounds (tuning only).
            compact_ratio: share of dead rows that triggers a compaction (tuning only).
        """
        self.config = config
        self.catalog = catalog or default_catalog()
        self._model = self.catalog.text_model
        self._first_pass = first_pass
        super().__init__(compact_ratio)
        self._store = RowStore(_COLUMNS, _GROUPS, inline=_INLINE)
        self._words = np.zeros(0, dtype=np.uint64)  # reused by every query
        self._point_tables: dict[tuple, np.ndarray] = {}
        self._period_days = PeriodDays()  # days of every period up to today, by NOC
        self._regions = Vocab(31, "regions")
        self._shifts = Vocab(15, "shifts")
        self._certs = Vocab(64, "certifications")
        self._nocs = Vocab(32767, "NOC codes")
        self._terms = Vocab(None, "terms")
        self._titles = Vocab(None, "titles")
        floor = config.title_similarity_floor
        self._noc_tables = TableCache(
            lambda noc: SimilarityTable(
                lambda keys: best_similarity(keys, self.catalog.references(noc), floor)
            ),
            size=1024,
        )
        self._title_tables = TableCache(
            lambda title: SimilarityTable(lambda keys: best_similarity(keys, (title,), floor)),
            size=256,
        )
        unique = list({c.id: c for c in candidates}.values())
        # Compiled in batches straight into columns (see `batch.py`): Python objects for
        # every candidate at once made the build's peak, and the process kept that memory.
        table = ChunkTable(self._model, self._terms)
        vocabs = {
            "regions": self._regions, "shifts": self._shifts, "certs": self._certs,
            "nocs": self._nocs, "terms": self._terms, "titles": self._titles,
        }
        with _collector_paused():
            for start in range(0, len(unique), _BUILD_BATCH):
                ids, columns, lists = profile_columns(
                    unique[start:start + _BUILD_BATCH], config.threshold_tenths, table, vocabs,
                    self._model,
                )
                self._store.append(ids, fold_columns(columns), lists)

    def _append(self, batch: list[CandidateFeatures]) -> None:
        masks: dict[tuple[Vocab, frozenset[str]], int] = {}  # sets repeat: one mask each

        def mask(vocab: Vocab, keys: frozenset[str]) -> int:
            found = masks.get((vocab, keys))
            if found is None:
                found = masks[vocab, keys] = vocab.mask(keys)
            return found

        columns: dict[str, list] = {
            "permit": [f.permit for f in batch],
            "employer": [f.permit_employer for f in batch],
            "expires": [f.expires for f in batch],
            "renewal_ok": [f.renewal_ok for f in batch],
            "health": [f.health_restricted for f in batch],
            "oral": [f.oral for f in batch],
            "written": [f.written for f in batch],
            "regions": [mask(self._regions, f.regions) for f in batch],
            "relocate": [f.relocate for f in batch],
            "shifts": [mask(self._shifts, f.shifts) for f in batch],
            "available": [f.available for f in batch],
            "certs": [mask(self._certs, f.certifications) for f in batch],
        }
        lists = {
            "text": ([len(f.text) for f in batch], {
                "term": self._terms.add_all([t for f in batch for t in f.text]),
                "weight": [w for f in batch for w in f.text.values()],
            }),
            "titles": ([len(f.titles) for f in batch], {
                "title": self._titles.add_all([t for f in batch for t in f.titles]),
            }),
            "nocs": ([len(f.nocs) for f in batch], {
                "noc": self._nocs.add_all([n for f in batch for n in sorted(f.nocs)]),
            }),
            "segments": self._segment_lists(batch),
        }
        self._store.append([f.id for f in batch], fold_columns(columns), lists)

    def _segment_lists(self, batch: list[CandidateFeatures]) -> tuple[list, dict]:
        lengths: list[int] = []
        values: dict[str, list] = {"noc": [], "first": [], "after": [], "weight": []}
        nocs, firsts, afters, weights = values.values()
        for f in batch:
            count = 0
            for noc, segments in f.segments.items():
                noc_id = self._nocs.add(noc)
                for first, after, weight in segments:
                    nocs.append(noc_id)
                    firsts.append(first)
                    afters.append(after)
                    weights.append(weight)
                count += len(segments)
            lengths.append(count)
        return lengths, values

    @property
    def nbytes(self) -> int:
        """Return the bytes held by the index's arrays, the days of its periods included."""
        return super().nbytes + self._period_days.nbytes

    def rule_words(self, keys: list[tuple]) -> np.ndarray:
        """Return the packed bits of the rows passing every rule of `keys` (see `bitsets.py`).

        The result may be a buffer that the next call overwrites.
        """
        store = self._store
        size, generation = store.size, store.generation
        parts = [
            self._bits.get(key, size, generation, rule_predicate(store, key)) for key in keys
        ]
        if len(parts) == 1:
            return parts[0]
        if len(self._words) < word_count(size):
            self._words = np.zeros(word_count(size) + word_count(size) // 4 + 16, np.uint64)
        return self._bits.all_of(parts, self._words[: word_count(size)])

    def upsert(self, candidate: CandidateProfile) -> None:
        """Add a candidate, or replace the profile stored under its id.

        Args:
            candidate: the new or changed profile (a tombstone hides the old row).
        """
        features = compile_candidate(candidate, self.config, self._model)
        self._replace(candidate.id, features)

    def remove(self, candidate_id: int) -> bool:
        """Remove a candidate (deleted account, matching switched off).

        Args:
            candidate_id: the candidate's id.

        Returns:
            Whether the candidate was in the index.
        """
        return self._remove(candidate_id)

    def rank(self, posting: PostingProfile, today: date, limit: int = 50) -> list[Match]:
        """Rank the eligible candidates for a posting.

        Args:
            posting: the opening.
            today: the reference day.
            limit: how many matches to return at most.

        Returns:
            The same list as `rank_candidates(posting, <indexed candidates>, today, limit)`.
        """
        features = compile_posting(posting, self._model)
        with self._lock:
            query = Query(self, features, start_day(posting, today), today.toordinal())
            if limit <= 0:
                return []
            batch = max(self._first_pass, 4 * limit)
            rows = query.ranked_rows(limit, batch)
            if len(rows) == 0:
                return []
            positions, _ = top_positions(
                self._store.ids.view()[rows],
                query.lower,
                query.upper,
                query.exact_totals,
                limit,
                batch,
                query.threshold,
            )
            return self._matches(query, rows, positions)

    def count_eligible(self, posting: PostingProfile, today: date) -> int:
        """Count the candidates eligible for a posting, without scoring anyone.

        Args:
            posting: the opening.
            today: the reference day.

        Returns:
            How many matches `rank(posting, today, limit)` returns when `limit` is at least
            the size of the index.
        """
        features = compile_posting(posting, self._model)
        with self._lock:
            query = Query(self, features, start_day(posting, today), today.toordinal())
            return len(query.eligible_rows())

    def eligible_ids(self, postings: Iterable[PostingProfile], today: date) -> np.ndarray:
        """Return the candidates eligible for at least one of the postings.

        Args:
            postings: the openings (postings that ask the same are checked once).
            today: the reference day.

        Returns:
            The sorted ids (int64) of the candidates `rank(posting, today)` returns for at
            least one of the postings.
        """
        checked: set[tuple] = set()
        with self._lock:
            hit = np.zeros(self._store.size, dtype=np.bool_)
            for posting in postings:
                features = compile_posting(posting, self._model)
                start = start_day(posting, today)
                asks = (features.employer, features.noc, features.region, features.shifts,
                        start, features.min_oral, features.min_written,
                        features.min_experience, features.certifications, features.training)
                if asks not in checked:
                    checked.add(asks)
                    query = Query(self, features, start, today.toordinal())
                    hit[query.eligible_rows()] = True
            return np.sort(self._store.ids.view()[hit])

    def _matches(self, query: Query, rows: np.ndarray, positions: np.ndarray) -> list[Match]:
        scores = query.scores(positions)
        chosen = rows[positions]
        ids = self._store.ids.view()[chosen].tolist()
        maintained = (self._store.column("expires")[chosen] < query.start).tolist()
        training = (query.held[positions] < query.required).tolist()
        explanations = scores.explanations(self.config)
        return [
            Match(ids[i], total / 10, explanations[i], FLAGS[maintained[i], training[i]])
            for i, total in enumerate(scores.totals.tolist())
        ]
