"""Parcours figures on the dashboard: first meetings against the 5 days, stages, per officer."""

from datetime import UTC, datetime, timedelta

from matcher.dashboard.services import Filters
from matcher.extensions import db
from matcher.models import ActionPlan, PlanAction, User
from matcher.parcours import figures
from tests import factories as f
from tests.conftest import Login
from tests.parcours.conftest import ARRIVAL, TODAY

JOINED = datetime(2026, 2, 1, 15, tzinfo=UTC)


def person(officer, arrival, met_on=None, status="new", **plan):
    candidate = f.make_candidate(agency=officer.agency, officer=officer, arrival_date=arrival,
                                 created_at=JOINED)
    if met_on or status != "new":
        db.session.add(ActionPlan(candidate_id=candidate.id, status=status,
                                  first_meeting_on=met_on,
                                  first_meeting_mode="phone" if met_on else None, **plan))
    db.session.flush()
    return candidate


def test_meetings_are_counted_against_the_5_days_and_plans_by_stage(app, people):
    with app.app_context():
        officer = db.session.get(User, people["officer"])
        person(officer, ARRIVAL, ARRIVAL + timedelta(days=4), "first_meeting")  # day 5: on time
        late = person(officer, ARRIVAL, ARRIVAL + timedelta(days=5), "plan")  # day 6: late
        person(officer, TODAY - timedelta(days=10))  # never met: overdue
        plan = db.session.query(ActionPlan).filter_by(candidate_id=late.id).one()
        plan.actions.append(PlanAction(step="arrival", kind="sin",
                                       due_on=TODAY - timedelta(days=1)))
        db.session.flush()
        result = figures.compute(Filters(start=JOINED.date(), end=TODAY), TODAY)
        # Grâce (the fixture's newcomer, arrived March 5) is due today, not overdue.
        assert (result.people, result.met_on_time, result.met_late) == (4, 1, 1)
        assert result.meeting_overdue == 1 and result.actions_overdue == 1
        assert result.stages == {"new": 2, "first_meeting": 1, "plan": 1, "actions": 0,
                                 "closed": 0}
        assert result.per_officer == [("agent@example.com", 4, 1, 2, 1, 1)]
        db.session.commit()
    client = app.test_client()
    Login(client).as_user("agent@example.com")
    html = client.get("/staff/dashboard?start=2026-02-01&end=2026-03-09").get_data(as_text=True)
    assert "Parcours\u00a0: premières rencontres et plans" in html
    csv = client.get("/staff/dashboard/parcours.csv?format=standard&start=2026-02-01"
                     "&end=2026-03-09").get_data(as_text=True)
    assert "Première rencontre dans les 5 jours suivant l’arrivée,1,50.0" in csv
    officers = client.get("/staff/dashboard/parcours_officers.csv?format=standard"
                          "&start=2026-02-01&end=2026-03-09").get_data(as_text=True)
    assert "agent@example.com,4,50.0,1,1" in officers


def test_joining_near_midnight_counts_from_the_day_in_quebec(app, people):
    """Without an arrival date, the 5 days start on the day the person joined, in Québec."""
    with app.app_context():
        officer = db.session.get(User, people["officer"])
        # 03:30 UTC on March 5 is still March 4 in Québec (UTC-5): day 5 is March 8.
        for hour, minute in ((3, 30), (4, 59), (5, 0), (23, 59)):
            joined = datetime(2026, 3, 5, hour, minute, tzinfo=UTC)
            candidate = f.make_candidate(agency=officer.agency, officer=officer,
                                         arrival_date=None, created_at=joined)
            db.session.add(ActionPlan(candidate_id=candidate.id, status="first_meeting",
                                      first_meeting_on=TODAY,
                                      first_meeting_mode="phone"))
        db.session.flush()
        result = figures.compute(Filters(start=datetime(2026, 3, 4).date(), end=TODAY), TODAY)
        # Met on March 9: day 6 for those who joined on March 4 in Québec (03:30 and 04:59
        # UTC), day 5 for the others.
        assert (result.met_on_time, result.met_late) == (2, 2)
