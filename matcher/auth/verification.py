"""Email verification: a signed link sent through the outbox at registration.

The link carries the account's id and a fingerprint of the address, signed with
SECRET_KEY (itsdangerous): nothing is stored, it stops working after LINK_LIFETIME or
once the address changes, and using it twice changes nothing. Registration answers the
same way whether the address is new or already used; the owner of a used address gets
a message saying that someone tried to register with it.
"""

import hashlib
from datetime import timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from itsdangerous import BadSignature, TimestampSigner, URLSafeTimedSerializer

from matcher import audit, clock
from matcher.extensions import db
from matcher.mail import queue_message
from matcher.models import User
from matcher.urls import absolute_url

SALT = "email-verification"
LINK_LIFETIME = timedelta(days=7)


class _ClockSigner(TimestampSigner):
    """Stamp and check links with matcher.clock, so tests can move time."""

    def get_timestamp(self) -> int:
        return int(clock.now().timestamp())


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT,
                                  signer=_ClockSigner)


def _fingerprint(email: str) -> str:
    return hashlib.sha256(email.encode()).hexdigest()[:16]


def make_token(user: User) -> str:
    """Return the verification token of the user's current address."""
    return _serializer().dumps([user.id, _fingerprint(user.email)])


def confirm(token: str) -> User | None:
    """Mark the address of a valid token verified; return its user, or None."""
    if not token or len(token) > 200:
        return None
    try:
        user_id, fingerprint = _serializer().loads(
            token, max_age=int(LINK_LIFETIME.total_seconds()))
    except (BadSignature, ValueError, TypeError):
        return None
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or not user.active or fingerprint != _fingerprint(user.email):
        return None
    if user.email_verified_at is None:
        user.email_verified_at = clock.now()
        audit.record("user.email_verified", user, actor=user)
    return user


def send_link(user: User) -> None:
    """Queue the message with the verification link, in the user's language."""
    with force_locale(user.locale):
        link = absolute_url("auth.verify_email", token=make_token(user))
        queue_message(user, _("Confirm your email address for Passerelle"), _(
            "Hello,\n\nTo confirm that this address is yours, open this link within 7 days:\n"
            "%(link)s\n\nUntil then, you can log in and fill in your profile, but employers "
            "do not see it and you cannot apply.\n\nIf you did not create a Passerelle "
            "account, ignore this message.", link=link), secret=True)


def send_attempt_notice(user: User) -> None:
    """Tell the owner of an address that someone tried to register with it."""
    with force_locale(user.locale):
        login, forgot = absolute_url("auth.login"), absolute_url("auth.forgot_password")
        queue_message(user, _("Someone tried to create a Passerelle account with your address"),
                      _("Hello,\n\nSomeone tried to create a Passerelle account with this "
                        "address, which already has one. Nothing was changed.\n\nIf it was "
                        "you, log in: %(login)s\nForgot your password? Choose a new one: "
                        "%(forgot)s\n\nIf it was not you, you can ignore this message.",
                        login=login, forgot=forgot))
