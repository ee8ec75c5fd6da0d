"""Each status change tells the candidate, in their language, what it means and what to do."""

import pytest
from sqlalchemy import select

from matcher.applications import services
from matcher.applications.services import ApplicationError
from matcher.extensions import db
from matcher.models import Notification, OutboxMessage
from tests import factories as f


@pytest.fixture
def ctx(app):
    with app.app_context():
        employer = f.make_employer(name="CHSLD des Érables")
        hr = f.make_employer_user(employer, email="rh@example.com")
        hr.locale = "en"
        posting = f.make_posting(employer, title="Préposé·e aux bénéficiaires")
        candidate = f.make_candidate(f.make_user("candidate", email="marie@example.com"))
        application = f.make_application(candidate, posting, status="applied")
        db.session.commit()
        yield {"hr": hr, "candidate": candidate, "application": application}


def _last_message(to: str) -> OutboxMessage:
    return db.session.scalars(select(OutboxMessage).where(OutboxMessage.to_address == to)
                              .order_by(OutboxMessage.id.desc())).first()


@pytest.mark.parametrize(("status", "meaning", "next_step"), [
    ("shortlisted", "dans sa courte liste", "répondez au téléphone"),
    ("interview", "souhaite vous rencontrer en entrevue", "apportez votre permis de travail"),
    ("offer", "vous offre l’emploi", "donnez votre réponse à l’employeur"),
])
def test_each_move_tells_the_candidate_what_it_means_and_what_to_do(ctx, status, meaning,
                                                                      next_step):
    if status == "offer":
        ctx["application"].status = "interview"  # an offer follows an interview
    services.move(ctx["hr"], ctx["application"], status)
    db.session.commit()
    message = _last_message("marie@example.com")
    assert "Préposé·e aux bénéficiaires" in message.subject
    assert "CHSLD des Érables" in message.body
    assert meaning in message.body and next_step in message.body
    assert "Que faire maintenant" in message.body
    kinds = db.session.scalars(select(Notification.kind).where(
        Notification.user_id == ctx["candidate"].user_id)).all()
    assert kinds == ["application.status"]


def test_a_refusal_points_to_the_other_jobs_with_its_reason_never_the_generic_notice(ctx):
    with pytest.raises(ApplicationError, match="reason_required"):
        services.move(ctx["hr"], ctx["application"], "rejected")
    services.reject(ctx["hr"], ctx["application"], "experience")
    db.session.commit()
    body = _last_message("marie@example.com").body
    assert "/matches" in body and "plus d’expérience" in body
    kinds = db.session.scalars(select(Notification.kind).where(
        Notification.user_id == ctx["candidate"].user_id)).all()
    assert kinds == ["application.rejected"]


def test_the_candidate_reads_english_when_that_is_their_language(ctx):
    ctx["candidate"].user.locale = "en"
    services.move(ctx["hr"], ctx["application"], "interview")
    db.session.commit()
    message = _last_message("marie@example.com")
    assert message.subject == "Passerelle: an interview for “Préposé·e aux bénéficiaires”"
    assert "wants to meet you for an interview" in message.body
    assert "bring your work permit" in message.body


def test_the_employer_team_reads_what_the_candidate_did_in_its_own_language(ctx):
    services.withdraw(ctx["candidate"], ctx["application"])
    db.session.commit()
    message = _last_message("rh@example.com")
    assert message.subject == ("Passerelle: an application for “Préposé·e aux bénéficiaires” "
                               "was withdrawn")
    assert "no longer shared with you" in message.body


def test_the_candidate_home_shows_each_new_notice_once(ctx, app):
    from tests.conftest import Login

    services.move(ctx["hr"], ctx["application"], "interview")
    db.session.commit()
    client = app.test_client()
    Login(client).as_user("marie@example.com")
    html = client.get("/home").get_data(as_text=True)
    assert "Quoi de neuf" in html
    assert "«\u00a0Préposé·e aux bénéficiaires\u00a0»\u00a0: Entrevue" in html
    assert "Quoi de neuf" not in client.get("/home").get_data(as_text=True)  # seen now


@pytest.mark.parametrize(("kind", "extra", "words", "href"), [
    ("interview.proposed", {"interview_id": 1, "status": "proposed"},
     "une entrevue vous est proposée", "/applications/{id}/interview"),
    ("application.rejected", {"status": "rejected", "reason": "filled"},
     "Non retenu", "/applications"),
    ("profile.corrected", {"correction_id": 1, "section": "french", "fields": ["french_reading"]},
     "a corrigé votre profil", "/profile"),
])
def test_the_candidate_home_shows_interviews_refusals_and_corrections(ctx, app, kind, extra,
                                                                      words, href):
    from tests.conftest import Login

    application = ctx["application"]
    payload = {"application_id": application.id, "posting_id": application.posting_id,
               "posting_title": "Préposé·e aux bénéficiaires", **extra}
    db.session.add(Notification(user_id=ctx["candidate"].user_id, kind=kind, payload=payload))
    db.session.commit()
    client = app.test_client()
    Login(client).as_user("marie@example.com")
    html = client.get("/home").get_data(as_text=True)
    notices = html.split('id="notices-heading"')[1].split("</section>")[0]
    assert words in notices
    assert f'href="{href.format(id=application.id)}"' in notices


def test_a_notice_the_home_cannot_show_leaves_no_empty_heading_and_stays_unread(ctx, app):
    from tests.conftest import Login

    db.session.add(Notification(user_id=ctx["candidate"].user_id, kind="interview.answered",
                                payload={"application_id": ctx["application"].id}))
    db.session.commit()
    client = app.test_client()
    Login(client).as_user("marie@example.com")
    assert "Quoi de neuf" not in client.get("/home").get_data(as_text=True)
    assert db.session.scalars(select(Notification.read_at)).one() is None
