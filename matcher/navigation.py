"""The navigation menu, by role: one list per application, read by base.html."""

from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, current_app, g
from flask_babel import lazy_gettext as _l
from flask_login import current_user


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: str
    roles: frozenset[str]  # "anonymous" for visitors who are not logged in
    badge: Callable | None = None  # badge(user) -> a count shown beside the label (0: none)


# The order of the menu, the same for every role: the person's own work first (their home,
# then what they do most), the settings of their account last. An entry missing here comes
# after these, in the order the features added it.
MENU_ORDER = (
    "parcours.caseload_home", "employers.home",
    "candidates.profile", "matching.my_matches", "postings.board", "applications.mine",
    "applications.inbox", "parcours.my_plan",
    "staff.candidates", "dashboard.index", "rounds.index", "admin.approvals",
    "staff.duplicate_pairs", "admin.users", "admin.establishments", "admin.agencies",
    "admin.audit_log",
    "auth.register",
    "tokens.index", "candidates.my_data", "auth.change_password", "auth.mfa_setup",
)


def _menu_rank(item: NavItem) -> int:
    return MENU_ORDER.index(item.endpoint) if item.endpoint in MENU_ORDER else len(MENU_ORDER)


def entries(app: Flask) -> list[NavItem]:
    """Return the application's menu entries, in the order the features added them."""
    return app.extensions.setdefault("navigation", [])


def nav_items() -> list[NavItem]:
    """Return the menu entries the current user may follow, in the menu's order."""
    role = current_user.role if current_user.is_authenticated else "anonymous"
    return sorted((item for item in entries(current_app)
                   if role in item.roles and item.endpoint in current_app.view_functions),
                  key=_menu_rank)


HOMES = {"candidate": "candidates.home_page", "employer": "employers.home",
         "staff": "parcours.caseload_home", "admin": "parcours.caseload_home"}


def home_endpoint(user) -> str:
    """Return the endpoint of the user's own home: where they land after logging in."""
    endpoint = HOMES.get(user.role) if user.is_authenticated else None
    return endpoint if endpoint in current_app.view_functions else "main.home"


def add(app: Flask, endpoint: str, label, *roles: str, badge: Callable | None = None) -> None:
    """Register a menu entry of the application for the given roles (once)."""
    items = entries(app)
    if any(item.endpoint == endpoint and item.roles == frozenset(roles) for item in items):
        return
    items.append(NavItem(endpoint, label, frozenset(roles), badge))


def badge_count(item: NavItem) -> int:
    """Return the count to show beside a menu entry for the current user (0: none)."""
    if item.badge is None:
        return 0
    counts = g.setdefault("nav_badges", {})  # the folded phone menu shows the total too
    if item.endpoint not in counts:
        counts[item.endpoint] = item.badge(current_user)
    return counts[item.endpoint]


def badge_total() -> int:
    """Return the sum of the menu's counts, shown on the folded phone menu."""
    return sum(badge_count(item) for item in nav_items())


def init_app(app: Flask) -> None:
    """Make nav_items() available to templates."""
    app.jinja_env.globals["nav_items"] = nav_items
    app.jinja_env.globals["home_endpoint"] = home_endpoint
    app.jinja_env.globals["nav_badge"] = badge_count
    app.jinja_env.globals["nav_badge_total"] = badge_total


__all__ = ["MENU_ORDER", "NavItem", "_l", "add", "badge_count", "badge_total", "entries",
           "home_endpoint", "init_app", "nav_items"]
