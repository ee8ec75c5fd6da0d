"""Consents (Law 25): separate switches, off by default, recorded with the notice's version."""

from sqlalchemy import select

from matcher import policy
from matcher.config import Config
from matcher.extensions import db
from matcher.models import AuditEvent, Candidate, Consent, User
from tests.conftest import post_form

VERSION = Config.PRIVACY_POLICY_VERSION  # the notice in force


def switch(client, purpose: str, on: bool):
    return post_form(client, "/profile/consents", {"purpose": purpose, "grant": "1" if on else "0"})


def state(app, email: str):
    """Return (matching_opt_in, visible to employers, consent rows) for the candidate."""
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        candidate = db.session.scalar(select(Candidate).where(Candidate.user_id == user.id))
        visible = candidate.id in db.session.scalars(
            policy.matchable_candidates().with_only_columns(Candidate.id)).all()
        rows = [(c.purpose, c.policy_version, c.withdrawn_at is not None) for c in
                db.session.scalars(select(Consent).where(Consent.user_id == user.id)
                                   .order_by(Consent.id))]
        return candidate.matching_opt_in, visible, rows


def test_both_consents_are_off_by_default(candidate_client, app, candidate_user):
    html = candidate_client.get("/profile/consents").get_data(as_text=True)
    assert html.count(">Désactivé<") == 2
    assert html.count(">Activer<") == 2
    assert state(app, candidate_user) == (False, False, [])


def test_switching_matching_on_and_off_changes_visibility_at_once(candidate_client, app,
                                                                  candidate_user):
    assert switch(candidate_client, "matching", True).status_code == 302
    assert state(app, candidate_user) == (True, True, [("matching", VERSION, False)])
    switch(candidate_client, "matching", False)
    assert state(app, candidate_user) == (False, False, [("matching", VERSION, True)])
    switch(candidate_client, "matching", True)
    assert state(app, candidate_user) == (True, True, [("matching", VERSION, True),
                                                       ("matching", VERSION, False)])


def test_each_grant_and_withdrawal_is_audited_with_the_notice_version(candidate_client, app,
                                                                     monkeypatch):
    monkeypatch.setitem(app.config, "PRIVACY_POLICY_VERSION", "2027-01")
    switch(candidate_client, "share_contact", True)
    switch(candidate_client, "share_contact", False)
    with app.app_context():
        events = [(e.action, e.details) for e in db.session.scalars(
            select(AuditEvent).where(AuditEvent.action.startswith("consent.")))]
    assert events == [
        ("consent.granted", {"purpose": "share_contact", "policy_version": "2027-01"}),
        ("consent.withdrawn", {"purpose": "share_contact", "policy_version": "2027-01"}),
    ]


def test_the_two_consents_are_independent(candidate_client, app, candidate_user):
    switch(candidate_client, "share_contact", True)
    opt_in, visible, rows = state(app, candidate_user)
    assert (opt_in, visible) == (False, False), "sharing contact does not show the profile"
    assert rows == [("share_contact", VERSION, False)]
    html = candidate_client.get("/profile/consents").get_data(as_text=True)
    assert html.count(">Activé<") == 1 and html.count(">Désactivé<") == 1


def test_switching_on_twice_records_one_grant(candidate_client, app, candidate_user):
    switch(candidate_client, "matching", True)
    switch(candidate_client, "matching", True)
    assert state(app, candidate_user)[2] == [("matching", VERSION, False)]


def test_an_unknown_purpose_changes_nothing(candidate_client, app, candidate_user):
    for data in ({"purpose": "marketing", "grant": "1"}, {"purpose": "matching", "grant": "yes"},
                 {"purpose": "matching\x00", "grant": "1"}, {}):
        response = post_form(candidate_client, "/profile/consents", data)
        assert response.status_code == 302
    assert state(app, candidate_user) == (False, False, [])
    html = candidate_client.get("/profile/consents").get_data(as_text=True)
    assert "Rien n’a été modifié" in html


def test_a_withdrawal_hides_the_profile_from_the_next_request_on(candidate_client, app,
                                                                 candidate_user):
    """Employer queries read the mirror column, written in the same transaction."""
    switch(candidate_client, "matching", True)
    with app.app_context():
        before = db.session.scalars(policy.matchable_candidates()).all()
    switch(candidate_client, "matching", False)
    with app.app_context():
        after = db.session.scalars(policy.matchable_candidates()).all()
    assert len(before) == 1 and after == []
