"""Profiles compiled once into the plain numbers and keys that rules and scores read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .config import RankingConfig
from .experience import Segment, segments_by_noc
from .profiles import CandidateProfile, PostingProfile
from .text import title_key
from .textmodel import TextModel, Vector

MIN_DAY = -(2**31)  # "available since always"
MAX_DAY = 2**31 - 1  # "never expires"

PERMIT_NONE, PERMIT_OPEN, PERMIT_SPECIFIC = 0, 1, 2
OPEN_GATE = -(2**62)  # CandidateIndex "gate" of an open permit: any employer
NO_GATE = OPEN_GATE + 1  # no permit, or one barring health services: no employer
_PERMIT_CODES = {"open": PERMIT_OPEN, "employer_specific": PERMIT_SPECIFIC}


def day(value: date | None, missing: int) -> int:
    """Return the day number of a date, or `missing` when there is none."""
    return missing if value is None else value.toordinal()


def start_day(posting: PostingProfile, today: date) -> int:
    """Return S: the posting's start date, or today when it has none or it has passed."""
    start = posting.start_date
    return max(start.toordinal(), today.toordinal()) if start else today.toordinal()


@dataclass(frozen=True, slots=True)
class CandidateFeatures:
    """A candidate reduced to what eligibility and scoring read."""

    id: int
    permit: int
    permit_employer: int
    expires: int
    renewal_ok: bool
    health_restricted: bool
    oral: int
    written: int
    regions: frozenset[str]
    relocate: bool
    shifts: frozenset[str]
    available: int
    certifications: frozenset[str]
    nocs: frozenset[str]
    segments: dict[str, list[Segment]]
    titles: tuple[str, ...]
    text: Vector


@dataclass(frozen=True, slots=True)
class PostingFeatures:
    """A posting reduced to what eligibility and scoring read."""

    id: int
    employer: int
    noc: str
    region: str
    shifts: frozenset[str]
    start: int
    min_oral: int
    min_written: int
    min_experience: int
    certifications: frozenset[str]
    training: bool
    title: str
    text: Vector


def candidate_text(candidate: CandidateProfile) -> str:
    """Return the text compared with postings: experience descriptions and skills."""
    parts = [exp.description for exp in candidate.experiences] + [candidate.skills_text]
    return "\n".join(part for part in parts if part)


def compile_candidate(
    candidate: CandidateProfile, config: RankingConfig, model: TextModel
) -> CandidateFeatures:
    """Reduce a candidate profile to features."""
    expires = day(candidate.permit_expires_on, MAX_DAY)
    renewal = candidate.permit_renewal_applied_on
    titles = dict.fromkeys(title_key(exp.title) for exp in candidate.experiences)
    nocs = {exp.noc_code for exp in candidate.experiences if exp.noc_code}
    return CandidateFeatures(
        id=candidate.id,
        permit=_PERMIT_CODES.get(candidate.permit_kind, PERMIT_NONE),
        permit_employer=-1
        if candidate.permit_employer_id is None
        else candidate.permit_employer_id,
        expires=expires,
        renewal_ok=renewal is not None and renewal.toordinal() <= expires,
        health_restricted=candidate.permit_health_restricted,
        oral=candidate.french.oral,
        written=candidate.french.written,
        regions=candidate.preferred_regions,
        relocate=candidate.willing_to_relocate,
        shifts=candidate.shifts,
        available=day(candidate.available_from, MIN_DAY),
        certifications=candidate.certifications,
        nocs=frozenset(nocs | candidate.desired_noc_codes),
        segments=segments_by_noc(candidate.experiences, config.threshold_tenths),
        titles=tuple(key for key in titles if key),
        text=model.vectorize(candidate_text(candidate)),
    )


def compile_posting(posting: PostingProfile, model: TextModel) -> PostingFeatures:
    """Reduce a posting to features."""
    return PostingFeatures(
        id=posting.id,
        employer=posting.employer_id,
        noc=posting.noc_code,
        region=posting.region,
        shifts=posting.shifts,
        start=day(posting.start_date, MIN_DAY),
        min_oral=posting.min_french_oral,
        min_written=posting.min_french_written,
        min_experience=posting.min_experience_months,
        certifications=posting.required_certifications,
        training=posting.training_provided,
        title=title_key(posting.title),
        text=model.vectorize(f"{posting.title}\n{posting.description}"),
    )
