"""The dashboard keeps its figures between renders, and never past a write it counts."""

import re
from datetime import date

from sqlalchemy import event, select, update

from matcher.extensions import db
from matcher.models import Application, Candidate, Employer, User
from tests import factories as f
from tests.conftest import Login, post_form
from tests.dashboard.conftest import TODAY


def funnel(client) -> dict[str, int]:
    """Read the funnel's counts from its CSV export (English labels)."""
    lines = client.get("/staff/dashboard/funnel.csv").get_data(as_text=True).splitlines()[1:]
    return {label: int(count) for label, count, _share in (line.split(",") for line in lines)}


def started(client) -> int:
    """Read the headline's count of people at work from the page."""
    html = client.get("/staff/dashboard").get_data(as_text=True)
    return int(re.search(r"(\d+) people had started work by", html).group(1))


def _application_of(app, email: str) -> int:
    with app.app_context():
        return db.session.scalar(select(Application.id)
                                 .join(Candidate, Application.candidate_id == Candidate.id)
                                 .join(User, Candidate.user_id == User.id)
                                 .where(User.email == email))


def _employer_client(app, program):
    with app.app_context():
        user = f.make_employer_user(db.session.get(Employer, program["alpha"]),
                                    email="rh@alpha.example")
        db.session.commit()
        email = user.email
    client = app.test_client()
    Login(client).as_user(email)
    return client


def test_a_second_render_reads_no_figure_again(app, client, program):
    Login(client).as_user("staff-en@example.com")
    client.get("/staff/dashboard")
    statements: list[str] = []
    with app.app_context():
        engine = db.engine

    def seen(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", seen)
    try:
        assert client.get("/staff/dashboard").status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert statements  # the page still asked the change log and the settings
    counted = [s for s in statements
               if re.search(r"\b(hires|application_events|action_plans)\b", s)]
    assert counted == []


def test_the_funnel_moves_after_an_employer_moves_an_application(app, client, program):
    Login(client).as_user("staff-en@example.com")
    before = funnel(client)
    assert funnel(client) == before  # kept
    employer = _employer_client(app, program)
    c2_application = _application_of(app, "c2@example.com")  # applied to O1 (Alpha)
    response = post_form(employer, f"/employer/applications/{c2_application}/move",
                         {"status": "interview"}, token_from="/employer/postings")
    assert response.status_code == 302
    after = funnel(client)
    assert after["Interviewed"] == before["Interviewed"] + 1
    assert after["Applied"] == before["Applied"]


def test_the_headline_and_funnel_move_after_a_hire_is_recorded(app, client, program):
    Login(client).as_user("staff-en@example.com")
    assert started(client) == 8
    before = funnel(client)
    employer = _employer_client(app, program)
    c4_application = _application_of(app, "c4@example.com")  # an offer from O1 (Alpha)
    url = f"/employer/applications/{c4_application}/hire"
    response = post_form(employer, url, {"start_on": TODAY.isoformat()})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    assert started(client) == 9
    assert funnel(client)["Hired"] == before["Hired"] + 1


def test_a_bulk_update_moves_the_figures(app, client, program):
    Login(client).as_user("staff-en@example.com")
    before = funnel(client)
    with app.app_context():
        c2_application = _application_of(app, "c2@example.com")
        db.session.execute(update(Application).where(Application.id == c2_application)
                           .values(status="offer"))
        db.session.commit()
    assert funnel(client)["Received an offer"] == before["Received an offer"] + 1


def test_figures_are_kept_per_day(app, client, program, freeze_clock):
    Login(client).as_user("staff-en@example.com")
    assert started(client) == 8
    freeze_clock(date(2024, 10, 16))  # h8 starts on 2024-10-15
    assert started(client) == 9
