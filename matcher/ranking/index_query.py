"""One CandidateIndex query: vectorised hard rules, bounds, exact totals, final scores."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from . import score as sc
from .features import OPEN_GATE, PostingFeatures
from .query_base import RankQuery
from .vocab import SimilarityTable

if TYPE_CHECKING:
    from .index import CandidateIndex


def segment_hour_days(
    first: np.ndarray, after: np.ndarray, weight: np.ndarray, today: int
) -> np.ndarray:
    """Return each stored segment's weighted days up to `today` (as `experience.hour_days`)."""
    ends = np.minimum(after.astype(np.int64), today + 1)
    return weight.astype(np.int64) * np.maximum(0, ends - first)


def group_max(owner: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    """Return, for each of `size` owners, the largest of its values (0 when it has none)."""
    best = np.zeros(size, dtype=np.int16)
    np.maximum.at(best, owner, values)
    return best


class Query(RankQuery):
    """The state of ranking one posting against a CandidateIndex."""

    def __init__(self, index: CandidateIndex, posting: PostingFeatures, start: int, today: int):
        self.index = index
        self.store = index._store
        self.posting = posting
        self.start = start
        self.today = today
        self.config = index.config
        self.required = len(posting.certifications)
        self.noc_id = index._nocs.get(posting.noc)
        self.region_bit = index._regions.get(posting.region)
        self.query_text, self.terms = posting.text, index._terms

    def eligible_rows(self) -> np.ndarray:
        """Return the rows passing every hard rule; keep their certificates and hour-days."""
        p, col = self.posting, self.store.column
        shift_mask, unknown_shifts = self.index._shifts.known_mask(p.shifts)
        if unknown_shifts:
            return np.empty(0, dtype=np.int64)
        ok = col("oral") >= p.min_oral
        ok &= col("written") >= p.min_written
        ok &= col("available") <= self.start
        ok &= col("valid") >= self.start
        gate = col("gate")
        ok &= (gate == OPEN_GATE) | (gate == p.employer)
        if shift_mask:
            ok &= (col("shifts") & shift_mask) == shift_mask
        reach = col("reach")
        if self.region_bit is None:
            ok &= reach == -1
        else:
            ok &= (reach & (1 << self.region_bit)) != 0
        ok &= self.store.alive.view()
        rows = np.flatnonzero(ok)
        if self.required:
            cert_mask, _ = self.index._certs.known_mask(p.certifications)
            held = np.bitwise_count(col("certs")[rows] & np.uint64(cert_mask)).astype(np.int64)
        else:
            held = np.zeros(len(rows), dtype=np.int64)
        if not p.training:
            keep = held == self.required  # an unknown certification is held by no one
            rows, held = rows[keep], held[keep]
        hour_days = self._hour_days(rows)
        if p.min_experience > 0:
            threshold = p.min_experience * self.config.threshold_tenths * 365
            keep = hour_days * 12 >= threshold
            rows, held, hour_days = rows[keep], held[keep], hour_days[keep]
        self.held, self.hour_days = held, hour_days
        return rows

    def _hour_days(self, rows: np.ndarray) -> np.ndarray:
        """Return the weighted days in the posting's NOC of each of `rows`, up to today."""
        if self.noc_id is None or len(rows) == 0:
            return np.zeros(len(rows), dtype=np.int64)
        store = self.store
        total = np.zeros(len(rows), dtype=np.int64)
        # Read periods only where one is in this NOC (found on whole columns: comparing a
        # column costs far less than gathering it at the rows).
        some = np.flatnonzero(self._has_noc("segments")[rows])
        mine = store.slots("segments", "noc", rows[some]) == self.noc_id
        days = segment_hour_days(
            store.slots("segments", "first", rows[some]),
            store.slots("segments", "after", rows[some]),
            store.slots("segments", "weight", rows[some]),
            self.today,
        )
        total[some] = np.where(mine, days, 0).sum(axis=0)
        over = store.overflow("segments", rows)
        if len(over):  # more segments than slots: read the full lists instead
            owner, f = store.gather("segments", rows[over])
            mine = f["noc"] == self.noc_id
            days = segment_hour_days(
                f["first"][mine], f["after"][mine], f["weight"][mine], self.today
            )
            total[over] = np.bincount(owner[mine], weights=days, minlength=len(over))
        return total

    def prepare(self, rows: np.ndarray) -> None:
        """Compute the cheap components and the bounds of the costly ones for `rows`."""
        col = self.store.column
        self.rows = rows
        self.matched = self._matched(rows)
        self.noc_similarity = self._noc_similarity(rows)
        self.oral = col("oral")[rows]
        self.wait = col("available")[rows].astype(np.int64) - self.today
        self.preferred = self._preferred(rows)
        self._set_bounds(self._cheap_tenths())

    def _preferred(self, rows: np.ndarray) -> np.ndarray:
        """Return whether the posting's region is preferred (or no region is) by `rows`."""
        regions = self.store.column("regions")[rows]
        preferred = regions == 0
        if self.region_bit is not None:
            preferred |= (regions & (1 << self.region_bit)) != 0
        return preferred

    def _cheap_tenths(self) -> np.ndarray:
        """Return the sum of the four cheap components' points, in tenths, of every row.

        The same values as `score` computes from `_fixed_at`, read from small tables: each
        component depends on a few small integers (levels, days of waiting up to the
        horizon, certificates held), and experience is non-zero only for rows with periods
        in the posting's NOC.
        """
        p, config, weights = self.posting, self.config, self.config.weights
        levels = np.arange(256, dtype=np.uint8).view(np.int8)  # every int8, by its bits
        french = sc.tenths(sc.french_values(levels, p.min_oral, config), weights[3])
        base = french[self.oral.view(np.uint8)]
        horizon = config.availability_horizon_days
        days = np.arange(horizon + 1)
        logistics = np.concatenate([
            sc.tenths(sc.logistics_values(np.full(len(days), flag), days, config), weights[4])
            for flag in (False, True)
        ])
        base += logistics[np.clip(self.wait, 0, horizon) + self.preferred * (horizon + 1)]
        held = np.arange(self.required + 1)
        certifications = sc.tenths(sc.certification_values(held, self.required), weights[5])
        base += certifications[self.held]
        some = np.flatnonzero(self.hour_days)
        base[some] += sc.tenths(sc.experience_values(self.hour_days[some], config), weights[1])
        return base

    def _fixed_at(self, positions: np.ndarray) -> tuple[np.ndarray, ...]:
        config = self.config
        return (
            sc.experience_values(self.hour_days[positions], config),
            sc.french_values(self.oral[positions], self.posting.min_oral, config),
            sc.logistics_values(self.preferred[positions], self.wait[positions], config),
            sc.certification_values(self.held[positions], self.required),
        )

    def _matched(self, rows: np.ndarray) -> np.ndarray:
        """Return whether each of `rows` has the posting's NOC (experience or desired)."""
        if self.noc_id is None:
            return np.zeros(len(rows), dtype=np.bool_)
        matched = self._has_noc("nocs")[rows]
        over = self.store.overflow("nocs", rows)
        if len(over):
            owner, f = self.store.gather("nocs", rows[over])
            matched[over] |= np.bincount(owner[f["noc"] == self.noc_id], minlength=len(over)) > 0
        return matched

    def _has_noc(self, group: str) -> np.ndarray:
        """Return, for every row, whether one of its inline `group` items is the NOC."""
        width, column = self.store.inline[group], self.store.column
        found = column(f"{group}#noc#0") == self.noc_id
        for slot in range(1, width):
            found |= column(f"{group}#noc#{slot}") == self.noc_id
        return found

    def _title_best(self, rows: np.ndarray, table: SimilarityTable) -> np.ndarray:
        """Return the best similarity in `table` of each row's titles (0 without titles)."""
        ids = self.store.slots("titles", "title", rows)
        present = ids >= 0
        values = np.zeros(ids.shape, dtype=np.int16)
        values[present] = table.lookup(ids[present], self.index._titles)
        best = values.max(axis=0, initial=0)
        over = self.store.overflow("titles", rows)
        if len(over):
            owner, f = self.store.gather("titles", rows[over])
            found = table.lookup(f["title"], self.index._titles)
            best[over] = group_max(owner, found, len(over))
        return best

    def _noc_similarity(self, rows: np.ndarray) -> np.ndarray:
        """Return the best similarity of each unmatched row's titles to the NOC's titles."""
        unmatched = np.flatnonzero(~self.matched)
        best = np.zeros(len(rows), dtype=np.int16)
        if len(unmatched):
            table = self.index._noc_tables.get(self.posting.noc)
            best[unmatched] = self._title_best(rows[unmatched], table)
        return best

    def _similarity(self, positions: np.ndarray) -> np.ndarray:
        """Return the best title similarity, the posting's own title included."""
        best = self.noc_similarity[positions].copy()
        unmatched = np.flatnonzero(~self.matched[positions])
        if self.posting.title and len(unmatched):
            table = self.index._title_tables.get(self.posting.title)
            own = self._title_best(self.rows[positions[unmatched]], table)
            best[unmatched] = np.maximum(best[unmatched], own)
        return best
