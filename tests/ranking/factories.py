"""Inline builders for ranking tests: a baseline eligible pair, changed one field at a time."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from matcher.ranking import CandidateProfile, Experience, FrenchLevels, PostingProfile

TODAY = date(2025, 3, 3)


def days(n: int) -> date:
    """Return the date `n` days after TODAY (before it when negative)."""
    return TODAY + timedelta(days=n)


def candidate(**changes: Any) -> CandidateProfile:
    """Return a candidate eligible for `posting()`, with `changes` applied."""
    base = CandidateProfile(
        id=1,
        permit_kind="open",
        permit_expires_on=days(365),
        french=FrenchLevels(6, 6, 5, 5),
        experiences=(
            Experience(
                title="Préposée aux bénéficiaires",
                noc_code="33102",
                start=date(2022, 1, 1),
                end=date(2022, 12, 31),
                hours_per_week=37.5,
                description="Soins d'hygiène aux résidents, aide au bain et aux repas",
            ),
        ),
        preferred_regions=frozenset({"06"}),
        shifts=frozenset({"day", "evening"}),
        certifications=frozenset({"pdsb"}),
        desired_noc_codes=frozenset({"33102"}),
        skills_text="empathie, travail d'équipe",
    )
    return replace(base, **changes)


def posting(**changes: Any) -> PostingProfile:
    """Return a posting for patient care aides in Montréal, with `changes` applied."""
    base = PostingProfile(
        id=100,
        employer_id=10,
        noc_code="33102",
        title="Préposé(e) aux bénéficiaires",
        description="Soins d'hygiène et de confort aux résidents d'un CHSLD, aide aux repas.",
        region="06",
        shifts=frozenset({"day"}),
    )
    return replace(base, **changes)


def job(
    start: date,
    end: date | None,
    hours: float = 37.5,
    noc: str | None = "33102",
    title: str = "Préposé aux bénéficiaires",
    description: str = "",
) -> Experience:
    """Return one experience."""
    return Experience(title, noc, start, end, hours, description)
