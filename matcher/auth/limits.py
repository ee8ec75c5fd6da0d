"""Rate limits for the account forms other than login, per address and per account.

Login itself is throttled with growing delays instead (matcher/auth/throttle.py): a
fixed window there would let anyone lock an account's owner out.
"""

from flask import request
from flask_limiter.util import get_remote_address

from matcher.extensions import limiter


def _account_key() -> str:
    email = request.form.get("email", "")[:254].strip().lower()
    return f"account:{email}"


def throttle(per_address: str, per_account: str):
    """Limit POSTs to a view by client address and by the email typed in the form."""

    def decorator(view):
        view = limiter.limit(per_account, key_func=_account_key, methods=["POST"],
                             scope=f"{view.__name__}:account")(view)
        return limiter.limit(per_address, key_func=get_remote_address, methods=["POST"],
                             scope=f"{view.__name__}:address")(view)

    return decorator
