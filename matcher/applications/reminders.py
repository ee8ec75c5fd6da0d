"""The day-before interview reminders, queued once each in the reader's language.

An interview that stands (proposed or confirmed, the application still at "interview")
and falls on tomorrow's Québec date is told to the candidate and to the establishment's
HR. A SentNotice row remembers each reminder, so a late or repeated run sends nothing
twice; a new time is a new interview, with its own reminder.
"""

from datetime import date, time, timedelta

from sqlalchemy import select

from matcher import clock
from matcher.applications.interviews import quebec_instant
from matcher.applications.notify import recipients
from matcher.applications.notify_interviews import notify_reminder
from matcher.extensions import db
from matcher.models import Application, Interview, SentNotice, User

REMINDED = ("proposed", "confirmed")


def _first_time(interview: Interview, reader: User) -> bool:
    reference = interview.starts_at.isoformat()[:40]
    if db.session.scalar(select(SentNotice.id).where(
            SentNotice.kind == "interview.reminder", SentNotice.object_id == interview.id,
            SentNotice.recipient_id == reader.id, SentNotice.reference == reference)):
        return False
    db.session.add(SentNotice(kind="interview.reminder", object_id=interview.id,
                              recipient_id=reader.id, reference=reference))
    return True


def queue_interview_reminders(today: date) -> int:
    """Remind the candidate and HR of each interview on the day after `today` (Québec)."""
    tomorrow = today + timedelta(days=1)
    start = quebec_instant(tomorrow, time.min)
    end = quebec_instant(tomorrow + timedelta(days=1), time.min)
    interviews = db.session.scalars(
        select(Interview).join(Application, Interview.application_id == Application.id)
        .where(Interview.status.in_(REMINDED), Application.status == "interview",
               Interview.starts_at >= start, Interview.starts_at < end)
        .order_by(Interview.starts_at, Interview.id))
    queued = 0
    for interview in interviews:
        candidate = interview.application.candidate
        if candidate is None or not candidate.user.active:
            continue
        for reader in [candidate.user, *recipients(interview.application, candidate.user)]:
            if _first_time(interview, reader):
                notify_reminder(interview, reader)
                queued += 1
    return queued


def run() -> int:
    """Queue the reminders of tomorrow's interviews and commit once (the periodic task)."""
    queued = queue_interview_reminders(clock.today())
    db.session.commit()
    return queued
