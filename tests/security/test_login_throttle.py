"""Login throttling: growing delays per account and per address, never a long lock-out."""

from datetime import UTC, datetime, timedelta

import pytest

from matcher.auth import passwords, throttle
from matcher.auth.throttle import ACCOUNT_FREE_FAILURES, ADDRESS_FREE_FAILURES, MAX_DELAY
from matcher.extensions import db
from tests.auth.test_passwords import request_reset
from tests.conftest import post_form
from tests.factories import PASSWORD, make_user

START = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)  # 10:00 in Québec
OWNER = "rose@example.com"
NEW = "un nouveau mot de passe"


@pytest.fixture
def owner(app, freeze_clock):
    freeze_clock(START)
    with app.app_context():
        make_user("candidate", email=OWNER)
        db.session.commit()
    return OWNER


def attempt(app, email, password, address="127.0.0.1"):
    return post_form(app.test_client(), "/login", {"email": email, "password": password},
                     environ_base={"REMOTE_ADDR": address})


def may_try(app, email, address="127.0.0.1") -> bool:
    """Say whether an attempt would be let through now (asking counts nothing)."""
    with app.test_request_context():
        try:
            throttle.check(email, address)
        except throttle.Throttled:
            return False
        return True


def fail_twenty_times(app, email, freeze_clock) -> list[int]:
    """Fail twenty times as fast as allowed; return the wait (s) imposed after each failure."""
    now, waits = START, []
    for _ in range(20):
        assert attempt(app, email, "wrong password").status_code == 200
        for wait in [0, *(2 ** k for k in range(1, 10)), 900, 3600]:
            freeze_clock(now + timedelta(seconds=wait))
            if may_try(app, email):
                break
        if wait:  # a second less would not have been enough
            freeze_clock(now + timedelta(seconds=wait - 1))
            assert not may_try(app, email)
        waits.append(wait)
        now += timedelta(seconds=wait)
        freeze_clock(now)
    return waits


def test_twenty_wrong_passwords_make_the_owner_wait_at_most_fifteen_minutes(
        app, owner, freeze_clock):
    waits = fail_twenty_times(app, owner, freeze_clock)
    free = ACCOUNT_FREE_FAILURES - 1
    assert waits[:free] == [0] * free
    assert waits[free:free + 5] == [2, 4, 8, 16, 32]
    assert max(waits) == waits[-1] == MAX_DELAY.total_seconds() == 900
    # Right after the twentieth failure the owner is told when to come back ...
    freeze_clock(START + timedelta(seconds=sum(waits[:-1])))
    refused = attempt(app, owner, PASSWORD)
    assert refused.status_code == 429
    html = refused.get_data(as_text=True)
    assert "Trop de tentatives infructueuses pour ce compte." in html
    assert "dans environ 15\u00a0min" in html and "Mot de passe oublié\u00a0?" in html
    # ... and gets in fifteen minutes later, with the right password.
    freeze_clock(START + timedelta(seconds=sum(waits)))
    assert attempt(app, owner, PASSWORD).status_code == 302


def test_a_refused_attempt_checks_no_password_and_does_not_count(app, owner, monkeypatch):
    for _ in range(ACCOUNT_FREE_FAILURES):
        attempt(app, owner, "wrong password")
    calls = []
    monkeypatch.setattr(passwords, "verify_password", lambda *a: calls.append(1))
    for _ in range(10):
        assert attempt(app, owner, PASSWORD).status_code == 429
    assert calls == []
    with app.app_context():
        from matcher.models import LoginThrottle

        counts = {row.key.split(":")[0]: row.failures
                  for row in db.session.scalars(db.select(LoginThrottle))}
    assert counts == {"account": ACCOUNT_FREE_FAILURES, "address": ACCOUNT_FREE_FAILURES}


def test_the_reset_email_unlocks_the_account_at_once(app, owner, freeze_clock):
    waits = fail_twenty_times(app, owner, freeze_clock)
    freeze_clock(START + timedelta(seconds=sum(waits[:-1])))  # right after the last failure
    assert attempt(app, owner, PASSWORD).status_code == 429
    client = app.test_client()
    token = request_reset(app, client, owner)
    reset = post_form(client, f"/password/reset/{token}", {"password": NEW, "confirm": NEW})
    assert reset.status_code == 302
    assert attempt(app, owner, NEW).status_code == 302


def test_a_success_clears_the_accounts_count(app, owner):
    for _ in range(ACCOUNT_FREE_FAILURES - 1):
        attempt(app, owner, "wrong password")
    assert attempt(app, owner, PASSWORD).status_code == 302
    for _ in range(ACCOUNT_FREE_FAILURES - 1):
        assert attempt(app, owner, "wrong password").status_code == 200
    assert attempt(app, owner, PASSWORD).status_code == 302


def test_an_unknown_account_is_throttled_exactly_like_a_real_one(app, owner):
    real = [attempt(app, owner, "wrong").status_code for _ in range(7)]
    unknown = [attempt(app, "nobody@example.com", "wrong", address="10.0.0.2").status_code
               for _ in range(7)]
    assert real == unknown == [200] * ACCOUNT_FREE_FAILURES + [429, 429]
    with app.app_context():
        from matcher.models import LoginThrottle

        keys = " ".join(db.session.scalars(db.select(LoginThrottle.key)))
    assert "@" not in keys and "nobody" not in keys and "rose" not in keys


def test_an_address_gets_more_free_failures_then_waits_too(app, owner, freeze_clock):
    shared = "203.0.113.7"  # a shelter's one public address
    for number in range(ADDRESS_FREE_FAILURES):
        assert attempt(app, f"person{number}@example.com", "wrong", shared).status_code == 200
    assert attempt(app, owner, PASSWORD, shared).status_code == 429
    assert attempt(app, owner, PASSWORD, "198.51.100.1").status_code == 302  # elsewhere: fine
    freeze_clock(START + timedelta(seconds=2))
    assert attempt(app, owner, PASSWORD, shared).status_code == 302


def test_the_wait_is_announced_in_seconds_when_short(app, owner):
    for _ in range(ACCOUNT_FREE_FAILURES):
        attempt(app, owner, "wrong password")
    html = attempt(app, owner, PASSWORD).get_data(as_text=True)
    assert "Veuillez patienter 2\u00a0secondes avant de réessayer." in html
