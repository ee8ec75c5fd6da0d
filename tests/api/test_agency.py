"""The agency's side of the API: broken rules as a translated field list, and the
candidates' action plans read without the case notes."""

from datetime import date, timedelta

from sqlalchemy import select

from matcher import clock
from matcher.extensions import db
from matcher.models import AuditEvent, Candidate, User
from matcher.parcours import notes, services
from matcher.tokens import services as tokens
from tests import factories as f
from tests.api.conftest import bearer

PROBLEM = "application/problem+json"
BODY = {"email": "farida@example.com", "first_name": "Farida", "last_name": "Rahimi",
        "permit_kind": "pending"}


def put(client, token, external_id, body, language="fr"):
    return client.put(f"/api/v1/candidates/{external_id}", json=body,
                      headers=bearer(token, **{"Accept-Language": language}))


def test_broken_rules_come_back_as_a_translated_field_list(client, world):
    future = (clock.today() + timedelta(days=30)).isoformat()
    body = {**BODY, "permit_kind": "employer_specific", "arrival_date": future,
            "preferred_regions": ["06", "42"],
            "experiences": [{"title": "Cook", "start_on": "2020-01-01", "end_on": "2019-01-01",
                             "noc_code": "99999"}]}
    english = put(client, world.agency_token, "CR-9", body, "en")
    french = put(client, world.agency_token, "CR-9", body, "fr-CA")
    assert english.status_code == french.status_code == 422
    assert english.content_type == PROBLEM and english.json["code"] == "rules_broken"
    fields = {e["field"]: e for e in english.json["errors"]}
    assert set(fields) == {"preferred_regions", "arrival_date", "permit_expires_on",
                           "permit_employer", "experiences[0].noc_code", "experiences[0].end_on"}
    assert fields["preferred_regions"]["message"] == "has unknown codes: 42"
    assert fields["arrival_date"]["message"] == "The arrival date is in the future."
    assert fields["experiences[0].end_on"]["message"] == "The end date is before the start date."
    assert fields["arrival_date"]["code"] == "rule"
    assert english.json["detail"] == "The candidate breaks the rules below."
    french_fields = {e["field"]: e["message"] for e in french.json["errors"]}
    assert set(french_fields) == set(fields)
    assert french_fields["arrival_date"] != fields["arrival_date"]["message"]
    assert french_fields["preferred_regions"] != fields["preferred_regions"]["message"]
    assert french.json["detail"] != english.json["detail"]
    assert "The" not in french.json["detail"]


def test_an_email_of_another_account_is_a_field_error(app, client, world):
    response = put(client, world.agency_token, "CR-9", {**BODY, "email": world.employer_email},
                   "en")
    assert response.status_code == 422
    assert response.json["errors"] == [{"field": "email", "message": "belongs to another account",
                                        "code": "taken"}]


def test_the_api_and_the_import_give_the_same_message_for_the_same_record(app, client, world,
                                                                         runner, tmp_path):
    import json

    record = {**BODY, "phone": "call me", "french_reading": 13, "shifts": ["dawn"]}
    api = put(client, world.agency_token, "CR-9", record, "en")
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({**record, "external_id": "CR-9"}) + "\n", encoding="utf-8")
    result = runner.invoke(args=["import", "candidates", str(path), "--agency", "CREMCV"])
    assert api.status_code == 422 and result.exit_code != 0
    for error in api.json["errors"]:
        assert f"line 1: {error['field']}: {error['message']}" in result.output


def plan_world(app):
    """Give the world's agency candidate CR-1 a plan with a first meeting, two actions and a
    case note; return the ids."""
    with app.app_context():
        candidate = db.session.scalar(select(Candidate).where(Candidate.external_id == "CR-1"))
        officer = db.session.scalar(select(User).where(User.role == "staff"))
        today = clock.today()
        services.record_first_meeting(candidate, today, "phone", officer, today)
        services.add_action(candidate, "francization", "francisation_registration", "",
                            today + timedelta(days=10), officer, today)
        late = services.add_action(candidate, "arrival", None, "Trouver un logement",
                                   today, officer, today)
        late.due_on = today - timedelta(days=2)  # added on time, now overdue
        notes.add_note(candidate, "Note confidentielle de l'agente", officer)
        db.session.commit()
        return candidate.id, late.id


def test_an_agency_reads_its_candidates_plan_without_the_notes(app, client, world):
    candidate_id, late_id = plan_world(app)
    response = client.get("/api/v1/candidates/CR-1/plan",
                          headers=bearer(world.agency_token, **{"Accept-Language": "en"}))
    assert response.status_code == 200, response.json
    plan = response.json
    assert plan["external_id"] == "CR-1" and plan["started"] is True
    assert plan["status"] == "plan"
    assert plan["first_meeting"]["held_on"] == clock.today().isoformat()
    assert plan["first_meeting"]["mode"] == "phone"
    assert [step["step"] for step in plan["steps"]] == ["arrival", "francization", "job_market",
                                                        "community"]
    arrival, francization = plan["steps"][0]["actions"], plan["steps"][1]["actions"]
    assert arrival == [{"id": late_id, "kind": None, "label": "Trouver un logement",
                        "status": "to_do",
                        "due_on": (clock.today() - timedelta(days=2)).isoformat(),
                        "done_on": None, "overdue": True}]
    assert francization[0]["label"] == "Register with Francisation Québec"
    assert "confidentielle" not in response.get_data(as_text=True)
    assert "note" not in response.get_data(as_text=True).lower()
    with app.app_context():
        event = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "candidate.viewed", AuditEvent.subject_id == candidate_id)
            .order_by(AuditEvent.id.desc())).first()
        assert event.details["part"] == "plan"
        assert event.details["api_token_id"] is not None


def test_a_candidate_without_a_plan_reads_as_a_blank_plan(app, client, world):
    with app.app_context():
        candidate = db.session.scalar(select(Candidate).where(Candidate.external_id == "CR-1"))
        candidate.arrival_date = date(2026, 1, 5)
        db.session.commit()
    response = client.get("/api/v1/candidates/CR-1/plan", headers=bearer(world.agency_token))
    assert response.status_code == 200
    assert response.json["started"] is False and response.json["status"] == "new"
    assert response.json["first_meeting"]["due_by"] == "2026-01-09"
    assert all(step["actions"] == [] for step in response.json["steps"])
    with app.app_context():
        assert db.session.execute(select(db.text("count(*) from action_plans"))).scalar() == 0


def test_another_agencys_plan_is_a_404_and_other_scopes_a_403(app, client, world):
    plan_world(app)
    with app.app_context():
        other = f.make_agency("Libre Emploi")
        token = tokens.create_token(f.make_staff(other), "agency", "autre")[1]
        db.session.commit()
    assert client.get("/api/v1/candidates/CR-1/plan", headers=bearer(token)).status_code == 404
    assert client.get("/api/v1/candidates/CR-404/plan",
                      headers=bearer(world.agency_token)).status_code == 404
    assert client.get("/api/v1/candidates/CR-1/plan",
                      headers=bearer(world.employer_token)).status_code == 403
    assert client.post("/api/v1/candidates/CR-1/plan",
                       headers=bearer(world.agency_token)).status_code == 405
