"""Staff: the candidates they follow, audited views, verification of permit and French."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from matcher.extensions import db
from matcher.models import AuditEvent, Candidate
from tests import factories as f
from tests.candidates.conftest import TODAY
from tests.conftest import Login, post_form


@pytest.fixture(autouse=True)
def fixed_today(freeze_clock):
    freeze_clock(TODAY)


@pytest.fixture
def world(app):
    """Two agencies, a staff user of each, their candidates, and one with no agency."""
    with app.app_context():
        mine, other = f.make_agency("Agence A"), f.make_agency("Agence B")
        staff = f.make_staff(mine)
        ids = {
            "staff": staff.email,
            "ours": f.make_candidate(agency=mine, first_name="Amaka", last_name="Okafor",
                                     permit_expires_on=TODAY + timedelta(days=200)).id,
            "unassigned": f.make_candidate(first_name="Diego", last_name="Pérez").id,
            "theirs": f.make_candidate(agency=other, first_name="Rose", last_name="Louis").id,
            "candidate_email": None,
        }
        ours = db.session.get(Candidate, ids["ours"])
        ids["candidate_email"] = ours.user.email
        db.session.commit()
    return ids


@pytest.fixture
def staff_client(client, world):
    Login(client).as_user(world["staff"])
    return client


def test_staff_list_their_agencys_candidates_and_unassigned_ones(staff_client, world):
    html = staff_client.get("/staff/candidates").get_data(as_text=True)
    assert "Amaka Okafor" in html and "Diego Pérez" in html
    assert "Rose Louis" not in html
    assert staff_client.get(f"/staff/candidates/{world['theirs']}").status_code == 404


def search(client, **values):
    """Post the search form as the page does; return the page it redirects to."""
    response = post_form(client, "/staff/candidates/search",
                         {"q": "", "to_verify": "", **values}, token_from="/staff/candidates")
    assert response.status_code == 302 and response.headers["Location"] == "/staff/candidates"
    return client.get("/staff/candidates").get_data(as_text=True)


def test_staff_search_by_name_and_by_what_awaits_verification(staff_client, world):
    html = search(staff_client, q="okaf")
    assert "Amaka Okafor" in html and "Diego" not in html
    post_form(staff_client, f"/staff/candidates/{world['ours']}/verify",
              {"what": "permit", "verified": "1"}, token_from=f"/staff/candidates/{world['ours']}")
    html = search(staff_client, to_verify="permit")
    assert "Diego Pérez" in html and "Amaka" not in html
    html = search(staff_client, to_verify="x", q="y" * 300)  # refused: the search stays
    assert "Diego Pérez" in html and "Amaka" not in html
    assert "La recherche n’a pas été modifiée" in html


def test_opening_a_profile_is_audited_as_a_view(staff_client, app, world):
    response = staff_client.get(f"/staff/candidates/{world['ours']}")
    assert response.status_code == 200
    assert "Amaka Okafor" in response.get_data(as_text=True)
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "candidate.viewed")).all()
        assert [(e.subject_type, e.subject_id, e.actor_role) for e in events] == [
            ("Candidate", world["ours"], "staff")]


def verify(client, candidate_id, what, on=True):
    url = f"/staff/candidates/{candidate_id}"
    return post_form(client, f"{url}/verify", {"what": what, "verified": "1" if on else "0"},
                     token_from=url)


def test_staff_mark_permit_and_french_verified_with_who_and_when(staff_client, app, world):
    assert verify(staff_client, world["ours"], "permit").status_code == 302
    assert verify(staff_client, world["ours"], "french").status_code == 302
    with app.app_context():
        candidate = db.session.get(Candidate, world["ours"])
        staff_id = db.session.scalar(select(f.User.id).where(f.User.email == world["staff"]))
        assert candidate.permit_verified_by_id == staff_id
        assert candidate.french_verified_by_id == staff_id
        assert candidate.permit_verified_at is not None
        actions = set(db.session.scalars(select(AuditEvent.action)))
        assert {"candidate.permit_verified", "candidate.french_verified"} <= actions
    html = staff_client.get(f"/staff/candidates/{world['ours']}").get_data(as_text=True)
    assert html.count("Vérifié le") >= 2 and world["staff"] in html


def test_a_verification_can_be_removed(staff_client, app, world):
    verify(staff_client, world["ours"], "permit")
    verify(staff_client, world["ours"], "permit", on=False)
    with app.app_context():
        assert db.session.get(Candidate, world["ours"]).permit_verified_at is None


def test_nothing_to_verify_without_a_permit_in_hand(staff_client, app, world):
    with app.app_context():
        candidate = db.session.get(Candidate, world["ours"])
        candidate.permit_kind, candidate.permit_expires_on = "pending", None
        db.session.commit()
    verify(staff_client, world["ours"], "permit")
    with app.app_context():
        assert db.session.get(Candidate, world["ours"]).permit_verified_at is None


@pytest.mark.parametrize("data", [{"what": "salary", "verified": "1"},
                                  {"what": "permit", "verified": "maybe"}, {}])
def test_a_bad_verification_request_changes_nothing(staff_client, app, world, data):
    url = f"/staff/candidates/{world['ours']}"
    assert post_form(staff_client, f"{url}/verify", data, token_from=url).status_code == 302
    with app.app_context():
        candidate = db.session.get(Candidate, world["ours"])
        assert candidate.permit_verified_at is None and candidate.french_verified_at is None


def test_staff_cannot_verify_another_agencys_candidate(staff_client, app, world):
    url = f"/staff/candidates/{world['theirs']}/verify"
    response = post_form(staff_client, url, {"what": "permit", "verified": "1"},
                         token_from="/staff/candidates")
    assert response.status_code == 404


def test_a_verified_field_shows_to_the_candidate_and_editing_it_clears_it(
        staff_client, app, world):
    verify(staff_client, world["ours"], "permit")
    verify(staff_client, world["ours"], "french")
    candidate_client = app.test_client()
    Login(candidate_client).as_user(world["candidate_email"])
    for url in ("/profile", "/profile/permit"):
        assert "Vérifié" in candidate_client.get(url).get_data(as_text=True)

    # Saving the French step unchanged keeps the verification; a change clears it.
    french = {"french_oral_comprehension": "6", "french_oral_comprehension_source": "self",
              "french_oral_production": "6", "french_oral_production_source": "self",
              "french_reading": "5", "french_reading_source": "self",
              "french_writing": "5", "french_writing_source": "self"}
    post_form(candidate_client, "/profile/french", french)
    with app.app_context():
        assert db.session.get(Candidate, world["ours"]).french_verified_at is not None
    post_form(candidate_client, "/profile/french", {**french, "french_writing": "7"})
    with app.app_context():
        candidate = db.session.get(Candidate, world["ours"])
        assert candidate.french_verified_at is None and candidate.french_verified_by_id is None
        assert candidate.permit_verified_at is not None, "the permit is still as checked"

    post_form(candidate_client, "/profile/permit", {
        "permit_kind": "open", "permit_expires_on": (TODAY + timedelta(days=400)).isoformat()})
    with app.app_context():
        assert db.session.get(Candidate, world["ours"]).permit_verified_at is None


def test_staff_pages_are_for_staff(client, app, world):
    assert "/login" in client.get("/staff/candidates").headers["Location"]
    Login(client).as_user(world["candidate_email"])
    assert client.get("/staff/candidates").status_code == 403
    assert client.get(f"/staff/candidates/{world['ours']}").status_code == 403


@pytest.mark.parametrize(("days", "renewal", "expected"), [
    (20, None, "Son permis expire dans 20 jours"),
    (-5, -30, "Son permis a expiré le"),
    (-5, None, "Aucune demande de renouvellement"),
])
def test_staff_read_the_permit_notice_about_the_person_not_to_them(
        staff_client, app, world, days, renewal, expected):
    with app.app_context():
        candidate = db.session.get(Candidate, world["ours"])
        candidate.permit_expires_on = TODAY + timedelta(days=days)
        candidate.permit_renewal_applied_on = (TODAY + timedelta(days=renewal)
                                               if renewal is not None else None)
        db.session.commit()
    html = staff_client.get(f"/staff/candidates/{world['ours']}").get_data(as_text=True)
    assert expected in html
    assert "Votre permis" not in html and "vous gardez" not in html
    assert "Pas encore répondu" not in html  # a permit entered by import or API is an answer


def test_a_level_from_a_test_reads_without_parentheses_inside_parentheses(staff_client, app,
                                                                          world):
    with app.app_context():
        candidate = db.session.get(Candidate, world["ours"])
        candidate.french_oral_production, candidate.french_oral_production_source = 5, "test"
        db.session.commit()
    html = staff_client.get(f"/staff/candidates/{world['ours']}").get_data(as_text=True)
    assert "niveau 5 (test de français)" in html
    assert "))" not in html
