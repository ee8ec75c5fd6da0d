"""Messages between a candidate and the HR team about one application."""

import json
import logging

import pytest
from sqlalchemy import select

from matcher.candidates import privacy
from matcher.extensions import db
from matcher.models import AuditEvent, Consent, OutboxMessage, ThreadMessage, User
from tests import factories as f
from tests.conftest import Login, csrf_token

SECRET_TEXT = "Mon numéro de permis est 12345 : rappelez-moi au 514-555-0100"


@pytest.fixture
def world(app):
    """Marie applied to a posting of Hôpital A (rh1, rh2 approved; rh-wait pending)."""
    with app.app_context():
        employer = f.make_employer("Hôpital A")
        f.make_employer_user(employer, email="rh1@example.com")
        rh2 = f.make_employer_user(employer, email="rh2@example.com")
        rh2.locale = "en"
        f.make_employer_user(employer, status="pending", email="rh-wait@example.com")
        f.make_employer_user(email="rh-other@example.com")  # another establishment
        f.make_staff(email="agent@example.com")
        f.make_staff(role="admin", email="admin@example.com")
        posting = f.make_posting(employer, title="Préposé aux bénéficiaires")
        marie = f.make_candidate(f.make_user("candidate", email="marie@example.com"),
                                 first_name="Marie", last_name="Joseph")
        f.make_candidate(f.make_user("candidate", email="paul@example.com"))
        applied = f.make_application(marie, posting)
        db.session.add(Consent(user_id=marie.user_id, purpose="share_contact",
                               posting_id=posting.id, policy_version="1"))
        invited = f.make_application(marie, f.make_posting(employer, title="Cuisinier"),
                                     status="invited", source="invitation")
        ids = {"applied": applied.id, "invited": invited.id, "posting": posting.id,
               "candidate": marie.id}
        db.session.commit()
    return ids


def client_of(app, email):
    client = app.test_client()
    Login(client).as_user(email)
    return client


def send(client, application_id, body):
    token = csrf_token(client, f"/applications/{application_id}/messages")
    return client.post(f"/applications/{application_id}/messages",
                       data={"csrf_token": token, "body": body})


def outbox(app, email) -> list[OutboxMessage]:
    with app.app_context():
        return db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.to_address == email).order_by(OutboxMessage.id)).all()


def menu_count(client) -> str:
    page = client.get("/messages").get_data(as_text=True)
    return page.split('class="nav-count" aria-hidden="true">')[1].split("<")[0] \
        if 'class="nav-count"' in page else "0"


def test_candidate_and_hr_write_to_each_other_and_are_told_by_a_link_only(app, world):
    marie, rh1, rh2 = (client_of(app, e) for e in ("marie@example.com", "rh1@example.com",
                                                   "rh2@example.com"))
    thread = f"/applications/{world['applied']}/messages"
    assert "Aucun message" in marie.get(thread).get_data(as_text=True)
    assert send(marie, world["applied"], "Bonjour,\r\nje suis disponible lundi.").status_code \
        == 302
    # Both approved HR members are told, each in their language, with a link and no text.
    [fr], [en] = outbox(app, "rh1@example.com"), outbox(app, "rh2@example.com")
    assert fr.subject.startswith("Passerelle") and "nouveau message" in fr.body
    assert "new message" in en.body
    for message in (fr, en):
        assert thread in message.body and "disponible" not in message.body
    assert outbox(app, "rh-wait@example.com") == []
    assert menu_count(rh1) == "1" and menu_count(rh2) == "1"
    page = rh1.get(thread).get_data(as_text=True)
    assert "Bonjour,\nje suis disponible lundi." in page and "Marie Joseph" in page
    # The team shares one inbox: read by one member, read for all.
    assert menu_count(rh1) == "0" and menu_count(rh2) == "0"
    assert send(rh2, world["applied"], "Pouvez-vous venir mardi à 10 h ?").status_code == 302
    [to_marie] = outbox(app, "marie@example.com")
    assert "nouveau message" in to_marie.body and "mardi" not in to_marie.body
    assert menu_count(marie) == "1"
    seen = marie.get(thread).get_data(as_text=True)
    assert "Pouvez-vous venir mardi" in seen and "Hôpital A" in seen
    assert menu_count(marie) == "0"
    assert "Messages avec l’employeur" in marie.get("/applications").get_data(as_text=True)
    pipeline = rh1.get(f"/employer/postings/{world['posting']}/pipeline").get_data(
        as_text=True)
    assert thread in pipeline
    profile = rh1.get(f"/employer/postings/{world['posting']}/candidates/{world['candidate']}")
    assert thread in profile.get_data(as_text=True)


def test_one_email_until_the_other_side_reads(app, world):
    marie, rh1 = client_of(app, "marie@example.com"), client_of(app, "rh1@example.com")
    for text in ("Premier message", "Deuxième message"):
        send(marie, world["applied"], text)
    assert len(outbox(app, "rh1@example.com")) == 1
    rh1.get(f"/applications/{world['applied']}/messages")
    send(marie, world["applied"], "Troisième message")
    assert len(outbox(app, "rh1@example.com")) == 2


@pytest.mark.parametrize("email", ["rh-other@example.com", "rh-wait@example.com",
                                   "paul@example.com", "agent@example.com",
                                   "admin@example.com"])
def test_everyone_else_gets_an_audited_404_and_changes_nothing(app, world, email):
    marie = client_of(app, "marie@example.com")
    send(marie, world["applied"], SECRET_TEXT)
    intruder = client_of(app, email)
    url = f"/applications/{world['applied']}/messages"
    page = intruder.get(url)
    assert page.status_code == 404 and "514-555-0100" not in page.get_data(as_text=True)
    token = csrf_token(intruder, "/")
    assert intruder.post(url, data={"csrf_token": token, "body": "Bonjour"}).status_code == 404
    with app.app_context():
        intruder_id = db.session.scalar(select(User.id).filter_by(email=email))
        denials = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "access.denied", AuditEvent.actor_id == intruder_id)).all()
        assert [(d.subject_type, d.subject_id) for d in denials] == [
            ("Application", world["applied"])] * 2
        assert db.session.query(ThreadMessage).count() == 1
        assert db.session.scalar(select(ThreadMessage.read_at)) is None


def test_staff_have_no_inbox_and_visitors_are_sent_to_log_in(app, world, client):
    assert client.get(f"/applications/{world['applied']}/messages").status_code == 302
    assert client_of(app, "agent@example.com").get("/messages").status_code == 404
    assert client_of(app, "marie@example.com").get("/messages").status_code == 200


def test_an_unanswered_invitation_has_no_thread_yet(app, world):
    rh1, marie = client_of(app, "rh1@example.com"), client_of(app, "marie@example.com")
    for client, text in ((rh1, "dès que la personne candidate a postulé"),
                         (marie, "dès que vous acceptez l’invitation")):
        page = client.get(f"/applications/{world['invited']}/messages")
        assert page.status_code == 200 and text in page.get_data(as_text=True)
        assert "Votre message" not in page.get_data(as_text=True)
        refused = send(client, world["invited"], "Bonjour")
        assert refused.status_code == 400 and text in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.query(ThreadMessage).count() == 0
    assert outbox(app, "marie@example.com") == []


def test_hr_can_still_write_after_the_contact_details_are_withdrawn(app, world):
    marie, rh1 = client_of(app, "marie@example.com"), client_of(app, "rh1@example.com")
    token = csrf_token(marie, "/profile/consents")
    marie.post("/profile/consents", data={"csrf_token": token, "purpose": "share_contact",
                                          "grant": "0"})
    pipeline = rh1.get(f"/employer/postings/{world['posting']}/pipeline").get_data(
        as_text=True)
    assert "Coordonnées retirées" in pipeline and "Marie" not in pipeline
    assert "Écrire à cette personne" in pipeline
    assert f"/applications/{world['applied']}/messages" in pipeline
    assert send(rh1, world["applied"], "Êtes-vous toujours intéressée ?").status_code == 302
    page = rh1.get(f"/applications/{world['applied']}/messages").get_data(as_text=True)
    assert "Marie" not in page and "C-" in page and "Coordonnées retirées" in page


def test_plain_text_only_and_a_length_limit(app, world):
    marie = client_of(app, "marie@example.com")
    assert send(marie, world["applied"], "<script>alert(1)</script>\x07 <b>gras</b>"
                ).status_code == 302
    page = marie.get(f"/applications/{world['applied']}/messages").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;gras&lt;/b&gt;" in page
    too_long = send(marie, world["applied"], "a" * 2001)
    assert too_long.status_code == 400
    assert "2 000 caractères" in too_long.get_data(as_text=True)
    for blank in ("", "   \r\n  ", "\x01\x02"):
        refused = send(marie, world["applied"], blank)
        assert refused.status_code == 400
        assert "Écrivez votre message" in refused.get_data(as_text=True)
    assert send(marie, world["applied"], "é" * 2000).status_code == 302
    with app.app_context():
        bodies = db.session.scalars(select(ThreadMessage.body).order_by(ThreadMessage.id)).all()
    assert bodies == ["<script>alert(1)</script> <b>gras</b>", "é" * 2000]


def test_bodies_never_reach_the_log_the_audit_log_or_an_email(app, world, caplog):
    caplog.set_level(logging.DEBUG)
    marie, rh1 = client_of(app, "marie@example.com"), client_of(app, "rh1@example.com")
    send(marie, world["applied"], SECRET_TEXT)
    send(rh1, world["applied"], SECRET_TEXT + " (copie)")
    rh1.get(f"/applications/{world['applied']}/messages")
    assert "12345" not in caplog.text and "514-555-0100" not in caplog.text
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "thread.message_sent")).all()
        message_ids = db.session.scalars(select(ThreadMessage.id)).all()
        assert sorted(e.details["message_id"] for e in events) == sorted(message_ids)
        assert all(e.subject_id == world["applied"] for e in events)
        everything = json.dumps([e.details for e in db.session.scalars(select(AuditEvent))])
        mail = " ".join(m.subject + m.body for m in db.session.scalars(select(OutboxMessage)))
    assert "12345" not in everything and "12345" not in mail and "555-0100" not in mail


def test_messages_are_rate_limited_per_person(app, world):
    marie, rh1 = client_of(app, "marie@example.com"), client_of(app, "rh1@example.com")
    statuses = [send(marie, world["applied"], f"Message {n}").status_code for n in range(6)]
    assert statuses == [302] * 5 + [429]
    assert send(rh1, world["applied"], "Réponse").status_code == 302  # someone else's count
    with app.app_context():
        assert db.session.query(ThreadMessage).count() == 6


@pytest.mark.parametrize("retention", [False, True])
def test_the_threads_go_with_the_candidates_account(app, world, retention):
    marie, rh1 = client_of(app, "marie@example.com"), client_of(app, "rh1@example.com")
    send(marie, world["applied"], "Bonjour")
    send(rh1, world["applied"], "Bonjour Marie")
    with app.app_context():
        exported = privacy.export_data(db.session.scalar(select(User).filter_by(
            email="marie@example.com")))
        [application] = [a for a in exported["applications"] if a["status"] == "applied"]
        assert [m["body"] for m in application["messages"]] == ["Bonjour", "Bonjour Marie"]
        privacy.delete_account(db.session.scalar(select(User).filter_by(
            email="marie@example.com")), retention=retention)
        db.session.commit()
        assert db.session.query(ThreadMessage).count() == 0
    assert rh1.get(f"/applications/{world['applied']}/messages").status_code == 200


def test_the_inbox_lists_each_conversation_with_its_unread_count(app, world):
    marie, rh1 = client_of(app, "marie@example.com"), client_of(app, "rh1@example.com")
    send(marie, world["applied"], "Bonjour")
    inbox = rh1.get("/messages").get_data(as_text=True)
    assert "Préposé aux bénéficiaires" in inbox and "1 non lu" in inbox
    assert "Cuisinier" not in inbox  # no message there
    assert "Préposé aux bénéficiaires" in marie.get("/messages").get_data(as_text=True)
