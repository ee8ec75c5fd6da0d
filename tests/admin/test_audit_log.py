"""The audit log in words: the reader's language, Québec's time, names, links, filters, CSV."""

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from matcher import clock
from matcher.audit import record
from matcher.extensions import db
from matcher.models import AuditEvent, Candidate, User
from tests import factories as f
from tests.conftest import CSRF_RE, Login, post_form

# 02:05 UTC on June 2 is 22:05 on June 1 in Québec (summer time).
LATE_EVENING = datetime(2026, 6, 2, 2, 5, tzinfo=UTC)


@pytest.fixture
def log(app, client, freeze_clock):
    """An admin logged in, and a few events: a candidate's, an HR decision, one by staff."""
    with app.app_context():
        f.make_staff(role="admin", email="admin@example.com")
        candidate = f.make_candidate(first_name="=Wilson", last_name="Saint-Fleur")
        employer = f.make_employer(name="CHSLD des Érables (fictif)")
        staff = f.make_staff(email="agent@example.com")
        freeze_clock(LATE_EVENING)
        record("candidate.profile_updated", candidate, actor=candidate.user)
        record("employer.updated", employer, actor=staff, name=employer.name)
        ids = {"candidate_user": candidate.user_id, "employer": employer.id,
               "staff": staff.id}
        db.session.commit()
    freeze_clock(None)
    Login(client).as_user("admin@example.com")
    return ids


def test_events_read_as_words_with_names_links_and_local_time(client, log):
    html = client.get("/admin/audit").get_data(as_text=True)
    assert "A modifié un profil de candidature" in html
    assert "employer_member" not in html
    assert "1er juin 2026 à 22 h 05" in html, "Québec's time, not UTC"
    assert f'<a href="/admin/users/{log["candidate_user"]}">=Wilson Saint-Fleur ' \
           "(personne candidate)</a>" in html
    assert f'<a href="/admin/establishments/{log["employer"]}">CHSLD des Érables (fictif)</a>' \
        in html


def test_english_readers_get_english_words_and_times(client, log):
    with client.application.app_context():
        from matcher.models import User
        db.session.scalar(select(User).filter_by(email="admin@example.com")).locale = "en"
        db.session.commit()
    html = client.get("/admin/audit").get_data(as_text=True)
    assert "Updated a candidate profile" in html and "Jun 1, 2026 at 10:05" in html


def test_filters_by_person_kind_and_quebec_days_stay_out_of_the_url(client, log):
    response = post_form(client, "/admin/audit", {"person": "wilson"})
    location = response.headers["Location"]
    assert response.status_code == 302 and "wilson" not in location.lower()
    html = client.get(location).get_data(as_text=True)
    assert "Wilson" in html and "CHSLD des Érables" not in html
    assert 'value="wilson"' in html, "the form shows the saved filter"

    html = client.get(post_form(client, "/admin/audit", {"kind": "organizations"})
                      .headers["Location"]).get_data(as_text=True)
    assert "CHSLD des Érables" in html and "Wilson" not in html

    june_1 = post_form(client, "/admin/audit", {"since": "2026-06-01", "until": "2026-06-01"})
    assert "CHSLD des Érables" in client.get(june_1.headers["Location"]).get_data(as_text=True)
    june_2 = post_form(client, "/admin/audit", {"since": "2026-06-02"})
    assert "CHSLD des Érables" not in client.get(june_2.headers["Location"]).get_data(
        as_text=True)


def test_a_person_filter_finds_what_they_did_and_what_was_done_to_their_file(app, client, log):
    """Who looked at Wilson's file is what a privacy check asks: events about the person
    (their candidate file or their account) come up beside the events they made."""
    with app.app_context():
        admin = db.session.scalar(select(User).filter_by(email="admin@example.com"))
        candidate = db.session.scalar(select(Candidate).filter_by(last_name="Saint-Fleur"))
        staff = db.session.get(User, log["staff"])
        record("candidate.viewed", candidate, actor=admin)
        record("user.deactivated", candidate.user, actor=staff)
        db.session.commit()
    html = client.get(post_form(client, "/admin/audit", {"person": "saint-fleur"})
                      .headers["Location"]).get_data(as_text=True)
    assert "A consulté un profil de candidature" in html, "the admin's view of the file"
    assert "A modifié un profil de candidature" in html, "what the candidate did"
    assert "3 événements" in html
    assert "CHSLD des Érables" not in html
    html = client.get(post_form(client, "/admin/audit", {"person": "agent@example"})
                      .headers["Location"]).get_data(as_text=True)
    assert "2 événements" in html, "the agent's two actions, nothing about the agent's account"


def test_the_filter_form_carries_its_own_csrf_token_first_and_once_filtered(client, log):
    """A browser sends what the rendered form holds: the form must carry the token itself."""
    first = post_as_the_page_does(client, "/admin/audit")
    assert first.status_code == 302
    again = post_as_the_page_does(client, first.headers["Location"])
    assert again.status_code == 302
    assert 'value="wilson"' in client.get(again.headers["Location"]).get_data(as_text=True)


def post_as_the_page_does(client, url: str):
    """Render the audit page at `url` and post its filter form with the token it holds."""
    html = client.get(url).get_data(as_text=True)
    form = re.search(r'<form method="post" action="/admin/audit".*?</form>', html, re.S)
    token = CSRF_RE.search(form.group(0))
    assert token, "the filter form holds no CSRF token: a browser's post is refused"
    return client.post("/admin/audit", data={"csrf_token": token.group(1), "person": "wilson",
                                             "kind": "", "since": "", "until": ""})


def test_bad_filters_are_field_errors_and_unknown_tokens_show_everything(client, log):
    html = post_form(client, "/admin/audit", {"since": "2026-06-03", "until": "2026-06-01",
                                              "kind": "nope"}).get_data(as_text=True)
    assert 'id="until-error"' in html and 'id="kind-error"' in html
    html = client.get("/admin/audit?f=not-a-token&page=abc").get_data(as_text=True)
    assert "Wilson" in html and "CHSLD des Érables" in html


def test_csv_export_in_words_for_excel_in_french_is_formula_safe_and_audited(app, client, log):
    token = post_form(client, "/admin/audit", {"person": "wilson"}).headers["Location"].split(
        "f=")[1]
    response = client.get(f"/admin/audit.csv?f={token}&format=excel_fr")
    text = response.get_data(as_text=True)
    assert response.mimetype == "text/csv" and text.startswith("\ufeffQuand (heure du Québec);")
    lines = text.splitlines()
    assert len(lines) == 2, "only the person's events"
    assert lines[1].startswith("2026-06-01 22:05:00;'=Wilson Saint-Fleur (personne candidate);"
                               "A modifié un profil de candidature;candidate.profile_updated;")
    with app.app_context():
        assert db.session.scalar(select(AuditEvent).filter_by(action="audit.exported"))
    standard = client.get(f"/admin/audit.csv?f={token}&format=standard").get_data(as_text=True)
    assert standard.splitlines()[0].startswith("\ufeffQuand (heure du Québec),Personne,")


def test_the_clock_is_the_only_source_of_event_times(app, freeze_clock):
    freeze_clock(LATE_EVENING)
    with app.app_context():
        event = record("test.event")
        db.session.flush()
        assert event.at == clock.now()
        db.session.rollback()
