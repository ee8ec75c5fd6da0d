"""Placement rounds (DESIGN §7.6): propose who goes where, review, then invite.

`init_app` registers the blueprint and the staff menu entry; HR reaches rounds from
their postings page.
"""

from flask import Flask
from flask_babel import lazy_gettext as _l

from matcher import navigation


def init_app(app: Flask) -> None:
    """Attach the rounds pages and their menu entry."""
    from matcher.rounds.views import bp

    app.register_blueprint(bp)
    navigation.add("rounds.index", _l("Placement rounds"), "staff", "admin")
