"""Privacy rights: export everything, delete everything personal, see who viewed the profile."""

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from matcher import audit, clock
from matcher.extensions import db
from matcher.models import (
    ActionPlan,
    Application,
    ApplicationEvent,
    Candidate,
    CaseNote,
    Consent,
    Experience,
    Hire,
    Notification,
    OutboxMessage,
    PasswordResetToken,
    PlanAction,
    User,
)
from tests import factories as f
from tests.conftest import Login, post_form

EMAIL = "zephirine.tremblay@example.com"
FIRST, LAST, PHONE = "Zéphirine", "Tremblay-Ouellet", "438 555-0177"


@pytest.fixture
def rich_candidate(app):
    """A candidate with a bit of everything: jobs, consents, an application, a hire, messages."""
    with app.app_context():
        agency = f.make_agency("Accueil Test")
        staff = f.make_staff(agency)
        user = f.make_user("candidate", email=EMAIL)
        candidate = f.make_candidate(user, first_name=FIRST, last_name=LAST, phone=PHONE,
                                     agency=agency, officer=staff, experiences=2,
                                     skills_text=f"Je m'appelle {FIRST}.")
        employer = f.make_employer(name="CHSLD Témoin")
        hr = f.make_employer_user(employer)
        posting = f.make_posting(employer)
        application = Application(candidate=candidate, posting=posting, status="hired",
                                  source="candidate", score_at_creation=Decimal("71.5"))
        application.events.append(ApplicationEvent(to_status="applied", actor=user))
        application.events.append(ApplicationEvent(from_status="applied", to_status="hired",
                                                   actor=hr))
        db.session.add(application)
        db.session.flush()
        db.session.add(Hire(application=application, posting=posting, agency=agency,
                            person_id=candidate.id,
                            start_on=clock.today() - timedelta(days=10), recorded_by=hr))
        db.session.add(Consent(user=user, purpose="matching", policy_version="2026-12"))
        plan = ActionPlan(candidate=candidate, officer=staff, first_meeting_on=date(2025, 1, 3),
                          first_meeting_mode="in_person", status="actions")
        plan.actions.append(PlanAction(step="arrival", kind="bank_account", status="done",
                                       done_on=date(2025, 1, 6), done_by=staff))
        db.session.add(plan)
        db.session.add(CaseNote(candidate_id=candidate.id, author=staff, agency_id=agency.id,
                                text=f"Rencontre avec {FIRST} {LAST}."))
        db.session.add(Notification(user_id=user.id, kind="application.status",
                                    payload={"posting_id": posting.id}))
        db.session.add(OutboxMessage(user_id=user.id, to_address=EMAIL, subject="Bonjour",
                                     body=f"Bonjour {FIRST},"))
        db.session.add(PasswordResetToken(user_id=user.id, token_hash="a" * 64,
                                          expires_at=clock.now() + timedelta(hours=1)))
        # Messages to other people that name the candidate.
        db.session.add(Notification(user_id=hr.id, kind="application.new", payload={
            "candidate_name": f"{FIRST} {LAST}", "first_name": FIRST, "last_name": LAST,
            "email": EMAIL, "posting_id": posting.id}))
        db.session.add(OutboxMessage(user_id=hr.id, to_address=hr.email,
                                     subject=f"Candidature de {FIRST} {LAST}",
                                     body=f"{FIRST} {LAST} ({EMAIL}, {PHONE}) a postulé."))
        audit.record("candidate.viewed", candidate, actor=staff)
        audit.record("candidate.viewed", candidate, actor=hr)
        db.session.flush()
        ids = {"candidate": candidate.id, "user": user.id, "application": application.id,
               "employer": employer.name, "agency": agency.id, "hr": hr.id}
        db.session.commit()
    return ids


def test_export_holds_everything_the_candidate_gave(client, app, rich_candidate):
    Login(client).as_user(EMAIL)
    response = client.get("/my-data/export")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["email"] == EMAIL
    assert "password_hash" not in data["account"]
    profile = data["profile"]
    assert {c.key for c in Candidate.__table__.columns} <= set(profile)
    assert (profile["first_name"], profile["phone"]) == (FIRST, PHONE)
    assert profile["preferred_regions"] == ["06"] and profile["agency"] == "Accueil Test"
    assert len(data["experiences"]) == 2
    assert {c.key for c in Experience.__table__.columns} - {"candidate_id"} <= set(
        data["experiences"][0])
    assert [(c["purpose"], c["policy_version"]) for c in data["consents"]] == [
        ("matching", "2026-12")]
    (application,) = data["applications"]
    assert application["status"] == "hired" and application["employer"] == "CHSLD Témoin"
    assert [e["to_status"] for e in application["history"]] == ["applied", "hired"]
    assert data["action_plan"]["actions"][0]["kind"] == "bank_account"
    assert data["action_plan"]["first_meeting_mode"] == "in_person"
    assert len(data["notifications"]) == 1
    assert sorted((v["viewer_role"], v["organization"]) for v in data["profile_views"]) == [
        ("employer", "CHSLD Témoin"), ("staff", "Accueil Test")]


def test_export_of_an_account_without_profile_works(client, app):
    with app.app_context():
        email = f.make_user("candidate").email
        db.session.commit()
    Login(client).as_user(email)
    data = client.get("/my-data/export").get_json()
    assert data["account"]["email"] == email and data["profile"] is None


def test_my_data_lists_who_viewed_the_profile(client, app, rich_candidate):
    Login(client).as_user(EMAIL)
    html = client.get("/my-data").get_data(as_text=True)
    assert "Qui a consulté mon profil" in html
    assert "Un employeur : CHSLD Témoin" in html
    assert "L’équipe du programme : Accueil Test" in html


def test_a_staff_view_shows_in_the_candidates_list_of_views(client, app, rich_candidate):
    with app.app_context():
        staff_email = db.session.scalar(select(User.email).where(User.role == "staff"))
    Login(client).as_user(staff_email)
    assert client.get(f"/staff/candidates/{rich_candidate['candidate']}").status_code == 200
    candidate_client = app.test_client()
    Login(candidate_client).as_user(EMAIL)
    html = candidate_client.get("/my-data").get_data(as_text=True)
    assert html.count("L’équipe du programme : Accueil Test") == 2


def delete(client, password=f.PASSWORD, confirm=True):
    data = {"password": password}
    if confirm:
        data["confirm"] = "y"
    return post_form(client, "/my-data/delete", data)


def test_deletion_needs_the_password_and_the_confirmation(client, app, rich_candidate):
    Login(client).as_user(EMAIL)
    assert 'id="password-error"' in delete(client, password="wrong").get_data(as_text=True)
    assert 'id="confirm-error"' in delete(client, confirm=False).get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, rich_candidate["user"]) is not None


def all_values(app) -> list[str]:
    """Every value of every row of every table, as text (JSON as stored)."""
    values = []
    with app.app_context(), db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            for row in connection.execute(select(table)):
                for value in row:
                    if value is not None:
                        values.append(json.dumps(value) if isinstance(value, dict | list)
                                      else str(value))
    return values


@pytest.mark.commits  # reads every table on its own connection
def test_deletion_leaves_no_personal_data_in_any_table(client, app, rich_candidate):
    before = all_values(app)
    assert any(FIRST in v for v in before) and any(EMAIL in v for v in before), "test is live"
    session = app.test_client()
    Login(session).as_user(EMAIL)  # a second device
    Login(client).as_user(EMAIL)
    response = delete(client)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert "/login" in client.get("/profile").headers["Location"], "this session ended"
    assert "/login" in session.get("/profile").headers["Location"], "every session ended"

    secrets = [EMAIL, FIRST, LAST, PHONE, json.dumps(FIRST)[1:-1], json.dumps(LAST)[1:-1]]
    leaks = [v for v in all_values(app) if any(s in v for s in secrets)]
    assert leaks == []
    with app.app_context():
        assert db.session.get(User, rich_candidate["user"]) is None
        assert db.session.get(Candidate, rich_candidate["candidate"]) is None
        application = db.session.get(Application, rich_candidate["application"])
        assert application is not None and application.candidate_id is None
        hire = db.session.scalar(select(Hire).where(
            Hire.application_id == rich_candidate["application"]))
        assert hire.agency_id == rich_candidate["agency"], "anonymous hire statistics stay"
        assert [e.actor_id for e in application.events] == [None, rich_candidate["hr"]]
        employer_note = db.session.scalar(select(Notification).where(
            Notification.user_id == rich_candidate["hr"]))
        assert employer_note.payload["posting_id"] is not None, "the rest of the message stays"


def test_deletion_of_an_account_without_profile(client, app):
    with app.app_context():
        email = f.make_user("candidate").email
        db.session.commit()
    Login(client).as_user(email)
    assert delete(client).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == email)) is None
