"""Parcours figures for the program dashboard: first meetings, overdue actions, stages.

They cover the dashboard's cohort (people who registered in the period, with its
region and agency filters). The 5-day rule is applied in Python with parcours.rules
so both databases count the same.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import case, func, select

from matcher import clock
from matcher.dashboard.services import Filters, _in_cohort
from matcher.extensions import db
from matcher.models import ActionPlan, Candidate, PlanAction, User
from matcher.parcours import rules

STAGES = ("new", "first_meeting", "plan", "actions", "closed")


@dataclass(frozen=True)
class Figures:
    people: int
    stages: dict[str, int]
    met_on_time: int
    met_late: int
    meeting_overdue: int
    actions_overdue: int
    # (email, people, met on time, met, meetings overdue, actions overdue) per officer
    per_officer: list[tuple]


def _utc_hour(column):
    """The UTC hour a timestamp falls in, in the dialect's words (read back by `_hour`).

    Québec's offset from UTC is a whole number of hours, so the hour alone says the day
    it was in Québec: the figures group people by it instead of reading each one.
    """
    if db.session.get_bind().dialect.name == "sqlite":
        return func.strftime("%Y-%m-%d %H:00:00", column)
    return func.date_trunc("hour", func.timezone("UTC", column))


def _hour(value) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC)


def compute(filters: Filters, today: date) -> Figures:
    """Count plans per stage, first meetings against the 5 days, overdue actions.

    The database groups the cohort by what the rules read (officer, plan stage, first
    meeting, arrival, or the hour of joining when the arrival is unknown); each group
    is then judged once with parcours.rules.
    """
    overdue = (select(ActionPlan.candidate_id, func.count().label("actions"))
               .join(PlanAction, PlanAction.plan_id == ActionPlan.id)
               .where(ActionPlan.status != "closed", PlanAction.status.in_(rules.OPEN_ACTION),
                      PlanAction.due_on < today)
               .group_by(ActionPlan.candidate_id).subquery())
    joined = case((Candidate.arrival_date.is_(None), _utc_hour(Candidate.created_at)))
    keys = (Candidate.officer_id, ActionPlan.status, ActionPlan.first_meeting_on,
            Candidate.arrival_date, joined)
    groups = db.session.execute(_in_cohort(
        select(*keys, func.count(), func.coalesce(func.sum(overdue.c.actions), 0))
        .select_from(Candidate)
        .outerjoin(ActionPlan, ActionPlan.candidate_id == Candidate.id)
        .outerjoin(overdue, overdue.c.candidate_id == Candidate.id), filters)
        .group_by(*keys)).all()
    stages, states, officers = Counter(), Counter(), {}
    for officer_id, status, met_on, arrival, hour, people, actions in groups:
        stages[status or "new"] += people
        joined_on = _hour(hour).astimezone(clock.QUEBEC).date() if hour is not None else None
        reference = rules.meeting_reference(arrival, joined_on)
        state = rules.first_meeting_state(reference, met_on, today)
        if status == "closed" and met_on is None:
            state = "closed"
        states[state] += people
        counts = officers.setdefault(officer_id, Counter())
        counts["people"] += people
        counts[state] += people
        counts["actions_overdue"] += actions
    emails = dict(db.session.execute(select(User.id, User.email).where(
        User.id.in_([key for key in officers if key is not None]))).all())
    per_officer = sorted(
        ((emails.get(key), c["people"], c["on_time"], c["on_time"] + c["late"], c["overdue"],
          c["actions_overdue"]) for key, c in officers.items()),
        key=lambda row: (row[0] is None, row[0] or ""))
    return Figures(sum(stages.values()), {stage: stages[stage] for stage in STAGES},
                   states["on_time"], states["late"], states["overdue"],
                   sum(c["actions_overdue"] for c in officers.values()), per_officer)
