"""Notes on an application (the employer's team only, audited) and the pipeline as CSV."""

import csv
import io

from sqlalchemy import select

from matcher.extensions import db
from matcher.models import AuditEvent
from tests import factories as f
from tests.conftest import Login, post_form


def world(app):
    with app.app_context():
        employer = f.make_employer()
        f.make_employer_user(employer, email="rh@example.com")
        f.make_employer_user(employer, email="rh2@example.com")
        f.make_employer_user(email="other@example.com")
        posting = f.make_posting(employer)
        user = f.make_user("candidate", email="marie@example.com")
        candidate = f.make_candidate(user, first_name="=HYPERLINK(\"x\")", last_name="Joseph")
        application = f.make_application(candidate, posting, status="applied")
        db.session.commit()
        return posting.id, application.id


def test_a_note_is_seen_by_the_team_audited_and_never_by_the_candidate(app, client):
    posting_id, application_id = world(app)
    pipeline = f"/employer/postings/{posting_id}/pipeline"
    Login(client).as_user("rh@example.com")
    response = post_form(client, f"/employer/applications/{application_id}/notes",
                         {"body": "Rappeler jeudi : disponible de nuit."}, token_from=pipeline)
    assert response.status_code == 302
    colleague = app.test_client()
    Login(colleague).as_user("rh2@example.com")
    assert "Rappeler jeudi" in colleague.get(pipeline).get_data(as_text=True)
    candidate = app.test_client()
    Login(candidate).as_user("marie@example.com")
    assert "Rappeler jeudi" not in candidate.get("/applications").get_data(as_text=True)
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).filter_by(action="application.note_added"))
        assert event.subject_id == application_id and "Rappeler" not in str(event.details)


def test_an_empty_note_is_refused_and_another_employer_gets_a_404(app, client):
    posting_id, application_id = world(app)
    Login(client).as_user("rh@example.com")
    post_form(client, f"/employer/applications/{application_id}/notes", {"body": " "},
              token_from=f"/employer/postings/{posting_id}/pipeline")
    with app.app_context():
        from matcher.models import ApplicationNote

        assert db.session.scalar(select(ApplicationNote)) is None
    other = app.test_client()
    Login(other).as_user("other@example.com")
    response = post_form(other, f"/employer/applications/{application_id}/notes",
                         {"body": "x"}, token_from="/employer")
    assert response.status_code == 404


def test_the_pipeline_csv_lists_the_employers_applications_formula_safe(app, client):
    posting_id, _application_id = world(app)
    Login(client).as_user("rh@example.com")
    response = client.get(f"/employer/postings/{posting_id}/pipeline.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][:4] == ["Code", "Nom", "Courriel", "Statut"]
    assert rows[1][0].startswith("C-") and rows[1][1].startswith("'=HYPERLINK")
    assert rows[1][2] == "marie@example.com"
    other = app.test_client()
    Login(other).as_user("other@example.com")
    assert other.get(f"/employer/postings/{posting_id}/pipeline.csv").status_code == 404
