"""Accounts: registration, login, passwords, and loading the logged-in user."""

from flask import Flask

from matcher.auth.loader import load_user
from matcher.extensions import login_manager


def init_app(app: Flask) -> None:
    """Tell Flask-Login how to load the user of a session."""
    login_manager.user_loader(load_user)
