"""One CandidateIndex query: vectorised hard rules, bounds, exact totals, final scores."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from . import score as sc
from .bitsets import bits_at, set_rows
from .features import OPEN_GATE, PostingFeatures
from .query_base import RankQuery, ceilings
from .store import Growable, RowStore
from .vocab import SimilarityTable

if TYPE_CHECKING:
    from .index import CandidateIndex


def segment_hour_days(
    first: np.ndarray, after: np.ndarray, weight: np.ndarray, today: int
) -> np.ndarray:
    """Return each stored segment's weighted days up to `today` (as `experience.hour_days`)."""
    ends = np.minimum(after.astype(np.int64), today + 1)
    return weight.astype(np.int64) * np.maximum(0, ends - first)


class PeriodDays:
    """The weighted days of every stored period up to one day (see `Query._hour_days`).

    Computed for every period once per day (running periods grow daily), for the
    periods of appended rows as they come, from scratch after a compaction.
    """

    def __init__(self) -> None:
        self._key: tuple[int, int] | None = None
        self._nocs = Growable(np.int32)
        self._days = Growable(np.int64)

    def sums(
        self, store: RowStore, today: int, rows: np.ndarray, in_noc: np.ndarray
    ) -> np.ndarray:
        """Return the days up to `today` of each of `rows` in the NOCs where `in_noc` is 1."""
        if self._key != (today, store.generation):
            self._key = (today, store.generation)
            self._nocs, self._days = Growable(np.int32), Growable(np.int64)
        nocs = store.items("segments", "noc")
        done = self._days.size
        if done < len(nocs):
            first, after, weight = (
                store.items("segments", name)[done:] for name in ("first", "after", "weight")
            )
            self._nocs.extend(nocs[done:])
            self._days.extend(segment_hour_days(first, after, weight, today))
        return store.row_sums("segments", self._nocs.view(), self._days.view(), rows, in_noc)

    @property
    def nbytes(self) -> int:
        """Return the bytes held, spare capacity included."""
        return self._nocs.data.nbytes + self._days.data.nbytes


def group_max(owner: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    """Return, for each of `size` owners, the largest of its values (0 when it has none)."""
    best = np.zeros(size, dtype=np.int16)
    np.maximum.at(best, owner, values)
    return best


def rule_predicate(store: RowStore, key: tuple) -> Callable[[int, int], np.ndarray]:
    """Return the predicate of one hard rule and its value over a range of rows."""
    rule, value = key

    def col(name: str, first: int, after: int) -> np.ndarray:
        return store.column(name)[first:after]

    def passes(first: int, after: int) -> np.ndarray:
        if rule in ("oral", "written"):
            return col(rule, first, after) >= value
        if rule == "region":
            reach = col("reach", first, after)  # -1 (any region) has every bit
            return reach == -1 if value is None else (reach & (1 << value)) != 0
        if rule == "shifts":
            return (col("shifts", first, after) & value) == value
        if rule == "certs":
            return (col("certs", first, after) & np.uint64(value)) == np.uint64(value)
        return has_item(store, rule, value, slice(first, after))  # "segments"

    return passes


def has_item(store: RowStore, group: str, noc_id: int, rows: slice | np.ndarray) -> np.ndarray:
    """Return, for `rows` (a range or row numbers), whether one of their `group` items is in
    the NOC."""
    width = store.inline[group]
    found = store.column(f"{group}#noc#0")[rows] == noc_id
    for slot in range(1, width):
        found |= store.column(f"{group}#noc#{slot}")[rows] == noc_id
    over = np.flatnonzero(store.column(f"{group}#count")[rows] > width)
    if len(over):
        at = over + rows.start if isinstance(rows, slice) else rows[over]
        owner, f = store.gather(group, at)
        found[over] |= np.bincount(owner[f["noc"] == noc_id], minlength=len(over)) > 0
    return found


class Query(RankQuery):
    """The state of ranking one posting against a CandidateIndex."""

    occupation_exact = True

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
        # A total that `limit` prepared rows reach, when `ranked_rows` found one.
        self.threshold: int | None = None

    def eligible_rows(self) -> np.ndarray:
        """Return the rows passing every hard rule; keep their certificates and hour-days."""
        words = self._eligible_words()
        return np.empty(0, dtype=np.int64) if words is None else self._rows_of(words)

    def ranked_rows(self, limit: int, batch: int) -> np.ndarray:
        """Return the eligible rows that can be among the `limit` best, prepared for ranking.

        A row without a period in the posting's NOC scores no experience points. The
        experienced rows are scored first: when `limit` of them reach a total that no other
        row can reach at its French level (every other component at its ceiling), the other
        rows are never read. Most of them fall there: the hard rules, ANDed as packed bits
        with "French at least level L", leave only those that could still make the list.

        Args:
            limit: how many rows the ranking keeps (at least 1).
            batch: how many rows to score exactly for the threshold (`topk.py`'s first pass).
        """
        words = self._eligible_words()
        if words is None:
            return np.empty(0, dtype=np.int64)
        if self.noc_id is None or self.posting.min_experience > 0:
            return self._prepared(words)  # every eligible row has a period in the NOC, or none
        periods = self.index.rule_words([("segments", self.noc_id)])
        experienced, others = words & periods, words & ~periods
        if not others.any():
            return self._prepared(words)
        rows = self._rows_of(experienced)
        if len(rows) < limit:
            return self._prepared(words)
        self.prepare(rows)
        self.threshold = self._threshold(limit, batch)
        level = self._reaching_level(self.threshold)
        if level is None:
            return rows  # prepared, with the exact totals of the threshold's rows kept
        others &= self.index.rule_words([("oral", level)])
        if not others.any():
            return rows
        self._extend(others)
        return self.rows

    # What `prepare` and `_rows_of` keep per row, in the order of `self.rows`.
    _PER_ROW = (
        "rows", "held", "hour_days", "matched", "noc_similarity", "oral", "wait", "preferred",
        "base", "lower", "upper", "_similarity_memo", "_dot_memo",
    )

    def _extend(self, words: np.ndarray) -> None:
        """Prepare the rows of `words` too (none of them prepared yet), keeping what the
        prepared rows hold: their bounds and the exact totals already computed."""
        kept = [getattr(self, name) for name in self._PER_ROW]
        self.prepare(self._rows_of(words))
        for name, old in zip(self._PER_ROW, kept, strict=True):
            setattr(self, name, np.concatenate((old, getattr(self, name))))

    def _prepared(self, words: np.ndarray) -> np.ndarray:
        """Return the rows of `words` (as `_rows_of`), prepared for ranking."""
        rows = self._rows_of(words)
        if len(rows):
            self.prepare(rows)
        return rows

    def _threshold(self, limit: int, batch: int) -> int:
        """Return a total that `limit` of the prepared rows reach, in tenths.

        The `batch` rows with the best lower bounds are scored exactly (at least `limit`
        rows are prepared); their `limit`-th best total is the threshold.
        """
        if len(self.rows) <= batch:
            first = np.arange(len(self.rows))
        else:
            first = np.argpartition(-self.lower, batch - 1)[:batch]
        totals = self.exact_totals(first)
        return int(np.partition(totals, len(totals) - limit)[len(totals) - limit])

    def _reaching_level(self, threshold: int) -> int | None:
        """Return the lowest oral level at which a row without a period in the posting's NOC
        can reach `threshold`, every component but French at its ceiling (None: at none).

        French points never fall as the level rises, and stop rising at the span.
        """
        config, required, most = self.config, self.posting.min_oral, ceilings(self.config)
        ceiling = int(sc.tenths(sc.experience_values(0, config), config.weights[1])) + sum(
            most[k] for k in (0, 2, 4, 5)
        )
        french = self._french_table()
        for level in range(required, required + config.french_span_levels + 1):
            if ceiling + int(french[level]) >= threshold:
                return level
        return None

    def _eligible_words(self) -> np.ndarray | None:
        """Return the packed bits of the rows passing every rule but the permit and the
        start day, which `_rows_of` checks (None: no row can).

        The rules with a value are ANDed as packed bits (see `bitsets.py`). The result may
        be the index's shared buffer, which the next AND of several rules overwrites.
        """
        p, index = self.posting, self.index
        shift_mask, unknown_shifts = index._shifts.known_mask(p.shifts)
        if unknown_shifts:
            return None
        keys: list[tuple] = [
            ("oral", p.min_oral), ("written", p.min_written), ("region", self.region_bit),
        ]
        if shift_mask:
            keys.append(("shifts", shift_mask))
        cert_mask, unknown_certs = index._certs.known_mask(p.certifications)
        self.cert_mask = cert_mask
        if self.required and not p.training:
            if unknown_certs:  # an unknown certification is held by no one
                return None
            keys.append(("certs", cert_mask))
        if p.min_experience > 0:
            if self.noc_id is None:
                return None
            keys.append(("segments", self.noc_id))  # no period in the NOC: no months
        return index.rule_words(keys)

    def _rows_of(self, words: np.ndarray) -> np.ndarray:
        """Return the live rows of `words` that pass the permit and start-day rules and have
        the experience the posting asks for; keep their certificates and hour-days (only
        these rows are read)."""
        p = self.posting
        rows = set_rows(words)
        if self.store.dead:
            rows = rows[self.store.alive.data[rows]]
        rows = rows[self._can_start(rows)]
        if self.required and p.training:
            held = np.bitwise_count(self.store.column("certs")[rows] & np.uint64(self.cert_mask))
            held = held.astype(np.int64)
        else:  # without training, the survivors hold every required certification
            held = np.full(len(rows), self.required, dtype=np.int64)
        hour_days = self._hour_days(rows)
        if p.min_experience > 0:
            threshold = p.min_experience * self.config.threshold_tenths * 365
            keep = hour_days * 12 >= threshold
            rows, held, hour_days = rows[keep], held[keep], hour_days[keep]
        self.held, self.hour_days = held, hour_days
        return rows

    def _can_start(self, rows: np.ndarray) -> np.ndarray:
        """Return whether each of `rows` may work for the posting's employer and is
        available, with a valid permit, on the start day.

        Read at the rows rather than as packed bits: employers and start days take many
        values, the bits of each new one would read every row, and they would crowd the
        other rules out of the cache of bits.
        """
        col, start = self.store.column, self.start
        gate = col("gate")[rows]
        allowed = (gate == OPEN_GATE) | (gate == self.posting.employer)
        return allowed & (col("available")[rows] <= start) & (col("valid")[rows] >= start)

    def _hour_days(self, rows: np.ndarray) -> np.ndarray:
        """Return the weighted days in the posting's NOC of each of `rows`, up to today."""
        total = np.zeros(len(rows), dtype=np.int64)
        if self.noc_id is None or len(rows) == 0:
            return total
        # Only the rows with a period in the NOC have days there (its packed bits say which).
        some = np.flatnonzero(bits_at(self.index.rule_words([("segments", self.noc_id)]), rows))
        if len(some):
            in_noc = np.zeros(len(self.index._nocs), dtype=np.int64)
            in_noc[self.noc_id] = 1
            total[some] = self.index._period_days.sums(self.store, self.today, rows[some], in_noc)
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
        config, weights = self.config, self.config.weights
        horizon = config.availability_horizon_days
        base = self._french_table()[self.oral.view(np.uint8)]
        logistics = self._table(("logistics",), lambda: np.concatenate([
            sc.tenths(sc.logistics_values(
                np.full(horizon + 1, flag), np.arange(horizon + 1), config), weights[4]
            )
            for flag in (False, True)
        ]))
        waited = np.minimum(np.maximum(self.wait, 0), horizon)  # np.clip costs more per call
        base += logistics[waited + self.preferred * (horizon + 1)]
        if self.required:
            certifications = self._table(("certifications", self.required), lambda: sc.tenths(
                sc.certification_values(np.arange(self.required + 1), self.required), weights[5]
            ))
            base += certifications[self.held]
        else:
            base += ceilings(config)[5]  # nothing required: every row has the full points
        some = np.flatnonzero(self.hour_days)
        base[some] += sc.tenths(sc.experience_values(self.hour_days[some], config), weights[1])
        return base

    def _french_table(self) -> np.ndarray:
        """Return the French points, in tenths, of every oral level (an int8, by its bits)."""
        required, config = self.posting.min_oral, self.config
        return self._table(("french", required), lambda: sc.tenths(
            sc.french_values(np.arange(256, dtype=np.uint8).view(np.int8), required, config),
            config.weights[3],
        ))

    def _table(self, key: tuple, make: Callable[[], np.ndarray]) -> np.ndarray:
        """Return a table of points kept by the index (it depends on the config only)."""
        tables = self.index._point_tables
        found = tables.get(key)
        if found is None:
            if len(tables) >= 256:
                tables.clear()
            found = tables[key] = make()
        return found

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
        # A period in the NOC makes it one of the row's NOCs: only the others are read,
        # at the rows (packed bits of a NOC not met before would read every row first).
        matched = bits_at(self.index.rule_words([("segments", self.noc_id)]), rows)
        others = np.flatnonzero(~matched)
        matched[others] = has_item(self.store, "nocs", self.noc_id, rows[others])
        return matched

    def _title_best(self, rows: np.ndarray, tables: list[SimilarityTable]) -> np.ndarray:
        """Return the best similarity in `tables` of each row's titles (0 without titles)."""
        store, titles = self.store, self.index._titles
        ids = [
            store.column(f"titles#title#{slot}")[rows] for slot in range(store.inline["titles"])
        ]
        best = None
        for table in tables:
            for found in table.lookup_all(ids, titles):
                best = found if best is None else np.maximum(best, found, out=best)
        over = store.overflow("titles", rows)
        if len(over):
            owner, f = store.gather("titles", rows[over])
            found = np.max([table.lookup(f["title"], titles) for table in tables], axis=0)
            best[over] = group_max(owner, found, len(over))
        return best

    def _noc_similarity(self, rows: np.ndarray) -> np.ndarray:
        """Return the best similarity of each unmatched row's titles to the posting's titles.

        The NOC's official titles and the posting's own title: reading both tables at once
        costs little more than one, and makes the occupation exact for every row, so only
        the text is left to bound (see `topk.py`).
        """
        unmatched = np.flatnonzero(~self.matched)
        best = np.zeros(len(rows), dtype=np.int16)
        if len(unmatched):
            tables = [self.index._noc_tables.get(self.posting.noc)]
            if self.posting.title:
                tables.append(self.index._title_tables.get(self.posting.title))
            best[unmatched] = self._title_best(rows[unmatched], tables)
        return best

    def _similarity(self, positions: np.ndarray) -> np.ndarray:
        """Return the best title similarity, the posting's own title included."""
        return self.noc_similarity[positions]
