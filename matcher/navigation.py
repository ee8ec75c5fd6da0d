"""The navigation menu, by role: one list per application, read by base.html."""

from dataclasses import dataclass

from flask import Flask, current_app
from flask_babel import lazy_gettext as _l
from flask_login import current_user


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: str
    roles: frozenset[str]  # "anonymous" for visitors who are not logged in


def entries(app: Flask) -> list[NavItem]:
    """Return the application's menu entries, in the order the features added them."""
    return app.extensions.setdefault("navigation", [])


def nav_items() -> list[NavItem]:
    """Return the menu entries the current user may follow."""
    role = current_user.role if current_user.is_authenticated else "anonymous"
    return [item for item in entries(current_app)
            if role in item.roles and item.endpoint in current_app.view_functions]


HOMES = {"candidate": "candidates.home_page", "employer": "employers.home",
         "staff": "parcours.caseload_home", "admin": "parcours.caseload_home"}


def home_endpoint(user) -> str:
    """Return the endpoint of the user's own home: where they land after logging in."""
    endpoint = HOMES.get(user.role) if user.is_authenticated else None
    return endpoint if endpoint in current_app.view_functions else "main.home"


def add(app: Flask, endpoint: str, label, *roles: str) -> None:
    """Register a menu entry of the application for the given roles (once)."""
    items = entries(app)
    if any(item.endpoint == endpoint and item.roles == frozenset(roles) for item in items):
        return
    items.append(NavItem(endpoint, label, frozenset(roles)))


def init_app(app: Flask) -> None:
    """Make nav_items() available to templates."""
    app.jinja_env.globals["nav_items"] = nav_items
    app.jinja_env.globals["home_endpoint"] = home_endpoint


__all__ = ["NavItem", "_l", "add", "entries", "home_endpoint", "init_app", "nav_items"]
