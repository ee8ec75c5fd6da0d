"""Outgoing messages: written to the outbox table, sent by `flask outbox send`."""

import smtplib
from email.message import EmailMessage

from flask import current_app

from matcher import clock
from matcher.extensions import db
from matcher.models import OutboxMessage, User

# What is left of a secret message's body once it is sent.
REDACTED_BODY = "[Removed after sending: this message held a single-use link.]"


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


def send_pending(limit: int = 100) -> int:
    """Send unsent outbox messages over SMTP; return how many were sent."""
    config = current_app.config
    if not config["MAIL_SERVER"]:
        raise RuntimeError("MAIL_SERVER is not set")
    messages = db.session.scalars(
        db.select(OutboxMessage).where(OutboxMessage.sent_at.is_(None))
        .order_by(OutboxMessage.id).limit(limit)).all()
    if not messages:
        return 0
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=30) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        for message in messages:
            email = EmailMessage()
            email["From"], email["To"] = config["MAIL_FROM"], message.to_address
            email["Subject"] = message.subject
            email.set_content(message.body)
            smtp.send_message(email)
            message.sent_at = clock.now()
            if message.redact_after_send:
                message.body = REDACTED_BODY
            db.session.commit()
    return len(messages)
