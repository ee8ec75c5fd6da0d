"""Messages between a candidate and the HR team of a posting, about one application.

Who: the candidate and the approved members of the posting's establishment, found with
policy.get_own_application (anyone else gets the audited 404). Staff do not read them:
neither issue asks it, and the program team has no part in an employer's conversation.
When: once the candidate applied or accepted an invitation, whether or not they still share
their contact details: this is how HR reaches someone who withdrew them.
What: plain text, at most THREAD_MESSAGE_MAX characters. A body never goes to the log,
the audit log (ids only) or an email (a link only). Nothing here commits.
"""

import re

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from matcher import audit, clock, policy
from matcher.applications.notify import recipients
from matcher.extensions import db
from matcher.mail import queue_message
from matcher.matching.pseudonyms import SHARING_STATUSES
from matcher.models import Application, ThreadMessage, User
from matcher.models.application_thread import THREAD_MESSAGE_MAX
from matcher.urls import absolute_url

# Control characters other than tab and newline: plain text only.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class ThreadClosed(Exception):
    """The thread of this application is not open (an unanswered or declined invitation)."""


class EmptyMessage(ValueError):
    """Nothing is left of the message once cleaned."""


def side_of(user: User) -> str:
    return "candidate" if user.role == "candidate" else "employer"


def is_open(application: Application) -> bool:
    """Say whether the two sides may write: the candidate applied or accepted."""
    return application.candidate_id is not None and application.status in SHARING_STATUSES


def clean(body: str) -> str:
    """Return the text as plain text: one kind of line break, no control characters."""
    text = _CONTROL.sub("", (body or "").replace("\r\n", "\n").replace("\r", "\n")).strip()
    if not text:
        raise EmptyMessage
    return text[:THREAD_MESSAGE_MAX]


def send(author: User, application: Application, body: str) -> ThreadMessage:
    """Add a message to the thread and tell the other side (one email until they read)."""
    if not is_open(application):
        raise ThreadClosed
    side = side_of(author)
    waiting = db.session.scalar(select(func.count(ThreadMessage.id)).where(
        ThreadMessage.application_id == application.id, ThreadMessage.from_side == side,
        ThreadMessage.read_at.is_(None)))
    message = ThreadMessage(application_id=application.id, author_id=author.id,
                            from_side=side, body=clean(body))
    db.session.add(message)
    db.session.flush()
    audit.record("thread.message_sent", application, message_id=message.id, side=side)
    if not waiting:
        _notify(application, author)
    return message


def _notify(application: Application, author: User) -> None:
    """Email the other side a link to the thread, in their language, without the text."""
    for user in recipients(application, author):
        with force_locale(user.locale):
            queue_message(user, _("Passerelle: a new message about an application"), _(
                "Hello,\n\nYou have a new message about the application for “%(title)s”. "
                "To protect everyone's privacy, messages are not sent by email: read it and "
                "answer on Passerelle:\n%(link)s", title=application.posting.title,
                link=absolute_url("applications.thread_page", application_id=application.id)))


def mark_read(reader: User, application: Application) -> int:
    """Mark the other side's messages read now that `reader` opened the thread."""
    result = db.session.execute(update(ThreadMessage).where(
        ThreadMessage.application_id == application.id,
        ThreadMessage.from_side != side_of(reader), ThreadMessage.read_at.is_(None))
        .values(read_at=clock.now()))
    return result.rowcount or 0


def _unread(user: User):
    """Select the other side's unread messages in the threads the user may open."""
    visible = policy.own_applications(user).with_only_columns(Application.id)
    return select(ThreadMessage).where(
        ThreadMessage.application_id.in_(visible), ThreadMessage.from_side != side_of(user),
        ThreadMessage.read_at.is_(None))


def unread_count(user: User) -> int:
    """Count the messages waiting for the user (for the menu)."""
    if not user.is_authenticated or user.role not in ("candidate", "employer"):
        return 0
    return db.session.scalar(_unread(user).with_only_columns(func.count(ThreadMessage.id)))


def unread_by_application(user: User) -> dict[int, int]:
    """Count the messages waiting for the user, per application."""
    rows = db.session.execute(_unread(user).with_only_columns(
        ThreadMessage.application_id, func.count(ThreadMessage.id))
        .group_by(ThreadMessage.application_id))
    return dict(rows.all())


def inbox(user: User, limit: int = 200) -> list[tuple[Application, object, int]]:
    """Return the user's threads with messages, newest first: (application, last, unread)."""
    visible = policy.own_applications(user).with_only_columns(Application.id)
    latest = (select(ThreadMessage.application_id, func.max(ThreadMessage.created_at)
                     .label("last"))
              .where(ThreadMessage.application_id.in_(visible))
              .group_by(ThreadMessage.application_id).subquery())
    rows = db.session.execute(
        select(Application, latest.c.last).join(latest, latest.c.application_id ==
                                                Application.id)
        .order_by(latest.c.last.desc(), Application.id.desc()).limit(limit)).all()
    unread = unread_by_application(user)
    return [(application, last, unread.get(application.id, 0)) for application, last in rows]
