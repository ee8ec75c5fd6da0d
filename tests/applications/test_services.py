"""The rules of applying, inviting, moving along the pipeline and hiring."""


import pytest
from sqlalchemy import select

from matcher.applications import services
from matcher.applications.services import ApplicationError
from matcher.extensions import db
from matcher.models import Application, Consent, Notification, OutboxMessage
from tests import factories as f


@pytest.fixture
def ctx(app):
    with app.app_context():
        employer = f.make_employer()
        hr = f.make_employer_user(employer, email="rh@example.com")
        posting = f.make_posting(employer, openings=1)
        candidate = f.make_candidate()
        db.session.commit()
        yield {"hr": hr, "posting": posting, "candidate": candidate, "employer": employer}


def test_an_eligible_candidate_applies_and_shares_contact(ctx):
    application = services.apply(ctx["candidate"], ctx["posting"], share_contact=True)
    db.session.commit()
    assert application.status == "applied" and application.score_at_creation > 0
    consent = db.session.scalar(select(Consent).filter_by(purpose="share_contact"))
    assert consent.posting_id == ctx["posting"].id and consent.policy_version
    assert [e.to_status for e in application.events] == ["applied"]
    # The employer's HR user is told, in the app and by message.
    assert db.session.scalar(select(Notification.user_id)) == ctx["hr"].id
    assert db.session.scalar(select(OutboxMessage.to_address)) == "rh@example.com"


def test_applying_needs_the_contact_consent(ctx):
    with pytest.raises(ApplicationError, match="contact_consent_required"):
        services.apply(ctx["candidate"], ctx["posting"], share_contact=False)


def test_one_application_per_candidate_and_posting(ctx):
    services.apply(ctx["candidate"], ctx["posting"], share_contact=True)
    with pytest.raises(ApplicationError, match="already_applied"):
        services.apply(ctx["candidate"], ctx["posting"], share_contact=True)


def test_two_applications_at_once_land_once_and_the_second_is_told(ctx, monkeypatch):
    services.apply(ctx["candidate"], ctx["posting"], share_contact=True)
    db.session.commit()
    # The second submission checked before the first committed (another worker).
    monkeypatch.setattr(services, "_existing", lambda candidate, posting: None)
    with pytest.raises(ApplicationError, match="already_applied"):
        services.apply(ctx["candidate"], ctx["posting"], share_contact=True)
    db.session.commit()  # the request's transaction is still usable
    assert len(db.session.scalars(select(Application)).all()) == 1


def test_an_ineligible_candidate_cannot_apply(ctx):
    ctx["candidate"].french_oral_production = 4
    with pytest.raises(ApplicationError, match="not_eligible"):
        services.apply(ctx["candidate"], ctx["posting"], share_contact=True)


def test_a_closed_posting_takes_no_application(ctx):
    ctx["posting"].status = "closed"
    with pytest.raises(ApplicationError, match="posting_not_open"):
        services.apply(ctx["candidate"], ctx["posting"], share_contact=True)


def test_invitation_accepted_becomes_an_application(ctx):
    application = services.invite(ctx["hr"], ctx["posting"], ctx["candidate"])
    assert application.status == "invited" and application.source == "invitation"
    with pytest.raises(ApplicationError, match="contact_consent_required"):
        services.respond(ctx["candidate"], application, accept=True, share_contact=False)
    services.respond(ctx["candidate"], application, accept=True, share_contact=True)
    assert application.status == "applied"
    assert [e.to_status for e in application.events] == ["invited", "applied"]


def test_invitation_declined(ctx):
    application = services.invite(ctx["hr"], ctx["posting"], ctx["candidate"])
    services.respond(ctx["candidate"], application, accept=False)
    assert application.status == "declined"
    with pytest.raises(ApplicationError, match="not_invited"):
        services.respond(ctx["candidate"], application, accept=True, share_contact=True)


def test_candidates_who_did_not_opt_in_cannot_be_invited(ctx):
    ctx["candidate"].matching_opt_in = False
    with pytest.raises(ApplicationError, match="not_eligible"):
        services.invite(ctx["hr"], ctx["posting"], ctx["candidate"])


@pytest.mark.parametrize(("start", "target", "allowed"), [
    ("applied", "shortlisted", True), ("applied", "interview", True),
    ("applied", "offer", False), ("shortlisted", "offer", True), ("interview", "offer", True),
    ("offer", "hired", False), ("rejected", "interview", False),
    ("withdrawn", "shortlisted", False), ("invited", "shortlisted", False),
    ("hired", "rejected", False), ("applied", "withdrawn", False),
])
def test_employer_moves(ctx, start, target, allowed):
    application = f.make_application(ctx["candidate"], ctx["posting"], status=start)
    if allowed:
        services.move(ctx["hr"], application, target)
        assert application.status == target
        assert application.events[-1].actor_id == ctx["hr"].id
    else:
        with pytest.raises(ApplicationError, match="forbidden_move"):
            services.move(ctx["hr"], application, target)
        assert application.status == start


def test_candidate_withdraws_until_the_hire(ctx):
    application = f.make_application(ctx["candidate"], ctx["posting"], status="interview")
    services.withdraw(ctx["candidate"], application)
    assert application.status == "withdrawn"
    with pytest.raises(ApplicationError, match="cannot_withdraw"):
        services.withdraw(ctx["candidate"], application)
