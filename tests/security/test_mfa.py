"""Two-step login (TOTP): required for staff and admins, offered to HR, recoverable."""

import re
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from cryptography.fernet import Fernet
from sqlalchemy import select

from matcher.auth import mfa
from matcher.config import Config, ProductionConfig, TestConfig
from matcher.extensions import db
from matcher.models import AuditEvent, MfaRecoveryCode, User
from tests import factories as f
from tests.conftest import post_form
from tests.factories import PASSWORD

START = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)


@pytest.fixture
def enforced(app, monkeypatch, freeze_clock):
    """The production rule: staff and admins must use two-step login."""
    monkeypatch.setitem(app.config, "MFA_REQUIRED_ROLES", ("staff", "admin"))
    freeze_clock(START)
    with app.app_context():
        f.make_staff(email="agent@example.com")
        f.make_staff(role="admin", email="admin@example.com")
        f.make_employer_user(email="rh@example.com")
        db.session.commit()
    return freeze_clock


def password_step(client, email):
    return post_form(client, "/login", {"email": email, "password": PASSWORD})


def code_now(secret, at) -> str:
    return pyotp.TOTP(secret).at(at)


def enrol(app, email) -> tuple:
    """Log in and turn two-step login on through the pages; return (client, secret, codes)."""
    client = app.test_client()
    assert password_step(client, email).status_code == 302
    page = client.get("/account/two-step").get_data(as_text=True)
    secret = re.search(r'<code class="secret" translate="no">([A-Z2-7 ]+)</code>',
                       page).group(1).replace(" ", "")
    assert f"secret={secret}" in page and "otpauth://totp/Passerelle" in page
    assert "<svg" in page  # the QR code, drawn on the server
    done = post_form(client, "/account/two-step", {"code": code_now(secret, START)})
    codes = re.findall(r"<li><code>([a-z2-9-]{14})</code></li>", done.get_data(as_text=True))
    return client, secret, codes


def test_staff_must_enrol_before_any_staff_page(app, enforced):
    client = app.test_client()
    password_step(client, "agent@example.com")
    response = client.get("/staff/candidates")
    assert response.status_code == 302 and response.headers["Location"] == "/account/two-step"
    page = client.get("/account/two-step").get_data(as_text=True)
    assert "Connexion en deux étapes" in page
    client, secret, codes = enrol(app, "agent@example.com")
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/staff/candidates").status_code == 200


def test_the_secret_is_encrypted_and_the_recovery_codes_hashed(app, enforced):
    _client, secret, codes = enrol(app, "agent@example.com")
    with app.app_context():
        user = db.session.scalar(select(User).filter_by(email="agent@example.com"))
        assert secret not in user.mfa_secret and mfa.decrypt(user.mfa_secret) == secret
        hashes = db.session.scalars(select(MfaRecoveryCode.code_hash)).all()
        assert len(hashes) == 10 and all(h.startswith("$argon2id$") for h in hashes)
        assert not set(codes) & set(hashes)
        assert db.session.scalar(select(AuditEvent).filter_by(action="mfa.enabled"))


def test_login_asks_for_the_code_after_the_password(app, enforced):
    _client, secret, _codes = enrol(app, "agent@example.com")
    enforced(START + timedelta(minutes=1))
    client = app.test_client()
    response = password_step(client, "agent@example.com")
    assert response.headers["Location"] == "/login/code"
    # Not logged in yet: the password alone opens nothing.
    assert "/login" in client.get("/staff/candidates").headers["Location"]
    wrong = post_form(client, "/login/code", {"code": "000000"})
    assert wrong.status_code == 200
    assert "Ce code n’est pas le bon" in wrong.get_data(as_text=True)
    right = post_form(client, "/login/code", {"code": code_now(secret, START + timedelta(
        minutes=1))})
    assert right.status_code == 302
    assert client.get("/staff/candidates").status_code == 200
    # The same code cannot be played again (another device, same 30 seconds).
    thief = app.test_client()
    password_step(thief, "agent@example.com")
    replay = post_form(thief, "/login/code", {"code": code_now(secret, START + timedelta(
        minutes=1))})
    assert replay.status_code == 200 and "/login" in thief.get("/staff/candidates").headers[
        "Location"]


def test_wrong_codes_are_throttled_like_passwords(app, enforced):
    enrol(app, "agent@example.com")
    client = app.test_client()
    password_step(client, "agent@example.com")
    statuses = [post_form(client, "/login/code", {"code": "123456"}).status_code
                for _ in range(6)]
    assert statuses == [200] * 5 + [429]


def test_a_recovery_code_works_once(app, enforced):
    _client, _secret, codes = enrol(app, "agent@example.com")
    first = app.test_client()
    password_step(first, "agent@example.com")
    assert post_form(first, "/login/code", {"code": codes[3].upper()}).status_code == 302
    assert first.get("/staff/candidates").status_code == 200
    again = app.test_client()
    password_step(again, "agent@example.com")
    assert post_form(again, "/login/code", {"code": codes[3]}).status_code == 200
    with app.app_context():
        assert db.session.scalar(select(AuditEvent).filter_by(action="mfa.recovery_code_used"))
    assert "9 codes de récupération restants" in first.get("/account/two-step").get_data(
        as_text=True)


def test_an_admin_resets_two_step_login_which_is_audited(app, enforced):
    staff_client, _secret, _codes = enrol(app, "agent@example.com")
    admin, admin_secret, _ = enrol(app, "admin@example.com")
    with app.app_context():
        staff_id = db.session.scalar(select(User.id).filter_by(email="agent@example.com"))
        admin_id = db.session.scalar(select(User.id).filter_by(email="admin@example.com"))
    response = post_form(admin, f"/admin/users/{staff_id}/two-step/reset", {},
                         token_from="/admin/users")
    assert response.status_code == 302
    with app.app_context():
        user = db.session.get(User, staff_id)
        assert user.mfa_secret is None and user.mfa_enabled_at is None
        assert db.session.scalars(select(MfaRecoveryCode).filter_by(user_id=staff_id)).all() == []
        event = db.session.scalar(select(AuditEvent).filter_by(action="mfa.reset"))
        assert (event.actor_id, event.subject_id) == (admin_id, staff_id)
    # The staff member's sessions ended; after the password, enrolment comes again.
    assert "/login" in staff_client.get("/staff/candidates").headers["Location"]
    client = app.test_client()
    # After the password: the staff home, which sends them to enrolment.
    assert password_step(client, "agent@example.com").headers["Location"] == "/parcours"
    assert client.get("/staff/candidates").headers["Location"] == "/account/two-step"


def test_hr_is_offered_two_step_login_but_not_forced(app, enforced):
    client = app.test_client()
    password_step(client, "rh@example.com")
    assert client.get("/employer").status_code == 200
    assert "Connexion en deux étapes" in client.get("/employer").get_data(as_text=True)
    _client, secret, _codes = enrol(app, "rh@example.com")
    other = app.test_client()
    assert password_step(other, "rh@example.com").headers["Location"] == "/login/code"


def test_production_requires_it_of_staff_and_admins_and_of_demo_accounts_too(
        app, production_app):
    assert Config.MFA_REQUIRED_ROLES == ProductionConfig.MFA_REQUIRED_ROLES == ("staff",
                                                                                "admin")
    assert TestConfig.MFA_REQUIRED_ROLES == ()
    demo = User(role="staff", is_demo=True)
    with production_app.app_context():
        assert mfa.required(demo) and mfa.required(User(role="admin", is_demo=False))
        assert not mfa.required(User(role="employer"))
    with app.app_context():
        app.config["MFA_REQUIRED_ROLES"] = ("staff", "admin")
        try:
            assert not mfa.required(demo)  # development: the demo keeps working
        finally:
            app.config["MFA_REQUIRED_ROLES"] = ()


def test_a_new_key_reads_old_secrets_and_rewrites_them_at_login(app, enforced, monkeypatch):
    _client, secret, _codes = enrol(app, "agent@example.com")
    with app.app_context():
        old = mfa._derived_key(app.config["SECRET_KEY"]).decode()
    new = Fernet.generate_key().decode()
    monkeypatch.setitem(app.config, "MFA_KEY", new)
    monkeypatch.setitem(app.config, "MFA_OLD_KEYS", old)
    enforced(START + timedelta(minutes=2))
    client = app.test_client()
    password_step(client, "agent@example.com")
    assert post_form(client, "/login/code", {
        "code": code_now(secret, START + timedelta(minutes=2))}).status_code == 302
    with app.app_context():
        stored = db.session.scalar(select(User.mfa_secret).filter_by(email="agent@example.com"))
    assert Fernet(new).decrypt(stored.encode()).decode() == secret
