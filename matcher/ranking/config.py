"""Tunable constants of eligibility and scoring, frozen so a ranking is reproducible."""

from __future__ import annotations

from dataclasses import dataclass

COMPONENT_CODES = ("occupation", "experience", "text", "french", "logistics", "certifications")


@dataclass(frozen=True, slots=True)
class RankingConfig:
    """Weights (points out of 100) and thresholds of the score (DESIGN §4.2)."""

    weight_occupation: float = 30.0
    weight_experience: float = 20.0
    weight_text: float = 20.0
    weight_french: float = 15.0
    weight_logistics: float = 10.0
    weight_certifications: float = 5.0
    # Months in the posting's occupation at which the experience component reaches 1.
    experience_saturation_months: int = 24
    # An entry under this many hours a week counts pro rata (hours / threshold).
    part_time_threshold_hours: float = 30.0
    # French component: 0.5 at the required oral level, 1 at this many levels above it.
    french_span_levels: int = 4
    # Title similarity (rapidfuzz, 0-100) at or below this floor counts as no fit at all.
    title_similarity_floor: int = 50
    # Logistics: region fit reached only by relocating counts this much (preferred = 1).
    relocation_region_fit: float = 0.5
    # Logistics: availability falls linearly from 1 (available today) to 0 at this many days.
    availability_horizon_days: int = 90

    def __post_init__(self) -> None:
        if min(self.weights) < 0:
            raise ValueError("weights must not be negative")
        if self.experience_saturation_months <= 0 or self.french_span_levels <= 0:
            raise ValueError("saturation months and French span must be positive")
        if not 0 <= self.title_similarity_floor < 100:
            raise ValueError("title similarity floor must be in [0, 100)")
        if self.part_time_threshold_hours <= 0 or self.availability_horizon_days <= 0:
            raise ValueError("part-time threshold and availability horizon must be positive")

    @property
    def weights(self) -> tuple[float, ...]:
        """Return the component weights in the order of COMPONENT_CODES."""
        return (
            self.weight_occupation,
            self.weight_experience,
            self.weight_text,
            self.weight_french,
            self.weight_logistics,
            self.weight_certifications,
        )

    @property
    def threshold_tenths(self) -> int:
        """Return the part-time threshold in tenths of an hour (full-time day weight)."""
        return round(self.part_time_threshold_hours * 10)


DEFAULT_CONFIG = RankingConfig()
