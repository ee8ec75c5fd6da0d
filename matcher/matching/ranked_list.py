"""The ranked list HR reads: each candidate's facts, fit band and the filters HR chose.

People who already applied or were invited to the posting are kept apart, with their
status; everyone else is offered for an invitation. The fit band reads each score
against the best score among the posting's eligible candidates (`ranking.fit`), taken
before any filter so that filtering never changes a candidate's stars.

The page ranks up to 200 people and shows 50 cards: the facts of the ranked people are
read with two Core selects of the columns the filters and the cards need (no ORM object,
no relationship), and the filters run on those tuples.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Integer, and_, any_, bindparam, func, select
from sqlalchemy.dialects.postgresql import ARRAY

from matcher import policy
from matcher.extensions import db
from matcher.matching.engine import engine
from matcher.matching.queries import ranked_candidates
from matcher.matching.services import candidate_profile, posting_profile
from matcher.models import Application, Candidate, Experience, Hire, Posting
from matcher.models.candidate import candidate_regions
from matcher.ranking import Experience as ExperienceProfile
from matcher.ranking import Match, experience_months
from matcher.ranking.fit import FitBand, fit_band

# (skill code, Candidate column, the posting's requirement column)
FRENCH_SKILLS = (
    ("oral_comprehension", "french_oral_comprehension", "min_french_oral"),
    ("oral_production", "french_oral_production", "min_french_oral"),
    ("reading", "french_reading", "min_french_written"),
    ("writing", "french_writing", "min_french_written"),
)


@dataclass(frozen=True)
class Filters:
    """What HR narrowed the list to (None or False: no filter)."""

    verified: bool = False
    min_months: int | None = None
    available_by: date | None = None
    region: str | None = None


@dataclass(frozen=True)
class FrenchSkill:
    skill: str
    level: int
    required: int

    @property
    def met(self) -> bool:
        return self.level >= self.required


@dataclass(frozen=True, slots=True)
class Person:
    """What a ranked card shows of a candidate (the names only once contact is shared)."""

    id: int
    first_name: str
    last_name: str
    permit_verified_at: datetime | None
    french_verified_at: datetime | None
    available_from: date | None
    willing_to_relocate: bool
    french_oral_comprehension: int | None
    french_oral_production: int | None
    french_reading: int | None
    french_writing: int | None

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


# The columns of a Person, in its fields' order.
PERSON_COLUMNS = tuple(getattr(Candidate, name) for name in Person.__slots__)


@dataclass(frozen=True, slots=True)
class Applied:
    """What a card and the contact rules (`pseudonyms.contact_state`) read of an application."""

    id: int
    candidate_id: int
    posting_id: int
    status: str


@dataclass(frozen=True)
class Row:
    """One ranked candidate with the facts HR decides on."""

    candidate: Person
    match: Match
    application: Applied | None
    band: FitBand
    months: int
    french: tuple[FrenchSkill, ...]
    regions: tuple[str, ...]  # the preferred regions' codes, sorted

    @property
    def verified(self) -> bool:
        return (self.candidate.permit_verified_at is not None
                and self.candidate.french_verified_at is not None)


def french_skills(candidate, posting: Posting) -> tuple[FrenchSkill, ...]:
    """Return the candidate's level in each French skill with the posting's requirement."""
    return tuple(FrenchSkill(skill, getattr(candidate, column) or 0, getattr(posting, need))
                 for skill, column, need in FRENCH_SKILLS)


def months_in(candidate: Candidate, posting: Posting, on: date) -> int:
    """Return whole months of experience in the posting's occupation (rounded down)."""
    return int(experience_months(candidate_profile(candidate).experiences, on, posting.noc_code))


def keeps(row: Row, filters: Filters) -> bool:
    """Say whether a row passes every filter HR chose."""
    candidate = row.candidate
    if filters.verified and not row.verified:
        return False
    if filters.min_months is not None and row.months < filters.min_months:
        return False
    if filters.available_by and candidate.available_from and \
            candidate.available_from > filters.available_by:
        return False
    return not filters.region or filters.region in row.regions or candidate.willing_to_relocate


def ranked_list(posting: Posting, on: date, filters: Filters = Filters(),
                limit: int = 200) -> tuple[list[Row], list[Row], float]:
    """Return (offered, already in touch, reach) for a posting, filters applied.

    Offered rows have no application; the others applied or were invited and are
    shown apart with their status. Reach is the best score before filtering.
    """
    ranked = ranked_rows(posting, on, limit)
    reach = max((row.match.score for row in ranked), default=0.0)
    rows = [row for row in ranked if keeps(row, filters)]
    return ([r for r in rows if r.application is None],
            [r for r in rows if r.application is not None], reach)


def ranked_rows(posting: Posting, on: date, limit: int = 200) -> list[Row]:
    """Rank the posting's eligible candidates and read the facts of those HR may be shown.

    Consent and the active account are checked again in SQL (as `queries.ranked_candidates`
    does): a stale index may hide someone, never show them. People still employed through
    a hire (no end date) are not offered.
    """
    matches = engine(on).candidates.rank(posting_profile(posting), on, limit=limit)
    # Core rows on the session's connection: no ORM object, no identity map. One select
    # reads who may be shown with their application and regions, one their experience.
    connection = db.session.connection()
    read_people, read_experiences = _READS[connection.dialect.name == "postgresql"]
    people, applications, regions = {}, {}, {}
    for row in connection.execute(
            read_people, {"ids": [m.id for m in matches], "posting": posting.id}):
        person = people[row[0]] = Person(*row[:_PERSON_WIDTH])
        application_id, status, codes = row[_PERSON_WIDTH:]
        if application_id is not None:
            applications[person.id] = Applied(application_id, person.id, posting.id, status)
        regions[person.id] = tuple(sorted(codes.split(","))) if codes else ()
    chosen = [m for m in matches if m.id in people]
    if not chosen:
        return []
    reach = chosen[0].score
    months = _months(connection.execute(
        read_experiences, {"ids": [m.id for m in chosen], "noc": posting.noc_code}),
        posting.noc_code, on)
    french = _french(people.values(), posting)
    return [Row(people[m.id], m, applications.get(m.id), fit_band(m.score, reach),
                months.get(m.id, 0), french[m.id], regions[m.id]) for m in chosen]


# The reads of `ranked_rows`, built once for each kind of database. Each takes the ranked
# ids as one parameter: an array on PostgreSQL (`= ANY`), so that neither psycopg nor the
# planner reads 200 placeholders at each request; an expanding list elsewhere.
_PERSON_WIDTH = len(PERSON_COLUMNS)


def _among_ids(column, postgresql: bool):
    if postgresql:
        return column == any_(bindparam("ids", type_=ARRAY(Integer)))
    return column.in_(bindparam("ids", expanding=True))


def _reads(postgresql: bool) -> tuple:
    """Return the (people, experiences) selects of `ranked_rows`."""
    people = (
        policy.matchable_candidates()
        .with_only_columns(
            *PERSON_COLUMNS, Application.id, Application.status,
            # The codes joined by commas (no order guaranteed: sorted in Python).
            select(func.aggregate_strings(candidate_regions.c.region_code, ","))
            .where(candidate_regions.c.candidate_id == Candidate.id).scalar_subquery())
        # At most one application per candidate and posting (a unique constraint).
        .outerjoin(Application, and_(Application.candidate_id == Candidate.id,
                                     Application.posting_id == bindparam("posting")))
        .where(_among_ids(Candidate.id, postgresql),
               ~select(Hire.id).where(Hire.person_id == Candidate.id,
                                      Hire.end_on.is_(None)).exists()))
    experiences = (select(Experience.candidate_id, Experience.start_on, Experience.end_on,
                          Experience.hours_per_week)
                   .where(_among_ids(Experience.candidate_id, postgresql),
                          Experience.noc_code == bindparam("noc")))
    return people, experiences


_READS = {postgresql: _reads(postgresql) for postgresql in (False, True)}


def _months(periods, noc_code: str, on: date) -> dict[int, int]:
    """Return whole months in one occupation from (candidate id, start, end, hours) rows."""
    found = defaultdict(list)
    for candidate_id, start, end, hours in periods:
        found[candidate_id].append(ExperienceProfile(
            title="", noc_code=noc_code, start=start, end=end, hours_per_week=float(hours)))
    return {candidate_id: int(experience_months(items, on, noc_code))
            for candidate_id, items in found.items()}


def _french(people, posting: Posting) -> dict[int, tuple[FrenchSkill, ...]]:
    """Return each person's French skills against the posting, made once per set of levels."""
    asks = _Requirements(posting.min_french_oral, posting.min_french_written)
    made: dict[tuple, tuple[FrenchSkill, ...]] = {}
    french = {}
    for person in people:
        levels = (person.french_oral_comprehension, person.french_oral_production,
                  person.french_reading, person.french_writing)
        if levels not in made:
            made[levels] = french_skills(person, asks)
        french[person.id] = made[levels]
    return french


@dataclass(frozen=True, slots=True)
class _Requirements:
    """A posting's French requirements, read once for all its rows."""

    min_french_oral: int
    min_french_written: int


def reach(posting: Posting, on: date) -> float:
    """Return the best score among the candidates HR may be offered for a posting."""
    ranked = ranked_candidates(posting, on, limit=20)
    return ranked[0][1].score if ranked else 0.0


def compared(posting: Posting, on: date, ids: list[int]) -> list[Row]:
    """Return the ranked rows of the chosen candidates, in rank order (unknown ids dropped)."""
    offered, in_touch, _reach = ranked_list(posting, on)
    chosen = set(ids)
    return sorted((r for r in offered + in_touch if r.candidate.id in chosen),
                  key=lambda r: (-r.match.score, r.candidate.id))
