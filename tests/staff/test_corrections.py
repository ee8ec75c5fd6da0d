"""Staff correct French levels and permit details against documents; the candidate is told."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from matcher.extensions import db
from matcher.models import (
    AuditEvent,
    Candidate,
    Notification,
    OutboxMessage,
    ProfileCorrection,
    RankingChange,
)
from tests import factories as f
from tests.candidates.conftest import TODAY
from tests.conftest import Login, post_form

NOTE = "Le résultat du TEFAQ indique 6 à l’oral, pas 7."


@pytest.fixture(autouse=True)
def fixed_today(freeze_clock):
    freeze_clock(TODAY)


@pytest.fixture
def world(app):
    """A staff user, their agency's candidate (oral 7, French locale), another agency's."""
    with app.app_context():
        mine, other = f.make_agency("Agence A"), f.make_agency("Agence B")
        staff = f.make_staff(mine, email="agent@example.com")
        user = f.make_user("candidate", email="amaka@example.com", locale="fr_CA")
        ours = f.make_candidate(user, agency=mine, first_name="Amaka", last_name="Okafor",
                                french_oral_production=7, french_oral_comprehension=7,
                                permit_expires_on=TODAY + timedelta(days=200))
        english = f.make_candidate(f.make_user("candidate", email="en@example.com",
                                               locale="en"), agency=mine)
        theirs = f.make_candidate(agency=other)
        db.session.commit()
        return {"staff": staff.id, "ours": ours.id, "english": english.id,
                "theirs": theirs.id}


@pytest.fixture
def staff_client(client, world):
    Login(client).as_user("agent@example.com")
    return client


def correct_french(client, candidate_id, **values):
    url = f"/staff/candidates/{candidate_id}/correct/french"
    data = {"oral_comprehension": "", "oral_production": "6", "reading": "", "writing": "",
            "evidence": "test", "evidence_name": "TEFAQ", "evidence_on": "2026-03-01",
            "note": NOTE, **values}
    return post_form(client, url, data)


def test_a_french_correction_keeps_old_and_new_marks_verified_and_tells_the_candidate(
        staff_client, world, app):
    with app.app_context():
        before = db.session.scalar(select(db.func.max(RankingChange.id))) or 0
    response = correct_french(staff_client, world["ours"])
    assert response.status_code == 302
    with app.app_context():
        candidate = db.session.get(Candidate, world["ours"])
        assert candidate.french_oral_production == 6
        assert candidate.french_oral_production_source == "test"
        assert candidate.french_oral_comprehension == 7  # "Unchanged" left it alone
        assert candidate.french_verified_by_id == world["staff"]
        correction = db.session.scalars(select(ProfileCorrection)).one()
        assert correction.changes == [{"field": "french_oral_production", "old": 7, "new": 6}]
        assert (correction.evidence, correction.evidence_name, correction.note) == (
            "test", "TEFAQ", NOTE)
        event = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "candidate.french_corrected")).one()
        assert event.details["old"] == {"french_oral_production": 7}
        assert event.details["new"] == {"french_oral_production": 6}
        assert event.actor_id == world["staff"] and event.subject_id == world["ours"]
        # The matching indexes reload the profile through the usual change log.
        assert db.session.scalar(select(RankingChange).where(
            RankingChange.id > before, RankingChange.kind == "candidate",
            RankingChange.object_id == world["ours"])) is not None
        notice = db.session.scalars(select(Notification)).one()
        assert notice.kind == "profile.corrected" and notice.user_id == candidate.user_id
        message = db.session.scalars(select(OutboxMessage)).one()
        assert message.to_address == "amaka@example.com"
        assert "Parler en français\u00a0: niveau 7 → niveau 6" in message.body
        assert NOTE in message.body
    # The candidate sees the correction and the verified badge on their profile.
    candidate_client = app.test_client()
    Login(candidate_client).as_user("amaka@example.com")
    html = candidate_client.get("/profile").get_data(as_text=True)
    assert "Corrections faites par votre agent" in html
    assert "niveau 7 → niveau 6" in html and "TEFAQ" in html and "Vérifié le" in html


def test_the_message_is_written_in_the_candidates_own_language(staff_client, world, app):
    assert correct_french(staff_client, world["english"], oral_production="5").status_code == 302
    with app.app_context():
        message = db.session.scalars(select(OutboxMessage)).one()
        assert message.subject == "Passerelle: your officer corrected your profile"
        assert "- Speaking French: level 6 → level 5" in message.body
        assert "Why: " + NOTE in message.body


@pytest.mark.parametrize("values, field_error", [
    ({"note": "  "}, "Dites pourquoi la valeur change"),
    ({"evidence": "test", "evidence_name": ""}, "Nommez le test"),
    ({"evidence": "permit"}, "N&#39;est pas un choix valide"),  # a permit is no French proof
    ({"oral_production": "13"}, "N&#39;est pas un choix valide"),
    ({"oral_production": "7"}, "Rien ne diffère du profil"),
    ({"evidence_on": "2026-12-31"}, "Cette date est dans le futur"),
])
def test_a_bad_correction_is_refused_with_a_message_and_changes_nothing(
        staff_client, world, app, values, field_error):
    response = correct_french(staff_client, world["ours"], **values)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert field_error in html
    with app.app_context():
        assert db.session.get(Candidate, world["ours"]).french_oral_production == 7
        assert db.session.scalar(select(db.func.count()).select_from(ProfileCorrection)) == 0
        assert db.session.scalar(select(db.func.count()).select_from(OutboxMessage)) == 0


def test_a_permit_correction_sets_what_the_document_shows_without_permit_details_in_the_log(
        staff_client, world, app):
    new_expiry = TODAY + timedelta(days=100)
    response = post_form(staff_client, f"/staff/candidates/{world['ours']}/correct/permit", {
        "permit_kind": "open", "permit_expires_on": new_expiry.isoformat(),
        "permit_employer_id": "", "permit_renewal_applied_on": "",
        "evidence": "permit", "evidence_name": "", "evidence_on": TODAY.isoformat(),
        "note": "Le permis montre une autre date d’expiration."})
    assert response.status_code == 302
    with app.app_context():
        candidate = db.session.get(Candidate, world["ours"])
        assert candidate.permit_expires_on == new_expiry
        assert candidate.permit_verified_by_id == world["staff"]
        correction = db.session.scalars(select(ProfileCorrection)).one()
        assert correction.changes == [{"field": "permit_expires_on",
                                       "old": (TODAY + timedelta(days=200)).isoformat(),
                                       "new": new_expiry.isoformat()}]
        event = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "candidate.permit_corrected")).one()
        assert new_expiry.isoformat() not in str(event.details)
        assert event.details["correction_id"] == correction.id
        body = db.session.scalars(select(OutboxMessage)).one().body
        assert "Date d’expiration du permis" in body


def test_an_expired_date_is_refused_like_on_the_candidates_own_form(staff_client, world, app):
    response = post_form(staff_client, f"/staff/candidates/{world['ours']}/correct/permit", {
        "permit_kind": "open", "permit_expires_on": (TODAY - timedelta(days=3)).isoformat(),
        "evidence": "permit", "note": "Vu le permis."})
    assert response.status_code == 200
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(ProfileCorrection)) == 0


def test_staff_of_another_agency_get_a_404_and_unknown_sections_too(staff_client, world):
    assert correct_french(staff_client, world["theirs"]).status_code == 404
    assert staff_client.get(f"/staff/candidates/{world['theirs']}/correct/french"
                            ).status_code == 404
    assert staff_client.get(f"/staff/candidates/{world['ours']}/correct/skills"
                            ).status_code == 404


def test_a_candidate_cannot_open_the_correction_page(client, world, app):
    Login(client).as_user("amaka@example.com")
    response = client.get(f"/staff/candidates/{world['ours']}/correct/french")
    assert response.status_code in (403, 404)


def test_the_correction_is_in_the_candidates_export_and_leaves_with_the_account(
        staff_client, world, app):
    assert correct_french(staff_client, world["ours"]).status_code == 302
    candidate_client = app.test_client()
    Login(candidate_client).as_user("amaka@example.com")
    data = candidate_client.get("/my-data/export").get_json()
    (correction,) = data["profile_corrections"]
    assert correction["note"] == NOTE and correction["changes"][0]["new"] == 6
    with app.app_context():
        from matcher.candidates import privacy

        candidate = db.session.get(Candidate, world["ours"])
        privacy.delete_account(candidate.user)
        db.session.commit()
        assert db.session.scalar(select(db.func.count()).select_from(ProfileCorrection)) == 0
