"""The Parcours rules as SQL expressions, so figures are counted by the database.

They say in SQL what parcours.rules says in Python (a test holds them equal on a
mixed population): the 5-day count starts on the day of arrival in Québec, else on
the Québec day the person joined; the reference day counts as day 1.
PostgreSQL converts the joining instant with its own time-zone data; SQLite, which
has none, calls `quebec_date`, registered on each connection (extensions.py).
"""

from datetime import UTC, date, datetime

from sqlalchemy import Date, and_, case, cast, func, select
from sqlalchemy.sql.elements import ColumnElement

from matcher import clock
from matcher.extensions import db
from matcher.models import ActionPlan, Candidate, PlanAction
from matcher.parcours import rules


def quebec_date_of(stored: str | None) -> str | None:
    """Return the Québec day (ISO) of a UTC timestamp as SQLite stores it."""
    if stored is None:
        return None
    instant = datetime.fromisoformat(stored).replace(tzinfo=UTC)
    return instant.astimezone(clock.QUEBEC).date().isoformat()


def _sqlite() -> bool:
    return db.session.get_bind().dialect.name == "sqlite"


def _quebec_day(column) -> ColumnElement:
    if _sqlite():
        return func.quebec_date(column)
    return cast(func.timezone(clock.QUEBEC.key, column), Date)


def _plus_days(day, days: int) -> ColumnElement:
    if _sqlite():
        return func.date(day, f"+{days} days")
    return day + days


def meeting_deadline() -> ColumnElement:
    """The last day a person's first meeting is on time (reference day + 4)."""
    reference = func.coalesce(Candidate.arrival_date, _quebec_day(Candidate.created_at))
    return _plus_days(reference, rules.FIRST_MEETING_DAYS - 1)


def meeting_state(today: date) -> ColumnElement:
    """on_time / late once met; due / overdue before; closed for a plan closed unmet.

    Needs Candidate outer-joined to ActionPlan.
    """
    deadline = meeting_deadline()
    met = ActionPlan.first_meeting_on
    return case(
        (and_(ActionPlan.status == "closed", met.is_(None)), "closed"),
        (met <= deadline, "on_time"),
        (met.is_not(None), "late"),
        (deadline < today, "overdue"),
        else_="due")


def overdue_actions(today: date):
    """A subquery: per candidate, the open actions of an open plan past their due date."""
    return (select(ActionPlan.candidate_id.label("candidate_id"),
                   func.count().label("overdue"))
            .join(PlanAction, PlanAction.plan_id == ActionPlan.id)
            .where(ActionPlan.status != "closed", PlanAction.status.in_(rules.OPEN_ACTION),
                   PlanAction.due_on < today)
            .group_by(ActionPlan.candidate_id).subquery())
