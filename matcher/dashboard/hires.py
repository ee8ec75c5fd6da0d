"""Hire counts for the dashboard, summed by the database (GROUP BY, COUNT ... FILTER).

The program counts people, not rows (DESIGN §7.1): a person counts once, on the start
date of their first hire in the program's window, once that date has arrived. Every
figure here reads `first_hires()`, the one row per person that counts; a person's later
hires (a second job after the first ended) are not counted again.
"""

from datetime import date, timedelta

from sqlalchemy import Select, extract, func, or_, select
from sqlalchemy.orm import aliased

from matcher import clock
from matcher.dashboard.cache import HIRE_TOPICS, kept
from matcher.dashboard.services import Filters, program_settings
from matcher.extensions import db
from matcher.models import Agency, Employer, Hire, Occupation, Posting, Region, Site

RETENTION_DAYS = (90, 180, 365)

# What each breakdown groups by: the key columns, then the columns its label is made of.
DIMENSIONS = {
    "role_family": (Occupation.role_family,),
    "noc": (Occupation.noc_code, Occupation.title_en, Occupation.title_fr),
    "region": (Site.region_code, Region.name),
    "establishment": (Employer.id, Employer.name),
    "agency": (Agency.id, Agency.name),
}


def _in_period(stmt: Select, hire, filters: Filters, today: date) -> Select:
    """Narrow hires to those that started in the period (and by today), region, agency."""
    stmt = stmt.where(hire.start_on >= filters.start, hire.start_on <= filters.end,
                      hire.start_on <= today)
    if filters.region:
        stmt = stmt.where(Site.region_code == filters.region)
    if filters.agency_id:
        stmt = stmt.where(hire.agency_id == filters.agency_id)
    return stmt


def first_hires():
    """Return an alias of hires holding each person's first hire in the program's window."""
    settings = program_settings()
    order = func.row_number().over(partition_by=Hire.person_id,
                                   order_by=(Hire.start_on, Hire.id)).label("nth")
    ranked = (select(Hire.id, order)
              .where(Hire.start_on >= settings.starts_on, Hire.start_on <= settings.ends_on)
              .subquery("ranked_hires"))
    firsts = (select(Hire).join(ranked, ranked.c.id == Hire.id).where(ranked.c.nth == 1)
              .subquery("first_hires"))
    return aliased(Hire, firsts, name="first_hire")


def _from_hires(hire, *columns) -> Select:
    """Select from (first) hires joined to the posting and site they were for."""
    return (select(*columns).select_from(hire)
            .join(Posting, hire.posting_id == Posting.id)
            .join(Site, Posting.site_id == Site.id))


@kept("breakdown", HIRE_TOPICS)
def breakdown(dimension: str, filters: Filters, today: date | None = None) -> list[tuple]:
    """Count the people hired in the period by one dimension: rows of (*labels, people)."""
    today = today or clock.today()
    columns = DIMENSIONS[dimension]
    hire = first_hires()
    stmt = _from_hires(hire, *columns, func.count(hire.id).label("hires"))
    if dimension in ("role_family", "noc"):
        stmt = stmt.join(Occupation, Posting.noc_code == Occupation.noc_code)
    elif dimension == "region":
        stmt = stmt.join(Region, Site.region_code == Region.code)
    elif dimension == "establishment":
        stmt = stmt.join(Employer, Posting.employer_id == Employer.id)
    else:
        stmt = stmt.outerjoin(Agency, hire.agency_id == Agency.id)
    stmt = _in_period(stmt, hire, filters, today).group_by(*columns)
    return [tuple(row) for row in db.session.execute(stmt)]


@kept("by_month", HIRE_TOPICS)
def by_month(today: date) -> dict[tuple[int, int], int]:
    """Count the people hired by the month their first hire started, up to today."""
    hire = first_hires()
    year, month = extract("year", hire.start_on), extract("month", hire.start_on)
    stmt = (select(year, month, func.count(hire.id)).where(hire.start_on <= today)
            .group_by(year, month))
    return {(int(y), int(m)): count for y, m, count in db.session.execute(stmt)}


@kept("upcoming_and_recent", HIRE_TOPICS)
def upcoming_and_recent(today: date, recent_days: int) -> tuple[int, int]:
    """Count people whose first hire starts after today, and those who started recently."""
    hire = first_hires()
    since = today - timedelta(days=recent_days)
    stmt = select(
        func.count(hire.id).filter(hire.start_on > today),
        func.count(hire.id).filter(hire.start_on > since, hire.start_on <= today))
    upcoming, recent = db.session.execute(stmt).one()
    return upcoming, recent


def _days_between(start, end):
    """Return end - start in days, in the dialect's own date arithmetic."""
    if db.session.get_bind().dialect.name == "sqlite":
        return func.julianday(end) - func.julianday(start)
    return end - start  # PostgreSQL: date - date is a whole number of days


@kept("retention", HIRE_TOPICS)
def retention(filters: Filters, today: date) -> list[tuple[int, int, int]]:
    """Return (days, hires started at least that long ago, those still employed that long).

    A hire counts as still employed N days after its start when it has no end date, or
    its end date (the last day of work) is at least N days after the start. Only hires
    whose start is at least N days before today are in the denominator.
    """
    hire = first_hires()
    columns = []
    for days in RETENTION_DAYS:
        old_enough = hire.start_on <= today - timedelta(days=days)
        stayed = or_(hire.end_on.is_(None), _days_between(hire.start_on, hire.end_on) >= days)
        columns += [func.count(hire.id).filter(old_enough),
                    func.count(hire.id).filter(old_enough, stayed)]
    counts = db.session.execute(
        _in_period(_from_hires(hire, *columns), hire, filters, today)).one()
    return [(days, counts[2 * i], counts[2 * i + 1]) for i, days in enumerate(RETENTION_DAYS)]
