"""One PostingIndex query: a candidate against every posting's columns."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from . import score as sc
from .eligibility import FLAGS, RULES
from .experience import hour_days
from .features import PERMIT_NONE, PERMIT_SPECIFIC, CandidateFeatures
from .profiles import Match
from .query_base import RankQuery

if TYPE_CHECKING:
    from .posting_index import PostingIndex


class PostingQuery(RankQuery):
    """The state of ranking the postings of a PostingIndex for one candidate."""

    def __init__(self, index: PostingIndex, candidate: CandidateFeatures, today: int):
        self.index = index
        self.store = index._store
        self.candidate = candidate
        self.today = today
        self.config = index.config
        self.query_text, self.terms = candidate.text, index._terms

    def _per_vocab(
        self, vocab_len: int, keys: dict[str, int], wanted: frozenset[str]
    ) -> np.ndarray:
        flags = np.zeros(vocab_len, dtype=np.bool_)
        flags[[i for key, i in keys.items() if key in wanted]] = True
        return flags

    def eligible_rows(self) -> np.ndarray:
        """Return the rows of the postings whose hard rules the candidate passes."""
        c, col, index = self.candidate, self.store.column, self.index
        if c.permit == PERMIT_NONE or c.health_restricted:
            return np.empty(0, dtype=np.int64)
        start = np.maximum(col("start"), self.today)
        ok = self.store.alive.view().copy()
        if c.permit == PERMIT_SPECIFIC:
            ok &= col("employer") == c.permit_employer
        if not c.renewal_ok:
            ok &= start <= c.expires
        ok &= col("min_oral") <= c.oral
        ok &= col("min_written") <= c.written
        ok &= start >= c.available
        if c.regions and not c.relocate:
            allowed = self._per_vocab(len(index._regions), index._regions.ids, c.regions)
            ok &= allowed[col("region")]
        shift_mask, _ = index._shifts.known_mask(c.shifts)
        ok &= (col("shifts") & ~shift_mask) == 0
        cert_mask, _ = index._certs.known_mask(c.certifications)
        held = np.bitwise_count(col("certs") & np.uint64(cert_mask)).astype(np.int64)
        ok &= (held == col("n_certs")) | col("training")
        nocs = index._nocs
        by_noc = np.zeros(len(nocs), dtype=np.int64)
        for noc, segments in c.segments.items():
            noc_id = nocs.get(noc)
            if noc_id is not None:
                by_noc[noc_id] = hour_days(segments, self.today)
        months = col("min_experience").astype(np.int64) * (self.config.threshold_tenths * 365)
        ok &= by_noc[col("noc")] * 12 >= months
        rows = np.flatnonzero(ok)
        self.start, self.held = start[rows], held[rows]
        self.hour_days = by_noc[col("noc")[rows]]
        return rows

    def failed_rules(self) -> tuple[np.ndarray, np.ndarray]:
        """Return the live rows and, for each, a bitmask of the hard rules it fails.

        Bit i stands for `RULES[i]`; the rules are those of `eligibility.check`, so a row's
        mask names exactly the reason codes `evaluate` would report for that pair.
        """
        c, col, index = self.candidate, self.store.column, self.index
        rows = np.flatnonzero(self.store.alive.view())
        masks = np.zeros(len(rows), dtype=np.int32)

        def fail(rule: str, failing) -> None:
            masks[np.asarray(failing, dtype=np.bool_)] |= np.int32(1 << RULES.index(rule))

        start = np.maximum(col("start")[rows], self.today)
        if c.permit == PERMIT_NONE:
            fail("permit_missing", np.ones(len(rows)))
        else:
            if c.permit == PERMIT_SPECIFIC:
                fail("permit_other_employer", col("employer")[rows] != c.permit_employer)
            if not c.renewal_ok:
                fail("permit_expires_before_start", start > c.expires)
        if c.health_restricted:
            fail("permit_health_restricted", np.ones(len(rows)))
        fail("french_oral_below_required", col("min_oral")[rows] > c.oral)
        fail("french_written_below_required", col("min_written")[rows] > c.written)
        fail("experience_below_required", ~self._experience_ok(rows))
        if c.regions and not c.relocate:
            allowed = self._per_vocab(len(index._regions), index._regions.ids, c.regions)
            fail("region_not_preferred", ~allowed[col("region")[rows]])
        shift_mask, _ = index._shifts.known_mask(c.shifts)
        fail("shift_unavailable", (col("shifts")[rows] & ~shift_mask) != 0)
        fail("not_available_by_start", start < c.available)
        cert_mask, _ = index._certs.known_mask(c.certifications)
        held = np.bitwise_count(col("certs")[rows] & np.uint64(cert_mask)).astype(np.int64)
        fail("certification_missing", (held < col("n_certs")[rows]) & ~col("training")[rows])
        return rows, masks

    def _experience_ok(self, rows: np.ndarray) -> np.ndarray:
        """Return whether the candidate has the months each row's posting asks for."""
        col, nocs = self.store.column, self.index._nocs
        by_noc = np.zeros(len(nocs), dtype=np.int64)
        for noc, segments in self.candidate.segments.items():
            noc_id = nocs.get(noc)
            if noc_id is not None:
                by_noc[noc_id] = hour_days(segments, self.today)
        months = col("min_experience")[rows].astype(np.int64) * (
            self.config.threshold_tenths * 365)
        return by_noc[col("noc")[rows]] * 12 >= months

    def prepare(self, rows: np.ndarray) -> None:
        """Compute the cheap components and the bounds of the costly ones for `rows`."""
        c, col, index, config = self.candidate, self.store.column, self.index, self.config
        self.rows = rows
        self.nocs = col("noc")[rows]
        matched_noc = self._per_vocab(len(index._nocs), index._nocs.ids, c.nocs)
        self.matched = matched_noc[self.nocs]
        self.noc_similarity = self._best(index._noc_tables, self.nocs, index._nocs, ~self.matched)
        if c.regions:
            preferred_region = self._per_vocab(len(index._regions), index._regions.ids, c.regions)
            preferred = preferred_region[col("region")[rows]]
        else:
            preferred = np.ones(len(rows), dtype=np.bool_)
        self.required = col("n_certs")[rows]
        self.fixed = (
            sc.experience_values(self.hour_days, config),
            sc.french_values(c.oral, col("min_oral")[rows], config),
            sc.logistics_values(preferred, np.full(len(rows), c.available - self.today), config),
            sc.certification_values(self.held, self.required),
        )
        self._set_bounds()

    def _best(self, cache, ids: np.ndarray, vocab, wanted: np.ndarray) -> np.ndarray:
        """Return the best similarity over the candidate's titles, for the `wanted` items."""
        best = np.zeros(len(ids), dtype=np.int16)
        if not wanted.any():
            return best
        chosen = ids[wanted]
        for title in self.candidate.titles:
            best[wanted] = np.maximum(best[wanted], cache.get(title).lookup(chosen, vocab))
        return best

    def _similarity(self, positions: np.ndarray) -> np.ndarray:
        index = self.index
        titles = self.store.column("title")[self.rows[positions]]
        own = self._best(index._title_tables, titles, index._titles, ~self.matched[positions])
        return np.maximum(self.noc_similarity[positions], own)

    def matches(self, positions: np.ndarray) -> list[Match]:
        """Build the matches of the postings at `positions`, in that order."""
        scores = self.scores(positions)
        ids = self.store.ids.view()[self.rows[positions]].tolist()
        maintained = (self.candidate.expires < self.start[positions]).tolist()
        training = (self.held[positions] < self.required[positions]).tolist()
        explanations = scores.explanations(self.config)
        return [
            Match(ids[i], total / 10, explanations[i], FLAGS[maintained[i], training[i]])
            for i, total in enumerate(scores.totals.tolist())
        ]
