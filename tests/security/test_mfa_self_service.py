"""Two-step login, self-service: new recovery codes and switching it off (HR only)."""

import re
from datetime import timedelta

from sqlalchemy import select

from matcher.auth import mfa
from matcher.extensions import db
from matcher.models import AuditEvent, MfaRecoveryCode, OutboxMessage, User
from tests.conftest import csrf_token, post_form
from tests.factories import PASSWORD
from tests.security.test_mfa import START, code_now, enforced, enrol, password_step

__all__ = ["enforced"]  # the fixture, imported for these tests
LATER = START + timedelta(minutes=3)


def reauth(client, url: str, prefix: str, password: str, code: str):
    token = csrf_token(client, "/account/two-step")
    return client.post(url, data={f"{prefix}-csrf_token": token, f"{prefix}-password": password,
                                  f"{prefix}-code": code})


def new_codes(client, password, code):
    return reauth(client, "/account/two-step/recovery-codes", "codes", password, code)


def turn_off(client, password, code):
    return reauth(client, "/account/two-step/off", "off", password, code)


def user(email) -> User:
    return db.session.scalar(select(User).filter_by(email=email))


def actions(email) -> list[str]:
    return db.session.scalars(select(AuditEvent.action).where(
        AuditEvent.subject_id == user(email).id).order_by(AuditEvent.id)).all()


def notices(email) -> list[OutboxMessage]:
    return db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.to_address == email,
        OutboxMessage.subject.contains("sécurité"))).all()


def test_new_recovery_codes_replace_the_old_ones_and_the_owner_is_told(app, enforced):
    client, secret, old_codes = enrol(app, "agent@example.com")
    enforced(LATER)
    page = client.get("/account/two-step").get_data(as_text=True)
    assert "Créer de nouveaux codes de récupération" in page
    response = new_codes(client, PASSWORD, code_now(secret, LATER))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    codes = [c for c in old_codes if c in html]
    assert codes == [] and "ne fonctionnent plus" in html
    fresh = re.findall(r"<li><code>([a-z2-9-]{14})</code></li>", html)
    assert len(fresh) == 10 and not set(fresh) & set(old_codes)
    with app.app_context():
        assert db.session.query(MfaRecoveryCode).count() == 10
        assert "mfa.recovery_codes_replaced" in actions("agent@example.com")
        [notice] = notices("agent@example.com")
        assert "nouveaux codes de récupération" in notice.body
        assert not any(code in notice.body for code in fresh)
    # An old code no longer opens a session; a new one does.
    thief = app.test_client()
    password_step(thief, "agent@example.com")
    assert post_form(thief, "/login/code", {"code": old_codes[0]}).status_code == 200
    assert post_form(thief, "/login/code", {"code": fresh[0]}).status_code == 302


def test_a_wrong_password_or_code_changes_nothing(app, enforced):
    client, secret, old_codes = enrol(app, "agent@example.com")
    enforced(LATER)
    wrong_code = new_codes(client, PASSWORD, "000000")
    wrong_password = new_codes(client, "not the password", code_now(secret, LATER))
    recovery_only = new_codes(client, PASSWORD, old_codes[0])
    empty = new_codes(client, "", "")
    for response in (wrong_code, wrong_password, recovery_only):
        assert response.status_code == 200
        assert "Le mot de passe ou le code n’est pas le bon" in response.get_data(as_text=True)
    assert empty.status_code == 200 and "error-summary" in empty.get_data(as_text=True)
    with app.app_context():
        assert "mfa.recovery_codes_replaced" not in actions("agent@example.com")
        assert actions("agent@example.com").count("mfa.reauthentication_failed") == 3
        assert notices("agent@example.com") == []
    # The recovery code tried above was not used up.
    other = app.test_client()
    password_step(other, "agent@example.com")
    assert post_form(other, "/login/code", {"code": old_codes[0]}).status_code == 302


def test_a_code_already_used_to_log_in_cannot_be_replayed(app, enforced):
    enrol(app, "rh@example.com")
    enforced(LATER)
    client = app.test_client()
    password_step(client, "rh@example.com")
    with app.app_context():
        secret = mfa.decrypt(user("rh@example.com").mfa_secret)
    code = code_now(secret, LATER)
    assert post_form(client, "/login/code", {"code": code}).status_code == 302
    for response in (new_codes(client, PASSWORD, code), turn_off(client, PASSWORD, code)):
        assert "Le mot de passe ou le code n’est pas le bon" in response.get_data(as_text=True)
    with app.app_context():
        assert user("rh@example.com").mfa_enabled


def test_wrong_codes_here_are_throttled_like_logins(app, enforced):
    client, _secret, _codes = enrol(app, "rh@example.com")
    statuses = [turn_off(client, PASSWORD, "123456").status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]


def test_hr_switches_two_step_login_off_with_password_and_code(app, enforced):
    client, secret, codes = enrol(app, "rh@example.com")
    enforced(LATER)
    assert "Désactiver la connexion en deux étapes" in client.get(
        "/account/two-step").get_data(as_text=True)
    with app.app_context():
        user("rh@example.com").locale = "en"
        db.session.commit()
    response = turn_off(client, PASSWORD, code_now(secret, LATER))
    assert response.status_code == 302
    with app.app_context():
        account = user("rh@example.com")
        assert not account.mfa_enabled and account.mfa_secret is None
        assert db.session.query(MfaRecoveryCode).count() == 0
        assert actions("rh@example.com")[-1] == "mfa.disabled"
        [notice] = db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.to_address == "rh@example.com",
            OutboxMessage.subject == "Passerelle: a security change to your account")).all()
        assert "switched off" in notice.body and "/account/password" in notice.body
    # The password alone logs in again; the recovery codes are gone.
    other = app.test_client()
    assert password_step(other, "rh@example.com").headers["Location"] == "/employer"


def test_staff_and_admins_cannot_switch_it_off(app, enforced):
    for email in ("agent@example.com", "admin@example.com"):
        client, secret, _codes = enrol(app, email)
        enforced(LATER)
        page = client.get("/account/two-step").get_data(as_text=True)
        assert "Désactiver" not in page and "ne peut pas être désactivée" in page
        assert turn_off(client, PASSWORD, code_now(secret, LATER)).status_code == 403
        enforced(START)
        with app.app_context():
            assert user(email).mfa_enabled
            assert "mfa.disabled" not in actions(email)


def test_staff_keep_it_even_where_the_configuration_does_not_require_it(app, enforced,
                                                                        monkeypatch):
    client, secret, _codes = enrol(app, "agent@example.com")
    monkeypatch.setitem(app.config, "MFA_REQUIRED_ROLES", ())
    enforced(LATER)
    assert turn_off(client, PASSWORD, code_now(secret, LATER)).status_code == 403
