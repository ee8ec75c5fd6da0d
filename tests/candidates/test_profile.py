"""The profile steps: each saves on its own, validates at the field, never fails with a 500."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from matcher.extensions import db
from matcher.models import AuditEvent, Candidate, Employer, User
from tests import factories as f
from tests.candidates.conftest import TODAY
from tests.conftest import Login, post_form

PERMIT_OK = {
    "permit_kind": "open", "permit_expires_on": "2027-01-31", "permit_employer_id": "",
    "permit_renewal_applied_on": "", "sin_expires_on": "2027-01-31",
}


def profile(app, email: str) -> Candidate:
    with app.app_context():
        candidate = db.session.scalar(
            select(Candidate).join(User, Candidate.user_id == User.id).where(User.email == email))
        db.session.expunge_all()
        return candidate


def errors_of(response) -> str:
    assert response.status_code == 200, response.status_code
    html = response.get_data(as_text=True)
    assert 'class="field-error"' in html, "expected a field error"
    return html


def test_profile_needs_a_candidate_login(client, app):
    assert "/login" in client.get("/profile").headers["Location"]
    with app.app_context():
        email = f.make_employer_user().email
        db.session.commit()
    Login(client).as_user(email)
    assert client.get("/profile").status_code == 403


def test_overview_shows_steps_and_completeness_in_french(candidate_client):
    html = candidate_client.get("/profile").get_data(as_text=True)
    assert "Mon profil" in html
    assert "Profil rempli : 0 sur 6 étapes" in html and 'max="6" value="0"' in html
    for label in ("À propos de vous", "Permis de travail", "Français", "Expérience",
                  "Préférences", "Consentement"):
        assert label in html


def test_about_step_saves_and_goes_to_the_permit_step(candidate_client, app, candidate_user):
    response = post_form(candidate_client, "/profile/about", {
        "first_name": " Fabiola ", "last_name": "Saint-Fleur", "phone": "514 555-0199",
        "city": "Montréal"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/permit")
    candidate = profile(app, candidate_user)
    assert (candidate.first_name, candidate.phone) == ("Fabiola", "514 555-0199")


def test_a_missing_profile_row_is_created_on_first_save(client, app):
    with app.app_context():
        email = f.make_user("candidate").email  # no Candidate row at all
        db.session.commit()
    Login(client).as_user(email)
    assert client.get("/profile").status_code == 200
    assert client.get("/profile/permit").status_code == 200
    assert profile(app, email) is None, "looking creates nothing"
    post_form(client, "/profile/permit", PERMIT_OK)
    assert profile(app, email).permit_kind == "open"


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"permit_expires_on": "2026-03-09"}, "permit_expires_on", "Cette date est passée"),
    ({"permit_expires_on": ""}, "permit_expires_on", "Entrez la date d’expiration"),
    ({"permit_expires_on": "2026-02-30"}, "permit_expires_on", "date valide"),
    ({"permit_expires_on": "31/12/2026"}, "permit_expires_on", "date valide"),
    ({"permit_expires_on": "20266-01-01"}, "permit_expires_on", "date valide"),
    ({"permit_expires_on": "1800-01-01"}, "permit_expires_on", "entre 1900 et 2100"),
    ({"permit_expires_on": "2026-04-01", "permit_renewal_applied_on": "2026-04-02"},
     "permit_renewal_applied_on", "dans le futur"),
    ({"permit_expires_on": "2026-01-31", "permit_renewal_applied_on": "2026-02-15"},
     "permit_renewal_applied_on", "après l’expiration"),
    ({"permit_kind": "employer_specific"}, "permit_employer_id", "Choisissez l’employeur"),
    ({"permit_kind": "employer_specific", "permit_employer_id": "abc"}, "permit_employer_id",
     ""),
    ({"permit_kind": "employer_specific", "permit_employer_id": "999999"},
     "permit_employer_id", "choix valide"),
    ({"permit_kind": "temporary"}, "permit_kind", "choix valide"),
    ({"sin_expires_on": "not a date"}, "sin_expires_on", "date valide"),
])
def test_permit_step_refuses_bad_input_at_the_field(candidate_client, app, candidate_user,
                                                    data, field, message):
    response = post_form(candidate_client, "/profile/permit", {**PERMIT_OK, **data})
    html = errors_of(response)
    assert f'id="{field}-error"' in html
    assert message in html
    assert profile(app, candidate_user).permit_kind == "none", "nothing saved"


def test_an_expired_permit_renewed_in_time_is_maintained_status(candidate_client, app,
                                                               candidate_user):
    response = post_form(candidate_client, "/profile/permit", {
        **PERMIT_OK, "permit_expires_on": "2026-02-28", "permit_renewal_applied_on": "2026-02-20"})
    assert response.status_code == 302
    html = candidate_client.get("/profile/permit").get_data(as_text=True)
    assert "statut maintenu" in html


def test_a_permit_expiring_within_90_days_is_warned_about(candidate_client):
    soon = TODAY + timedelta(days=45)
    post_form(candidate_client, "/profile/permit", {**PERMIT_OK,
                                                   "permit_expires_on": soon.isoformat()})
    for url in ("/profile", "/profile/permit"):
        html = candidate_client.get(url).get_data(as_text=True)
        assert "Votre permis expire dans 45 jours" in html
    post_form(candidate_client, "/profile/permit", {
        **PERMIT_OK, "permit_expires_on": (TODAY + timedelta(days=91)).isoformat()})
    assert "Votre permis expire" not in candidate_client.get("/profile").get_data(as_text=True)


def test_employer_specific_permit_keeps_the_establishment(candidate_client, app,
                                                          candidate_user):
    with app.app_context():
        employer_id = db.session.scalar(select(Employer.id).order_by(Employer.name).limit(1))
    response = post_form(candidate_client, "/profile/permit", {
        **PERMIT_OK, "permit_kind": "employer_specific", "permit_employer_id": str(employer_id),
        "permit_health_restricted": "y"})
    assert response.status_code == 302
    candidate = profile(app, candidate_user)
    assert candidate.permit_employer_id == employer_id
    assert candidate.permit_health_restricted is True


def test_choosing_no_permit_clears_what_was_printed_on_one(candidate_client, app,
                                                          candidate_user):
    post_form(candidate_client, "/profile/permit", PERMIT_OK)
    post_form(candidate_client, "/profile/permit", {**PERMIT_OK, "permit_kind": "pending"})
    candidate = profile(app, candidate_user)
    assert candidate.permit_kind == "pending"
    assert candidate.permit_expires_on is None


FRENCH_OK = {
    "french_oral_comprehension": "7", "french_oral_comprehension_source": "course",
    "french_oral_production": "6", "french_oral_production_source": "course",
    "french_reading": "5", "french_reading_source": "self",
    "french_writing": "4", "french_writing_source": "test",
}


def test_french_step_saves_four_levels_and_their_sources(candidate_client, app, candidate_user):
    html = candidate_client.get("/profile/french").get_data(as_text=True)
    assert "5 — Je peux suivre une conversation sur un sujet connu au travail" in html
    assert post_form(candidate_client, "/profile/french", FRENCH_OK).status_code == 302
    candidate = profile(app, candidate_user)
    assert (candidate.french_oral_comprehension, candidate.french_writing) == (7, 4)
    assert candidate.french_writing_source == "test"


@pytest.mark.parametrize("value", ["0", "13", "-1", "5.5", "cinq", "", "99999999999999999999"])
def test_french_levels_out_of_range_are_field_errors(candidate_client, app, candidate_user,
                                                    value):
    response = post_form(candidate_client, "/profile/french",
                         {**FRENCH_OK, "french_reading": value})
    assert 'id="french_reading-error"' in errors_of(response)
    assert profile(app, candidate_user).french_reading is None


def test_french_source_must_be_one_of_the_list(candidate_client):
    response = post_form(candidate_client, "/profile/french",
                         {**FRENCH_OK, "french_writing_source": "staff"})
    assert 'id="french_writing_source-error"' in errors_of(response)


PREFERENCES_OK = {
    "preferred_regions": ["06", "13"], "shifts": ["day", "weekend"],
    "available_from": "2026-04-01", "desired_occupations": ["33102", "65201"],
    "certifications": ["cpr", "pdsb"], "skills_text": "Créole, espagnol.",
    "arrival_date": "2024-11-02",
}


def test_preferences_step_saves_lists_and_dates(candidate_client, app, candidate_user):
    assert post_form(candidate_client, "/profile/preferences", PREFERENCES_OK).status_code == 302
    with app.app_context():
        candidate = db.session.scalar(select(Candidate).join(
            User, Candidate.user_id == User.id).where(User.email == candidate_user))
        assert [r.code for r in candidate.preferred_regions] == ["06", "13"]
        assert candidate.shifts == {"day", "weekend"}
        assert [c.code for c in candidate.certifications] == ["cpr", "pdsb"]
        assert [o.noc_code for o in candidate.desired_occupations] == ["33102", "65201"]
        assert candidate.arrival_date == date(2024, 11, 2)
    html = candidate_client.get("/profile/preferences").get_data(as_text=True)
    checked = re.findall(r'<input checked id="preferred_regions-\d+" name="preferred_regions" '
                         r'type="checkbox" value="(\d+)">', html)
    assert checked == ["06", "13"]
    assert html.index('value="03"') < html.index('value="01"'), "program regions first"


@pytest.mark.parametrize(("data", "field"), [
    ({"preferred_regions": ["06", "99"]}, "preferred_regions"),
    ({"shifts": ["dawn"]}, "shifts"),
    ({"certifications": ["forklift"]}, "certifications"),
    ({"desired_occupations": ["00000"]}, "desired_occupations"),
    ({"arrival_date": "2026-03-11"}, "arrival_date"),
    ({"available_from": "2026-13-01"}, "available_from"),
    ({"skills_text": "x" * 2001}, "skills_text"),
    ({"skills_text": "ok\x00"}, "skills_text"),
])
def test_preferences_refuse_bad_input_at_the_field(candidate_client, data, field):
    response = post_form(candidate_client, "/profile/preferences", {**PREFERENCES_OK, **data})
    assert f'id="{field}-error"' in errors_of(response)


@pytest.mark.parametrize(("data", "field"), [
    ({"first_name": "x" * 101}, "first_name"),
    ({"last_name": ""}, "last_name"),
    ({"first_name": "Ro\x00se"}, "first_name"),
    ({"phone": "call me"}, "phone"),
    ({"phone": "5" * 31}, "phone"),
    ({"city": "c" * 101}, "city"),
])
def test_about_refuses_bad_input_at_the_field(candidate_client, data, field):
    valid = {"first_name": "Rose", "last_name": "Louis", "phone": "", "city": ""}
    response = post_form(candidate_client, "/profile/about", {**valid, **data})
    assert f'id="{field}-error"' in errors_of(response)


def test_every_save_is_audited(candidate_client, app):
    post_form(candidate_client, "/profile/permit", PERMIT_OK)
    post_form(candidate_client, "/profile/french", FRENCH_OK)
    with app.app_context():
        steps = [e.details.get("step") for e in db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "candidate.profile_updated")
            .order_by(AuditEvent.id))]
    assert steps == ["permit", "french"]


def test_completeness_counts_the_finished_steps(candidate_client):
    post_form(candidate_client, "/profile/permit", PERMIT_OK)
    post_form(candidate_client, "/profile/french", FRENCH_OK)
    html = candidate_client.get("/profile").get_data(as_text=True)
    assert 'max="6" value="2"' in html


def test_every_step_reads_in_english_too(client, app):
    with app.app_context():
        email = f.make_candidate(f.make_user("candidate", locale="en")).user.email
        db.session.commit()
    Login(client).as_user(email)
    expected = {"/profile": "My profile", "/profile/about": "About you",
                "/profile/permit": "Open work permit (any employer)",
                "/profile/french": "1 — I know a few words and ready-made phrases.",
                "/profile/experience": "Months of experience by occupation",
                "/profile/experience/new": "Suggest occupations",
                "/profile/preferences": "Shifts you can work",
                "/profile/consents": "Share my contact details when I apply",
                "/my-data": "Who viewed my profile", "/my-data/delete": "Delete my account"}
    for url, text in expected.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert text in response.get_data(as_text=True), url


def test_weekly_new_matches_are_asked_for_in_the_preferences_step(candidate_client, app,
                                                                  candidate_user):
    html = candidate_client.get("/profile/preferences").get_data(as_text=True)
    assert "Chaque semaine, envoyez-moi par courriel" in html
    post_form(candidate_client, "/profile/preferences", {
        "preferred_regions": "06", "shifts": "day", "weekly_matches": "y"})
    assert profile(app, candidate_user).weekly_matches is True


def test_the_jobs_one_would_like_carry_short_everyday_names(candidate_client):
    html = candidate_client.get("/profile/preferences").get_data(as_text=True)
    assert "Préposés aux bénéficiaires, aides-soignants et aides-infirmiers" in html
    assert "Cuisiniers/cuisinières" not in html and "Aides-infirmiers/aides-infirmières" not in html
