"""Staff API: the program's figures, as the dashboard shows them."""

from datetime import date

from pydantic import Field

from matcher import clock
from matcher.api.spec import operation
from matcher.dashboard import hires, services, tables
from matcher.schemas import Out

TAG = "Staff: program figures"


class MonthFigure(Out):
    month: date = Field(description="first day of the month")
    hires: int
    cumulative: int
    target_pace: int


class GroupFigure(Out):
    key: str | None
    label: str | None
    hires: int


class Figures(Out):
    """People hired against the target (a person counts once, on their first day)."""

    today: date
    target: int
    starts_on: date
    ends_on: date
    hires: int = Field(description="people whose first day has arrived")
    upcoming: int = Field(description="hires recorded with a first day still to come")
    months: list[MonthFigure]
    by_region: list[GroupFigure]
    by_occupation: list[GroupFigure]
    by_agency: list[GroupFigure]


def _groups(dimension: str, filters: services.Filters, today: date) -> list[GroupFigure]:
    rows = hires.breakdown(dimension, filters, today)
    return sorted((GroupFigure(key=None if row[0] is None else str(row[0]),
                               label=None if row[1] is None else str(row[1]), hires=row[-1])
                   for row in rows), key=lambda group: (-group.hires, group.key or ""))


@operation("GET", "/figures", summary="Program figures: hires against the target", tag=TAG,
           scope="staff", response=Figures)
def figures(_token):
    """By month since the program's start, and by region, occupation and agency."""
    today = clock.today()
    progress = tables.program_progress(today)
    filters = services.default_filters(services.program_settings(), today)
    return Figures(
        today=today, target=progress.target, starts_on=progress.starts_on,
        ends_on=progress.ends_on, hires=progress.hires, upcoming=progress.upcoming,
        months=[MonthFigure(month=m.first_day, hires=m.hires, cumulative=m.cumulative,
                            target_pace=m.pace) for m in progress.months],
        by_region=_groups("region", filters, today),
        by_occupation=_groups("noc", filters, today),
        by_agency=_groups("agency", filters, today))
