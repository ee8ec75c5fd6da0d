"""Permit-expiry alerts: 90 and 30 days before a work permit ends.

Each alert goes to the candidate and to their officer, in each reader's language,
once: a SentNotice row (unique per stage, person, reader and expiry date) remembers
it, so the daily job can run again, or late, without repeating itself. A permit
renewed with a new expiry date gets alerts of its own.
"""

from datetime import date, timedelta

from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from matcher.extensions import db
from matcher.i18n import format_date
from matcher.mail import queue_message
from matcher.models import Candidate, SentNotice, User
from matcher.urls import absolute_url

STAGES = (30, 90)  # days before expiry, most urgent first


def due_stage(days_left: int) -> int | None:
    """Return the alert stage (30 or 90 days) a permit with `days_left` is in, or None."""
    for stage in STAGES:
        if 0 <= days_left <= stage:
            return stage
    return None


def queue_permit_alerts(today: date) -> int:
    """Queue the permit-expiry alerts due today that were not queued before; return how many."""
    candidates = db.session.scalars(
        select(Candidate).join(User, Candidate.user_id == User.id)
        .where(Candidate.permit_expires_on.between(today, today + timedelta(days=max(STAGES))),
               User.active.is_(True))
        .options(selectinload(Candidate.user), selectinload(Candidate.officer))
        .order_by(Candidate.id)).all()
    queued = 0
    for candidate in candidates:
        days_left = (candidate.permit_expires_on - today).days
        # Only the current stage: a permit entered 20 days before expiry gets the
        # 30-day alert, never a late 90-day one after it.
        stage = due_stage(days_left)
        for reader in _readers(candidate):
            if _first_time(f"permit_expiry.{stage}", candidate, reader):
                _queue_alert(candidate, reader, days_left)
                queued += 1
    return queued


def _readers(candidate: Candidate) -> list[User]:
    readers = [candidate.user]
    if candidate.officer is not None and candidate.officer.active:
        readers.append(candidate.officer)
    return readers


def _first_time(kind: str, candidate: Candidate, reader: User) -> bool:
    """Record a notice unless it was already; the unique constraint settles a race."""
    reference = candidate.permit_expires_on.isoformat()
    if db.session.scalar(select(SentNotice.id).where(
            SentNotice.kind == kind, SentNotice.object_id == candidate.id,
            SentNotice.recipient_id == reader.id, SentNotice.reference == reference)):
        return False
    db.session.add(SentNotice(kind=kind, object_id=candidate.id, recipient_id=reader.id,
                              reference=reference))
    db.session.flush()
    return True


def _queue_alert(candidate: Candidate, reader: User, days_left: int) -> None:
    with force_locale(reader.locale):
        when = format_date(candidate.permit_expires_on, format="long")
        days = ngettext("%(num)d day", "%(num)d days", days_left)
        if reader.id == candidate.user_id:
            subject = _("Passerelle: your work permit expires on %(date)s", date=when)
            body = _(
                "Hello,\n\nYour work permit expires on %(date)s, in %(days)s. If you have not "
                "applied for its renewal yet, do it now, then update your permit on "
                "Passerelle:\n%(link)s\n\nYour agency can help you.",
                date=when, days=days, link=absolute_url("candidates.permit"))
        else:
            name = candidate.display_name or candidate.user.email
            subject = _("Passerelle: the work permit of %(name)s expires on %(date)s",
                        name=name, date=when)
            body = _(
                "Hello,\n\nThe work permit of %(name)s, whom you follow, expires on %(date)s, "
                "in %(days)s.\n\nSee the file on Passerelle:\n%(link)s",
                name=name, date=when, days=days,
                link=absolute_url("staff.candidate", candidate_id=candidate.id))
        queue_message(reader, subject, body)
