"""Component values and points, vectorised; `evaluate()` calls the same code on one pair.

Every value is computed from integers (hour-days, levels, day numbers, quantised dot
products, rounded fuzzy scores) with the same numpy element-wise operations whether the
arrays hold one pair or a hundred thousand, so the scalar path and the indexes produce the
same bits. Points are whole tenths (value * weight * 10, rounded half to even), and the
score is their sum: the explanation's points always add up to the score.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .config import COMPONENT_CODES, RankingConfig
from .profiles import Component
from .textmodel import SCALE_SQUARED

IntArray = np.ndarray
FloatArray = np.ndarray


def occupation_values(
    matched: np.ndarray, similarity: IntArray, config: RankingConfig
) -> FloatArray:
    """Return 1 where the NOC matches, else the best title similarity rescaled above the floor."""
    floor = config.title_similarity_floor
    fuzzy = np.clip((np.asarray(similarity, dtype=np.int64) - floor) / (100 - floor), 0.0, 1.0)
    return np.where(matched, 1.0, fuzzy)


def experience_values(hour_days: IntArray, config: RankingConfig) -> FloatArray:
    """Return months in the posting's NOC over the saturation months, capped at 1."""
    saturation = config.experience_saturation_months * config.threshold_tenths * 365
    return np.minimum(1.0, np.asarray(hour_days, dtype=np.int64) * 12 / saturation)


def text_values(dot: IntArray) -> FloatArray:
    """Return the cosine similarity from quantised dot products."""
    return np.minimum(1.0, np.asarray(dot, dtype=np.int64) / SCALE_SQUARED)


def french_values(oral: IntArray, required: IntArray, config: RankingConfig) -> FloatArray:
    """Return 0.5 at the required oral level, rising linearly to 1 at +span levels."""
    above = np.asarray(oral, dtype=np.int64) - np.asarray(required, dtype=np.int64)
    return np.clip(0.5 + 0.5 * (above / config.french_span_levels), 0.0, 1.0)


def logistics_values(
    preferred: np.ndarray, wait_days: IntArray, config: RankingConfig
) -> FloatArray:
    """Average region fit (1 preferred or no preference, else relocation) and availability."""
    region = np.where(preferred, 1.0, config.relocation_region_fit)
    horizon = config.availability_horizon_days
    wait = np.clip(np.asarray(wait_days, dtype=np.int64), 0, horizon)
    return 0.5 * region + 0.5 * (1.0 - wait / horizon)


def certification_values(held: IntArray, required: IntArray) -> FloatArray:
    """Return the share of required certifications held (1 when none is required)."""
    held = np.asarray(held, dtype=np.int64)
    required = np.asarray(required, dtype=np.int64)
    return np.where(required == 0, 1.0, held / np.maximum(required, 1))


def tenths(values: FloatArray, weight: float | FloatArray) -> IntArray:
    """Return points in tenths: value * weight, rounded to one decimal (half to even).

    `weight` may be a column of weights, one per row of a 2-D `values`.
    """
    return np.rint(values * (weight * 10.0)).astype(np.int64)


@dataclass(frozen=True, slots=True)
class Scores:
    """Component values (6 x n) and points in tenths (6 x n) for n pairs."""

    values: np.ndarray
    points: np.ndarray

    @property
    def totals(self) -> IntArray:
        """Return each pair's score in tenths."""
        return self.points.sum(axis=0)

    def explanation(self, i: int, config: RankingConfig) -> tuple[Component, ...]:
        """Return the components of pair `i`, in the order of COMPONENT_CODES."""
        return self.explanations(config, [i])[0]

    def explanations(
        self, config: RankingConfig, items: list[int] | None = None
    ) -> list[tuple[Component, ...]]:
        """Return the components of the pairs `items` (default: every pair), in the order of
        COMPONENT_CODES."""
        values, points = self.values, self.points
        if items is not None:
            values, points = values[:, items], points[:, items]
        values, points = np.round(values, 4).tolist(), points.tolist()
        columns = [
            list(map(_components(code, weight).__getitem__, zip(vs, ps, strict=True)))
            for code, weight, vs, ps in zip(
                COMPONENT_CODES, config.weights, values, points, strict=True
            )
        ]
        return list(zip(*columns, strict=True))


class _Components(dict):
    """Component instances of one code and weight by (value, tenths): they often repeat."""

    _LIMIT = 1 << 14

    def __init__(self, code: str, weight: float):
        super().__init__()
        self.code, self.weight = code, weight

    def __missing__(self, key: tuple[float, int]) -> Component:
        if len(self) >= self._LIMIT:
            self.clear()
        value, tenths_ = key
        found = self[key] = Component(self.code, value, self.weight, tenths_ / 10)
        return found


_COMPONENTS: dict[tuple[str, float], _Components] = {}


def _components(code: str, weight: float) -> _Components:
    """Return the shared instances of one component code and weight."""
    found = _COMPONENTS.get((code, weight))
    if found is None:
        if len(_COMPONENTS) >= 256:  # configurations with other weights come and go
            _COMPONENTS.clear()
        found = _COMPONENTS[code, weight] = _Components(code, weight)
    return found


def score(
    values: tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray, FloatArray],
    config: RankingConfig,
) -> Scores:
    """Weigh component values (in COMPONENT_CODES order) into points."""
    stacked = np.vstack([np.asarray(v, dtype=np.float64) for v in values])
    points = tenths(stacked, np.array(config.weights)[:, np.newaxis])
    return Scores(values=stacked, points=points)
