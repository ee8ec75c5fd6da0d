"""A posting's life: draft, open, closed (by HR or by itself), filled; copies; the audit log."""

from datetime import timedelta

from sqlalchemy import select

from matcher.extensions import db
from matcher.models import AuditEvent, Posting, Site
from tests import factories as f
from tests.conftest import post_form
from tests.postings.helpers import (
    TODAY,
    audit_actions,
    count_postings,
    create,
    field_errors,
    posting_id_from,
    valid_form,
)


def board_text(client, **params) -> str:
    return client.get("/jobs", query_string=params).get_data(as_text=True)


def test_hr_publishes_a_posting_that_appears_on_the_public_board(app, hr):
    posting_id = posting_id_from(create(hr, title="Préposé aux bénéficiaires – soir"))
    with app.app_context():
        posting = db.session.get(Posting, posting_id)
        assert posting.status == "open" and posting.published_at is not None
        assert posting.employer_id == hr.employer_id and posting.created_by_id == hr.user_id
        assert posting.shifts == {"day", "evening"}
        assert str(posting.hourly_wage) == "21.50" and str(posting.hours_per_week) == "37.5"
        assert [c.code for c in posting.required_certifications] == ["pdsb"]
        assert audit_actions(posting_id) == ["posting.created", "posting.published"]
    visitor = app.test_client()
    assert "Préposé aux bénéficiaires – soir" in board_text(visitor)
    assert visitor.get(f"/jobs/{posting_id}").status_code == 200


def test_a_draft_stays_private_until_published(app, hr):
    posting_id = posting_id_from(create(hr, publish=None, save_draft="Enregistrer"))
    visitor = app.test_client()
    assert visitor.get(f"/jobs/{posting_id}").status_code == 404
    assert "Préposé aux bénéficiaires" not in board_text(visitor)

    response = post_form(hr.client, f"/employer/postings/{posting_id}/status",
                         {"action": "publish"}, token_from=f"/employer/postings/{posting_id}")
    assert response.status_code == 302
    assert visitor.get(f"/jobs/{posting_id}").status_code == 200
    with app.app_context():
        assert audit_actions(posting_id) == ["posting.created", "posting.published"]


def test_closing_hides_a_posting_and_reopening_shows_it_again(app, hr):
    posting_id = posting_id_from(create(hr))
    manage = f"/employer/postings/{posting_id}"
    post_form(hr.client, f"{manage}/status", {"action": "close"}, token_from=manage)
    visitor = app.test_client()
    assert visitor.get(f"/jobs/{posting_id}").status_code == 404
    post_form(hr.client, f"{manage}/status", {"action": "reopen"}, token_from=manage)
    assert visitor.get(f"/jobs/{posting_id}").status_code == 200
    with app.app_context():
        assert audit_actions(posting_id)[-2:] == ["posting.closed", "posting.reopened"]


def test_impossible_transitions_change_nothing(app, hr):
    posting_id = posting_id_from(create(hr))
    manage = f"/employer/postings/{posting_id}"
    for action in ("publish", "reopen", "delete", ""):
        response = post_form(hr.client, f"{manage}/status", {"action": action},
                             token_from=manage)
        assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Posting, posting_id).status == "open"
        assert audit_actions(posting_id) == ["posting.created", "posting.published"]


def test_a_posting_past_its_closing_date_closes_itself(app, hr, freeze_clock):
    posting_id = posting_id_from(create(hr, closes_on=(TODAY + timedelta(days=3)).isoformat()))
    visitor = app.test_client()
    assert visitor.get(f"/jobs/{posting_id}").status_code == 200
    later = TODAY + timedelta(days=4)
    freeze_clock(later)
    assert visitor.get(f"/jobs/{posting_id}").status_code == 404
    assert "Préposé aux bénéficiaires" not in board_text(visitor)
    with app.app_context():
        posting = db.session.get(Posting, posting_id)
        assert posting.status == "closed"
        event = db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "posting.auto_closed"))
        assert (event.subject_id, event.actor_id, event.actor_role) == (posting_id, None,
                                                                        "system")


def test_the_closing_day_itself_is_still_open(app, hr, freeze_clock):
    closes = TODAY + timedelta(days=3)
    posting_id = posting_id_from(create(hr, closes_on=closes.isoformat()))
    freeze_clock(closes)
    assert app.test_client().get(f"/jobs/{posting_id}").status_code == 200
    assert hr.client.get("/employer").status_code == 200
    with app.app_context():
        assert db.session.get(Posting, posting_id).status == "open"


def test_the_employer_home_also_closes_expired_postings(app, hr, freeze_clock):
    posting_id = posting_id_from(create(hr, closes_on=(TODAY + timedelta(days=1)).isoformat()))
    freeze_clock(TODAY + timedelta(days=2))
    assert hr.client.get("/employer").status_code == 200
    with app.app_context():
        assert db.session.get(Posting, posting_id).status == "closed"


def test_reopening_needs_a_closing_date_that_has_not_passed(app, hr, freeze_clock):
    posting_id = posting_id_from(create(hr, closes_on=(TODAY + timedelta(days=1)).isoformat()))
    freeze_clock(TODAY + timedelta(days=2))
    manage = f"/employer/postings/{posting_id}"
    assert "badge-status-closed" in hr.client.get(manage).get_data(as_text=True)
    response = post_form(hr.client, f"{manage}/status", {"action": "reopen"},
                         token_from=manage, follow_redirects=True)
    assert "flash-error" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Posting, posting_id).status == "closed"


def test_lowering_openings_to_those_filled_marks_the_posting_filled(app, hr):
    posting_id = posting_id_from(create(hr, openings="3"))
    with app.app_context():
        db.session.get(Posting, posting_id).filled = 2
        db.session.commit()
    edit = f"/employer/postings/{posting_id}/edit"
    response = post_form(hr.client, edit, valid_form(hr.site_id, openings="1", publish=None))
    assert "openings" in field_errors(response), "fewer openings than already filled"
    response = post_form(hr.client, edit, valid_form(hr.site_id, openings="2", publish=None))
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Posting, posting_id).status == "filled"
        assert audit_actions(posting_id)[-2:] == ["posting.updated", "posting.filled"]
    assert app.test_client().get(f"/jobs/{posting_id}").status_code == 404
    assert hr.client.get(edit).status_code == 302, "a filled posting is not edited"


def test_edits_are_saved_and_audited_with_the_changed_fields(app, hr):
    posting_id = posting_id_from(create(hr))
    response = post_form(hr.client, f"/employer/postings/{posting_id}/edit",
                         valid_form(hr.site_id, hourly_wage="23.00", shifts=["night"]))
    assert response.status_code == 302
    with app.app_context():
        posting = db.session.get(Posting, posting_id)
        assert str(posting.hourly_wage) == "23.00" and posting.shifts == {"night"}
        event = db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "posting.updated"))
        assert event.details["fields"] == ["hourly_wage", "shifts"]


def test_duplicating_prefills_a_new_posting_that_is_saved_separately(app, hr):
    original = posting_id_from(create(hr, title="Aide de cuisine", noc_code="65201",
                                      certifications=["mapaq"]))
    page = hr.client.get(f"/employer/postings/new?copy_of={original}").get_data(as_text=True)
    assert 'value="Aide de cuisine"' in page
    assert '<option selected value="65201">' in page
    response = post_form(hr.client, f"/employer/postings/new?copy_of={original}",
                         valid_form(hr.site_id, title="Aide de cuisine – soir",
                                    noc_code="65201"))
    copy = posting_id_from(response)
    assert copy != original
    with app.app_context():
        assert db.session.get(Posting, original).title == "Aide de cuisine"
        assert db.session.get(Posting, copy).title == "Aide de cuisine – soir"
        assert count_postings() == 2


def test_hr_adds_a_site_while_writing_the_first_posting(app, client, login):
    with app.app_context():
        employer = f.make_employer(sites=0)
        user = f.make_employer_user(employer)
        employer_id, email = employer.id, user.email
        db.session.commit()
    login.as_user(email)
    page = client.get("/employer/postings/new").get_data(as_text=True)
    assert '<option selected value="new">' in page, "with no site yet, a new one is proposed"
    missing = post_form(client, "/employer/postings/new", valid_form("new"))
    assert {"new_site_name", "new_site_city"} <= set(field_errors(missing))
    response = post_form(client, "/employer/postings/new", valid_form(
        "new", new_site_name="CHSLD Saint-Henri", new_site_city="Montréal",
        new_site_region="06"))
    posting_id = posting_id_from(response)
    with app.app_context():
        site = db.session.get(Posting, posting_id).site
        assert (site.employer_id, site.name, site.city, site.region_code) == (
            employer_id, "CHSLD Saint-Henri", "Montréal", "06")
        assert "site.created" in audit_actions()
        assert db.session.scalar(select(Site).where(Site.employer_id == employer_id)) == site
