"""Hire counts for the dashboard, summed by the database (GROUP BY, COUNT ... FILTER)."""

from datetime import date, timedelta

from sqlalchemy import Select, extract, func, or_, select

from matcher.dashboard.services import Filters
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


def _in_period(stmt: Select, filters: Filters) -> Select:
    """Narrow hires to those that started in the period, in the region, from the agency."""
    stmt = stmt.where(Hire.start_on >= filters.start, Hire.start_on <= filters.end)
    if filters.region:
        stmt = stmt.where(Site.region_code == filters.region)
    if filters.agency_id:
        stmt = stmt.where(Hire.agency_id == filters.agency_id)
    return stmt


def _from_hires(*columns) -> Select:
    """Select from hires joined to the posting and site they were for."""
    return (select(*columns).select_from(Hire)
            .join(Posting, Hire.posting_id == Posting.id)
            .join(Site, Posting.site_id == Site.id))


def breakdown(dimension: str, filters: Filters) -> list[tuple]:
    """Count the period's hires by one dimension: rows of (*key and label columns, hires)."""
    columns = DIMENSIONS[dimension]
    stmt = _from_hires(*columns, func.count(Hire.id).label("hires"))
    if dimension in ("role_family", "noc"):
        stmt = stmt.join(Occupation, Posting.noc_code == Occupation.noc_code)
    elif dimension == "region":
        stmt = stmt.join(Region, Site.region_code == Region.code)
    elif dimension == "establishment":
        stmt = stmt.join(Employer, Posting.employer_id == Employer.id)
    else:
        stmt = stmt.outerjoin(Agency, Hire.agency_id == Agency.id)
    stmt = _in_period(stmt, filters).group_by(*columns)
    return [tuple(row) for row in db.session.execute(stmt)]


def by_month(today: date) -> dict[tuple[int, int], int]:
    """Count the whole program's hires by the month they started, up to today."""
    year, month = extract("year", Hire.start_on), extract("month", Hire.start_on)
    stmt = (select(year, month, func.count(Hire.id)).where(Hire.start_on <= today)
            .group_by(year, month))
    return {(int(y), int(m)): count for y, m, count in db.session.execute(stmt)}


def upcoming_and_recent(today: date, recent_days: int) -> tuple[int, int]:
    """Count hires starting after today, and hires that started in the last recent_days days."""
    since = today - timedelta(days=recent_days)
    stmt = select(
        func.count(Hire.id).filter(Hire.start_on > today),
        func.count(Hire.id).filter(Hire.start_on > since, Hire.start_on <= today))
    upcoming, recent = db.session.execute(stmt).one()
    return upcoming, recent


def _days_between(start, end):
    """Return end - start in days, in the dialect's own date arithmetic."""
    if db.session.get_bind().dialect.name == "sqlite":
        return func.julianday(end) - func.julianday(start)
    return end - start  # PostgreSQL: date - date is a whole number of days


def retention(filters: Filters, today: date) -> list[tuple[int, int, int]]:
    """Return (days, hires started at least that long ago, those still employed that long).

    A hire counts as still employed N days after its start when it has no end date, or
    its end date (the last day of work) is at least N days after the start. Only hires
    whose start is at least N days before today are in the denominator.
    """
    columns = []
    for days in RETENTION_DAYS:
        old_enough = Hire.start_on <= today - timedelta(days=days)
        stayed = or_(Hire.end_on.is_(None), _days_between(Hire.start_on, Hire.end_on) >= days)
        columns += [func.count(Hire.id).filter(old_enough),
                    func.count(Hire.id).filter(old_enough, stayed)]
    counts = db.session.execute(_in_period(_from_hires(*columns), filters)).one()
    return [(days, counts[2 * i], counts[2 * i + 1]) for i, days in enumerate(RETENTION_DAYS)]
