"""Parcours figures for the program dashboard: first meetings, overdue actions, stages.

They cover the dashboard's cohort (people who registered in the period, with its
region and agency filters). The database counts: one grouped query returns a row
per officer, stage and meeting state (parcours.queries says the 5-day rule in SQL),
so the page reads a few dozen rows whatever the number of people.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from matcher.dashboard.services import Filters, _in_cohort
from matcher.extensions import db
from matcher.models import ActionPlan, Candidate, User
from matcher.parcours import queries

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
    overdue = queries.overdue_actions(today)
    stage = func.coalesce(ActionPlan.status, "new")
    state = queries.meeting_state(today)
    rows = db.session.execute(_in_cohort(
        select(Candidate.officer_id, stage, state, func.count(),
               func.coalesce(func.sum(overdue.c.overdue), 0))
        .outerjoin(ActionPlan, ActionPlan.candidate_id == Candidate.id)
        .outerjoin(overdue, overdue.c.candidate_id == Candidate.id), filters)
        .group_by(Candidate.officer_id, stage, state)).all()
    stages, states, officers = Counter(), Counter(), {}
    for officer_id, status, meeting, people, actions in rows:
        stages[status] += people
        states[meeting] += people
        counts = officers.setdefault(officer_id, Counter())
        counts["people"] += people
        counts[meeting] += people
        counts["actions_overdue"] += actions
    emails = dict(db.session.execute(select(User.id, User.email).where(
        User.id.in_([key for key in officers if key is not None]))).all())
    per_officer = sorted(
        ((emails.get(key), c["people"], c["on_time"], c["on_time"] + c["late"], c["overdue"],
          c["actions_overdue"]) for key, c in officers.items()),
        key=lambda row: (row[0] is None, row[0] or ""))
    return Figures(sum(stages.values()), {s: stages[s] for s in STAGES}, states["on_time"],
                   states["late"], states["overdue"],
                   sum(c["actions_overdue"] for c in officers.values()), per_officer)
