"""Growing delays after failed logins, per account and per address (no lock-out).

A fixed window ("20 failures per hour, then wait an hour") lets anyone who knows an
address lock its owner out for an hour. Here the first failures are free; after that
each new attempt waits twice as long as the one before (2, 4, 8 … seconds), never more
than MAX_DELAY, so a guesser gets a handful of tries an hour while the owner waits at
most fifteen minutes, or unlocks at once with the reset link sent by email (a reset
clears the account's count). A refused attempt is answered before any password is
checked and does not count.

Accounts are keyed by a keyed hash of the typed email, so the table holds no address in
clear and an unknown account is throttled exactly like a real one. Addresses get many
more free failures: a shelter or a francization class shares one public address.
"""

import hashlib
import hmac
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import case, delete, select, update
from sqlalchemy.exc import IntegrityError

from matcher import clock
from matcher.extensions import db
from matcher.models import LoginThrottle
from matcher.text import nfc

ACCOUNT_FREE_FAILURES = 5
ADDRESS_FREE_FAILURES = 30
MAX_DELAY = timedelta(minutes=15)
# A count whose last failure is older than this starts again from zero.
FORGET_AFTER = timedelta(days=1)


class Throttled(Exception):  # noqa: N818  (a refusal, not an error)
    """Too many failures: no attempt before `until`."""

    def __init__(self, until: datetime):
        super().__init__(until)
        self.until = until


def account_key(email: str) -> str:
    """Return the throttle key of an account, from the email as typed (normalized)."""
    secret = current_app.config["SECRET_KEY"].encode()
    email = nfc(email or "").strip().lower()[:254]
    return "account:" + hmac.new(secret, email.encode(), hashlib.sha256).hexdigest()


def address_key(address: str | None) -> str:
    return f"address:{(address or 'unknown')[:45]}"


def delay(failures: int, free: int) -> timedelta:
    """Return how long to wait after `failures` in a row when the first `free` cost nothing."""
    if failures < free:
        return timedelta(0)
    return min(timedelta(seconds=2 ** min(failures - free + 1, 20)), MAX_DELAY)


def _free(key: str) -> int:
    return ACCOUNT_FREE_FAILURES if key.startswith("account:") else ADDRESS_FREE_FAILURES


def check(email: str, address: str | None) -> None:
    """Raise Throttled if the account or the address must wait before another attempt."""
    now = clock.now()
    rows = db.session.scalars(select(LoginThrottle).where(
        LoginThrottle.key.in_((account_key(email), address_key(address))),
        LoginThrottle.last_failure_at > now - FORGET_AFTER))
    until = max((row.last_failure_at + delay(row.failures, _free(row.key)) for row in rows),
                default=now)
    if until > now:
        raise Throttled(until)


def record_failure(email: str, address: str | None) -> None:
    """Count one more failure for the account and for the address."""
    now = clock.now()
    for key in (account_key(email), address_key(address)):
        stale = LoginThrottle.last_failure_at <= now - FORGET_AFTER
        bumped = db.session.execute(
            update(LoginThrottle).where(LoginThrottle.key == key).values(
                failures=case((stale, 1), else_=LoginThrottle.failures + 1),
                last_failure_at=now)
            .execution_options(synchronize_session=False))
        if bumped.rowcount:
            continue
        try:
            with db.session.begin_nested():  # two first failures at once: one insert wins
                db.session.add(LoginThrottle(key=key, failures=1, last_failure_at=now))
        except IntegrityError:
            db.session.execute(update(LoginThrottle).where(LoginThrottle.key == key).values(
                failures=LoginThrottle.failures + 1, last_failure_at=now))


def clear(email: str, address: str | None = None) -> None:
    """Forget the failures of an account (and of an address, when given)."""
    keys = [account_key(email)] + ([address_key(address)] if address else [])
    db.session.execute(delete(LoginThrottle).where(LoginThrottle.key.in_(keys)))


def prune() -> int:
    """Delete the counts nobody needs any more; return how many."""
    result = db.session.execute(delete(LoginThrottle).where(
        LoginThrottle.last_failure_at <= clock.now() - FORGET_AFTER))
    return result.rowcount
