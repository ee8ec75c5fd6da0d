"""Staff approve or reject employer users; the decision is recorded."""

from sqlalchemy import select

from matcher.extensions import db
from matcher.models import AuditEvent, EmployerMember
from tests.conftest import Login, post_form
from tests.factories import make_employer_user, make_staff


def setup(app):
    with app.app_context():
        pending = make_employer_user(status="pending", email="rh@example.com")
        staff = make_staff(email="agent@example.com")
        db.session.commit()
        return pending.membership.id, staff.id


def test_staff_see_pending_employers_and_approve_one(app, client):
    member_id, staff_id = setup(app)
    Login(client).as_user("agent@example.com")
    page = client.get("/staff/employers").get_data(as_text=True)
    assert "rh@example.com" in page and "Approuver" in page
    response = post_form(client, f"/staff/employers/{member_id}/approved", {},
                         token_from="/staff/employers")
    assert response.status_code == 302
    with app.app_context():
        member = db.session.get(EmployerMember, member_id)
        assert member.status == "approved"
        assert member.decided_by_id == staff_id and member.decided_at is not None
        assert member.user.is_approved_employer
        event = db.session.scalar(select(AuditEvent).filter_by(action="employer_member.approved"))
        assert event.actor_id == staff_id and event.subject_id == member_id


def test_a_rejected_employer_stays_unable_to_post(app, client):
    member_id, _ = setup(app)
    Login(client).as_user("agent@example.com")
    post_form(client, f"/staff/employers/{member_id}/rejected", {},
              token_from="/staff/employers")
    with app.app_context():
        member = db.session.get(EmployerMember, member_id)
        assert member.status == "rejected" and not member.user.is_approved_employer


def test_a_decided_membership_cannot_be_decided_again(app, client):
    member_id, _ = setup(app)
    Login(client).as_user("agent@example.com")
    post_form(client, f"/staff/employers/{member_id}/rejected", {},
              token_from="/staff/employers")
    response = post_form(client, f"/staff/employers/{member_id}/approved", {},
                         token_from="/staff/employers")
    assert response.status_code == 404
    with app.app_context():
        assert db.session.get(EmployerMember, member_id).status == "rejected"


def test_employers_cannot_approve_themselves(app, client):
    member_id, _ = setup(app)
    Login(client).as_user("rh@example.com")
    response = post_form(client, f"/staff/employers/{member_id}/approved", {}, token_from="/")
    assert response.status_code == 403
