"""Flask-Login user loading: the login id carries the session version."""

from flask import current_app

from matcher.extensions import db
from matcher.models import User


def load_user(login_id: str) -> User | None:
    """Return the user for a login id "<id>:<session version>", or None if revoked."""
    user_id, _, version = login_id.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_version != int(version):
        return None
    if user.is_demo and not current_app.config["DEMO_ENABLED"]:
        return None
    return user
