"""The only adapter between database rows and the pure ranking module."""

from datetime import date

from matcher import clock
from matcher.models import Candidate, Posting
from matcher.ranking import (
    CandidateProfile,
    Evaluation,
    Experience,
    FrenchLevels,
    PostingProfile,
    evaluate,
)


def candidate_profile(candidate: Candidate) -> CandidateProfile:
    """Describe a candidate row to the ranking module (no name, no contact)."""
    return CandidateProfile(
        id=candidate.id,
        permit_kind=candidate.permit_kind,
        permit_expires_on=candidate.permit_expires_on,
        permit_employer_id=candidate.permit_employer_id,
        permit_renewal_applied_on=candidate.permit_renewal_applied_on,
        permit_health_restricted=candidate.permit_health_restricted,
        french=FrenchLevels(
            candidate.french_oral_comprehension or 0, candidate.french_oral_production or 0,
            candidate.french_reading or 0, candidate.french_writing or 0),
        experiences=tuple(
            Experience(title=e.title, noc_code=e.noc_code, start=e.start_on, end=e.end_on,
                       hours_per_week=float(e.hours_per_week), description=e.description or "")
            for e in candidate.experiences),
        preferred_regions=frozenset(r.code for r in candidate.preferred_regions),
        willing_to_relocate=candidate.willing_to_relocate,
        shifts=candidate.shifts,
        available_from=candidate.available_from,
        certifications=frozenset(c.code for c in candidate.certifications),
        desired_noc_codes=frozenset(o.noc_code for o in candidate.desired_occupations),
        skills_text=candidate.skills_text or "",
    )


def posting_profile(posting: Posting) -> PostingProfile:
    """Describe a posting row to the ranking module."""
    return PostingProfile(
        id=posting.id,
        employer_id=posting.employer_id,
        noc_code=posting.noc_code,
        title=posting.title,
        description=posting.description or "",
        region=posting.site.region_code,
        shifts=posting.shifts,
        start_date=posting.start_date,
        min_french_oral=posting.min_french_oral,
        min_french_written=posting.min_french_written,
        min_experience_months=posting.min_experience_months,
        required_certifications=frozenset(c.code for c in posting.required_certifications),
        training_provided=posting.training_provided,
    )


def evaluate_pair(posting: Posting, candidate: Candidate, on: date | None = None) -> Evaluation:
    """Evaluate one candidate for one posting, as the ranking module defines it."""
    return evaluate(posting_profile(posting), candidate_profile(candidate), on or clock.today())
