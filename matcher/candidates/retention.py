"""Law 25 retention: candidates inactive for RETENTION_MONTHS are anonymized.

Thirty days before, the person gets a message in their language: logging in (or any
change to the profile) is enough to keep the account. A candidate is anonymized only
once a warning about the same period of inactivity was queued at least 30 days
earlier, so a first run on an old database warns everyone and removes no one.

Anonymizing reuses the account deletion (privacy.delete_account): the personal data
goes, applications stay detached with their posting and status, hires keep their
person id, audit events keep their ids. Each candidate is one transaction, so a crash
midway leaves every candidate either untouched or fully anonymized, and the next run
carries on; a second run finds nobody left to change.
"""

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select

from matcher import clock
from matcher.auth import throttle
from matcher.candidates.privacy import delete_account
from matcher.extensions import db
from matcher.mail import queue_message
from matcher.models import Candidate, SentNotice, User
from matcher.urls import absolute_url

WARNING_KIND = "retention_warning"
WARNING_AHEAD = timedelta(days=30)


@dataclass
class RetentionRun:
    """What one run did (or, in a dry run, would do)."""

    warned: list[int] = field(default_factory=list)
    anonymized: list[int] = field(default_factory=list)


def months_before(day: date, months: int) -> date:
    """Return the same day `months` months earlier (the month's last day if it is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _start_of(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), clock.QUEBEC)


def _inactive_since(before: datetime):
    """Select the candidates with no login (or creation) and no profile change since."""
    seen = func.coalesce(User.last_login_at, User.created_at)
    return (select(User, Candidate).join(Candidate, Candidate.user_id == User.id)
            .where(User.role == "candidate", User.is_demo.is_(False), seen < before,
                   Candidate.updated_at < before).order_by(User.id))


def last_activity(user: User, candidate: Candidate) -> datetime:
    """Return the later of the last login (or creation) and the last profile change."""
    return max(user.last_login_at or user.created_at, candidate.updated_at)


def _warned_at(user: User, reference: str) -> datetime | None:
    """Return when the warning about this period of inactivity was queued, if it was."""
    return db.session.scalar(select(SentNotice.created_at).where(
        SentNotice.kind == WARNING_KIND, SentNotice.recipient_id == user.id,
        SentNotice.reference == reference))


def run(dry_run: bool = False) -> RetentionRun:
    """Warn, then anonymize, the inactive candidates; commit per candidate (see above)."""
    months = current_app.config["RETENTION_MONTHS"]
    now = clock.now()
    limit = _start_of(months_before(clock.today(), months))
    result = RetentionRun()
    for user, candidate in db.session.execute(_inactive_since(limit + WARNING_AHEAD)).all():
        last = last_activity(user, candidate)
        # The warning names the period of inactivity: a login starts a new one.
        reference = last.isoformat()[:40]
        warned_at = _warned_at(user, reference)
        if warned_at is None:
            result.warned.append(candidate.id)
            if not dry_run:
                _warn(user, candidate, reference, now)
        elif last < limit and warned_at <= now - WARNING_AHEAD:
            result.anonymized.append(candidate.id)
            if not dry_run:
                delete_account(user, retention=True)
        if not dry_run:
            db.session.commit()  # one transaction per candidate
    if not dry_run:
        throttle.prune()
        db.session.commit()
    db.session.rollback()
    return result


def _warn(user: User, candidate: Candidate, reference: str, now: datetime) -> None:
    """Queue the warning in the person's language, once per period of inactivity."""
    db.session.add(SentNotice(kind=WARNING_KIND, object_id=candidate.id,
                              recipient_id=user.id, reference=reference, created_at=now))
    with force_locale(user.locale):
        queue_message(user, _("Your Passerelle account will be deleted in 30 days"), _(
            "Hello,\n\nYou have not used your Passerelle account for a long time. To protect "
            "your personal information, we will delete your profile in 30 days (Québec's "
            "Law 25).\n\nTo keep it, simply log in before then: %(link)s\n\nIf you no longer "
            "need it, you have nothing to do.", link=absolute_url("auth.login")))


def periodic_task() -> int:
    """The daily job: warn and anonymize; return how many were anonymized."""
    return len(run().anonymized)
