"""Hypothesis strategies: small domains, so that random pools share titles, NOCs and words.

Strategies are built once at import (building them inside a draw is slow).
"""

from __future__ import annotations

from datetime import timedelta

from hypothesis import strategies as st

from matcher.ranking import CandidateProfile, Experience, FrenchLevels, PostingProfile
from tests.conftest import PROFILE

from .factories import TODAY


def examples_of(default: int, fuzz: int) -> int:
    """Return how many examples a slow property test tries: few in `make test`, many in fuzz.

    The brute-force comparisons evaluate every pair of a generated world in Python; `make
    test` replays a few worlds (the same ones every run), `make fuzz` explores many new ones.
    """
    return fuzz if PROFILE == "fuzz" else default

NOCS = ["33102", "65201", "65310", "14101"]
TITLES = [
    "Préposée aux bénéficiaires",
    "PAB",
    "aide-soignant",
    "Aide de cuisine",
    "plongeur",
    "Femme de ménage",
    "Réceptionniste",
    "Chauffeur",
    "cuisiniere",
    "",
]
WORDS = [
    "soins",
    "patients",
    "hygiène",
    "bain",
    "repas",
    "vaisselle",
    "cuisine",
    "ménage",
    "accueil",
    "téléphone",
    "résidents",
    "chsld",
    "care",
    "cleaning",
]
REGIONS = ["03", "06", "12"]
SHIFTS = ["day", "evening", "night", "weekend"]
CERTS = ["cpr", "pdsb", "mapaq"]


def _shifted(days: int) -> st.SearchStrategy:
    return st.integers(-1500 + days, 200 + days).map(lambda n: TODAY + timedelta(days=n))


dates = _shifted(0)
texts = st.lists(st.sampled_from(WORDS), max_size=6).map(" ".join)
_maybe_expiry = st.one_of(st.none(), _shifted(400))
_maybe_available = st.one_of(st.none(), _shifted(1100))
_maybe_start = st.one_of(st.none(), _shifted(1400))
_lengths = st.one_of(st.none(), st.integers(-3, 900))
_hours = st.sampled_from([0.0, 10.0, 15.0, 22.5, 29.9, 30.0, 37.5])
_kinds = st.sampled_from(["open"] * 6 + ["employer_specific", "none", "pending"])
_employers = st.sampled_from([None, 1, 2])
_levels = st.integers(4, 12)
_candidate_shifts = st.one_of(
    st.just(frozenset()), st.frozensets(st.sampled_from(SHIFTS), min_size=2)
)
_posting_shifts = st.frozensets(st.sampled_from(SHIFTS), max_size=2)
_certs = st.frozensets(st.sampled_from(CERTS))
_required = st.frozensets(st.sampled_from([*CERTS, "whmis"]), max_size=1)
_regions = st.frozensets(st.sampled_from(REGIONS), max_size=2)
_desired = st.frozensets(st.sampled_from(NOCS), max_size=2)
_ids = st.integers(1, 10**6)


@st.composite
def experiences(draw) -> Experience:
    start = draw(dates)
    length = draw(_lengths)
    return Experience(
        title=draw(st.sampled_from(TITLES)),
        noc_code=draw(st.sampled_from([*NOCS, None])),
        start=start,
        end=None if length is None else start + timedelta(days=length),
        hours_per_week=draw(_hours),
        description=draw(texts),
    )


_experience_lists = st.lists(experiences(), max_size=5).map(tuple)


@st.composite
def candidates(draw) -> CandidateProfile:
    return CandidateProfile(
        id=draw(_ids),
        permit_kind=draw(_kinds),
        permit_expires_on=draw(_maybe_expiry),
        permit_employer_id=draw(_employers),
        permit_renewal_applied_on=draw(_maybe_expiry),
        permit_health_restricted=draw(st.integers(0, 9)) == 0,
        french=FrenchLevels(draw(_levels), draw(_levels), draw(_levels), draw(_levels)),
        experiences=draw(_experience_lists),
        preferred_regions=draw(_regions),
        willing_to_relocate=draw(st.booleans()),
        shifts=draw(_candidate_shifts),
        available_from=draw(_maybe_available),
        certifications=draw(_certs),
        desired_noc_codes=draw(_desired),
        skills_text=draw(texts),
    )


@st.composite
def postings(draw) -> PostingProfile:
    return PostingProfile(
        id=draw(_ids),
        employer_id=draw(st.sampled_from([1, 2])),
        noc_code=draw(st.sampled_from(NOCS)),
        title=draw(st.sampled_from(TITLES)),
        description=draw(texts),
        region=draw(st.sampled_from([*REGIONS, "09"])),
        shifts=draw(_posting_shifts),
        start_date=draw(_maybe_start),
        min_french_oral=draw(st.integers(5, 7)),
        min_french_written=draw(st.integers(1, 6)),
        min_experience_months=draw(st.sampled_from([0, 0, 0, 1, 6])),
        required_certifications=draw(_required),
        training_provided=draw(st.booleans()),
    )
