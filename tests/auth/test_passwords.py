"""Changing and resetting a password."""

import re
from datetime import timedelta

from sqlalchemy import select, update

from matcher import clock
from matcher.auth.passwords import verify_password
from matcher.extensions import db
from matcher.models import AuditEvent, OutboxMessage, PasswordResetToken, User
from tests.conftest import Login, post_form
from tests.factories import PASSWORD, make_user

NEW = "un nouveau mot de passe"


def setup_user(app, email="esther@example.com"):
    with app.app_context():
        make_user("employer", email=email)
        db.session.commit()
    return email


def password_ok(app, email, password) -> bool:
    with app.app_context():
        user = db.session.scalar(select(User).filter_by(email=email))
        return verify_password(user.password_hash, password)


def test_changing_the_password_needs_the_current_one(app, client):
    email = setup_user(app)
    Login(client).as_user(email)
    response = post_form(client, "/account/password",
                         {"current": "wrong one", "password": NEW, "confirm": NEW})
    assert "pas votre mot de passe actuel" in response.get_data(as_text=True)
    assert password_ok(app, email, PASSWORD)


def test_changing_the_password_ends_other_sessions_but_not_this_one(app, client):
    email = setup_user(app)
    other_device = app.test_client()
    Login(other_device).as_user(email)
    Login(client).as_user(email)
    response = post_form(client, "/account/password",
                         {"current": PASSWORD, "password": NEW, "confirm": NEW})
    assert response.status_code == 302
    assert password_ok(app, email, NEW)
    assert email in client.get("/").get_data(as_text=True)
    assert email not in other_device.get("/").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(AuditEvent).filter_by(action="password.changed"))


def request_reset(app, client, email) -> str | None:
    post_form(client, "/password/forgot", {"email": email})
    with app.app_context():
        message = db.session.scalar(select(OutboxMessage).order_by(OutboxMessage.id.desc()))
        if message is None:
            return None
        return re.search(r"/password/reset/(\S+)", message.body).group(1)


def test_reset_link_is_single_use_and_ends_sessions(app, client):
    email = setup_user(app)
    logged_in = app.test_client()
    Login(logged_in).as_user(email)
    token = request_reset(app, client, email)
    with app.app_context():
        stored = db.session.scalar(select(PasswordResetToken.token_hash))
        assert stored != token and len(stored) == 64  # only a hash is kept
    response = post_form(client, f"/password/reset/{token}", {"password": NEW, "confirm": NEW})
    assert response.status_code == 302
    assert password_ok(app, email, NEW)
    assert email not in logged_in.get("/").get_data(as_text=True)
    again = client.get(f"/password/reset/{token}")
    assert again.status_code == 302 and "/password/forgot" in again.headers["Location"]


def test_reset_link_expires(app, client):
    email = setup_user(app)
    token = request_reset(app, client, email)
    with app.app_context():
        db.session.execute(update(PasswordResetToken).values(
            expires_at=clock.now() - timedelta(minutes=1)))
        db.session.commit()
    response = post_form(client, f"/password/reset/{token}", {"password": NEW, "confirm": NEW},
                         token_from="/password/forgot")
    assert response.status_code == 302
    assert password_ok(app, email, PASSWORD)


def test_unknown_email_gets_the_same_answer_and_no_message(app, client):
    known = post_form(client, "/password/forgot", {"email": setup_user(app)})
    unknown = post_form(client, "/password/forgot", {"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"]
    with app.app_context():
        assert len(db.session.scalars(select(OutboxMessage)).all()) == 1


def test_reset_message_is_in_the_users_language(app, client):
    with app.app_context():
        make_user("candidate", email="en@example.com", locale="en")
        db.session.commit()
    request_reset(app, client, "en@example.com")
    with app.app_context():
        assert db.session.scalar(select(OutboxMessage.subject)).startswith("Choose a new")


def test_no_token_or_password_reaches_the_audit_log(app, client):
    email = setup_user(app)
    token = request_reset(app, client, email)
    post_form(client, f"/password/reset/{token}", {"password": NEW, "confirm": NEW})
    Login(app.test_client()).as_user(email, NEW)
    with app.app_context():
        events = db.session.scalars(select(AuditEvent)).all()
    text = repr([(e.action, e.details) for e in events])
    assert token not in text and NEW not in text and PASSWORD not in text
    assert {"password.reset_requested", "password.reset", "login.succeeded"} <= {
        e.action for e in events}
