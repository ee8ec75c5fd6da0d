"""Bearer tokens on the API: who is asking, and whether the token's scope reaches here.

Only the Authorization header counts: a session cookie alone gets a 401, so no request
can ride on a browser's session (and the API needs no CSRF token).
"""

import hashlib

from flask import g, request
from flask_babel import lazy_gettext as _l

from matcher.api.problems import Problem
from matcher.models import ApiToken
from matcher.tokens import services as tokens

CHALLENGE = 'Bearer realm="passerelle"'


def bearer() -> str | None:
    """Return the token of the Authorization header, if it holds a bearer token."""
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    value = value.strip()
    return value if scheme.lower() == "bearer" and value else None


def rate_limit_key() -> str:
    """Key the rate limit on the token itself (hashed), else on the address."""
    raw = bearer()
    if raw is None:
        return "api-address:" + (request.remote_addr or "unknown")
    return "api-token:" + hashlib.sha256(raw.encode()).hexdigest()[:32]


def require(scope: str) -> ApiToken:
    """Return the request's live token if its scope is `scope`; else raise 401 or 403."""
    raw = bearer()
    if raw is None:
        raise Problem(401, "unauthorized", headers={"WWW-Authenticate": CHALLENGE})
    token = tokens.authenticate(raw)
    if token is None:
        raise Problem(401, "invalid_token", _l("This token is unknown, expired or revoked."),
                      headers={"WWW-Authenticate": CHALLENGE + ', error="invalid_token"'})
    g.api_token_id = token.id
    # Flask-Login's current_user, for the services that record who acted.
    g._login_user = token.user
    if token.scope != scope:
        raise Problem(403, "insufficient_scope", headers={
            "WWW-Authenticate": CHALLENGE + f', error="insufficient_scope", scope="{scope}"'})
    return token
