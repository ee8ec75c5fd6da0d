"""Email verification at registration, and one answer for new and used addresses."""

import re
from datetime import timedelta

from sqlalchemy import select, update

from matcher import clock
from matcher.extensions import db
from matcher.models import Application, AuditEvent, OutboxMessage, User
from tests import factories as f
from tests.conftest import Login, post_form

PASSWORD = "une phrase facile"
FORM = {"password": PASSWORD, "confirm": PASSWORD, "accept": "y"}


def register(app, email):
    client = app.test_client()
    response = post_form(client, "/register/candidate", {**FORM, "email": email})
    flashed = client.get(response.headers["Location"]).get_data(as_text=True)
    return response, re.search(r'<p class="flash flash-info"[^>]*>(.*?)</p>', flashed).group(1)


def link_of(app, email) -> str:
    with app.app_context():
        body = db.session.scalar(select(OutboxMessage.body).where(
            OutboxMessage.to_address == email).order_by(OutboxMessage.id.desc()))
    return re.search(r"https?://[^/\s]+(/account/verify/\S+)", body).group(1)


def verified_at(app, email):
    with app.app_context():
        return db.session.scalar(select(User.email_verified_at).filter_by(email=email))


def test_new_and_used_addresses_get_the_same_answer(app):
    with app.app_context():
        f.make_user("candidate", email="used@example.com")
        db.session.commit()
    new, new_text = register(app, "new@example.com")
    used, used_text = register(app, "used@example.com")
    assert (new.status_code, new.headers["Location"]) == (used.status_code,
                                                         used.headers["Location"])
    assert new_text == used_text and "Ouvrez le lien" in new_text
    with app.app_context():
        messages = {m.to_address: m for m in db.session.scalars(select(OutboxMessage))}
        assert "/account/verify/" in messages["new@example.com"].body
        notice = messages["used@example.com"]
        assert "a essayé de créer un compte Passerelle avec cette adresse" in notice.body
        assert "/account/verify/" not in notice.body
        refused = db.session.scalar(select(AuditEvent).filter_by(
            action="user.registration_refused"))
        assert refused.details == {"reason": "address_in_use"}


def test_the_owner_of_a_used_address_is_told_in_their_language(app):
    with app.app_context():
        f.make_user("candidate", email="used@example.com", locale="en")
        db.session.commit()
    register(app, "used@example.com")
    with app.app_context():
        assert db.session.scalar(select(OutboxMessage.subject)).startswith("Someone tried")


def test_the_link_confirms_the_address_and_a_second_use_changes_nothing(app):
    register(app, "new@example.com")
    link = link_of(app, "new@example.com")
    client = app.test_client()
    response = client.get(link)
    assert response.status_code == 302
    first = verified_at(app, "new@example.com")
    assert first is not None
    assert "adresse courriel est confirmée" in client.get("/login").get_data(as_text=True)
    client.get(link)
    assert verified_at(app, "new@example.com") == first
    with app.app_context():
        assert len(db.session.scalars(select(AuditEvent).filter_by(
            action="user.email_verified")).all()) == 1


def test_an_expired_tampered_or_outdated_link_is_refused(app, freeze_clock):
    freeze_clock(clock.now())
    register(app, "new@example.com")
    link = link_of(app, "new@example.com")
    client = app.test_client()
    for bad in (link[:-2] + "xx", "/account/verify/" + "a" * 300):
        client.get(bad)
        assert verified_at(app, "new@example.com") is None
    freeze_clock(clock.now() + timedelta(days=7, minutes=1))
    response = client.get(link)
    assert "expiré" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert verified_at(app, "new@example.com") is None
    freeze_clock(clock.now() - timedelta(days=1))
    with app.app_context():  # the address changed since the link was sent
        db.session.execute(update(User).values(email="other@example.com"))
        db.session.commit()
    client.get(link)
    assert verified_at(app, "other@example.com") is None


def test_an_unverified_candidate_is_invisible_to_employers_and_cannot_apply(app):
    with app.app_context():
        employer = f.make_employer()
        f.make_employer_user(employer, email="rh@example.com")
        posting = f.make_posting(employer)
        user = f.make_user("candidate", email="marie@example.com", email_verified_at=None)
        candidate = f.make_candidate(user, first_name="Marie")
        posting_id, candidate_id = posting.id, candidate.id
        db.session.commit()
    hr, person = app.test_client(), app.test_client()
    Login(hr).as_user("rh@example.com")
    Login(person).as_user("marie@example.com")
    ranked = f"/employer/postings/{posting_id}/candidates"
    assert f"/candidates/{candidate_id}\"" not in hr.get(ranked).get_data(as_text=True)
    assert hr.get(f"{ranked}/{candidate_id}").status_code == 404
    refused = post_form(person, f"/jobs/{posting_id}/apply", {"share_contact": "y"})
    assert "Confirmez d’abord votre adresse courriel" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Application)) is None

    # Once the address is confirmed, employers see the profile from the next request.
    with app.app_context():
        resend = post_form(person, "/account/verify/resend", {}, token_from="/profile")
        assert resend.status_code == 302
    person.get(link_of(app, "marie@example.com"))
    assert f"/candidates/{candidate_id}\"" in hr.get(ranked).get_data(as_text=True)
    assert post_form(person, f"/jobs/{posting_id}/apply", {"share_contact": "y"}
                     ).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Application)).status == "applied"


def test_an_approved_employer_with_an_unconfirmed_address_cannot_post(app):
    with app.app_context():
        user = f.make_employer_user(email="rh@example.com")
        user.email_verified_at = None
        db.session.commit()
    client = app.test_client()
    Login(client).as_user("rh@example.com")
    assert client.get("/employer/postings/new").status_code == 403
    assert "Confirmez votre adresse courriel" in client.get("/employer").get_data(as_text=True)
