"""Messages between a candidate and the HR team of a posting, about one application."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matcher.extensions import db
from matcher.models._common import UTCDateTime, created_at_column

THREAD_MESSAGE_MAX = 2000
SIDES = ("candidate", "employer")


class ThreadMessage(db.Model):
    """One message of an application's thread, written by the candidate or by HR.

    The establishment's HR team shares one inbox: `read_at` is set when the other side
    (the candidate, or any approved member of the team) first opens the thread after it.
    """

    __tablename__ = "thread_messages"
    __table_args__ = (
        CheckConstraint("from_side IN ('candidate', 'employer')", name="from_side"),
        # Unread counts in the menu: the other side's unread messages, by application.
        Index("ix_thread_messages_unread", "application_id", "from_side", "read_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    from_side: Mapped[str] = mapped_column(String(9))
    body: Mapped[str] = mapped_column(String(THREAD_MESSAGE_MAX))
    created_at: Mapped[datetime] = created_at_column()
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    author = relationship("User")
