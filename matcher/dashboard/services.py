"""Program dashboard services: its filters, the program settings, and the candidate funnel.

Nothing here commits. Every count is made by the database in one statement per table.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import (
    ColumnElement,
    and_,
    case,
    exists,
    func,
    or_,
    select,
    text,
)

from matcher import audit
from matcher.dashboard.cache import kept
from matcher.dashboard.eligibility import is_eligible
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


def _rank(status) -> ColumnElement[int]:
    return case(*((status == name, rank) for name, rank in STAGE_RANK.items()), else_=0)


def _profile_stage(day: date) -> ColumnElement[int]:
    """Rank a profile: 0 incomplete, 1 complete, 2 matching on, 3 eligible.

    Whether a profile with matching on is eligible for an open posting is the matching
    engine's answer (its ids handed to the statement), never a SQL approximation.
    """
    eligible = case((is_eligible(day), ELIGIBLE_STAGE), else_=MATCHING_STAGE)
    matching = case((Candidate.matching_opt_in.is_(True), eligible), else_=1)
    return case((profile_complete(), matching), else_=0)


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


def _greatest(first, second) -> ColumnElement[int]:
    """Return the larger of two values, in the dialect's own words."""
    if db.session.get_bind().dialect.name == "sqlite":
        return func.max(first, second)
    return func.greatest(first, second)


def _furthest_application_stage():
    """Select (candidate id, how far their applications went: 1 applied ... 3 offer).

    Each application counts its current status and its history (a rejected application
    may have had an interview or an offer first); one grouped pass over applications.
    """
    history = ApplicationEvent.__table__.alias("history")
    furthest = _greatest(func.max(_rank(Application.status)),
                         func.coalesce(func.max(_rank(history.c.to_status)), 0))
    return (select(Application.candidate_id.label("candidate_id"), furthest.label("rank"))
            .outerjoin(history, and_(history.c.application_id == Application.id,
                                     history.c.to_status.in_(("interview", "offer"))))
            .where(Application.candidate_id.is_not(None))
            .group_by(Application.candidate_id).subquery())


def _cumulative(counts: dict[int, int], ranks: range) -> list[int]:
    """Turn {rank: candidates at exactly that rank} into candidates at each rank or beyond."""
    return [sum(n for rank, n in counts.items() if rank >= least) for least in ranks]


@kept("funnel")
def funnel(filters: Filters, day: date) -> dict[str, int]:
    """Count the candidates who registered in the period at each stage of the funnel.

    Each candidate is placed at the furthest stage they reached (their profile today,
    their applications' history, a hire started by `day`); each stage then counts the
    candidates at it or beyond, so the funnel never grows from one stage to the next.
    Candidates who deleted their account are no longer counted here (their hires still
    are, anonymously, in the hire tables).
    """
    furthest = _furthest_application_stage()
    hired = exists().where(Hire.person_id == Candidate.id, Hire.start_on <= day)
    applications = case((hired, HIRED_STAGE),
                        else_=func.coalesce(furthest.c.rank + (APPLIED_STAGE - 1), 0))
    stage = _greatest(_profile_stage(day), applications)
    # OFFSET 0 keeps ranking a step of its own: merged into the GROUP BY, SQLite would
    # compute each candidate's stage twice (to group it and to return it).
    ranked = _in_cohort(
        select(stage.label("stage")).select_from(Candidate)
        .outerjoin(furthest, furthest.c.candidate_id == Candidate.id), filters
    ).offset(0).subquery()
    if db.session.get_bind().dialect.name == "postgresql":
        # The planner prices the per-candidate EXISTS checks far above what they cost, past
        # jit_above_cost: compiling the statement (4 s at 100,000 candidates) then takes
        # longer than running it (EXPLAIN ANALYZE in docs/performance.md).
        db.session.execute(text("SET LOCAL jit = off"))
        # The eligible ids are one array parameter: only a plan made for its value hashes
        # `= ANY` (a generic plan, which psycopg's prepared statements get after a few
        # renders, compares each candidate with every id: seconds).
        db.session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))
    counts = dict(db.session.execute(
        select(ranked.c.stage, func.count()).group_by(ranked.c.stage)).all())
    return dict(zip(FUNNEL_STAGES, _cumulative(counts, range(len(FUNNEL_STAGES))), strict=True))
