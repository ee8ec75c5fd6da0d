"""Small factories for test data; each adds and flushes, the test commits."""

from itertools import count

from matcher.auth.passwords import hash_password
from matcher.extensions import db
from matcher.models import User

PASSWORD = "correct horse battery"  # noqa: S105
_numbers = count(1)


def make_user(role: str = "candidate", email: str | None = None, **fields) -> User:
    """Create a user with the shared test password."""
    email = email or f"{role}{next(_numbers)}@example.com"
    user = User(email=email, role=role, password_hash=hash_password(PASSWORD), **fields)
    db.session.add(user)
    db.session.flush()
    return user
