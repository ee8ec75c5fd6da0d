"""Demo data: a believable program, the same every time."""

from datetime import date

import pytest
from sqlalchemy import func, select

from matcher.demo import DEMO_PASSWORD, load_demo_data
from matcher.extensions import db
from matcher.matching.ranked_list import ranked_list
from matcher.models import (
    ActionPlan,
    Application,
    Candidate,
    EmployerMember,
    Hire,
    PlanAction,
    Posting,
    User,
)


def snapshot() -> dict:
    """Return a summary that changes if any demo row changes."""
    candidates = db.session.execute(select(
        Candidate.first_name, Candidate.last_name, Candidate.permit_kind,
        Candidate.permit_expires_on, Candidate.french_oral_production,
    ).order_by(Candidate.id)).all()
    postings = db.session.execute(select(Posting.title, Posting.hourly_wage, Posting.openings)
                                  .order_by(Posting.id)).all()
    hires = db.session.execute(select(Hire.start_on, Hire.end_on).order_by(Hire.id)).all()
    return {"candidates": candidates, "postings": postings, "hires": hires}


def test_demo_program_is_believable_and_its_hires_obey_the_hire_rules(app, freeze_clock):
    today = date(2026, 11, 21)
    freeze_clock(today)
    with app.app_context():
        assert load_demo_data(today=today) is True
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(Candidate)) == 200
        kinds = dict(db.session.execute(
            select(Candidate.permit_kind, func.count()).group_by(Candidate.permit_kind)).all())
        assert kinds["open"] > 100 and kinds["employer_specific"] > 0 and kinds["pending"] > 0
        assert db.session.scalar(select(func.count()).where(
            Candidate.permit_renewal_applied_on.is_not(None))) > 0
        assert db.session.scalar(select(func.count()).where(
            Candidate.permit_health_restricted.is_(True))) > 0
        statuses = set(db.session.scalars(select(EmployerMember.status)))
        assert statuses == {"approved", "pending"}
        assert db.session.scalar(select(func.count()).where(Posting.status == "open")) >= 30
        assert db.session.scalar(select(func.count()).select_from(Hire)) > 0
        assert db.session.scalar(select(func.count()).select_from(Application)) > 0
        roles = set(db.session.scalars(select(User.role)))
        assert roles == {"admin", "staff", "employer", "candidate"}
        stages = set(db.session.scalars(select(ActionPlan.status)))
        assert stages == {"first_meeting", "plan", "actions", "closed"}
        assert db.session.scalar(select(func.count()).select_from(PlanAction)) > 200
        without_plan = db.session.scalar(select(func.count()).select_from(Candidate).where(
            ~Candidate.id.in_(select(ActionPlan.candidate_id))))
        assert without_plan >= 4, "newcomers whose first meeting is still to hold"
        hires_obey_the_hire_rules(today)
        # HR's demo opens on its first posting: each establishment's ranks people.
        for employer_id in set(db.session.scalars(select(Posting.employer_id))):
            first = db.session.scalars(select(Posting).where(Posting.employer_id == employer_id)
                                       .order_by(Posting.id).limit(1)).one()
            offered, in_touch, _reach = ranked_list(first, today)
            assert len(offered) + len(in_touch) >= 3, first.title


@pytest.mark.commits  # empties the tables itself
def test_demo_data_is_deterministic_and_loads_once(app):
    with app.app_context():
        load_demo_data(today=date(2026, 11, 21))
        db.session.commit()
        first = snapshot()
        assert load_demo_data(today=date(2026, 11, 21)) is False
    from tests.conftest import empty_tables

    with app.app_context():
        empty_tables()
        load_demo_data(today=date(2026, 11, 21))
        db.session.commit()
        assert snapshot() == first


def test_demo_accounts_cannot_log_in_in_production(app):
    from tests.conftest import post_form

    with app.app_context():
        load_demo_data(today=date(2026, 11, 21))
        db.session.commit()
    client = app.test_client()
    response = post_form(client, "/login", {"email": "candidat001@demo.passerelle.example",
                                            "password": DEMO_PASSWORD})
    assert response.status_code == 302
    app.config["DEMO_ENABLED"] = False
    try:
        other = app.test_client()
        response = post_form(other, "/login", {"email": "candidat001@demo.passerelle.example",
                                               "password": DEMO_PASSWORD})
        assert response.status_code == 200
        # The session opened while demo accounts were allowed is refused too.
        assert client.get("/").get_data(as_text=True).count("candidat001@") == 0
    finally:
        app.config["DEMO_ENABLED"] = True


def test_seed_demo_is_refused_in_production(runner, app):
    app.config["DEMO_ENABLED"] = False
    try:
        result = runner.invoke(args=["seed", "--demo"])
    finally:
        app.config["DEMO_ENABLED"] = True
    assert result.exit_code != 0
    assert "disabled" in result.output


def hires_obey_the_hire_rules(today: date) -> None:
    """Each demo hire passes the rules a hire form applies; the dashboard counts each person."""
    from matcher import clock
    from matcher.applications.hires import start_errors
    from matcher.dashboard import hires as figures
    from matcher.models import ProgramSettings

    program_start = db.session.get(ProgramSettings, 1).starts_on
    rows = db.session.scalars(select(Hire).order_by(Hire.id)).all()
    assert rows
    for hire in rows:
        application = hire.application
        assert [e.code for e in start_errors(application, hire.start_on, clock.today(),
                                             program_start)] == [], hire.id
        candidate = application.candidate
        assert candidate.arrival_date is None or hire.start_on >= candidate.arrival_date
    employed = [hire.person_id for hire in rows if hire.end_on is None]
    assert len(employed) == len(set(employed)), "one job not ended per person"
    people = len({hire.person_id for hire in rows if hire.start_on <= today})
    assert sum(figures.by_month(today).values()) == people
