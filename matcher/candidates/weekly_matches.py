"""Weekly new matches: the jobs published in the last 7 days that a candidate qualifies for.

Only for the candidates who asked for it (the preferences step), in each one's language,
in the app and by email, and only when there is something new. A SentNotice per person
and ISO week remembers what was sent, so the job can run again, or late, without
repeating itself.
"""

from datetime import date, datetime, time, timedelta

from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from matcher import clock
from matcher.extensions import db
from matcher.mail import queue_message
from matcher.matching.queries import PostingMatch, matches_for
from matcher.models import Application, Candidate, Notification, SentNotice, User
from matcher.urls import absolute_url

KIND = "matches.weekly"
WINDOW = timedelta(days=7)
LISTED = 10  # jobs named in the message; the link shows them all


def new_matches(candidate: Candidate, today: date) -> list[PostingMatch]:
    """Return the open jobs the candidate qualifies for, published in the last 7 days,
    that they have not applied or been invited to yet."""
    since = datetime.combine(today - WINDOW, time.min, tzinfo=clock.QUEBEC)
    applied = set(db.session.scalars(select(Application.posting_id).where(
        Application.candidate_id == candidate.id)))
    return [m for m in matches_for(candidate, today, limit=100)
            if m.posting.published_at is not None and m.posting.published_at >= since
            and m.posting.id not in applied]


def queue_weekly_matches(today: date) -> int:
    """Tell each candidate who asked for it about this week's new matches; return how many."""
    candidates = db.session.scalars(
        select(Candidate).join(User, Candidate.user_id == User.id)
        .where(Candidate.weekly_matches.is_(True), User.active.is_(True))
        .options(selectinload(Candidate.user)).order_by(Candidate.id)).all()
    week = "{}-W{:02d}".format(*today.isocalendar()[:2])
    queued = 0
    for candidate in candidates:
        if _sent(candidate, week):
            continue
        matches = new_matches(candidate, today)
        if not matches:
            continue
        db.session.add(SentNotice(kind=KIND, object_id=candidate.id,
                                  recipient_id=candidate.user_id, reference=week))
        db.session.add(Notification(user_id=candidate.user_id, kind=KIND, payload={
            "week": week, "posting_ids": [m.posting.id for m in matches]}))
        _queue_message(candidate.user, matches)
        queued += 1
    return queued


def _sent(candidate: Candidate, week: str) -> bool:
    return db.session.scalar(select(SentNotice.id).where(
        SentNotice.kind == KIND, SentNotice.object_id == candidate.id,
        SentNotice.recipient_id == candidate.user_id, SentNotice.reference == week)) is not None


def _queue_message(user: User, matches: list[PostingMatch]) -> None:
    with force_locale(user.locale):
        count = len(matches)
        lines = [_("• %(title)s, %(employer)s (%(city)s)", title=m.posting.title,
                   employer=m.posting.employer.name, city=m.posting.site.city)
                 for m in matches[:LISTED]]
        if count > LISTED:
            lines.append(ngettext("…and %(num)d more.", "…and %(num)d more.", count - LISTED))
        subject = ngettext("Passerelle: %(num)d new job fits you this week",
                           "Passerelle: %(num)d new jobs fit you this week", count)
        body = "\n\n".join((
            _("Hello,"),
            ngettext("This job was published this week and fits your profile:",
                     "These jobs were published this week and fit your profile:", count),
            "\n".join(lines),
            _("What to do now: open each job to see why it fits you, then apply. Jobs "
              "fill up quickly.\n%(link)s", link=absolute_url("matching.my_matches")),
            _("You receive this message because you asked for it. To stop it, untick "
              "the box in your preferences:\n%(link)s",
              link=absolute_url("candidates.preferences"))))
        queue_message(user, subject, body)


def periodic_task() -> int:
    """The weekly job: queue the new-match notices and commit once; return how many."""
    queued = queue_weekly_matches(clock.today())
    db.session.commit()
    return queued
