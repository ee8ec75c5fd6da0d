"""Account services: authentication and session revocation."""

from flask import current_app
from flask_login import login_user

from matcher.auth.passwords import dummy_verify, hash_password, needs_rehash, verify_password
from matcher.extensions import db
from matcher.models import User
from matcher.models._common import utcnow


def normalize_email(email: str) -> str:
    """Return the canonical form under which an email is stored."""
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    """Return the user with this email, if any."""
    return db.session.scalar(db.select(User).filter_by(email=normalize_email(email)))


def authenticate(email: str, password: str) -> User | None:
    """Return the active user these credentials belong to, or None.

    An unknown email costs one hash verification too, so the answer time
    does not reveal which accounts exist.
    """
    user = find_user_by_email(email)
    if user is None:
        dummy_verify(password)
        return None
    if not verify_password(user.password_hash, password) or not user.active:
        return None
    if user.is_demo and not current_app.config["DEMO_ENABLED"]:
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def start_session(user: User, remember: bool) -> None:
    """Log the user in and note the time."""
    login_user(user, remember=remember)
    user.last_login_at = utcnow()


def revoke_sessions(user: User) -> None:
    """End every session of this user, on every device."""
    user.session_version += 1


class UserError(ValueError):
    """A user could not be created or changed; the message says why."""


def create_staff_user(email: str, role: str, password: str, agency_name: str | None) -> User:
    """Create a staff or admin user (there are no default accounts)."""
    from matcher.auth.passwords import MAX_LENGTH, MIN_LENGTH, is_common
    from matcher.models import Agency

    email = normalize_email(email)
    if find_user_by_email(email) is not None:
        raise UserError("A user with this email already exists.")
    if not MIN_LENGTH <= len(password) <= MAX_LENGTH or is_common(password):
        raise UserError("The password must have 8 to 128 characters and not be a common one.")
    agency = None
    if agency_name:
        agency = db.session.scalar(db.select(Agency).filter_by(name=agency_name))
        if agency is None:
            raise UserError(f"Unknown agency: {agency_name}")
    user = User(email=email, role=role, password_hash=hash_password(password), agency=agency)
    db.session.add(user)
    db.session.flush()
    return user
