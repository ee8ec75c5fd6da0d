"""Interviews: HR proposes (Québec time), the candidate confirms or asks another time, .ics."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from matcher.applications.ics import escape_text, fold
from matcher.extensions import db
from matcher.models import Application, AuditEvent, Interview, OutboxMessage
from tests import factories as f
from tests.conftest import Login, post_form


def plain(text: str) -> str:
    """Fold the no-break spaces of French typography into plain spaces."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def text(response) -> str:
    """Return a response's page with plain spaces."""
    return plain(response.get_data(as_text=True))

TODAY = date(2026, 12, 1)
PROPOSAL = {"day": "2026-12-10", "at": "14:00", "duration": "45", "mode": "in_person",
            "place": "CHSLD des Érables, 12 rue Principale; salle 3, 2e étage"}


@pytest.fixture
def world(app, freeze_clock):
    freeze_clock(TODAY)
    with app.app_context():
        employer = f.make_employer(name="CHSLD des Érables (fictif)")
        f.make_employer_user(employer, email="rh@example.com")
        f.make_employer_user(employer, email="rh2@example.com")
        other = f.make_employer_user(email="other@example.com").membership.employer
        posting = f.make_posting(employer)
        marie = f.make_candidate(f.make_user("candidate", email="marie@example.com"))
        paul = f.make_candidate(f.make_user("candidate", email="paul@example.com", locale="en"))
        ids = {
            "posting": posting.id,
            "marie": f.make_application(marie, posting, status="shortlisted").id,
            "paul": f.make_application(paul, posting, status="applied").id,
            "marie_elsewhere": f.make_application(marie, f.make_posting(other),
                                                  status="applied").id,
        }
        db.session.commit()
        return ids


def propose(client, application_id, **changes):
    url = f"/employer/applications/{application_id}/interview"
    return post_form(client, url, {**PROPOSAL, **changes})


def test_hr_proposes_an_interview_in_quebec_time_and_the_candidate_is_told(app, client, world):
    Login(client).as_user("rh@example.com")
    assert propose(client, world["marie"]).status_code == 302
    with app.app_context():
        interview = db.session.scalar(select(Interview))
        # 14:00 in Québec in December (EST, UTC-5) is 19:00 UTC.
        assert interview.starts_at == datetime(2026, 12, 10, 19, 0, tzinfo=UTC)
        assert interview.status == "proposed"
        assert db.session.get(Application, world["marie"]).status == "interview"
        mail = db.session.scalar(select(OutboxMessage).where(
            OutboxMessage.to_address == "marie@example.com"))
        assert "jeudi 10 décembre 2026, 14 h (heure du Québec)" in plain(mail.body)
        assert f"/applications/{world['marie']}/interview" in plain(mail.body)
        assert db.session.scalar(select(AuditEvent.id).filter_by(action="interview.proposed"))
    page = text(client.get(f"/employer/postings/{world['posting']}/pipeline"))
    assert "Proposée, en attente de la personne candidate" in page


def test_a_past_time_is_refused_at_the_field_and_changes_nothing(app, client, world):
    Login(client).as_user("rh@example.com")
    response = propose(client, world["marie"], day="2026-11-30")
    page = text(response)
    assert response.status_code == 200 and 'id="day-error"' in page
    assert "Cette heure est déjà passée" in page and "data-error-summary" in page
    response = propose(client, world["marie"], day="", at="25:00", mode="", place="")
    assert response.status_code == 200
    with app.app_context():
        assert db.session.scalar(select(Interview)) is None
        assert db.session.get(Application, world["marie"]).status == "shortlisted"


def test_double_bookings_are_refused(app, client, world):
    Login(client).as_user("rh@example.com")
    propose(client, world["marie"])
    # The same HR person, another candidate, overlapping (14:30 during 14:00–14:45).
    page = text(propose(client, world["paul"], at="14:30"))
    assert "Vous avez déjà une entrevue à cette heure" in page
    # A colleague may interview at that time, but right after is fine for the same person.
    assert propose(client, world["paul"], at="14:45").status_code == 302
    # A colleague's interview with the same candidate: HR's own establishment, said plainly.
    with app.app_context():
        posting = db.session.get(Application, world["marie"]).posting
        marie = db.session.get(Application, world["marie"]).candidate
        second = f.make_application(marie, f.make_posting(posting.employer), status="applied").id
        db.session.commit()
    colleague = app.test_client()
    Login(colleague).as_user("rh2@example.com")
    page = text(propose(colleague, second, at="14:15"))
    assert "La personne candidate a déjà une entrevue à cette heure" in page
    # Another employer is told only that the time is not available, not why.
    other = app.test_client()
    Login(other).as_user("other@example.com")
    page = text(propose(other, world["marie_elsewhere"], at="14:15"))
    assert "Cette heure n’est pas disponible pour la personne candidate" in page
    assert "déjà une entrevue" not in page
    with app.app_context():
        assert len(db.session.scalars(select(Interview)).all()) == 2


def test_the_candidate_confirms_or_asks_for_another_time(app, client, world):
    Login(client).as_user("rh@example.com")
    propose(client, world["marie"])
    candidate = app.test_client()
    Login(candidate).as_user("marie@example.com")
    url = f"/applications/{world['marie']}/interview"
    page = text(candidate.get(url))
    assert "12 rue Principale" in page and "Je confirme cette entrevue" in page
    response = post_form(candidate, url, {"answer": "change", "note": " "})
    assert "Dites quels jours et quelles heures vous conviennent." in text(response)
    post_form(candidate, url, {"answer": "confirm"})
    with app.app_context():
        assert db.session.scalar(select(Interview.status)) == "confirmed"
        mail = db.session.scalar(select(OutboxMessage).where(
            OutboxMessage.to_address == "rh@example.com",
            OutboxMessage.subject.contains("entrevue")))
        assert "Confirmée par la personne candidate" in plain(mail.body)
    post_form(candidate, url, {"answer": "change", "note": "Mardi après 13 h, svp."})
    page = text(client.get(f"/employer/postings/{world['posting']}/pipeline"))
    assert "demande une autre heure" in page and "Mardi après 13 h, svp." in page
    # HR proposes another time: the previous one is cancelled, the new one waits.
    propose(client, world["marie"], day="2026-12-15")
    with app.app_context():
        assert [i.status for i in db.session.scalars(select(Interview).order_by(Interview.id))
                ] == ["cancelled", "proposed"]


def test_no_one_else_sees_or_answers_the_interview(app, client, world):
    Login(client).as_user("rh@example.com")
    propose(client, world["marie"])
    paul = app.test_client()
    Login(paul).as_user("paul@example.com")
    assert paul.get(f"/applications/{world['marie']}/interview").status_code == 404
    assert paul.get(f"/applications/{world['marie']}/interview.ics").status_code == 404
    other = app.test_client()
    Login(other).as_user("other@example.com")
    assert other.get(f"/applications/{world['marie']}/interview.ics").status_code == 404
    assert propose(other, world["marie"]).status_code == 404


def test_both_sides_download_a_valid_ics(app, client, world):
    Login(client).as_user("rh@example.com")
    propose(client, world["marie"])
    candidate = app.test_client()
    Login(candidate).as_user("marie@example.com")
    for side in (client, candidate):
        response = side.get(f"/applications/{world['marie']}/interview.ics")
        assert response.mimetype == "text/calendar"
        body = response.get_data().decode("utf-8")
        lines = body.split("\r\n")
        assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"
        assert all(len(line.encode()) <= 75 for line in lines)
        unfolded = body.replace("\r\n ", "")
        assert "DTSTART:20261210T190000Z" in unfolded and "DTEND:20261210T194500Z" in unfolded
        assert f"UID:interview-{1}@" in unfolded or "UID:interview-" in unfolded
        assert "DTSTAMP:20261201T170000Z" in unfolded
        assert "LOCATION:CHSLD des Érables\\, 12 rue Principale\\; salle 3\\, 2e étage" in unfolded


def test_ics_text_is_escaped_and_folded_on_character_boundaries():
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    line = "SUMMARY:" + "é" * 60
    folded = fold(line)
    for part in folded.split("\r\n"):
        assert len(part.encode("utf-8")) <= 75
        part.encode("utf-8").decode("utf-8")
    assert folded.replace("\r\n ", "") == line


def mails_to(app, address: str) -> list[OutboxMessage]:
    with app.app_context():
        return list(db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.to_address == address).order_by(OutboxMessage.id)))


def test_a_replaced_interview_is_cancelled_and_the_candidate_told_in_their_language(
        app, client, world):
    Login(client).as_user("rh@example.com")
    propose(client, world["paul"])
    assert propose(client, world["paul"], day="2026-12-15").status_code == 302
    subjects = [m.subject for m in mails_to(app, "paul@example.com")]
    assert subjects == ["Passerelle: an interview for “Préposé aux bénéficiaires”",
                        "Passerelle: an interview is cancelled",
                        "Passerelle: an interview for “Préposé aux bénéficiaires”"]
    cancelled = next(m for m in mails_to(app, "paul@example.com")
                     if m.subject == "Passerelle: an interview is cancelled")
    assert "Thursday 10 December 2026, 14:00 (Québec time)" in plain(cancelled.body)
    assert "proposes another time" in cancelled.body
    # HR is not told of its own change.
    assert not [m for m in mails_to(app, "rh@example.com") if "cancel" in m.subject.lower()]


def test_declining_cancels_the_interview_and_the_candidate_is_told(app, client, world):
    Login(client).as_user("rh@example.com")
    propose(client, world["marie"])
    post_form(client, f"/employer/applications/{world['marie']}/reject",
              {"reason": "position_filled"})
    with app.app_context():
        assert db.session.scalar(select(Interview.status)) == "cancelled"
    cancelled = [m for m in mails_to(app, "marie@example.com")
                 if plain(m.subject) == "Passerelle : une entrevue est annulée"]
    assert len(cancelled) == 1
    assert "n’a pas été retenue" in plain(cancelled[0].body)
    assert "jeudi 10 décembre 2026, 14 h" in plain(cancelled[0].body)


def test_a_withdrawal_cancels_the_interview_and_tells_hr_and_the_candidate(app, client, world):
    Login(client).as_user("rh@example.com")
    propose(client, world["marie"])
    candidate = app.test_client()
    Login(candidate).as_user("marie@example.com")
    assert post_form(candidate, f"/applications/{world['marie']}/withdraw", {}).status_code \
        == 302
    with app.app_context():
        assert db.session.scalar(select(Interview.status)) == "cancelled"
    for address in ("rh@example.com", "rh2@example.com"):
        told = [m for m in mails_to(app, address)
                if plain(m.subject) == "Passerelle : une entrevue est annulée"]
        assert len(told) == 1 and "a retiré sa candidature" in plain(told[0].body), address
    told = [m for m in mails_to(app, "marie@example.com")
            if plain(m.subject) == "Passerelle : une entrevue est annulée"]
    assert len(told) == 1 and "vous avez retiré votre candidature" in plain(told[0].body)


def test_a_past_interview_is_closed_without_a_cancellation_notice(app, client, world,
                                                                  freeze_clock):
    Login(client).as_user("rh@example.com")
    propose(client, world["marie"])
    freeze_clock(date(2026, 12, 11))
    post_form(client, f"/employer/applications/{world['marie']}/reject",
              {"reason": "experience"})
    assert not [m for m in mails_to(app, "marie@example.com") if "annulée" in plain(m.subject)]


def test_the_day_before_both_sides_are_reminded_once_in_their_language(app, client, world,
                                                                       freeze_clock):
    from matcher.jobs import run_task

    Login(client).as_user("rh@example.com")
    propose(client, world["marie"])  # 10 December, 14:00
    propose(client, world["paul"], at="16:00")
    candidate = app.test_client()
    Login(candidate).as_user("paul@example.com")
    post_form(candidate, f"/applications/{world['paul']}/interview", {"answer": "change",
                                                                       "note": "Plus tard"})
    freeze_clock(date(2026, 12, 8))
    assert run_task(app, "interview-reminders") == 0  # two days before: nothing yet
    freeze_clock(date(2026, 12, 9))
    # Marie and the establishment's two HR people; Paul asked for another time.
    assert run_task(app, "interview-reminders") == 3
    assert run_task(app, "interview-reminders") == 0  # each reminder once
    reminder = [m for m in mails_to(app, "marie@example.com")
                if plain(m.subject) == "Passerelle : une entrevue demain"]
    assert len(reminder) == 1
    assert "jeudi 10 décembre 2026, 14 h (heure du Québec)" in plain(reminder[0].body)
    assert "CHSLD des Érables" in reminder[0].body
    assert len([m for m in mails_to(app, "rh2@example.com")
                if plain(m.subject) == "Passerelle : une entrevue demain"]) == 1
    assert not [m for m in mails_to(app, "paul@example.com") if "tomorrow" in m.subject]


def test_the_candidate_reads_the_interview_state_about_themselves(app, client, world):
    Login(client).as_user("rh@example.com")
    propose(client, world["marie"])
    candidate = app.test_client()
    Login(candidate).as_user("marie@example.com")
    url = f"/applications/{world['marie']}/interview"
    for page in (text(candidate.get(url)), text(candidate.get("/applications"))):
        assert "En attente de votre réponse" in page
        assert "la personne candidate" not in page
    post_form(candidate, url, {"answer": "change", "note": "Mardi après 13 h, svp."})
    assert "Vous avez demandé une autre heure" in text(candidate.get("/applications"))


def test_times_read_the_quebec_way_in_french_and_the_first_is_1er(app):
    from datetime import UTC, datetime

    from flask_babel import force_locale

    from matcher.applications.notify_interviews import clock_time, when_text

    with app.test_request_context(), force_locale("fr_CA"):
        assert plain(clock_time(datetime(2026, 12, 1, 19, 30, tzinfo=UTC))) == "14 h 30"
        assert plain(clock_time(datetime(2026, 12, 1, 19, 0, tzinfo=UTC))) == "14 h"
        interview = Interview(starts_at=datetime(2026, 12, 1, 19, 0, tzinfo=UTC))
        assert plain(when_text(interview)) == "mardi 1er décembre 2026, 14 h (heure du Québec)"
    with app.test_request_context(), force_locale("en"):
        assert clock_time(datetime(2026, 12, 1, 19, 30, tzinfo=UTC)) == "14:30"


def test_the_decline_and_interview_forms_do_not_open_for_a_closed_application(
        app, client, world):
    with app.app_context():
        db.session.get(Application, world["marie"]).status = "withdrawn"
        db.session.commit()
    Login(client).as_user("rh@example.com")
    for url in (f"/employer/applications/{world['marie']}/reject",
                f"/employer/applications/{world['marie']}/interview"):
        response = client.get(url)
        assert response.status_code == 302
        assert f"/employer/postings/{world['posting']}/pipeline" in response.location
    page = client.get(f"/employer/postings/{world['posting']}/pipeline")
    assert "pas possible" in plain(page.get_data(as_text=True)) or \
        "seulement" in plain(page.get_data(as_text=True))
