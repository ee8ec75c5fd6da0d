"""The Parcours figures counted by the database equal a plain Python count of each person.

A mixed population: arrival known or not, joined just before or after midnight in
Québec (UTC is already the next day) and around the change of time, plans at every
stage, met on the last day or the day after, closed unmet, overdue actions in open
and closed plans, several officers, no officer, an inactive account.
"""

import random
from collections import Counter
from datetime import UTC, date, datetime, timedelta

from matcher.dashboard.services import Filters
from matcher.extensions import db
from matcher.models import ActionPlan, Candidate, PlanAction, User
from matcher.parcours import caseload, figures, rules
from matcher.parcours.services import meeting_reference
from tests import factories as f
from tests.parcours.conftest import TODAY

START = date(2025, 10, 1)
# Instants whose Québec day differs from their UTC day, and the autumn and spring changes.
JOINED = [datetime(2026, 2, 20, 3, 30, tzinfo=UTC), datetime(2026, 2, 20, 5, 30, tzinfo=UTC),
          datetime(2025, 11, 2, 4, 30, tzinfo=UTC), datetime(2025, 11, 2, 5, 30, tzinfo=UTC),
          datetime(2026, 3, 8, 4, 30, tzinfo=UTC), datetime(2026, 3, 8, 7, 30, tzinfo=UTC),
          datetime(2026, 3, 4, 16, tzinfo=UTC), datetime(2026, 3, 5, 4, 59, tzinfo=UTC)]


def _population(officers, agency, seed=7):
    chance = random.Random(seed)
    for number in range(90):
        joined = JOINED[number % len(JOINED)] - timedelta(days=chance.choice((0, 0, 1, 7)))
        arrival = chance.choice((None, None, joined.date() - timedelta(days=chance.randint(
            0, 6)), TODAY - timedelta(days=chance.randint(0, 8))))
        user = f.make_user("candidate", active=number % 17 != 0)
        candidate = f.make_candidate(user, agency=agency, experiences=0,
                                     officer=chance.choice(officers + [None]),
                                     arrival_date=arrival, created_at=joined)
        status = chance.choice(("none", "new", "first_meeting", "plan", "actions", "closed"))
        if status == "none":
            continue
        reference = meeting_reference(candidate)
        met = chance.choice((None, reference + timedelta(days=4), reference + timedelta(
            days=5), reference)) if status != "new" else None
        if met and met > TODAY:
            met = TODAY
        plan = ActionPlan(candidate_id=candidate.id, status=status, first_meeting_on=met,
                          first_meeting_mode="phone" if met else None,
                          closed_on=TODAY if status == "closed" else None)
        for _ in range(chance.randint(0, 3)):
            action_status = chance.choice(("to_do", "in_progress", "done", "cancelled"))
            plan.actions.append(PlanAction(
                step="arrival", kind="sin", status=action_status,
                due_on=TODAY + timedelta(days=chance.randint(-5, 5)),
                done_on=TODAY if action_status == "done" else None))
        db.session.add(plan)
    db.session.flush()


def _python_counts(candidates, plans, today):
    """Count each person with parcours.rules, the way the figures were first written."""
    stages, states, per_officer = Counter(), Counter(), {}
    for candidate in candidates:
        plan = plans.get(candidate.id)
        stages[plan.status if plan else "new"] += 1
        met = plan.first_meeting_on if plan else None
        state = rules.first_meeting_state(meeting_reference(candidate), met, today)
        if plan is not None and plan.status == "closed" and met is None:
            state = "closed"
        states[state] += 1
        overdue = 0 if plan is None or plan.status == "closed" else sum(
            rules.action_is_overdue(a.status, a.due_on, today) for a in plan.actions)
        counts = per_officer.setdefault(candidate.officer_id, Counter())
        counts["people"] += 1
        counts[state] += 1
        counts["actions"] += overdue
    return stages, states, per_officer


def test_sql_figures_equal_a_python_count_of_each_person(app, people):
    with app.app_context():
        agency_officer = db.session.get(User, people["officer"])
        colleague = db.session.get(User, people["colleague"])
        _population([agency_officer, colleague], agency_officer.agency)
        candidates = db.session.scalars(db.select(Candidate)).all()
        plans = {p.candidate_id: p for p in db.session.scalars(db.select(ActionPlan))}
        stages, states, per_officer = _python_counts(candidates, plans, TODAY)
        assert states["on_time"] and states["late"] and states["overdue"] and states["due"]

        result = figures.compute(Filters(start=START, end=TODAY), TODAY)
        assert result.people == len(candidates)
        assert result.stages == {stage: stages[stage] for stage in figures.STAGES}
        assert (result.met_on_time, result.met_late, result.meeting_overdue) == (
            states["on_time"], states["late"], states["overdue"])
        assert result.actions_overdue == sum(c["actions"] for c in per_officer.values())
        emails = {agency_officer.id: agency_officer.email, colleague.id: colleague.email}
        assert sorted(result.per_officer, key=str) == sorted((
            (emails.get(key), c["people"], c["on_time"], c["on_time"] + c["late"],
             c["overdue"], c["actions"]) for key, c in per_officer.items()), key=str)

        # The officer's home counts the agency's active people only.
        active = [c for c in candidates
                  if c.user.active and c.agency_id == agency_officer.agency_id]
        _stages, _states, expected = _python_counts(active, plans, TODAY)
        rows = caseload.counts_per_officer(agency_officer)
        assert {(r.officer.id if r.officer else None): (r.people, r.meetings_overdue,
                                                        r.actions_overdue) for r in rows} == {
            key: (c["people"], c["overdue"], c["actions"]) for key, c in expected.items()}
