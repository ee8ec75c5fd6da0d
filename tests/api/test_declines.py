"""Declining through the API: the pipeline page's rule (a reason, words for "other"), the same
respectful message to the candidate, translated 422s that change nothing."""

import pytest
from sqlalchemy import select

from matcher.applications import services
from matcher.extensions import db
from matcher.models import Application, AuditEvent, Notification, OutboxMessage, User
from matcher.models.application import REJECTION_REASONS
from tests.api.conftest import bearer


def moves(client, world, body, **headers):
    return client.post(f"/api/v1/applications/{world.application_id}/moves", json=body,
                       headers=bearer(world.employer_token, **headers))


def unchanged(app, world) -> None:
    """The application is still applied and the candidate was told nothing."""
    with app.app_context():
        application = db.session.get(Application, world.application_id)
        assert application.status == "applied"
        assert application.rejection_reason is None
        user_id = application.candidate.user_id
        assert db.session.scalars(select(Notification).where(
            Notification.user_id == user_id)).all() == []
        assert db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.to_address == application.candidate.user.email)).all() == []


@pytest.mark.parametrize(("language", "words"), [
    ("fr-CA", "Choisissez pourquoi la candidature n’est pas retenue."),
    ("en", "Choose why the application is not retained."),
])
def test_declining_without_a_reason_is_a_translated_422_on_the_reason(app, client, world,
                                                                       language, words):
    response = moves(client, world, {"status": "rejected"}, **{"Accept-Language": language})
    assert response.status_code == 422, response.json
    assert response.json["code"] == "reason_required"
    assert response.json["errors"] == [{"field": "reason", "message": words,
                                        "code": "reason_required"}]
    unchanged(app, world)


def test_the_other_reason_needs_words_at_the_detail_field(app, client, world):
    response = moves(client, world, {"status": "rejected", "reason": "other"},
                     **{"Accept-Language": "en"})
    assert response.status_code == 422
    assert response.json["errors"][0]["field"] == "detail"
    assert response.json["errors"][0]["code"] == "other_reason_needs_words"
    unchanged(app, world)


def test_an_unknown_reason_or_a_reason_with_another_move_is_refused(app, client, world):
    unknown = moves(client, world, {"status": "rejected", "reason": "too_old"})
    assert unknown.status_code == 422 and unknown.json["errors"][0]["field"] == "reason"
    stray = moves(client, world, {"status": "shortlisted", "reason": "experience",
                                  "message": "Merci"}, **{"Accept-Language": "en"})
    assert stray.status_code == 422
    assert [e["field"] for e in stray.json["errors"]] == ["reason", "message"]
    assert stray.json["errors"][0]["message"] == (
        "Only a decline (status rejected) takes this field.")
    unchanged(app, world)


def test_a_decline_tells_the_candidate_the_reason_and_the_message_not_the_team_words(
        app, client, world):
    response = moves(client, world, {
        "status": "rejected", "reason": "other", "detail": "Profil incomplet pour le CA.",
        "message": "Merci pour votre temps ; écrivez-nous au printemps."})
    assert response.status_code == 200, response.json
    assert response.json["status"] == "rejected"
    with app.app_context():
        application = db.session.get(Application, world.application_id)
        assert (application.rejection_reason, application.rejection_detail) == (
            "other", "Profil incomplet pour le CA.")
        user = application.candidate.user
        kinds = db.session.scalars(select(Notification.kind).where(
            Notification.user_id == user.id)).all()
        assert kinds == ["application.rejected"]  # never the generic status notice
        mails = db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.to_address == user.email)).all()
        assert len(mails) == 1
        body = mails[0].body.replace("\u00a0", " ").replace("\u202f", " ")
        assert "écrivez-nous au printemps" in body
        assert "Profil incomplet" not in body
        audit = db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "application.status_changed",
            AuditEvent.subject_id == application.id))
        assert audit.details["reason"] == "other"


def test_declining_a_hired_application_is_still_a_conflict(app, client, world):
    with app.app_context():
        db.session.get(Application, world.application_id).status = "hired"
        db.session.commit()
    response = moves(client, world, {"status": "rejected", "reason": "experience"})
    assert response.status_code == 409 and response.json["code"] == "forbidden_move"


def test_the_service_refuses_a_plain_move_to_rejected(app, world):
    with app.app_context():
        application = db.session.get(Application, world.application_id)
        hr = db.session.scalar(select(User).where(User.email == world.employer_email))
        with pytest.raises(services.ApplicationError) as refused:
            services.move(hr, application, "rejected")
        assert (refused.value.code, refused.value.field) == ("reason_required", "reason")
        assert application.status == "applied"


def test_the_openapi_document_lists_the_pipeline_pages_reasons(client):
    document = client.get("/api/v1/openapi.json").json
    move = document["components"]["schemas"]["Move"]["properties"]
    listed = next(option["enum"] for option in move["reason"]["anyOf"] if "enum" in option)
    assert listed == list(REJECTION_REASONS)
    assert set(move) == {"status", "reason", "detail", "message"}
