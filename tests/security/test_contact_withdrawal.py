"""Switching contact sharing off reaches the employers already applied to, at once."""

import pytest
from sqlalchemy import select

from matcher.extensions import db
from matcher.models import Consent
from tests import factories as f
from tests.conftest import Login, post_form


@pytest.fixture
def applied(app):
    """Marie applied (sharing her contact details) to a posting of the logged-in HR user."""
    with app.app_context():
        employer = f.make_employer()
        f.make_employer_user(employer, email="rh@example.com")
        posting = f.make_posting(employer)
        other_posting = f.make_posting(employer, title="Aide de cuisine", noc_code="65201")
        user = f.make_user("candidate", email="marie@example.com")
        candidate = f.make_candidate(user, first_name="Marie", last_name="Joseph",
                                     phone="514-555-0199")
        ids = posting.id, other_posting.id, candidate.id
        db.session.commit()
    person, hr = app.test_client(), app.test_client()
    Login(person).as_user("marie@example.com")
    Login(hr).as_user("rh@example.com")
    for posting_id in ids[:2]:
        assert post_form(person, f"/jobs/{posting_id}/apply", {"share_contact": "y"}
                         ).status_code == 302
    return person, hr, ids


def employer_pages(hr, posting_id, candidate_id) -> str:
    return "".join(hr.get(url).get_data(as_text=True) for url in (
        f"/employer/postings/{posting_id}/pipeline",
        f"/employer/postings/{posting_id}/candidates",
        f"/employer/postings/{posting_id}/candidates/{candidate_id}"))


def test_withdrawing_contact_sharing_hides_name_email_and_phone_from_the_next_request(
        app, applied):
    person, hr, (posting_id, other_id, candidate_id) = applied
    before = employer_pages(hr, posting_id, candidate_id)
    assert "Marie Joseph" in before and "marie@example.com" in before
    assert "514-555-0199" in before

    switched = post_form(person, "/profile/consents",
                         {"purpose": "share_contact", "grant": "0"})
    assert switched.status_code == 302

    for posting in (posting_id, other_id):
        after = employer_pages(hr, posting, candidate_id)
        for personal in ("Marie", "Joseph", "marie@example.com", "514-555-0199"):
            assert personal not in after, (posting, personal)
        assert "Coordonnées retirées" in after
        assert "écrivez-lui dans les messages de la candidature" in after
        assert "C-" in after  # the pseudonym stays, so HR knows which application it is
    with app.app_context():
        consents = db.session.scalars(select(Consent).where(
            Consent.purpose == "share_contact")).all()
        assert len(consents) == 2 and all(c.withdrawn_at is not None for c in consents)

    # The consents page says it is off, and switching it on again shows the details again.
    page = person.get("/profile/consents").get_data(as_text=True)
    assert page.count(">Désactivé<") == 2
    post_form(person, "/profile/consents", {"purpose": "share_contact", "grant": "1"})
    assert "Marie Joseph" in employer_pages(hr, posting_id, candidate_id)


def test_the_consents_page_shows_sharing_on_after_applying(app, applied):
    person = applied[0]
    page = person.get("/profile/consents").get_data(as_text=True)
    assert page.count(">Désactivé<") == 1  # matching is off; contact sharing is on
