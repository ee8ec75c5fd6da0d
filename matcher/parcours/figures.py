"""Parcours figures for the program dashboard: first meetings, overdue actions, stages.

They cover the dashboard's cohort (people who registered in the period, with its
region and agency filters). The 5-day rule is applied in Python with parcours.rules
so both databases count the same.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from matcher.dashboard.services import Filters, _in_cohort
from matcher.extensions import db
from matcher.models import ActionPlan, Candidate, PlanAction, User
from matcher.parcours import rules
from matcher.parcours.services import meeting_reference

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


def compute(filters: Filters, today: date) -> Figures:
    """Count plans per stage, first meetings against the 5 days, overdue actions."""
    rows = db.session.execute(_in_cohort(
        select(Candidate, ActionPlan.status, ActionPlan.first_meeting_on)
        .outerjoin(ActionPlan, ActionPlan.candidate_id == Candidate.id), filters)).all()
    overdue = dict(db.session.execute(
        select(ActionPlan.candidate_id, func.count())
        .join(PlanAction, PlanAction.plan_id == ActionPlan.id)
        .where(ActionPlan.status != "closed", PlanAction.status.in_(rules.OPEN_ACTION),
               PlanAction.due_on < today).group_by(ActionPlan.candidate_id)).all())
    stages, states, officers = Counter(), Counter(), {}
    for candidate, status, met_on in rows:
        stages[status or "new"] += 1
        state = rules.first_meeting_state(meeting_reference(candidate), met_on, today)
        if status == "closed" and met_on is None:
            state = "closed"
        states[state] += 1
        counts = officers.setdefault(candidate.officer_id, Counter())
        counts["people"] += 1
        counts[state] += 1
        counts["actions_overdue"] += overdue.get(candidate.id, 0)
    emails = dict(db.session.execute(select(User.id, User.email).where(
        User.id.in_([key for key in officers if key is not None]))).all())
    per_officer = sorted(
        ((emails.get(key), c["people"], c["on_time"], c["on_time"] + c["late"], c["overdue"],
          c["actions_overdue"]) for key, c in officers.items()),
        key=lambda row: (row[0] is None, row[0] or ""))
    return Figures(len(rows), {stage: stages[stage] for stage in STAGES}, states["on_time"],
                   states["late"], states["overdue"],
                   sum(overdue.get(c.id, 0) for c, _s, _m in rows), per_officer)
