"""Denied object access: a 404 that changes nothing, written to the audit log, rate-limited."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from matcher import policy
from matcher.extensions import db
from matcher.models import AuditEvent, Posting
from tests import factories as f
from tests.conftest import Login, post_form

START = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)


@pytest.fixture
def two_establishments(app, freeze_clock):
    """HR user B logged in; a posting of establishment A."""
    freeze_clock(START)
    with app.app_context():
        posting = f.make_posting(f.make_employer(), status="open")
        intruder = f.make_employer_user(f.make_employer(), email="rh-b@example.com")
        ids = posting.id, intruder.id
        db.session.commit()
    client = app.test_client()
    Login(client).as_user("rh-b@example.com")
    return client, *ids


def denials(actor_id=None) -> list[AuditEvent]:
    query = select(AuditEvent).where(AuditEvent.action == "access.denied")
    if actor_id is not None:
        query = query.where(AuditEvent.actor_id == actor_id)
    return list(db.session.scalars(query.order_by(AuditEvent.id)))


def test_hr_of_another_establishment_gets_a_404_that_is_audited_and_changes_nothing(
        app, two_establishments):
    client, posting_id, intruder_id = two_establishments
    response = post_form(client, f"/employer/postings/{posting_id}/status",
                         {"action": "close"}, token_from="/employer")
    assert response.status_code == 404
    with app.app_context():
        assert db.session.get(Posting, posting_id).status == "open"
        [event] = denials()
        assert (event.actor_id, event.actor_role) == (intruder_id, "employer")
        assert (event.subject_type, event.subject_id) == ("Posting", posting_id)
        assert event.at == START and event.ip_address == "127.0.0.1"
        assert event.details == {"endpoint": "postings.change_status", "method": "POST"}
        # Ids and codes only: no email, name or form value in the event.
        assert "@" not in str(event.details) and "close" not in str(event.details)


def test_denials_are_limited_per_user_per_minute(app, two_establishments, freeze_clock):
    client, posting_id, intruder_id = two_establishments
    limit = policy.DENIALS_PER_MINUTE
    for number in range(limit + 15):
        assert client.get(f"/employer/postings/{posting_id + 1000 + number}").status_code == 404
    with app.app_context():
        written = denials(intruder_id)
        assert len(written) == limit
        assert written[-1].details.get("limit_reached") is True
        assert not any(event.details.get("limit_reached") for event in written[:-1])

    # Another user's denials are written: the limit is per user.
    with app.app_context():
        f.make_employer_user(f.make_employer(), email="rh-c@example.com")
        db.session.commit()
    other = app.test_client()
    Login(other).as_user("rh-c@example.com")
    assert other.get(f"/employer/postings/{posting_id}/edit").status_code == 404

    # A minute later, the first user's denials are written again.
    freeze_clock(START + timedelta(minutes=1, seconds=1))
    assert client.get(f"/employer/postings/{posting_id}").status_code == 404
    with app.app_context():
        assert len(denials(intruder_id)) == limit + 1
        assert len(denials()) == limit + 2


def test_a_candidate_on_another_candidates_job_and_staff_on_another_agencys_file(app):
    with app.app_context():
        own = f.make_candidate()
        other = f.make_candidate()
        staff = f.make_staff()
        followed_elsewhere = f.make_candidate(agency_id=f.make_agency().id)
        ids = other.experiences[0].id, followed_elsewhere.id
        emails = own.user.email, staff.email
        db.session.commit()
    candidate, officer = app.test_client(), app.test_client()
    Login(candidate).as_user(emails[0])
    Login(officer).as_user(emails[1])
    assert candidate.get(f"/profile/experience/{ids[0]}").status_code == 404
    assert officer.get(f"/staff/candidates/{ids[1]}").status_code == 404
    with app.app_context():
        assert [(e.subject_type, e.subject_id) for e in denials()] == [
            ("Experience", ids[0]), ("Candidate", ids[1])]
        # The refused profile was not "viewed": nothing for the candidate's history.
        assert db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "candidate.viewed")) is None
