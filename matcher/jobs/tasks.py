"""The periodic tasks: plain functions that call services and commit.

Each runs in an app context pushed by the queue (matcher.jobs) and commits once,
except send_outbox, whose service commits each claim and each sent message on
its own (see matcher.mail).
"""

import logging

from flask import current_app
from huey import crontab

from matcher import clock
from matcher.candidates.permit_alerts import queue_permit_alerts
from matcher.extensions import db
from matcher.mail import mail_configured, send_pending
from matcher.matching import engine
from matcher.postings.services import close_expired_postings

log = logging.getLogger(__name__)


def send_outbox() -> int:
    """Deliver the due outbox messages; without a MAIL_SERVER leave them waiting."""
    if not mail_configured():
        # Development: queue_message() already wrote each message to the log.
        production = current_app.config["ENV_NAME"] == "production"
        log.log(logging.WARNING if production else logging.DEBUG,
                "MAIL_SERVER is not set: outbox messages stay unsent")
        return 0
    return send_pending().sent


def close_postings() -> int:
    """Close the open postings past their closing date."""
    closed = close_expired_postings(clock.today())
    db.session.commit()
    return closed


def permit_alerts() -> int:
    """Queue the permit-expiry alerts due today (90 and 30 days before)."""
    queued = queue_permit_alerts(clock.today())
    db.session.commit()
    return queued


def prune_ranking_changes() -> int:
    """Delete the ranking change log's rows older than two days."""
    deleted = engine.prune(days=2)
    db.session.commit()
    return deleted


# name -> (when, function). Schedules are read in UTC (Québec is UTC-5 or UTC-4).
PERIODIC = {
    "send-outbox": (crontab(), send_outbox),  # every minute
    "close-postings": (crontab(minute="5"), close_postings),  # hourly
    "permit-alerts": (crontab(hour="13", minute="15"), permit_alerts),  # 8:15 or 9:15 in Québec
    "prune-ranking-changes": (crontab(hour="7", minute="30"), prune_ranking_changes),
}
