"""Each establishment sees and changes only its own postings; others get a 404."""

import pytest
from sqlalchemy import select

from matcher.extensions import db
from matcher.models import Posting
from tests import factories as f
from tests.conftest import Login, post_form
from tests.postings.helpers import audit_actions, posting_id_from, valid_form


@pytest.fixture
def other(app):
    """A posting of another establishment (B), in each status."""
    with app.app_context():
        employer_b = f.make_employer(name="CHSLD B (fictif)")
        user_b = f.make_employer_user(employer_b)
        postings = {status: f.make_posting(employer_b, status=status).id
                    for status in ("draft", "open", "closed")}
        db.session.commit()
        return user_b.email, postings


def test_employer_cannot_see_or_change_another_establishments_postings(app, hr, other):
    _email, postings = other
    client = hr.client
    token_page = "/employer/postings/new"
    for status, posting_id in postings.items():
        base = f"/employer/postings/{posting_id}"
        assert client.get(base).status_code == 404, status
        assert client.get(f"{base}/edit").status_code == 404, status
        assert client.get(f"/employer/postings/new?copy_of={posting_id}").status_code == 404
        edit = post_form(client, f"{base}/edit", valid_form(hr.site_id, title="Volé"),
                         token_from=token_page)
        assert edit.status_code == 404
        for action in ("publish", "close", "reopen"):
            response = post_form(client, f"{base}/status", {"action": action},
                                 token_from=token_page)
            assert response.status_code == 404
    with app.app_context():
        for status, posting_id in postings.items():
            posting = db.session.get(Posting, posting_id)
            assert (posting.status, posting.title) == (status, "Préposé aux bénéficiaires")
        assert audit_actions() == []


def test_the_employer_home_lists_only_the_own_establishments_postings(app, hr, other):
    posting_id_from(post_form(hr.client, "/employer/postings/new",
                              valid_form(hr.site_id, title="Notre poste à nous")))
    html = hr.client.get("/employer").get_data(as_text=True)
    assert "Notre poste à nous" in html
    for posting_id in other[1].values():
        assert f"/employer/postings/{posting_id}\"" not in html


def test_rejected_employers_cannot_post_and_pending_ones_only_draft(app, client):
    with app.app_context():
        employer = f.make_employer()
        site_id = employer.sites[0].id
        colleague_draft = f.make_posting(employer, status="draft").id
        pending, rejected = [f.make_employer_user(employer, status=s).email
                             for s in ("pending", "rejected")]
        db.session.commit()
    client = app.test_client()
    Login(client).as_user(rejected)
    assert client.get("/employer/postings/new").status_code == 403
    response = post_form(client, "/employer/postings/new", valid_form(site_id), token_from="/")
    assert response.status_code == 403
    client = app.test_client()
    Login(client).as_user(pending)
    # Asking to publish while pending saves a draft, and says why.
    response = post_form(client, "/employer/postings/new",
                         {**valid_form(site_id), "publish": "y"}, follow_redirects=True)
    assert "reste un brouillon" in response.get_data(as_text=True)
    with app.app_context():
        draft = db.session.scalar(select(Posting).where(Posting.id != colleague_draft))
        assert draft.status == "draft"
        draft_id = draft.id
    response = post_form(client, f"/employer/postings/{draft_id}/status",
                         {"action": "publish"}, token_from=f"/employer/postings/{draft_id}")
    assert response.status_code == 302
    # A colleague's draft stays unseen until staff confirm the person works there.
    assert client.get(f"/employer/postings/{colleague_draft}").status_code == 404
    assert client.get(f"/employer/postings/{draft_id}/pipeline").status_code == 403
    with app.app_context():
        assert db.session.get(Posting, draft_id).status == "draft"
        assert db.session.query(Posting).count() == 2


def test_candidates_and_staff_cannot_post(app):
    with app.app_context():
        emails = [f.make_user("candidate").email, f.make_staff().email]
        db.session.commit()
    for email in emails:
        client = app.test_client()
        Login(client).as_user(email)
        assert client.get("/employer/postings/new").status_code == 403
        assert client.get("/employer").status_code == 403


def test_ids_beyond_the_integer_range_are_not_found(app, hr):
    huge = "9" * 25
    for url in (f"/jobs/{huge}", f"/employer/postings/{huge}", f"/employer/postings/{huge}/edit",
                f"/employer/postings/new?copy_of={huge}", "/employer/postings/new?copy_of=-1",
                "/jobs/2147483648"):
        assert hr.client.get(url).status_code == 404, url
