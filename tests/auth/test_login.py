"""Logging in and out, sessions that really end, safe redirects, throttling."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from matcher.extensions import db
from matcher.models import AuditEvent, User
from tests.conftest import Login, post_form
from tests.factories import PASSWORD, make_user


@pytest.fixture
def user_email(app):
    with app.app_context():
        email = make_user("candidate", email="rose@example.com").email
        db.session.commit()
    return email


def attempt(client, email, password, **extra):
    return post_form(client, "/login", {"email": email, "password": password, **extra})


def test_login_succeeds_and_is_audited(app, client, user_email):
    response = attempt(client, user_email, PASSWORD)
    assert response.status_code == 302 and response.headers["Location"] == "/home"
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).filter_by(action="login.succeeded"))
        assert event.actor_id is not None and event.ip_address == "127.0.0.1"


def test_unknown_email_and_wrong_password_look_the_same(app, client, user_email):
    wrong = attempt(client, user_email, "not the password")
    unknown = attempt(client, "nobody@example.com", "not the password")
    assert wrong.status_code == unknown.status_code == 200
    for response in (wrong, unknown):
        assert "Adresse courriel ou mot de passe incorrect." in response.get_data(as_text=True)
    with app.app_context():
        reasons = [e.details["reason"] for e in db.session.scalars(
            select(AuditEvent).filter_by(action="login.failed").order_by(AuditEvent.id))]
    assert reasons == ["wrong_password", "unknown_account"]


def test_unknown_email_costs_a_hash_verification_too(app, client, monkeypatch):
    from matcher.auth import passwords

    calls = []
    real = passwords.verify_password
    monkeypatch.setattr(passwords, "verify_password",
                        lambda h, p: calls.append(1) or real(h, p))
    attempt(client, "nobody@example.com", "whatever password")
    assert calls == [1]


@pytest.mark.parametrize("target", ["//evil.example/x", "/\\evil.example", "https://evil.example",
                                    "http:/evil", "javascript:alert(1)", "/%0d%0aLocation:x"])
def test_next_only_redirects_to_paths_on_this_site(client, user_email, target):
    response = attempt(client, user_email, PASSWORD, next=target)
    assert response.headers["Location"] in ("/home", target)
    assert response.headers["Location"] == "/home" or target.startswith("/%")


def test_next_keeps_a_local_path(client, user_email):
    response = attempt(client, user_email, PASSWORD, next="/privacy?x=1")
    assert response.headers["Location"] == "/privacy?x=1"


def cookie_header(client) -> str:
    return "; ".join(f"{c.key}={c.value}" for c in client._cookies.values())


def test_a_cookie_copied_before_logout_is_refused_after_it(app, user_email):
    client = app.test_client()
    Login(client).as_user(user_email)
    stolen = cookie_header(client)
    assert user_email in client.get("/").get_data(as_text=True)
    post_form(client, "/logout", {})
    thief = app.test_client()
    html = thief.get("/", headers={"Cookie": stolen}).get_data(as_text=True)
    assert user_email not in html
    assert thief.get("/account/password", headers={"Cookie": stolen}).status_code == 302


def test_a_remember_me_cookie_copied_before_logout_is_refused_after_it(app, user_email):
    client = app.test_client()
    attempt(client, user_email, PASSWORD, remember="y")
    remember = client.get_cookie("remember_token")
    assert remember is not None
    post_form(client, "/logout", {})
    thief = app.test_client()
    thief.set_cookie("remember_token", remember.value)
    assert user_email not in thief.get("/").get_data(as_text=True)


def test_remember_me_lasts_at_most_fourteen_days(app, client, user_email):
    attempt(client, user_email, PASSWORD, remember="y")
    cookie = client.get_cookie("remember_token")
    assert cookie.http_only
    lifetime = cookie.expires - cookie.expires.now(cookie.expires.tzinfo)
    assert timedelta(days=13) < lifetime <= timedelta(days=14, minutes=1)


def test_a_deactivated_user_is_logged_out_everywhere_and_cannot_log_in(app, user_email):
    client = app.test_client()
    Login(client).as_user(user_email)
    with app.app_context():
        from matcher.auth.services import deactivate

        deactivate(db.session.scalar(select(User).filter_by(email=user_email)))
        db.session.commit()
    assert user_email not in client.get("/").get_data(as_text=True)
    assert attempt(app.test_client(), user_email, PASSWORD).status_code == 200


def test_authenticated_pages_are_not_cached(client, user_email):
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")
    Login(client).as_user(user_email)
    assert client.get("/").headers["Cache-Control"] == "no-store"


def test_login_is_throttled_per_account(app, user_email):
    statuses = [attempt(app.test_client(), user_email, "wrong password").status_code
                for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    assert "Trop de tentatives" in attempt(app.test_client(), user_email,
                                           PASSWORD).get_data(as_text=True)
    # Another account from the same address is not blocked by this one.
    assert attempt(app.test_client(), "other@example.com", "x").status_code == 200


def test_login_is_throttled_per_address(app):
    client = app.test_client()
    statuses = {attempt(client, f"user{n}@example.com", "wrong").status_code for n in range(31)}
    assert statuses == {200, 429}


def test_successful_logins_do_not_count_against_the_account(app, user_email):
    for _ in range(7):
        client = app.test_client()
        assert attempt(client, user_email, PASSWORD).status_code == 302
