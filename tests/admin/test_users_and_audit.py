"""Admins manage accounts and read the append-only audit log."""

import pytest
from sqlalchemy import select

from matcher.audit import record
from matcher.extensions import db
from matcher.models import AuditEvent, User
from matcher.models.audit import AppendOnlyError
from tests.conftest import Login, post_form
from tests.factories import make_staff, make_user


@pytest.fixture
def admin_client(app, client):
    with app.app_context():
        make_staff(role="admin", email="admin@example.com")
        db.session.commit()
    Login(client).as_user("admin@example.com")
    return client


def test_admin_deactivates_a_user_which_ends_their_sessions(app, admin_client):
    with app.app_context():
        user_id = make_user("candidate", email="cand@example.com").id
        db.session.commit()
    victim = app.test_client()
    Login(victim).as_user("cand@example.com")
    asked = post_form(admin_client, f"/admin/users/{user_id}/deactivate", {},
                      token_from="/admin/users")
    assert "Désactiver le compte cand@example.com\u00a0?" in asked.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, user_id).active is True, "nothing before confirming"
    response = post_form(admin_client, f"/admin/users/{user_id}/deactivate",
                         {"confirmed": "yes"}, token_from="/admin/users")
    assert response.status_code == 302
    assert "cand@example.com" not in victim.get("/").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, user_id).active is False
        assert db.session.scalar(select(AuditEvent).filter_by(action="user.deactivated"))


def test_admin_makes_a_staff_user_admin_and_it_is_audited(app, admin_client):
    with app.app_context():
        staff_id = make_staff(email="s@example.com").id
        db.session.commit()
    post_form(admin_client, f"/admin/users/{staff_id}/role", {"role": "admin"},
              token_from="/admin/users")
    with app.app_context():
        assert db.session.get(User, staff_id).role == "staff", "asked for a confirmation"
    post_form(admin_client, f"/admin/users/{staff_id}/role", {"role": "admin",
              "confirmed": "yes"}, token_from="/admin/users")
    with app.app_context():
        assert db.session.get(User, staff_id).role == "admin"
        event = db.session.scalar(select(AuditEvent).filter_by(action="user.role_changed"))
        assert event.details == {"old": "staff", "new": "admin"}


def test_role_change_cannot_turn_a_candidate_into_staff(app, admin_client):
    with app.app_context():
        user_id = make_user("candidate").id
        db.session.commit()
    post_form(admin_client, f"/admin/users/{user_id}/role", {"role": "admin",
              "confirmed": "yes"}, token_from="/admin/users")
    with app.app_context():
        assert db.session.get(User, user_id).role == "candidate"


def test_admin_filters_the_audit_log(app, admin_client):
    Login(app.test_client()).as_user("admin@example.com")
    post_form(app.test_client(), "/login", {"email": "x@example.com", "password": "nope"})
    response = post_form(admin_client, "/admin/audit", {"kind": "sign_in",
                                                         "person": "x@example"})
    assert response.status_code == 302 and "x%40example" not in response.headers["Location"]
    html = admin_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Connexion échouée" not in html, "x@example.com has no account: no such person"
    response = post_form(admin_client, "/admin/audit", {"kind": "sign_in"})
    html = admin_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Connexion échouée" in html and "S’est connecté·e" in html
    html = post_form(admin_client, "/admin/audit", {"since": "not-a-date"}).get_data(
        as_text=True)
    assert 'id="since-error"' in html


def test_the_audit_log_is_append_only(app):
    with app.app_context():
        event = record("test.event", reason="x")
        db.session.commit()
        event.action = "changed"
        with pytest.raises(AppendOnlyError):
            db.session.commit()
        db.session.rollback()
        with pytest.raises(AppendOnlyError):
            db.session.delete(db.session.get(AuditEvent, event.id))
            db.session.commit()


def test_the_audit_log_refuses_secret_details(app):
    with app.app_context(), pytest.raises(ValueError):
        record("test.event", password="hunter2")


def test_users_create_makes_staff_and_admin_accounts(app, runner):
    result = runner.invoke(args=["users", "create", "--email", "Agent@Example.com", "--role",
                                 "staff"], input="une phrase solide\nune phrase solide\n")
    assert result.exit_code == 0, result.output
    weak = runner.invoke(args=["users", "create", "--email", "b@example.com", "--role", "admin"],
                         input="password\npassword\n")
    assert weak.exit_code != 0
    with app.app_context():
        assert db.session.scalar(select(User.role).filter_by(email="agent@example.com")) == "staff"
        assert db.session.scalar(select(User).filter_by(email="b@example.com")) is None
