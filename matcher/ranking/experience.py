"""Months of experience: overlapping periods merged, ongoing ones end today, part time pro rata.

Definition (exact, in integers so that every code path agrees to the unit):

* Each entry covers the calendar days start..end inclusive (``end=None``: up to `today`;
  days after `today` never count, even when an end date lies in the future).
* An entry's day weight is its weekly hours in tenths of an hour, capped at the part-time
  threshold (30 h -> 300): a 37.5 h entry weighs 300, a 15 h entry 150. Hours are rounded
  to the tenth.
* Overlaps are merged per day: a day covered by several entries counts once, with the
  largest weight among them (two 15 h jobs on the same days count as one 15 h job, never as
  30 h, so merging never inflates experience and adding or lengthening an entry never
  lowers the total).
* The sum of day weights ("hour-days") converts to months with 1 month = 365/12 days at
  full weight: months = hour_days * 12 / (threshold_tenths * 365). A full calendar year of
  full-time work is exactly 12 months.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date

from .config import DEFAULT_CONFIG, RankingConfig
from .profiles import Experience

OPEN_END = 2**31 - 1  # day number standing for "ongoing": clipped at today when counted

Segment = tuple[int, int, int]  # (first day, day after the last, weight in tenths of an hour)


def day_weight(hours_per_week: float, threshold_tenths: int) -> int:
    """Return one day's weight: weekly hours in tenths, capped at the threshold."""
    if not math.isfinite(hours_per_week) or hours_per_week <= 0:
        return 0
    return min(round(hours_per_week * 10), threshold_tenths)


def merged_segments(experiences: Iterable[Experience], threshold_tenths: int) -> list[Segment]:
    """Return disjoint day segments carrying the largest weight of the entries covering them."""
    intervals = []
    for exp in experiences:
        weight = day_weight(exp.hours_per_week, threshold_tenths)
        first = exp.start.toordinal()
        after = OPEN_END if exp.end is None else exp.end.toordinal() + 1
        if weight > 0 and after > first:
            intervals.append((first, after, weight))
    if len(intervals) < 2:  # the usual case: nothing to merge
        return intervals
    cuts = sorted({day for first, after, _ in intervals for day in (first, after)})
    segments: list[Segment] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        weight = max((w for first, after, w in intervals if first <= a and after >= b), default=0)
        if weight == 0:
            continue
        if segments and segments[-1][1] == a and segments[-1][2] == weight:
            segments[-1] = (segments[-1][0], b, weight)
        else:
            segments.append((a, b, weight))
    return segments


def segments_by_noc(
    experiences: Iterable[Experience], threshold_tenths: int
) -> dict[str, list[Segment]]:
    """Group experiences by NOC code and merge each group's periods."""
    groups: dict[str, list[Experience]] = {}
    for exp in experiences:
        if exp.noc_code:
            groups.setdefault(exp.noc_code, []).append(exp)
    return {noc: merged_segments(items, threshold_tenths) for noc, items in groups.items()}


def hour_days(segments: Iterable[Segment], today: int) -> int:
    """Return the weighted days of `segments` up to and including day number `today`."""
    total = 0
    for first, after, weight in segments:
        days = min(after, today + 1) - first
        if days > 0:
            total += weight * days
    return total


def months_from_hour_days(total: int, config: RankingConfig = DEFAULT_CONFIG) -> float:
    """Convert hour-days to months (1 month = 365/12 full-weight days)."""
    return total * 12 / (config.threshold_tenths * 365)


def meets_months(total: int, months: int, config: RankingConfig = DEFAULT_CONFIG) -> bool:
    """Tell, without rounding, whether `total` hour-days reach `months` months."""
    return total * 12 >= months * config.threshold_tenths * 365


def months_floor_tenth(total: int, config: RankingConfig = DEFAULT_CONFIG) -> float:
    """Return months rounded down to one decimal (so a shortfall never displays as met)."""
    return (total * 120 // (config.threshold_tenths * 365)) / 10


def experience_months(
    experiences: Iterable[Experience],
    today: date,
    noc_code: str | None = None,
    config: RankingConfig = DEFAULT_CONFIG,
) -> float:
    """Compute months of experience as defined in this module's docstring.

    Args:
        experiences: the candidate's work periods.
        today: the reference day; ongoing periods end on it and later days never count.
        noc_code: count only the periods in this NOC code (None: every period).
        config: supplies the part-time threshold.

    Returns:
        Months as a float (not rounded).
    """
    chosen = [exp for exp in experiences if noc_code is None or exp.noc_code == noc_code]
    segments = merged_segments(chosen, config.threshold_tenths)
    return months_from_hour_days(hour_days(segments, today.toordinal()), config)
