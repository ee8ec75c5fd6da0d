"""The hire rules of DESIGN §7.1: dates, one job at a time, cancelling, ending, counting people."""

import threading
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from matcher.applications import hires
from matcher.applications.hires import HireError
from matcher.dashboard import hires as figures
from matcher.extensions import db
from matcher.models import Application, AuditEvent, Candidate, Hire, Posting, User
from tests import factories as f
from tests.conftest import Login, csrf_token, post_form

TODAY = date(2026, 11, 30)
APPLIED_AT = datetime(2026, 10, 1, 15, 0, tzinfo=UTC)


@pytest.fixture
def world(app, freeze_clock):
    """Ids of an HR user, a one-opening posting and a candidate whose offer is made."""
    freeze_clock(TODAY)
    with app.app_context():
        employer = f.make_employer()
        hr = f.make_employer_user(employer, email="rh@example.com")
        posting = f.make_posting(employer, openings=1)
        candidate = f.make_candidate(permit_expires_on=date(2027, 9, 30))
        application = f.make_application(candidate, posting, status="offer",
                                         created_at=APPLIED_AT)
        db.session.commit()
        return {"hr": hr.id, "posting": posting.id, "candidate": candidate.id,
                "application": application.id}


@pytest.fixture
def ctx(app, world):
    """The same world loaded in an app context (for tests that make no request)."""
    with app.app_context():
        yield {"hr": db.session.get(User, world["hr"]),
               "posting": db.session.get(Posting, world["posting"]),
               "candidate": db.session.get(Candidate, world["candidate"]),
               "application": db.session.get(Application, world["application"])}


def refused(ctx, start_on: date) -> str:
    with pytest.raises(HireError) as caught:
        hires.hire(ctx["hr"], ctx["application"], start_on)
    db.session.rollback()
    return caught.value.code


def people_hired(day: date = TODAY) -> int:
    return sum(figures.by_month(day).values())


def test_a_start_before_the_application_is_refused_and_counts_nothing(ctx):
    before = people_hired()
    assert refused(ctx, date(2025, 1, 1)) == "start_before_application"
    assert refused(ctx, date(2026, 9, 30)) == "start_before_application"
    assert people_hired() == before
    hires.hire(ctx["hr"], ctx["application"], date(2026, 10, 1))  # the day of the application
    db.session.commit()
    assert people_hired() == before + 1


def test_a_start_after_the_permit_expires_is_refused(ctx):
    assert refused(ctx, date(2027, 10, 15)) == "start_after_permit"
    hires.hire(ctx["hr"], ctx["application"], date(2027, 9, 30))  # valid on its expiry day
    db.session.commit()


def test_maintained_status_allows_a_start_after_the_expiry(ctx):
    ctx["candidate"].permit_renewal_applied_on = date(2027, 9, 30)  # filed on the expiry day
    db.session.commit()
    hires.hire(ctx["hr"], ctx["application"], date(2027, 10, 15))
    db.session.commit()


def test_a_start_more_than_twelve_months_ahead_is_refused(ctx):
    ctx["candidate"].permit_expires_on = date(2029, 1, 1)
    db.session.commit()
    assert refused(ctx, date(2027, 12, 1)) == "start_too_far"
    hires.hire(ctx["hr"], ctx["application"], date(2027, 11, 30))
    db.session.commit()


def test_twelve_months_ahead_of_the_29th_of_february_is_the_28th():
    assert hires.months_ahead(date(2028, 2, 29), 12) == date(2029, 2, 28)
    assert hires.months_ahead(date(2026, 11, 30), 12) == date(2027, 11, 30)
    assert hires.months_ahead(date(2026, 1, 31), 1) == date(2026, 2, 28)


def test_a_start_before_the_program_is_refused(ctx):
    ctx["application"].created_at = datetime(2023, 11, 1, tzinfo=UTC)
    db.session.commit()
    assert refused(ctx, date(2023, 12, 3)) == "start_before_program"
    hires.hire(ctx["hr"], ctx["application"], date(2023, 12, 4))
    db.session.commit()


def test_a_hire_needs_an_offer_and_is_recorded_once(ctx):
    ctx["application"].status = "interview"
    db.session.commit()
    assert refused(ctx, TODAY) == "hire_needs_offer"
    ctx["application"].status = "offer"
    db.session.commit()
    hires.hire(ctx["hr"], ctx["application"], TODAY)
    db.session.commit()
    assert refused(ctx, TODAY) == "already_hired"


def second_job(ctx, openings: int = 1) -> Application:
    other_employer = f.make_employer()
    other_hr = f.make_employer_user(other_employer)
    posting = f.make_posting(other_employer, openings=openings)
    application = f.make_application(ctx["candidate"], posting, status="offer",
                                     created_at=APPLIED_AT)
    db.session.commit()
    return other_hr, application


def test_a_person_still_employed_cannot_be_hired_elsewhere_until_the_job_ends(ctx):
    first = hires.hire(ctx["hr"], ctx["application"], date(2026, 10, 5))
    db.session.commit()
    other_hr, application = second_job(ctx)
    with pytest.raises(HireError, match="already_employed"):
        hires.hire(other_hr, application, date(2026, 12, 1))
    db.session.rollback()

    hires.end_hire(ctx["hr"], first, date(2026, 12, 10))
    db.session.commit()
    with pytest.raises(HireError, match="already_employed"):  # starts before the last day
        hires.hire(other_hr, application, date(2026, 12, 10))
    db.session.rollback()
    hires.hire(other_hr, application, date(2026, 12, 11))
    db.session.commit()
    # Two hires, one person: counted once, on the first start date.
    assert people_hired(date(2026, 12, 31)) == 1


def test_the_database_refuses_a_second_hire_not_ended_for_one_person(ctx):
    hires.hire(ctx["hr"], ctx["application"], date(2026, 10, 5))
    db.session.commit()
    _other_hr, application = second_job(ctx)
    db.session.add(Hire(application_id=application.id, posting_id=application.posting_id,
                        person_id=ctx["candidate"].id, start_on=date(2026, 12, 1)))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


@pytest.mark.commits  # threads commit at once
def test_two_simultaneous_hires_of_one_person_in_two_establishments_give_one(app, ctx):
    other_hr, application = second_job(ctx)
    jobs = [(ctx["hr"].id, ctx["application"].id), (other_hr.id, application.id)]
    barrier = threading.Barrier(2)
    results: list[str] = []

    def hire(hr_id: int, application_id: int) -> None:
        with app.app_context():
            user = db.session.get(User, hr_id)
            row = db.session.get(Application, application_id)
            row.candidate  # noqa: B018  (load before racing)
            barrier.wait()
            try:
                hires.hire(user, row, date(2026, 12, 1))
                db.session.commit()
                results.append("hired")
            except HireError as error:
                db.session.rollback()
                results.append(error.code)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=hire, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results) == ["already_employed", "hired"]
    assert db.session.scalar(select(func.count()).select_from(Hire)) == 1


def hire_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Hire))


@pytest.mark.commits  # threads commit at once
def test_ten_simultaneous_submits_of_one_hire_form_give_one_hire_and_no_error(app, world):
    clients = []
    for _ in range(10):
        client = app.test_client()
        Login(client).as_user("rh@example.com")
        clients.append(client)
    url = f"/employer/applications/{world['application']}/hire"
    tokens = [csrf_token(client, url) for client in clients]
    barrier = threading.Barrier(10)
    statuses: list[int] = []

    def submit(client, token) -> None:
        barrier.wait()
        response = client.post(url, data={"csrf_token": token, "start_on": "2026-12-01"})
        statuses.append(response.status_code)

    threads = [threading.Thread(target=submit, args=pair) for pair in zip(clients, tokens,
                                                                          strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(statuses) == 10 and all(status < 500 for status in statuses), statuses
    assert hire_count(app) == 1
    with app.app_context():
        assert db.session.get(Posting, world["posting"]).filled == 1
    assert clients[0].get(f"/employer/postings/{world['posting']}/pipeline").status_code == 200


def test_a_repeated_submit_says_the_hire_is_already_recorded(app, world, client, login):
    login.as_user("rh@example.com")
    url = f"/employer/applications/{world['application']}/hire"
    first = post_form(client, url, {"start_on": "2026-12-01"})
    assert first.status_code == 302
    again = post_form(client, url, {"start_on": "2026-12-01"}, token_from="/employer",
                      follow_redirects=True)
    assert "Cette embauche est déjà enregistrée." in again.get_data(as_text=True)
    assert hire_count(app) == 1


def test_a_refused_date_is_explained_at_its_field_in_french(app, world, client, login):
    login.as_user("rh@example.com")
    url = f"/employer/applications/{world['application']}/hire"
    response = post_form(client, url, {"start_on": "2025-01-01"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="start_on-error"' in html
    assert "précéder la candidature (1er octobre 2026)" in html
    assert hire_count(app) == 0


def test_hr_cancels_a_hire_recorded_by_mistake_within_thirty_days(app, world, client, login):
    with app.app_context():
        hire = hires.hire(db.session.get(User, world["hr"]),
                          db.session.get(Application, world["application"]), TODAY)
        db.session.commit()
        hire_id = hire.id
        assert people_hired() == 1
    login.as_user("rh@example.com")
    url = f"/employer/hires/{hire_id}/cancel"
    assert post_form(client, url, {"reason": ""}).status_code == 200  # a reason is required
    assert hire_count(app) == 1
    response = post_form(client, url, {"reason": "Mauvaise personne sélectionnée"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Hire, hire_id) is None
        posting = db.session.get(Posting, world["posting"])
        assert (posting.filled, posting.status) == (0, "open")
        assert db.session.get(Application, world["application"]).status == "offer"
        actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
        assert "hire.recorded" in actions and "hire.cancelled" in actions
        assert people_hired() == 0


def test_a_hire_cannot_be_cancelled_after_thirty_days(ctx, freeze_clock):
    hire = hires.hire(ctx["hr"], ctx["application"], TODAY)
    db.session.commit()
    freeze_clock(datetime(2026, 12, 31, 17, 0, tzinfo=UTC))  # 30 days and 12 hours later
    with pytest.raises(HireError, match="cancel_too_late"):
        hires.cancel_hire(ctx["hr"], hire, "Trop tard")
    db.session.rollback()
    assert db.session.get(Hire, hire.id) is not None


def test_staff_end_the_hire_of_a_person_they_follow_only(app, world, client, login):
    with app.app_context():
        agency = f.make_agency()
        candidate = db.session.get(Candidate, world["candidate"])
        candidate.agency = agency
        hire = hires.hire(db.session.get(User, world["hr"]),
                          db.session.get(Application, world["application"]), TODAY)
        f.make_staff(agency, email="agent@example.com")
        f.make_staff(email="autre@example.com")  # another agency
        db.session.commit()
        hire_id = hire.id
    outsider = app.test_client()
    Login(outsider).as_user("autre@example.com")
    url = f"/staff/hires/{hire_id}/end"
    response = post_form(outsider, url, {"end_on": "2026-12-15"}, token_from="/staff/candidates")
    assert response.status_code == 404
    login.as_user("agent@example.com")
    response = post_form(client, url, {"end_on": "2026-12-15"}, token_from="/staff/candidates")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Hire, hire_id).end_on == date(2026, 12, 15)


def test_a_departure_is_recorded_after_the_start(ctx):
    hire = hires.hire(ctx["hr"], ctx["application"], date(2026, 10, 5))
    with pytest.raises(HireError, match="end_before_start"):
        hires.end_hire(ctx["hr"], hire, date(2026, 10, 4))
    hires.end_hire(ctx["hr"], hire, date(2026, 11, 20))
    db.session.commit()
    assert db.session.get(Hire, hire.id).end_on == date(2026, 11, 20)


def test_a_future_start_is_an_upcoming_start_not_a_hire(ctx):
    hires.hire(ctx["hr"], ctx["application"], date(2026, 12, 2))
    db.session.commit()
    assert people_hired() == 0
    assert figures.upcoming_and_recent(TODAY, 90) == (1, 0)
    assert people_hired(date(2026, 12, 2)) == 1


def test_a_start_after_the_program_ends_is_recorded_but_not_counted(ctx):
    hires.hire(ctx["hr"], ctx["application"], date(2026, 12, 4))  # the window ends on the 3rd
    db.session.commit()
    assert figures.upcoming_and_recent(TODAY, 90) == (0, 0)
    assert people_hired(date(2027, 1, 31)) == 0
