"""Months of experience: merged overlaps, ongoing periods, part-time pro rata."""

from __future__ import annotations

import math
from datetime import date

import pytest

from matcher.ranking import RankingConfig, experience_months

from .factories import job

TODAY = date(2025, 1, 1)


DEFAULT = RankingConfig()


def months(*jobs, noc=None, today=TODAY, config=DEFAULT):
    return experience_months(jobs, today, noc, config)


def test_a_full_calendar_year_full_time_is_twelve_months():
    assert months(job(date(2023, 1, 1), date(2023, 12, 31))) == pytest.approx(12.0)


def test_a_leap_year_counts_its_extra_day():
    assert months(job(date(2024, 1, 1), date(2024, 12, 31))) == pytest.approx(12 * 366 / 365)


def test_overlapping_full_time_periods_count_once():
    both = months(
        job(date(2023, 1, 1), date(2023, 8, 31)), job(date(2023, 5, 1), date(2023, 12, 31))
    )
    assert both == pytest.approx(12.0)


def test_contained_period_adds_nothing():
    outer = job(date(2023, 1, 1), date(2023, 12, 31))
    assert months(outer, job(date(2023, 3, 1), date(2023, 3, 31))) == months(outer)


def test_ongoing_period_ends_today_inclusive():
    assert months(job(date(2024, 1, 2), None)) == pytest.approx(12 * 366 / 365)  # 366 days
    assert months(job(TODAY, None)) == pytest.approx(12 / 365)


def test_days_after_today_never_count():
    assert months(job(date(2024, 1, 2), date(2026, 6, 30))) == pytest.approx(12 * 366 / 365)
    assert months(job(date(2025, 2, 1), None)) == 0.0


def test_part_time_counts_pro_rata_under_thirty_hours():
    year = (date(2023, 1, 1), date(2023, 12, 31))
    assert months(job(*year, hours=15)) == pytest.approx(6.0)
    assert months(job(*year, hours=30)) == pytest.approx(12.0)
    assert months(job(*year, hours=45)) == pytest.approx(12.0)


def test_overlap_keeps_the_larger_weight_per_day():
    full = job(date(2023, 1, 1), date(2023, 6, 30))  # 181 days at full weight
    half = job(date(2023, 1, 1), date(2023, 12, 31), hours=15)  # 365 days at half weight
    expected = (181 * 300 + 184 * 150) * 12 / (300 * 365)
    assert months(full, half) == pytest.approx(expected)


def test_concurrent_part_time_jobs_do_not_add_up():
    year = (date(2023, 1, 1), date(2023, 12, 31))
    assert months(job(*year, hours=15), job(*year, hours=15)) == pytest.approx(6.0)


@pytest.mark.parametrize("hours", [0, -5, math.nan, math.inf])
def test_entries_without_valid_hours_count_nothing(hours):
    assert months(job(date(2023, 1, 1), date(2023, 12, 31), hours=hours)) == 0.0


def test_period_ending_before_it_starts_counts_nothing():
    assert months(job(date(2023, 5, 1), date(2023, 4, 1))) == 0.0


def test_noc_filter_keeps_only_that_occupation():
    kitchen = job(date(2023, 1, 1), date(2023, 12, 31), noc="65201")
    care = job(date(2022, 1, 1), date(2022, 12, 31), noc="33102")
    assert months(kitchen, care, noc="33102") == pytest.approx(12.0)
    assert months(kitchen, care) == pytest.approx(24.0)


def test_threshold_comes_from_the_config():
    year = job(date(2023, 1, 1), date(2023, 12, 31), hours=20)
    assert months(year, config=RankingConfig(part_time_threshold_hours=40)) == pytest.approx(6.0)
