"""Declining with a reason (told to the candidate in their language) and bulk moves."""

import pytest
from sqlalchemy import select

from matcher.applications import services
from matcher.applications.services import ApplicationError
from matcher.extensions import db
from matcher.models import Application, AuditEvent, Notification, OutboxMessage
from tests import factories as f
from tests.conftest import Login, post_form


def plain(text: str) -> str:
    """Fold the no-break spaces of French typography into plain spaces."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def text(response) -> str:
    """Return a response's page with plain spaces."""
    return plain(response.get_data(as_text=True))


def world(app, locale="fr_CA"):
    with app.app_context():
        employer = f.make_employer(name="CHSLD des Érables (fictif)")
        f.make_employer_user(employer, email="rh@example.com")
        f.make_employer_user(email="other@example.com")
        posting = f.make_posting(employer, title="Préposé aux bénéficiaires")
        user = f.make_user("candidate", email="marie@example.com", locale=locale)
        application = f.make_application(f.make_candidate(user), posting, status="applied")
        db.session.commit()
        return posting.id, application.id


def candidate_mail(app) -> OutboxMessage:
    with app.app_context():
        return db.session.scalar(select(OutboxMessage).where(
            OutboxMessage.to_address == "marie@example.com"))


@pytest.mark.parametrize(("locale", "words"), [
    ("fr_CA", "un niveau de français plus élevé"),
    ("en", "a higher level of French"),
])
def test_a_declined_candidate_is_told_the_reason_in_their_language(app, client, locale, words):
    posting_id, application_id = world(app, locale)
    Login(client).as_user("rh@example.com")
    url = f"/employer/applications/{application_id}/reject"
    response = post_form(client, url, {"reason": "french_level",
                                       "detail": "Entrevue : accent difficile à suivre."})
    assert response.status_code == 302
    mail = candidate_mail(app)
    assert words in plain(mail.body)
    assert "/matches" in plain(mail.body)  # what could help next time
    assert "accent difficile" not in plain(mail.body)  # HR's words for the team are never sent
    with app.app_context():
        application = db.session.get(Application, application_id)
        assert application.status == "rejected"
        assert application.rejection_reason == "french_level"
        event = db.session.scalar(select(AuditEvent).filter_by(
            action="application.status_changed", subject_id=application_id))
        assert event.details["reason"] == "french_level"
        assert event.details["message_sent"] is False
        assert "accent" not in str(event.details)
        assert db.session.scalar(select(Notification.kind).where(
            Notification.user_id == application.candidate.user_id)) == "application.rejected"
    page = text(client.get(f"/employer/postings/{posting_id}/pipeline"))
    page = page.replace("\u00a0", " ").replace("\u202f", " ")
    assert "Motif : Niveau de français" in page and "accent difficile" in page
    candidate = app.test_client()
    Login(candidate).as_user("marie@example.com")
    mine = text(candidate.get("/applications"))
    assert "accent difficile" not in mine


def test_a_message_hr_writes_to_the_candidate_is_sent_as_written(app, client):
    _posting_id, application_id = world(app)
    Login(client).as_user("rh@example.com")
    post_form(client, f"/employer/applications/{application_id}/reject",
              {"reason": "position_filled", "message": "Merci, nous gardons votre dossier."})
    body = plain(candidate_mail(app).body)
    assert "Merci, nous gardons votre dossier." in body
    assert "Le poste a été pourvu" in body


def test_declining_needs_a_reason_and_other_needs_words(app, client):
    _posting_id, application_id = world(app)
    Login(client).as_user("rh@example.com")
    url = f"/employer/applications/{application_id}/reject"
    for data, error in (({}, "Choisissez un motif."),
                        ({"reason": "other"}, "Dites en quelques mots"),
                        ({"reason": "mood"}, "Not a valid choice")):
        response = post_form(client, url, data)
        assert response.status_code == 200
        page = text(response)
        assert "data-error-summary" in page
        if error != "Not a valid choice":
            assert error in page
    with app.app_context():
        assert db.session.get(Application, application_id).status == "applied"
        assert candidate_mail(app) is None


def test_the_plain_move_form_cannot_decline_without_a_reason(app, client):
    _posting_id, application_id = world(app)
    Login(client).as_user("rh@example.com")
    post_form(client, f"/employer/applications/{application_id}/move", {"status": "rejected"},
              token_from=f"/employer/applications/{application_id}/reject")
    with app.app_context():
        assert db.session.get(Application, application_id).status == "applied"


def test_another_employer_cannot_decline(app, client):
    _posting_id, application_id = world(app)
    Login(client).as_user("other@example.com")
    response = post_form(client, f"/employer/applications/{application_id}/reject",
                         {"reason": "experience"}, token_from="/employer")
    assert response.status_code == 404


def test_reject_refuses_a_status_that_cannot_be_declined(app):
    with app.app_context():
        hr = f.make_employer_user()
        posting = f.make_posting(hr.membership.employer)
        application = f.make_application(posting=posting, status="withdrawn")
        with pytest.raises(ApplicationError, match="forbidden_move"):
            services.reject(hr, application, "experience")
        with pytest.raises(ApplicationError, match="reason_required"):
            services.reject(hr, f.make_application(posting=posting), "mood")
        assert application.rejection_reason is None


def bulk_world(app):
    with app.app_context():
        employer = f.make_employer()
        f.make_employer_user(employer, email="rh@example.com")
        posting = f.make_posting(employer, openings=5)
        other_posting = f.make_posting(f.make_employer())
        applied = [f.make_application(posting=posting, status="applied") for _ in range(2)]
        withdrawn = f.make_application(posting=posting, status="withdrawn")
        foreign = f.make_application(posting=other_posting, status="applied")
        db.session.commit()
        return posting.id, [a.id for a in applied], withdrawn.id, foreign.id


def statuses(app, ids):
    with app.app_context():
        return [db.session.get(Application, i).status for i in ids]


def test_a_bulk_move_moves_the_valid_ones_and_names_the_others(app, client):
    posting_id, applied, withdrawn, foreign = bulk_world(app)
    Login(client).as_user("rh@example.com")
    pipeline = f"/employer/postings/{posting_id}/pipeline"
    response = post_form(client, f"{pipeline}/bulk", {
        "status": "shortlisted", "application_ids": [*map(str, applied), str(withdrawn),
                                                      str(foreign)]},
        token_from=pipeline, follow_redirects=True)
    page = text(response)
    assert statuses(app, applied) == ["shortlisted", "shortlisted"]
    assert statuses(app, [withdrawn, foreign]) == ["withdrawn", "applied"]
    assert "2 candidatures déplacées." in page
    assert "Non déplacée" in page and "Ce changement de statut n’est pas possible." in page
    with app.app_context():
        moves = db.session.scalars(select(AuditEvent).filter_by(
            action="application.status_changed")).all()
        assert sorted(e.subject_id for e in moves) == sorted(applied)


def test_a_bulk_decline_needs_a_reason_and_tells_each_candidate(app, client):
    posting_id, applied, _withdrawn, _foreign = bulk_world(app)
    Login(client).as_user("rh@example.com")
    pipeline = f"/employer/postings/{posting_id}/pipeline"
    data = {"status": "rejected", "application_ids": [str(i) for i in applied]}
    response = post_form(client, f"{pipeline}/bulk", data, token_from=pipeline,
                         follow_redirects=True)
    assert "Choisissez pourquoi ces candidatures" in text(response)
    assert statuses(app, applied) == ["applied", "applied"]
    post_form(client, f"{pipeline}/bulk", {**data, "reason": "position_filled"},
              token_from=pipeline)
    assert statuses(app, applied) == ["rejected", "rejected"]
    with app.app_context():
        assert len(db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.subject.contains("votre candidature"))).all()) == 2


def test_a_bulk_move_with_nothing_selected_or_a_bad_status_changes_nothing(app, client):
    posting_id, applied, _withdrawn, _foreign = bulk_world(app)
    Login(client).as_user("rh@example.com")
    pipeline = f"/employer/postings/{posting_id}/pipeline"
    page = text(post_form(client, f"{pipeline}/bulk", {"status": "shortlisted"},
                          token_from=pipeline, follow_redirects=True))
    assert "Sélectionnez au moins une candidature." in page
    post_form(client, f"{pipeline}/bulk", {"status": "hired", "application_ids": applied},
              token_from=pipeline)
    post_form(client, f"{pipeline}/bulk", {"status": "shortlisted", "application_ids": ["x"]},
              token_from=pipeline)
    assert statuses(app, applied) == ["applied", "applied"]
