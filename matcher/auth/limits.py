"""Rate limits for the account forms, per address and per account."""

from flask import request
from flask_limiter.util import get_remote_address

from matcher.extensions import limiter


def _account_key() -> str:
    email = request.form.get("email", "")[:254].strip().lower()
    return f"account:{email}"


def _failed(response) -> bool:
    """Count only attempts that did not succeed (a success redirects)."""
    return response.status_code != 302


def throttle(per_address: str, per_account: str, *, failures_only: bool = False):
    """Limit POSTs to a view by client address and by the email typed in the form."""
    deduct = _failed if failures_only else None

    def decorator(view):
        view = limiter.limit(per_account, key_func=_account_key, methods=["POST"],
                             deduct_when=deduct, scope=f"{view.__name__}:account")(view)
        return limiter.limit(per_address, key_func=get_remote_address, methods=["POST"],
                             deduct_when=deduct, scope=f"{view.__name__}:address")(view)

    return decorator
