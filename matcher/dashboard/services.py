"""Program dashboard services: its filters, the program settings, and the candidate funnel.

Nothing here commits. The hire counts are made by the database (hires.py); the funnel reads
one number per candidate from a few kept statements and counts with numpy.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import numpy as np
from sqlalchemy import (
    ColumnElement,
    String,
    and_,
    case,
    cast,
    exists,
    func,
    or_,
    select,
    text,
)

from matcher import audit
from matcher.dashboard.cache import kept
from matcher.dashboard.eligibility import eligible_candidate_ids
from matcher.extensions import db
from matcher.models import (
    Application,
    ApplicationEvent,
    Candidate,
    Experience,
    Hire,
    ProgramSettings,
)
from matcher.models.candidate import FRENCH_SKILLS, candidate_occupations, candidate_regions

# The funnel's stages, in order. Each counts the candidates who reached it or a later one,
# so no stage is larger than the one before: a person who applied counts as eligible, one
# who was hired counts as having had an offer. The first four describe profiles as they are
# today; applications count as far as their history went; "hired" means a hire whose first
# day has arrived (the count of the dashboard's headline).
FUNNEL_STAGES = ("registered", "profile_complete", "matching_on", "eligible",
                 "applied", "interview", "offer", "hired")
HIRED_STAGE = FUNNEL_STAGES.index("hired")
MATCHING_STAGE = FUNNEL_STAGES.index("matching_on")
ELIGIBLE_STAGE = FUNNEL_STAGES.index("eligible")
APPLIED_STAGE = FUNNEL_STAGES.index("applied")
# How far an application status shows the candidate went: a rejection or withdrawal
# means they had applied; their history says whether they went further. A "hired" status
# or event only proves the offer: the hire itself is read from the hires table (a hire
# cancelled as a mistake leaves a "hired" event behind).
STAGE_RANK = {"applied": 1, "shortlisted": 1, "rejected": 1, "withdrawn": 1,
              "interview": 2, "offer": 3, "hired": 3}



@dataclass(frozen=True)
class Filters:
    """What the detail tables cover: a period (inclusive), a region, an agency."""

    start: date
    end: date
    region: str | None = None
    agency_id: int | None = None


def program_settings() -> ProgramSettings:
    """Return the program's settings row, made with the defaults if it is missing."""
    settings = db.session.get(ProgramSettings, 1)
    if settings is None:
        settings = ProgramSettings(id=1)
        db.session.add(settings)
        db.session.flush()
    return settings


def default_filters(settings: ProgramSettings, day: date) -> Filters:
    """Cover the whole program so far: from its start to today."""
    return Filters(start=settings.starts_on, end=max(settings.starts_on, day))


def update_settings(settings: ProgramSettings, target_hires: int, starts_on: date,
                    ends_on: date) -> bool:
    """Change the target and window; record the change with the old and new values."""
    before = {"target_hires": settings.target_hires, "starts_on": settings.starts_on.isoformat(),
              "ends_on": settings.ends_on.isoformat()}
    settings.target_hires, settings.starts_on, settings.ends_on = target_hires, starts_on, ends_on
    after = {"target_hires": target_hires, "starts_on": starts_on.isoformat(),
             "ends_on": ends_on.isoformat()}
    if after == before:
        return False
    db.session.flush()
    audit.record("program.settings_changed", settings, before=before, after=after)
    return True


def profile_complete() -> ColumnElement[bool]:
    """SQL condition: the candidate's profile is complete enough to be matched.

    Complete means: a permit answer (open, employer-specific or pending, not "none");
    all four French levels; at least one past job or one desired occupation; and at
    least one preferred region or willingness to relocate. Name and phone are not
    required: matching does not use them.
    """
    return and_(
        Candidate.permit_kind != "none",
        *(getattr(Candidate, f"french_{skill}").is_not(None) for skill in FRENCH_SKILLS),
        or_(exists().where(Experience.candidate_id == Candidate.id),
            exists().where(candidate_occupations.c.candidate_id == Candidate.id)),
        or_(Candidate.willing_to_relocate.is_(True),
            exists().where(candidate_regions.c.candidate_id == Candidate.id)),
    )


def _day_bounds(filters: Filters) -> tuple[datetime, datetime]:
    """Return the period as UTC timestamps [start, day after end)."""
    return (datetime.combine(filters.start, time(), UTC),
            datetime.combine(filters.end + timedelta(days=1), time(), UTC))


def _in_cohort(stmt, filters: Filters):
    """Keep candidates who registered in the period, prefer the region, follow the agency.

    Registration creates the account and its profile together, so the profile's creation
    time is the registration time.
    """
    since, until = _day_bounds(filters)
    stmt = stmt.where(Candidate.created_at >= since, Candidate.created_at < until)
    if filters.region:
        stmt = stmt.where(exists().where(candidate_regions.c.candidate_id == Candidate.id,
                                         candidate_regions.c.region_code == filters.region))
    if filters.agency_id:
        stmt = stmt.where(Candidate.agency_id == filters.agency_id)
    return stmt


@dataclass(frozen=True)
class _Profiles:
    """Every candidate's profile stage and what the cohort filters read, by candidate id."""

    ids: np.ndarray        # candidate ids, ascending
    created: np.ndarray    # registration time, microseconds since the epoch (UTC)
    agency: np.ndarray     # agency id, 0 for none
    stage: np.ndarray      # 0 incomplete, 1 complete, MATCHING_STAGE matching switched on
    regions: dict[str, np.ndarray]  # region code -> ascending ids of those who prefer it


def _microseconds(moment: datetime) -> int:
    return round(moment.timestamp() * 1_000_000)


@kept("funnel_profiles", ("candidate",))
def _profiles() -> _Profiles:
    """Read every candidate's profile stage once per state of the candidates (two statements)."""
    stage = case((profile_complete(),
                  case((Candidate.matching_opt_in.is_(True), MATCHING_STAGE), else_=1)), else_=0)
    if db.session.get_bind().dialect.name == "postgresql":
        # The planner prices the per-candidate EXISTS checks far above what they cost, past
        # jit_above_cost: compiling the statement (4 s at 100,000 candidates) then takes
        # longer than running it (docs/performance.md).
        db.session.execute(text("SET LOCAL jit = off"))
    rows = db.session.execute(select(Candidate.id, Candidate.created_at,
                                     func.coalesce(Candidate.agency_id, 0), stage)
                              .order_by(Candidate.id)).all()
    ids, created, agency, stages = zip(*rows, strict=True) if rows else ((), (), (), ())
    regions: dict[str, list[int]] = {}
    for candidate_id, code in db.session.execute(
            select(candidate_regions.c.candidate_id, candidate_regions.c.region_code)
            .order_by(candidate_regions.c.candidate_id)):
        regions.setdefault(code, []).append(candidate_id)
    return _Profiles(ids=np.array(ids, dtype=np.int64),
                     created=np.array([_microseconds(c) for c in created], dtype=np.int64),
                     agency=np.array(agency, dtype=np.int64),
                     stage=np.array(stages, dtype=np.int8),
                     regions={code: np.array(members, dtype=np.int64)
                              for code, members in regions.items()})


def _ids_by(key, candidate_id, stmt) -> list[tuple[str, np.ndarray]]:
    """Group a statement's rows by `key`: (key, the candidate ids of its rows) per group.

    The database lists each group's ids in one string: a handful of rows to read instead
    of one per application (tens of thousands of row objects, whose allocation alone set
    off garbage collections costing more than the statement).
    """
    if db.session.get_bind().dialect.name == "postgresql":
        listed = func.string_agg(cast(candidate_id, String), ",")
    else:
        listed = func.group_concat(candidate_id, ",")
    return [(value, np.fromstring(members, dtype=np.int64, sep=","))
            for value, members in db.session.execute(
                stmt.add_columns(key, listed).where(candidate_id.is_not(None)).group_by(key))]


@kept("funnel_applications", ("applications",))
def _application_stages() -> tuple[np.ndarray, np.ndarray]:
    """Return (candidate ids, the funnel stage an application of theirs reached), with
    repeats: two grouped statements, by status and by the history's interviews and offers.

    Each application counts its current status and its history (a rejected application
    may have had an interview or an offer first); the furthest counts (`_furthest_stages`).
    """
    groups = _ids_by(Application.status, Application.candidate_id, select())
    groups += _ids_by(ApplicationEvent.to_status, Application.candidate_id, select().join_from(
        ApplicationEvent, Application, ApplicationEvent.application_id == Application.id)
        .where(ApplicationEvent.to_status.in_(("interview", "offer"))))
    ids = [np.zeros(0, dtype=np.int64)] + [members for _status, members in groups]
    stages = [np.zeros(0, dtype=np.int8)] + [
        np.full(len(members), STAGE_RANK.get(status, 0) + (APPLIED_STAGE - 1), dtype=np.int8)
        for status, members in groups]
    return np.concatenate(ids), np.concatenate(stages)


@kept("funnel_hired", ("hires",))
def _hired_people(day: date) -> np.ndarray:
    """Return the ids of the people with a hire that started by `day` (one statement)."""
    return np.array(db.session.scalars(
        select(Hire.person_id).where(Hire.start_on <= day).distinct()).all(), dtype=np.int64)


def _positions(ids: np.ndarray, among: np.ndarray) -> np.ndarray:
    """Return where each of `among` stands in the ascending `ids` (those absent dropped)."""
    if not len(ids) or not len(among):
        return np.zeros(0, dtype=np.int64)
    at = np.minimum(np.searchsorted(ids, among), len(ids) - 1)
    return at[ids[at] == among]


def _furthest_stages(profiles: _Profiles, day: date) -> np.ndarray:
    """Place every candidate at the furthest stage they reached (one number per candidate).

    Their profile today (eligible when the matching engine shows them to the employer of
    an open posting), their applications' history, a hire started by `day`.
    """
    stage = profiles.stage.copy()
    eligible = np.zeros(len(stage), dtype=bool)
    eligible[_positions(profiles.ids, eligible_candidate_ids(day))] = True
    stage[eligible & (stage == MATCHING_STAGE)] = ELIGIBLE_STAGE
    applied_ids, applied_stages = _application_stages()
    if len(applied_ids) and len(profiles.ids):
        at = np.minimum(np.searchsorted(profiles.ids, applied_ids), len(profiles.ids) - 1)
        found = profiles.ids[at] == applied_ids
        np.maximum.at(stage, at[found], applied_stages[found])
    stage[_positions(profiles.ids, _hired_people(day))] = HIRED_STAGE
    return stage


def _cohort(profiles: _Profiles, filters: Filters) -> np.ndarray:
    """Mask the candidates of `_in_cohort` (registered in the period, region, agency)."""
    since, until = (_microseconds(moment) for moment in _day_bounds(filters))
    mask = (profiles.created >= since) & (profiles.created < until)
    if filters.region:
        preferring = np.zeros(len(mask), dtype=bool)
        preferring[_positions(profiles.ids, profiles.regions.get(
            filters.region, np.zeros(0, dtype=np.int64)))] = True
        mask &= preferring
    if filters.agency_id:
        mask &= profiles.agency == filters.agency_id
    return mask


def funnel(filters: Filters, day: date) -> dict[str, int]:
    """Count the candidates who registered in the period at each stage of the funnel.

    Each candidate is placed at the furthest stage they reached (their profile today,
    their applications' history, a hire started by `day`); each stage then counts the
    candidates at it or beyond, so the funnel never grows from one stage to the next.
    Candidates who deleted their account are no longer counted here (their hires still
    are, anonymously, in the hire tables).

    The parts are kept apart, each until a write of what it reads (profiles, applications,
    hires; the engine's eligible set per state of its indexes): after an application
    moves, one grouped statement over applications runs again and the rest is arithmetic
    over arrays of 100,000 numbers.
    """
    profiles = _profiles()
    stages = _furthest_stages(profiles, day)[_cohort(profiles, filters)]
    counts = np.bincount(stages, minlength=len(FUNNEL_STAGES))
    return dict(zip(FUNNEL_STAGES, (int(n) for n in counts[::-1].cumsum()[::-1]), strict=True))
