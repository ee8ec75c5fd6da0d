"""Profiles for the indexes read with a few Core selects, as plain tuples.

Building the indexes of 100,000 candidates through the ORM means half a million
mapped objects, identity-map bookkeeping and lazy relationships: tens of seconds.
Here each table is read once with a Core select on the session's connection (the
candidates, then their experiences, regions, certifications and desired occupations;
the postings with their site's region, then their certifications), the rows stay
tuples, and the profiles are grouped in Python. The result equals what
`services.candidate_profile` and `services.posting_profile` make from ORM objects
(a test compares them).

Both functions take an optional set of ids (what the change feed asks to reload);
without it they read every matchable candidate or open posting.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from itertools import product

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from matcher.models import Candidate, Experience, Posting, Site, User
from matcher.models._common import SHIFTS
from matcher.models.candidate import (
    candidate_certifications,
    candidate_occupations,
    candidate_regions,
)
from matcher.models.posting import posting_certifications
from matcher.ranking import CandidateProfile, FrenchLevels, PostingProfile
from matcher.ranking import Experience as ExperienceProfile

# An IN list this long at most per statement (SQLite allows 32,766 parameters).
CHUNK = 5000

_CANDIDATE_COLUMNS = (
    Candidate.id, Candidate.permit_kind, Candidate.permit_expires_on,
    Candidate.permit_employer_id, Candidate.permit_renewal_applied_on,
    Candidate.permit_health_restricted, Candidate.french_oral_comprehension,
    Candidate.french_oral_production, Candidate.french_reading, Candidate.french_writing,
    Candidate.willing_to_relocate, Candidate.shift_day, Candidate.shift_evening,
    Candidate.shift_night, Candidate.shift_weekend, Candidate.available_from,
    Candidate.skills_text,
)
_POSTING_COLUMNS = (
    Posting.id, Posting.employer_id, Posting.noc_code, Posting.title, Posting.description,
    Site.region_code, Posting.shift_day, Posting.shift_evening, Posting.shift_night,
    Posting.shift_weekend, Posting.start_date, Posting.min_french_oral,
    Posting.min_french_written, Posting.min_experience_months, Posting.training_provided,
)


def matchable_candidate_ids() -> Select:
    """Select the ids of the candidates employers may be shown (as policy.matchable_candidates).

    Matching on, account active, email address verified.
    """
    return (select(Candidate.id).join(User, Candidate.user_id == User.id)
            .where(Candidate.matching_opt_in.is_(True), User.active.is_(True),
                   User.email_verified_at.is_not(None)))


def open_posting_ids(on: date) -> Select:
    """Select the ids of the postings candidates can be matched to on a given day."""
    return select(Posting.id).where(
        Posting.status == "open", (Posting.closes_on.is_(None)) | (Posting.closes_on >= on))


def load_candidate_profiles(session: Session,
                            ids: Iterable[int] | None = None) -> list[CandidateProfile]:
    """Return the profiles of the matchable candidates (of `ids` only, when given)."""
    profiles: list[CandidateProfile] = []
    for chosen in _batches(matchable_candidate_ids(), Candidate.id, ids):
        profiles += _candidate_batch(session, chosen)
    return profiles


def load_posting_profiles(session: Session, on: date,
                          ids: Iterable[int] | None = None) -> list[PostingProfile]:
    """Return the profiles of the postings open on `on` (of `ids` only, when given)."""
    profiles: list[PostingProfile] = []
    for chosen in _batches(open_posting_ids(on), Posting.id, ids):
        profiles += _posting_batch(session, chosen)
    return profiles


def _batches(every: Select, column, ids: Iterable[int] | None) -> Iterable[Select]:
    """Yield id selects: the whole set as one subquery, or `ids` in bounded IN lists."""
    if ids is None:
        yield every
        return
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), CHUNK):
        yield every.where(column.in_(ordered[start:start + CHUNK]))


def _candidate_batch(session: Session, chosen: Select) -> list[CandidateProfile]:
    chosen = chosen.scalar_subquery()
    experiences = defaultdict(list)
    for candidate_id, *fields in session.connection().execute(
            select(Experience.candidate_id, Experience.title, Experience.noc_code,
                   Experience.start_on, Experience.end_on, Experience.hours_per_week,
                   Experience.description)
            .where(Experience.candidate_id.in_(chosen))
            .order_by(Experience.candidate_id, Experience.start_on.desc(), Experience.id)):
        title, noc_code, start, end, hours, description = fields
        experiences[candidate_id].append(ExperienceProfile(
            title=title, noc_code=noc_code, start=start, end=end,
            hours_per_week=float(hours), description=description or ""))
    regions = _codes(session, candidate_regions.c.region_code, chosen)
    certifications = _codes(session, candidate_certifications.c.certification_code, chosen)
    occupations = _codes(session, candidate_occupations.c.noc_code, chosen)
    empty = frozenset()
    return [
        CandidateProfile(
            id=row[0], permit_kind=row[1], permit_expires_on=row[2], permit_employer_id=row[3],
            permit_renewal_applied_on=row[4], permit_health_restricted=row[5],
            french=FrenchLevels(row[6] or 0, row[7] or 0, row[8] or 0, row[9] or 0),
            experiences=tuple(experiences.get(row[0], ())),
            preferred_regions=regions.get(row[0], empty), willing_to_relocate=row[10],
            shifts=_shifts(row[11:15]), available_from=row[15],
            certifications=certifications.get(row[0], empty),
            desired_noc_codes=occupations.get(row[0], empty), skills_text=row[16] or "",
        )
        for row in session.connection().execute(
            select(*_CANDIDATE_COLUMNS).where(Candidate.id.in_(chosen)).order_by(Candidate.id))
    ]


def _posting_batch(session: Session, chosen: Select) -> list[PostingProfile]:
    chosen = chosen.scalar_subquery()
    certifications = _codes(session, posting_certifications.c.certification_code, chosen)
    return [
        PostingProfile(
            id=row[0], employer_id=row[1], noc_code=row[2], title=row[3],
            description=row[4] or "", region=row[5], shifts=_shifts(row[6:10]),
            start_date=row[10], min_french_oral=row[11], min_french_written=row[12],
            min_experience_months=row[13],
            required_certifications=certifications.get(row[0], frozenset()),
            training_provided=row[14],
        )
        for row in session.connection().execute(
            select(*_POSTING_COLUMNS).join(Site, Posting.site_id == Site.id)
            .where(Posting.id.in_(chosen)).order_by(Posting.id))
    ]


def _codes(session: Session, code_column, chosen) -> dict[int, frozenset[str]]:
    """Read an association table (owner id, code) into owner id -> frozenset of codes."""
    owner = next(c for c in code_column.table.primary_key.columns if c is not code_column)
    grouped = defaultdict(set)
    for owner_id, code in session.connection().execute(
            select(owner, code_column).where(owner.in_(chosen))):
        grouped[owner_id].add(code)
    return {owner_id: frozenset(codes) for owner_id, codes in grouped.items()}


def _shifts(flags: tuple) -> frozenset[str]:
    return _SHIFT_SETS[tuple(flags)]  # 1 == True: SQLite's integers find the same key


# Every combination of the four shift flags, built once (rows share these sets).
_SHIFT_SETS = {
    flags: frozenset(name for name, on in zip(SHIFTS, flags, strict=True) if on)
    for flags in product((False, True), repeat=len(SHIFTS))
}
