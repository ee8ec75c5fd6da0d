"""The ranking module's data: profiles in, evaluations and matches out (DESIGN §4)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

PERMIT_KINDS = frozenset({"open", "employer_specific", "none", "pending"})
SHIFTS = ("day", "evening", "night", "weekend")
MAX_FRENCH_LEVEL = 12


@dataclass(frozen=True, slots=True)
class FrenchLevels:
    """Levels 1-12 of the Échelle québécoise for each skill; 0 means not assessed."""

    oral_comprehension: int
    oral_production: int
    reading: int
    writing: int

    def __post_init__(self) -> None:
        for level in (self.oral_comprehension, self.oral_production, self.reading, self.writing):
            if not 0 <= level <= MAX_FRENCH_LEVEL:
                raise ValueError(f"French level {level!r} is outside 0-{MAX_FRENCH_LEVEL}")

    @property
    def oral(self) -> int:
        """Return the oral level: the lower of comprehension and production."""
        return min(self.oral_comprehension, self.oral_production)

    @property
    def written(self) -> int:
        """Return the written level: the lower of reading and writing."""
        return min(self.reading, self.writing)


NOT_ASSESSED = FrenchLevels(0, 0, 0, 0)


@dataclass(frozen=True, slots=True)
class Experience:
    """One period of work; `end=None` means ongoing."""

    title: str
    noc_code: str | None
    start: date
    end: date | None
    hours_per_week: float = 37.5
    description: str = ""


@dataclass(frozen=True, slots=True)
class CandidateProfile:
    """What ranking needs to know about a candidate (no name, no contact)."""

    id: int
    permit_kind: str
    permit_expires_on: date | None
    permit_employer_id: int | None = None
    permit_renewal_applied_on: date | None = None
    permit_health_restricted: bool = False
    french: FrenchLevels = NOT_ASSESSED
    experiences: tuple[Experience, ...] = ()
    preferred_regions: frozenset[str] = frozenset()
    willing_to_relocate: bool = False
    shifts: frozenset[str] = frozenset()
    available_from: date | None = None
    certifications: frozenset[str] = frozenset()
    desired_noc_codes: frozenset[str] = frozenset()
    skills_text: str = ""

    def __post_init__(self) -> None:
        if self.permit_kind not in PERMIT_KINDS:
            raise ValueError(f"unknown permit kind {self.permit_kind!r}")


@dataclass(frozen=True, slots=True)
class PostingProfile:
    """What ranking needs to know about an open posting."""

    id: int
    employer_id: int
    noc_code: str
    title: str
    description: str = ""
    region: str = "06"
    shifts: frozenset[str] = frozenset({"day"})
    start_date: date | None = None
    min_french_oral: int = 5
    min_french_written: int = 1
    min_experience_months: int = 0
    required_certifications: frozenset[str] = frozenset()
    training_provided: bool = False


@dataclass(frozen=True, slots=True)
class Reason:
    """A failed eligibility rule: a stable code and the figures that explain it."""

    code: str
    figures: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Component:
    """One scored criterion: value in [0, 1], its weight, and the points it adds."""

    code: str
    value: float
    weight: float
    points: float


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The verdict on one (posting, candidate) pair."""

    eligible: bool
    reasons: tuple[Reason, ...]
    flags: frozenset[str]
    score: float
    explanation: tuple[Component, ...]


@dataclass(frozen=True, slots=True)
class Match:
    """One ranked result: a candidate id (or posting id), its score and why."""

    id: int
    score: float
    explanation: tuple[Component, ...]
    flags: frozenset[str] = frozenset()
