"""PostingIndex: rank the open postings for one candidate, as `rank_postings` would.

The same design as CandidateIndex with the roles swapped: posting requirements sit in
columns and the candidate is the query. Title similarities are cached per candidate title
(against every NOC's official titles and every distinct posting title) and computed only
where the bounds of `topk.py` say they can change the result.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import numpy as np

from .config import DEFAULT_CONFIG, RankingConfig
from .features import PostingFeatures, compile_candidate, compile_posting
from .occupations import OccupationCatalog, default_catalog
from .posting_query import PostingQuery
from .profiles import CandidateProfile, Match, PostingProfile
from .row_index import RowIndex
from .similarity import similarity_matrix
from .store import RowStore
from .topk import top_positions
from .vocab import SimilarityTable, TableCache, Vocab

_COLUMNS = {
    "employer": np.int64,
    "noc": np.int16,
    "region": np.int16,
    "shifts": np.int16,
    "start": np.int32,
    "min_oral": np.int8,
    "min_written": np.int8,
    "min_experience": np.int32,
    "certs": np.uint64,
    "n_certs": np.int16,
    "training": np.bool_,
    "title": np.int32,
}
_GROUPS = {"text": {"term": np.int32, "weight": np.int16}}


class PostingIndex(RowIndex):
    """Postings in columns, ranked for a candidate exactly as `rank_postings` would."""

    def __init__(
        self,
        postings: Iterable[PostingProfile] = (),
        config: RankingConfig = DEFAULT_CONFIG,
        catalog: OccupationCatalog | None = None,
        *,
        first_pass: int = 256,
        compact_ratio: float = 0.25,
    ):
        """Build the index.

        Args:
            postings: the open postings; a repeated id keeps its last version.
            config: weights and thresholds (must be the one `evaluate` would use).
            catalog: NOC titles and text model (default: the bundled seed catalog).
            first_pass: postings fully scored before pruning by bounds (tuning only).
            compact_ratio: share of dead rows that triggers a compaction (tuning only).
        """
        self.config = config
        self.catalog = catalog or default_catalog()
        self._model = self.catalog.text_model
        self._first_pass = first_pass
        super().__init__(compact_ratio)
        self._store = RowStore(_COLUMNS, _GROUPS)
        self._nocs = Vocab(32767, "NOC codes")
        self._regions = Vocab(32767, "regions")
        self._shifts = Vocab(15, "shifts")
        self._certs = Vocab(64, "certifications")
        self._terms = Vocab(None, "terms")
        self._titles = Vocab(None, "posting titles")
        self._noc_tables = TableCache(self._noc_table, size=1024)
        self._title_tables = TableCache(self._title_table, size=1024)
        unique = {p.id: p for p in postings}
        self._append([compile_posting(p, self._model) for p in unique.values()])

    def _noc_table(self, candidate_title: str) -> SimilarityTable:
        """Return the similarities of one candidate title to each NOC's official titles."""
        floor = self.config.title_similarity_floor

        def score(nocs: list[str]) -> np.ndarray:
            references = [self.catalog.references(noc) for noc in nocs]
            flat = [ref for refs in references for ref in refs if ref]
            matrix = similarity_matrix([candidate_title], flat, floor)[0]
            best, at = np.zeros(len(nocs), dtype=np.int16), 0
            for i, refs in enumerate(references):
                width = sum(1 for ref in refs if ref)
                best[i] = matrix[at : at + width].max(initial=0)
                at += width
            return best

        return SimilarityTable(score)

    def _title_table(self, candidate_title: str) -> SimilarityTable:
        """Return the similarities of one candidate title to each distinct posting title."""
        floor = self.config.title_similarity_floor

        def score(titles: list[str]) -> np.ndarray:
            result = similarity_matrix([candidate_title], titles, floor)[0]
            result[[i for i, title in enumerate(titles) if not title]] = 0
            return result

        return SimilarityTable(score)

    def _append(self, batch: list[PostingFeatures]) -> None:
        columns: dict[str, list] = {name: [] for name in _COLUMNS}
        lengths: list[int] = []
        terms: list[int] = []
        weights: list[int] = []
        for p in batch:
            for name, value in (
                ("employer", p.employer),
                ("noc", self._nocs.add(p.noc)),
                ("region", self._regions.add(p.region)),
                ("shifts", self._shifts.mask(p.shifts)),
                ("start", p.start),
                ("min_oral", p.min_oral),
                ("min_written", p.min_written),
                ("min_experience", p.min_experience),
                ("certs", self._certs.mask(p.certifications)),
                ("n_certs", len(p.certifications)),
                ("training", p.training),
                ("title", self._titles.add(p.title)),
            ):
                columns[name].append(value)
            lengths.append(len(p.text))
            terms.extend(self._terms.add(term) for term in p.text)
            weights.extend(p.text.values())
        groups = {"text": (lengths, {"term": terms, "weight": weights})}
        self._store.append([p.id for p in batch], columns, groups)

    def upsert(self, posting: PostingProfile) -> None:
        """Add a posting, or replace the version stored under its id.

        Args:
            posting: the new or changed posting (a tombstone hides the old row).
        """
        features = compile_posting(posting, self._model)
        self._replace(posting.id, features)

    def remove(self, posting_id: int) -> bool:
        """Remove a posting (closed or filled).

        Args:
            posting_id: the posting's id.

        Returns:
            Whether the posting was in the index.
        """
        return self._remove(posting_id)

    def count_eligible(self, candidate: CandidateProfile, today: date) -> int:
        """Count the postings a candidate is eligible for, without scoring any.

        Args:
            candidate: the person.
            today: the reference day.

        Returns:
            How many matches `rank(candidate, today, limit)` returns when `limit` is at least
            the size of the index.
        """
        features = compile_candidate(candidate, self.config, self._model)
        with self._lock:
            return len(PostingQuery(self, features, today.toordinal()).eligible_rows())

    def gaps(self, candidate: CandidateProfile, today: date) -> list[tuple[int, int]]:
        """List the postings a candidate is not eligible for, with the rules each one fails.

        Args:
            candidate: the person.
            today: the reference day.

        Returns:
            (posting id, bitmask) for every indexed posting failing at least one rule;
            bit i of the mask stands for `eligibility.RULES[i]`, the reason codes that
            `evaluate` reports for that pair.
        """
        ids, masks = self.failed_rules(candidate, today)
        failing = np.flatnonzero(masks)
        return list(zip(ids[failing].tolist(), masks[failing].tolist(), strict=True))

    def failed_rules(
        self, candidate: CandidateProfile, today: date
    ) -> tuple[np.ndarray, np.ndarray]:
        """Return every indexed posting's id and the bitmask of the rules it fails, as arrays.

        Args:
            candidate: the person.
            today: the reference day.

        Returns:
            (ids, masks), aligned: a mask of 0 is a posting the candidate is eligible for
            (what `count_eligible` counts); bits as in `gaps`. No Python object per posting.
        """
        features = compile_candidate(candidate, self.config, self._model)
        with self._lock:
            rows, masks = PostingQuery(self, features, today.toordinal()).failed_rules()
            return self._store.ids.view()[rows], masks

    def rank(self, candidate: CandidateProfile, today: date, limit: int = 50) -> list[Match]:
        """Rank the postings a candidate is eligible for.

        Args:
            candidate: the person.
            today: the reference day.
            limit: how many matches to return at most.

        Returns:
            The same list as `rank_postings(candidate, <indexed postings>, today, limit)`.
        """
        features = compile_candidate(candidate, self.config, self._model)
        with self._lock:
            query = PostingQuery(self, features, today.toordinal())
            rows = query.eligible_rows()
            if len(rows) == 0 or limit <= 0:
                return []
            query.prepare(rows)
            positions, _ = top_positions(
                self._store.ids.view()[rows],
                query.lower,
                query.upper,
                query.exact_totals,
                limit,
                max(self._first_pass, 4 * limit),
            )
            return query.matches(positions)
