"""Outgoing messages: written to the outbox table, delivered by the job queue.

SMTP cannot take part in a database transaction, so delivery is built to be
at least once, with no double send in the ordinary case:

- a sender claims one message with a conditional UPDATE (not sent, not claimed,
  due) and commits the claim *before* talking to SMTP: of two senders running at
  once, exactly one claims it, and only that one sends it;
- a failure releases the claim and sets `next_attempt_at` further away each time
  (1, 2, 4 ... minutes, at most 6 hours), up to OUTBOX_MAX_ATTEMPTS attempts; after
  that the message stays unsent with its `last_error`, for a person to look at;
- a claim older than OUTBOX_CLAIM_TIMEOUT is taken to be a crashed sender's and can
  be claimed again. If that sender had handed the message to SMTP but died before
  recording it as sent, the message goes out a second time. Exactly once would need
  the SMTP server's help; a rare duplicate is the price of never losing a message.
"""

import smtplib
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage

from flask import current_app
from sqlalchemy import or_, select, update

from matcher import clock
from matcher.extensions import db
from matcher.models import OutboxMessage, User

# What is left of a secret message's body once it is sent.
REDACTED_BODY = "[Removed after sending: this message held a single-use link.]"
MAX_RETRY_DELAY = timedelta(hours=6)
# Refusals of one message: the connection still works for the next ones.
MESSAGE_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused,
                  smtplib.SMTPDataError)


class MailNotConfigured(RuntimeError):
    """There is no MAIL_SERVER to send through."""


@dataclass(frozen=True)
class Delivery:
    """What one pass over the outbox did."""

    sent: int = 0
    failed: int = 0



def queue_message(user: User, subject: str, body: str, *, secret: bool = False) -> OutboxMessage:
    """Put a message for a user in the outbox (and, outside production, in the log).

    A `secret` message (one holding a reset link or a token) keeps its body only until
    it is sent; it never reaches a production log.
    """
    message = OutboxMessage(user_id=user.id, to_address=user.email, subject=subject, body=body,
                            redact_after_send=secret)
    db.session.add(message)
    if current_app.config["ENV_NAME"] != "production":
        # Development has no mail server: the log is where a developer reads the message.
        current_app.logger.info("Outbox message to user %s: %s\n%s", user.id, subject, body)
    return message


def mail_configured() -> bool:
    """Say whether a mail server is set."""
    return bool(current_app.config["MAIL_SERVER"])


def _claimable(now: datetime):
    """Return the condition of a message a sender may claim at `now`."""
    config = current_app.config
    return (OutboxMessage.sent_at.is_(None),
            OutboxMessage.attempts < config["OUTBOX_MAX_ATTEMPTS"],
            or_(OutboxMessage.claimed_at.is_(None),
                OutboxMessage.claimed_at < now - config["OUTBOX_CLAIM_TIMEOUT"]),
            or_(OutboxMessage.next_attempt_at.is_(None), OutboxMessage.next_attempt_at <= now))


def due_message_ids(limit: int = 100) -> list[int]:
    """Return the ids of the messages that may be claimed now, oldest first."""
    return list(db.session.scalars(select(OutboxMessage.id).where(*_claimable(clock.now()))
                                   .order_by(OutboxMessage.id).limit(limit)))


def claim(message_id: int) -> bool:
    """Claim a message for this sender with one conditional UPDATE; say whether it worked."""
    now = clock.now()
    result = db.session.execute(
        update(OutboxMessage).where(OutboxMessage.id == message_id, *_claimable(now))
        .values(claimed_at=now, attempts=OutboxMessage.attempts + 1)
        .execution_options(synchronize_session=False))
    return result.rowcount == 1


def record_failure(message: OutboxMessage, error: Exception) -> None:
    """Release a claim after a failed attempt and set when to try again."""
    delay = current_app.config["OUTBOX_RETRY_DELAY"] * 2 ** max(message.attempts - 1, 0)
    message.claimed_at = None
    message.next_attempt_at = clock.now() + min(delay, MAX_RETRY_DELAY)
    message.last_error = f"{type(error).__name__}: {error}"[:500]
    current_app.logger.warning("Outbox message %s not sent (attempt %s): %s",
                               message.id, message.attempts, message.last_error)


class _Connection:
    """One SMTP connection, opened when the first claimed message needs it."""

    def __init__(self, config):
        self.config = config
        self.smtp: smtplib.SMTP | None = None

    def send(self, message: OutboxMessage) -> None:
        config = self.config
        if self.smtp is None:
            self.smtp = smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=30)
            if config["MAIL_USE_TLS"]:
                self.smtp.starttls()
            if config["MAIL_USERNAME"]:
                self.smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        email = EmailMessage()
        email["From"], email["To"] = config["MAIL_FROM"], message.to_address
        email["Subject"] = message.subject
        email.set_content(message.body)
        self.smtp.send_message(email)

    def close(self) -> None:
        if self.smtp is not None:
            with suppress(smtplib.SMTPException, OSError):
                self.smtp.quit()
            self.smtp = None


def send_pending(limit: int = 100) -> Delivery:
    """Claim, send and record the due messages one at a time (committing each step)."""
    if not mail_configured():
        raise MailNotConfigured("MAIL_SERVER is not set")
    ids = due_message_ids(limit)
    db.session.commit()  # end the read before the claims write
    sent = failed = 0
    connection = _Connection(current_app.config)
    try:
        for message_id in ids:
            claimed = claim(message_id)
            db.session.commit()  # every other sender sees the claim before SMTP sees the message
            if not claimed:
                continue
            message = db.session.get(OutboxMessage, message_id)
            try:
                connection.send(message)
            except (smtplib.SMTPException, OSError) as error:
                record_failure(message, error)
                db.session.commit()
                failed += 1
                if isinstance(error, MESSAGE_ERRORS):
                    continue
                break  # the server or the connection failed: later messages wait their turn
            message.sent_at, message.claimed_at = clock.now(), None
            if message.redact_after_send:
                message.body = REDACTED_BODY
            db.session.commit()
            sent += 1
    finally:
        connection.close()
    return Delivery(sent=sent, failed=failed)
