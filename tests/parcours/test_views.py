"""Parcours pages: who sees what, the notes' audit trail, bad input, the candidate's view."""

from datetime import timedelta

from sqlalchemy import func, select

from matcher.extensions import db
from matcher.models import ActionPlan, AuditEvent, CaseNote, PlanAction
from tests.conftest import Login, post_form
from tests.parcours.conftest import TODAY


def plan_url(people) -> str:
    return f"/parcours/candidates/{people['candidate']}"


def client_of(app, email):
    client = app.test_client()
    Login(client).as_user(email)
    return client


def record_meeting(client, people, met_on=TODAY, mode="in_person"):
    return post_form(client, plan_url(people) + "/meeting",
                     {"met_on": met_on.isoformat(), "mode": mode}, token_from=plan_url(people))


def test_officer_records_a_meeting_adds_an_action_and_completes_it(app, people):
    client = client_of(app, "agent@example.com")
    assert record_meeting(client, people).status_code == 302
    response = post_form(client, plan_url(people) + "/actions",
                         {"step": "arrival", "arrival-kind": "bank_account",
                          "arrival-title": "Desjardins", "arrival-due_on": "2026-03-20"},
                         token_from=plan_url(people))
    assert response.status_code == 302
    with app.app_context():
        action_id = db.session.scalar(select(PlanAction.id))
    response = post_form(client, f"/parcours/actions/{action_id}/move", {"to": "done"},
                         token_from=plan_url(people), follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Ouvrir un compte bancaire — Desjardins" in html
    assert "faite le 9 mars 2026 par agent@example.com" in html
    assert "Actions en cours" in html


def test_bad_input_is_explained_at_the_field_and_changes_nothing(app, people):
    client = client_of(app, "agent@example.com")
    response = record_meeting(client, people, met_on=TODAY + timedelta(days=2))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "La rencontre ne peut pas être enregistrée avant d’avoir eu lieu." in html
    response = post_form(client, plan_url(people) + "/meeting",
                         {"met_on": "pas une date", "mode": "telepathy"},
                         token_from=plan_url(people))
    assert response.status_code == 200
    assert 'id="met_on-error"' in response.get_data(as_text=True)
    response = post_form(client, plan_url(people) + "/actions", {"step": "arrival"},
                         token_from=plan_url(people))
    assert "Enregistrez d’abord la première rencontre" in response.get_data(as_text=True)
    response = post_form(client, plan_url(people) + "/actions", {"step": "nowhere"},
                         token_from=plan_url(people), follow_redirects=True)
    assert response.status_code == 200
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ActionPlan)) == 0
        assert db.session.scalar(select(func.count()).select_from(PlanAction)) == 0


def test_only_the_candidates_agency_reads_and_writes_notes(app, people):
    officer = client_of(app, "agent@example.com")
    post_form(officer, plan_url(people) + "/notes", {"text": "Cherche un logement à Verdun."},
              token_from=plan_url(people))
    colleague = client_of(app, "collegue@example.com")
    assert "Cherche un logement à Verdun." in colleague.get(plan_url(people)).get_data(
        as_text=True)
    outsider = client_of(app, "ailleurs@example.com")
    assert outsider.get(plan_url(people)).status_code == 404
    admin = client_of(app, "admin@example.com")
    html = admin.get(plan_url(people)).get_data(as_text=True)
    assert "Cherche un logement" not in html
    response = post_form(admin, plan_url(people) + "/notes", {"text": "Note d’admin"},
                         token_from=plan_url(people))
    assert "Seul le personnel de l’organisme de la personne" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(CaseNote.text)).all() == [
            "Cherche un logement à Verdun."]


def test_each_reading_of_the_notes_is_audited_and_shown_to_the_candidate(app, people):
    officer = client_of(app, "agent@example.com")
    officer.get(plan_url(people))
    officer.get(plan_url(people))
    with app.app_context():
        reads = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "candidate.viewed")).all()
        assert [event.details["part"] for event in reads] == ["case_notes", "case_notes"]
        assert {event.subject_id for event in reads} == {people["candidate"]}
    candidate = client_of(app, "grace@example.com")
    html = candidate.get("/my-data").get_data(as_text=True)
    assert html.count("CREMCV") == 2
    assert "notes de suivi" in html


def test_the_candidate_sees_the_plan_but_never_the_notes(app, people):
    officer = client_of(app, "agent@example.com")
    record_meeting(officer, people, met_on=TODAY - timedelta(days=1))
    post_form(officer, plan_url(people) + "/actions",
              {"step": "francization", "francization-kind": "francisation_registration",
               "francization-due_on": "2026-03-16"}, token_from=plan_url(people))
    post_form(officer, plan_url(people) + "/notes", {"text": "Secret de l’agence"},
              token_from=plan_url(people))
    candidate = client_of(app, "grace@example.com")
    html = candidate.get("/my-plan").get_data(as_text=True)
    assert "Votre prochaine étape" in html
    assert "S’inscrire à Francisation Québec" in html
    assert "16 mars 2026" in html
    assert "Secret de l’agence" not in html
    assert candidate.get(plan_url(people)).status_code == 403


def test_the_caseload_lists_what_needs_the_officer(app, people):
    officer = client_of(app, "agent@example.com")
    html = officer.get("/parcours").get_data(as_text=True)
    assert "Grâce Mukendi" in html
    assert "Premières rencontres à tenir" in html
    assert "À tenir au plus tard le 9 mars 2026" in html or \
        "À tenir au plus tard le 9 mars 2026" in html  # arrived March 5, day 1 of 5
    colleague = client_of(app, "collegue@example.com")
    assert "Grâce Mukendi" not in colleague.get("/parcours").get_data(as_text=True)
    assert "Grâce Mukendi" in colleague.get("/parcours?scope=agency").get_data(as_text=True)
    assert colleague.get("/parcours?scope=nonsense").status_code == 200
