"""API tokens: issue one for a scope, check one on each request, revoke them.

A token is shown once, when it is created; only its SHA-256 is stored. Each token is
bound to the organization its scope reaches (an establishment or an agency), expires,
and is revoked by its owner, or with every other token of the account when the account
is deactivated, changes password or changes role.
"""

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select, update

from matcher import audit, clock
from matcher.extensions import db
from matcher.models import ApiToken, User
from matcher.models.api_token import SCOPES

PREFIX = "psr_"
DEFAULT_DAYS = 90
MAX_DAYS = 365
# last_used_at is written at most this often, so reading the API is not a write per request.
LAST_USED_GRANULARITY = timedelta(minutes=1)


class TokenError(Exception):
    """A token the rules refuse to issue; `code` names the reason."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def hash_token(raw: str) -> str:
    """Return the SHA-256 of a token, as stored."""
    return hashlib.sha256(raw.encode()).hexdigest()


def scopes_for(user: User) -> tuple[str, ...]:
    """Return the scopes this user may issue tokens for."""
    if user.is_approved_employer:
        return ("employer",)
    if user.role in ("staff", "admin"):
        return ("agency", "staff") if user.agency_id else ("staff",)
    return ()


def create_token(user: User, scope: str, name: str, days: int = DEFAULT_DAYS
                 ) -> tuple[ApiToken, str]:
    """Issue a token of this scope for the user; return it and the secret, shown once."""
    if scope not in SCOPES or scope not in scopes_for(user):
        raise TokenError("scope_not_allowed")
    if not 1 <= days <= MAX_DAYS:
        raise TokenError("days_out_of_range")
    raw, now = PREFIX + secrets.token_urlsafe(32), clock.now()
    token = ApiToken(
        user_id=user.id, name=name.strip()[:100] or scope, scope=scope,
        token_hash=hash_token(raw), created_at=now, expires_at=now + timedelta(days=days),
        employer_id=user.membership.employer_id if scope == "employer" else None,
        agency_id=user.agency_id if scope == "agency" else None)
    db.session.add(token)
    db.session.flush()
    audit.record("api_token.created", token, actor=user, scope=scope, days=days)
    return token, raw


def tokens_of(user: User) -> list[ApiToken]:
    """Return the user's tokens, newest first."""
    return list(db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())))


def get_own_token(user: User, token_id: int) -> ApiToken | None:
    """Return one of the user's tokens, or None."""
    return db.session.scalar(
        select(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user.id))


def revoke(token: ApiToken, actor: User) -> None:
    """Revoke a token now (revoking it again changes nothing)."""
    if token.revoked_at is None:
        token.revoked_at = clock.now()
        audit.record("api_token.revoked", token, actor=actor)


def revoke_all(user: User) -> int:
    """Revoke every live token of an account; return how many."""
    revoked = db.session.execute(
        update(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=clock.now()).execution_options(synchronize_session="fetch"))
    if revoked.rowcount:
        audit.record("api_token.revoked_all", user, count=revoked.rowcount)
    return revoked.rowcount


def is_live(token: ApiToken) -> bool:
    """Say whether a token may be used now: not revoked, not expired, its owner still able."""
    user = token.user
    if token.revoked_at is not None or token.expires_at <= clock.now() or not user.active:
        return False
    if token.scope == "employer":
        return user.is_approved_employer and user.membership.employer_id == token.employer_id
    if token.scope == "agency":
        return user.role in ("staff", "admin") and user.agency_id == token.agency_id
    return user.role in ("staff", "admin")


def authenticate(raw: str) -> ApiToken | None:
    """Return the live token with this secret, noting when it was used; None otherwise."""
    if not raw.startswith(PREFIX) or len(raw) > 200:
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(raw)))
    if token is None or not is_live(token):
        return None
    now = clock.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_GRANULARITY:
        token.last_used_at = now
    return token
