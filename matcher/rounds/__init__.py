"""Placement rounds (DESIGN §7.6): propose who goes where, review, then invite.

`init_app` registers the blueprint, the staff menu entry and the queue task that runs
large rounds; HR reaches rounds from their postings page. Call it after jobs.init_app.
"""

from flask import Flask
from flask_babel import lazy_gettext as _l

from matcher import jobs, navigation
from matcher.extensions import db


def run_round_job(round_id: int) -> None:
    """Run a queued round in the worker and commit its proposal."""
    from matcher.rounds.services import RoundError, run_round

    try:
        run_round(round_id)
    except RoundError:
        db.session.rollback()  # already run, or gone: nothing to do
        return
    db.session.commit()


def init_app(app: Flask) -> None:
    """Attach the rounds pages, their menu entry and the queue task."""
    from matcher.rounds.views import bp

    app.register_blueprint(bp)
    navigation.add(app, "rounds.index", _l("Placement rounds"), "staff", "admin")
    jobs.add_task(app, "run-round", run_round_job)
