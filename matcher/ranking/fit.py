"""Fit bands: a score read against what the posting can reach, as 1 to 5 stars.

A raw score out of 100 misleads: text similarity and logistics rarely reach their
maximum, so a qualified candidate may score 25 while the best one scores 70. HR reads
the score against the best score among the posting's eligible candidates (its
"reach"), not against 100:

    ratio = score / reach (clipped to [0, 1]; reach below 1 point counts as 1)

    ratio ≥ 0.90 → 5 stars, "Excellent fit"
    ratio ≥ 0.75 → 4 stars, "Very good fit"
    ratio ≥ 0.55 → 3 stars, "Good fit"
    ratio ≥ 0.35 → 2 stars, "Fair fit"
    otherwise    → 1 star,  "Meets the requirements"

Every ranked candidate is eligible, so the lowest band still says they qualify. For a
given reach, the number of stars never decreases when the score rises (monotone), and
equal inputs give equal bands.
"""

from dataclasses import dataclass

# (lowest ratio, stars, band code), best first.
THRESHOLDS: tuple[tuple[float, int, str], ...] = (
    (0.90, 5, "excellent"),
    (0.75, 4, "very_good"),
    (0.55, 3, "good"),
    (0.35, 2, "fair"),
    (0.0, 1, "meets"),
)


@dataclass(frozen=True)
class FitBand:
    """The stars (1–5) and band code of one score for one posting."""

    stars: int
    code: str
    ratio: float


def fit_band(score: float, reach: float) -> FitBand:
    """Place a score on the 1–5 star scale relative to the posting's reach.

    Args:
        score: the candidate's score (0–100) for the posting.
        reach: the best score among the posting's eligible candidates.

    Returns:
        The band: stars from 1 to 5, its code, and the ratio it was read from.
    """
    ratio = min(1.0, max(0.0, score / max(reach, 1.0)))
    for lowest, stars, code in THRESHOLDS:
        if ratio >= lowest:
            return FitBand(stars, code, ratio)
    raise AssertionError("unreachable: the last threshold is 0")
