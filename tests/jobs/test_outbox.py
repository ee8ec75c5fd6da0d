"""The outbox: each message claimed once, sent once, failures retried with backoff."""

import smtplib
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from matcher.extensions import db
from matcher.jobs import run_task
from matcher.mail import claim, queue_message, send_pending
from matcher.models import OutboxMessage
from tests import factories as f

T0 = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)


class FakeSMTP:
    """Stands in for smtplib.SMTP; class attributes say what the next connection does."""

    sent: list[str] = []
    lock = threading.Lock()
    refuse_connection = False
    refused_addresses: set[str] = set()
    delay = 0.0

    def __init__(self, host, port, timeout=None):
        if FakeSMTP.refuse_connection:
            raise ConnectionRefusedError(111, "Connection refused")

    def starttls(self):
        pass

    def login(self, username, password):
        pass

    def send_message(self, email):
        time.sleep(FakeSMTP.delay)  # widen the window in which two senders could collide
        if email["To"] in FakeSMTP.refused_addresses:
            raise smtplib.SMTPRecipientsRefused({email["To"]: (550, b"No such user")})
        with FakeSMTP.lock:
            FakeSMTP.sent.append(email["To"])

    def quit(self):
        pass


@pytest.fixture
def smtp(app, monkeypatch):
    """Point the outbox at a fake SMTP server."""
    monkeypatch.setitem(app.config, "MAIL_SERVER", "smtp.test")
    monkeypatch.setattr(FakeSMTP, "sent", [])
    monkeypatch.setattr(FakeSMTP, "refuse_connection", False)
    monkeypatch.setattr(FakeSMTP, "refused_addresses", set())
    monkeypatch.setattr(FakeSMTP, "delay", 0.0)
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    return FakeSMTP


def queue(app, count: int) -> list[int]:
    with app.app_context():
        messages = [queue_message(f.make_user(), "Sujet", "Corps") for _ in range(count)]
        db.session.commit()
        return [m.id for m in messages]


def outbox(app) -> dict[int, OutboxMessage]:
    with app.app_context():
        messages = db.session.scalars(select(OutboxMessage)).all()
        db.session.expunge_all()
        return {m.id: m for m in messages}


@pytest.mark.commits  # threads commit at once
def test_two_senders_at_once_send_each_message_exactly_once(app, smtp):
    ids = queue(app, 6)
    smtp.delay = 0.05
    barrier = threading.Barrier(2)
    deliveries = []

    def sender() -> None:
        with app.app_context():
            barrier.wait()
            try:
                deliveries.append(send_pending())
            finally:
                db.session.remove()

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(smtp.sent) == sorted(m.to_address for m in outbox(app).values())
    assert len(smtp.sent) == len(set(smtp.sent)) == 6
    assert sum(d.sent for d in deliveries) == 6 and all(d.failed == 0 for d in deliveries)
    assert all(m.sent_at and m.attempts == 1 and m.claimed_at is None
               for m in outbox(app).values())
    assert sorted(outbox(app)) == ids


def test_a_claim_is_taken_once_until_it_goes_stale(app, freeze_clock):
    freeze_clock(T0)
    [message_id] = queue(app, 1)
    with app.app_context():
        assert claim(message_id) is True
        db.session.commit()
        assert claim(message_id) is False
        freeze_clock(T0 + timedelta(minutes=9))
        assert claim(message_id) is False
        # A sender that claimed ten minutes ago and never reported back has crashed.
        freeze_clock(T0 + timedelta(minutes=11))
        assert claim(message_id) is True
        db.session.commit()
    assert outbox(app)[message_id].attempts == 2


def test_a_failed_connection_is_retried_later_and_later(app, smtp, freeze_clock):
    freeze_clock(T0)
    first, second = queue(app, 2)
    smtp.refuse_connection = True
    with app.app_context():
        delivery = send_pending()
    assert (delivery.sent, delivery.failed) == (0, 1)
    messages = outbox(app)
    assert messages[first].attempts == 1 and messages[first].claimed_at is None
    assert messages[first].next_attempt_at == T0 + timedelta(minutes=1)
    assert messages[first].last_error.startswith("ConnectionRefusedError")
    assert messages[second].attempts == 0, "a dead server is not tried once per message"

    freeze_clock(T0 + timedelta(seconds=30))
    with app.app_context():
        assert send_pending().sent == 0  # `second` is tried and fails; `first` is not due
    assert outbox(app)[first].attempts == 1

    freeze_clock(T0 + timedelta(minutes=1))
    with app.app_context():
        send_pending()
    assert outbox(app)[first].next_attempt_at == T0 + timedelta(minutes=3)  # 2 min later

    smtp.refuse_connection = False
    freeze_clock(T0 + timedelta(minutes=3))
    with app.app_context():
        assert send_pending().sent == 2
    assert all(m.sent_at for m in outbox(app).values())
    assert len(smtp.sent) == 2


def test_a_message_stops_being_retried_after_the_last_attempt(app, smtp, freeze_clock,
                                                             monkeypatch):
    monkeypatch.setitem(app.config, "OUTBOX_MAX_ATTEMPTS", 2)
    freeze_clock(T0)
    [message_id] = queue(app, 1)
    smtp.refuse_connection = True
    for minutes in (0, 1, 60):
        freeze_clock(T0 + timedelta(minutes=minutes))
        with app.app_context():
            send_pending()
    message = outbox(app)[message_id]
    assert (message.attempts, message.sent_at) == (2, None)
    assert "Connection refused" in message.last_error


def test_a_refused_recipient_does_not_hold_up_the_other_messages(app, smtp):
    first, second = queue(app, 2)
    smtp.refused_addresses = {outbox(app)[first].to_address}
    with app.app_context():
        delivery = send_pending()
    assert (delivery.sent, delivery.failed) == (1, 1)
    messages = outbox(app)
    assert messages[first].sent_at is None and "SMTPRecipientsRefused" in messages[first].last_error
    assert messages[second].sent_at is not None


def test_flask_outbox_send_uses_the_same_service(app, smtp, runner):
    queue(app, 2)
    result = runner.invoke(args=["outbox", "send"])
    assert result.exit_code == 0, result.output
    assert "Sent 2 messages." in result.output
    assert len(smtp.sent) == 2


def test_without_a_mail_server_the_job_leaves_messages_waiting(app, monkeypatch, runner):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "")
    [message_id] = queue(app, 1)
    assert run_task(app, "send-outbox") == 0
    message = outbox(app)[message_id]
    assert (message.sent_at, message.attempts) == (None, 0)
    result = runner.invoke(args=["outbox", "send"])
    assert result.exit_code == 1 and "MAIL_SERVER is not set" in result.output
