"""Secrets leave the outbox once sent: a reset link is in the e-mail, not in the database."""

import logging
import smtplib
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from matcher.auth import messages
from matcher.auth.services import create_reset_token
from matcher.extensions import db
from matcher.mail import REDACTED_BODY, queue_message
from matcher.models import OutboxMessage, User
from tests import factories as f
from tests.conftest import post_form


class FakeSMTP:
    """Stands for smtplib.SMTP: records what would have been sent."""

    sent: list = []

    def __init__(self, host, port, timeout=None):
        self.host = host

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        return False

    def starttls(self):
        pass

    def login(self, username, password):
        pass

    def send_message(self, email):
        FakeSMTP.sent.append(email)

    def quit(self):
        pass


@pytest.fixture
def smtp(app, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "smtp.passerelle.test")
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    FakeSMTP.sent = []
    return FakeSMTP.sent


def test_a_sent_reset_message_keeps_no_link_but_the_link_works(app, client, runner, smtp):
    with app.app_context():
        user = f.make_user("candidate")
        email = user.email
        queue_message(user, "Avis", "Une candidature a changé.")  # no secret in it
        db.session.commit()
    post_form(client, "/password/forgot", {"email": email})

    result = runner.invoke(args=["outbox", "send"])
    assert result.exit_code == 0, result.output
    assert "Sent 2 messages" in result.output
    reset_email = next(m for m in smtp if "/password/reset/" in m.get_content())
    link = next(word for word in reset_email.get_content().split() if "/password/reset/" in word)
    with app.app_context():
        bodies = dict(db.session.execute(select(OutboxMessage.subject, OutboxMessage.body)).all())
    assert bodies.pop("Avis") == "Une candidature a changé."  # nothing secret: kept as sent
    assert list(bodies.values()) == [REDACTED_BODY]
    assert client.get(urlsplit(link).path).status_code == 200  # the e-mailed link still works


def test_production_never_logs_a_reset_link(app, monkeypatch, caplog):
    monkeypatch.setitem(app.config, "ENV_NAME", "production")
    caplog.set_level(logging.DEBUG)
    with app.app_context():
        user = f.make_user("candidate")
        token = create_reset_token(user)
        messages.send_reset_link(db.session.get(User, user.id), token)
        db.session.commit()
    assert token not in caplog.text and "/password/reset/" not in caplog.text
