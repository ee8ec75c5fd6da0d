"""Fit bands: stars from a score relative to the posting's reach."""

import pytest

from matcher.ranking.fit import THRESHOLDS, fit_band


@pytest.mark.parametrize(("score", "reach", "stars", "code"), [
    (77, 77, 5, "excellent"), (70, 77, 5, "excellent"), (60, 77, 4, "very_good"),
    (45, 77, 3, "good"), (30, 77, 2, "fair"), (15, 77, 1, "meets"), (0, 77, 1, "meets"),
])
def test_each_band_starts_at_its_documented_ratio(score, reach, stars, code):
    band = fit_band(score, reach)
    assert (band.stars, band.code) == (stars, code)


def test_stars_never_decrease_when_the_score_rises():
    for reach in (1, 10, 32.5, 77, 100):
        stars = [fit_band(tenth / 10, reach).stars for tenth in range(0, 1001)]
        assert stars == sorted(stars)
        assert stars[0] == 1 and stars[-1] == 5


def test_every_band_is_reachable_and_the_thresholds_descend():
    lowest = [threshold for threshold, _, _ in THRESHOLDS]
    assert lowest == sorted(lowest, reverse=True) and lowest[-1] == 0
    assert {fit_band(ratio * 100, 100).stars for ratio, _, _ in THRESHOLDS} == {1, 2, 3, 4, 5}


def test_a_score_above_the_reach_or_a_zero_reach_stays_in_range():
    assert fit_band(80, 70).stars == 5 and fit_band(80, 70).ratio == 1.0
    assert fit_band(0, 0).stars == 1
    assert fit_band(0.5, 0).ratio == 0.5  # a reach under one point counts as one


def test_equal_inputs_give_equal_bands():
    assert fit_band(42.1, 66.6) == fit_band(42.1, 66.6)
