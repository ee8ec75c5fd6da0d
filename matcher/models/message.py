"""Outgoing e-mail (an outbox) and in-app notifications."""

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from matcher.extensions import db
from matcher.models._common import UTCDateTime, created_at_column


class OutboxMessage(db.Model):
    """An e-mail waiting to be sent (or, in development, only logged).

    A sender claims a message (claimed_at, attempts + 1) with a conditional UPDATE
    before talking to SMTP, so two senders never both send it; a failure sets
    next_attempt_at further away each time (matcher.mail).
    """

    __tablename__ = "outbox_messages"
    __table_args__ = (
        CheckConstraint("attempts >= 0", name="attempts_positive"),
        Index("ix_outbox_messages_pending", "sent_at", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(String(5000))
    created_at: Mapped[datetime] = created_at_column()
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The body holds a secret (a single-use link): once sent, only a note of it is kept.
    redact_after_send: Mapped[bool] = mapped_column(default=False)
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str] = mapped_column(String(500), default="", server_default="")


class SentNotice(db.Model):
    """A notice already queued, so a periodic job that runs again does not repeat it.

    `reference` tells which occurrence it was about (a permit's expiry date, say):
    a renewed permit with a new date gets its own notices.
    """

    __tablename__ = "sent_notices"
    __table_args__ = (
        UniqueConstraint("kind", "object_id", "recipient_id", "reference",
                         name="uq_sent_notices_once"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int]
    recipient_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True)
    reference: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[datetime] = created_at_column()


class Notification(db.Model):
    """A message shown in the app to one user."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    # Data for the template that renders the message in the reader's language.
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = created_at_column()
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
