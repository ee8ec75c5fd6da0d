"""Every route × every kind of user, checked against one policy table.

A route missing from POLICY fails the test: adding a view means deciding,
here, who may reach it. URL parameters are filled with objects that belong
to "A" (candidate A, employer A); the B users must get a 404 on them.
"""

from datetime import date

import pytest
from flask import url_for

from matcher import clock
from matcher.extensions import db
from matcher.matching import engine as matching_engine
from matcher.models import ActionPlan, Hire, PlanAction
from matcher.rounds import services as rounds
from tests import factories as f
from tests.conftest import Login

ACTORS = ("anonymous", "candidate_a", "candidate_b", "employer_a", "employer_b",
          "pending_employer", "staff", "admin")
OK, LOGIN, FORBIDDEN, NOT_FOUND = "ok", "login", 403, 404

RULES = {
    "public": dict.fromkeys(ACTORS, OK),
    "login": {**dict.fromkeys(ACTORS, OK), "anonymous": LOGIN},
    "candidate": {**dict.fromkeys(ACTORS, FORBIDDEN), "anonymous": LOGIN,
                  "candidate_a": OK, "candidate_b": OK},
    "own_candidate_object": {**dict.fromkeys(ACTORS, FORBIDDEN), "anonymous": LOGIN,
                             "candidate_a": OK, "candidate_b": NOT_FOUND},
    "employer": {**dict.fromkeys(ACTORS, FORBIDDEN), "anonymous": LOGIN,
                 "employer_a": OK, "employer_b": OK, "pending_employer": OK},
    "approved_employer": {**dict.fromkeys(ACTORS, FORBIDDEN), "anonymous": LOGIN,
                          "employer_a": OK, "employer_b": OK},
    "own_employer_object": {**dict.fromkeys(ACTORS, FORBIDDEN), "anonymous": LOGIN,
                            "employer_a": OK, "employer_b": NOT_FOUND},
    "staff": {**dict.fromkeys(ACTORS, FORBIDDEN), "anonymous": LOGIN, "staff": OK, "admin": OK},
    "admin": {**dict.fromkeys(ACTORS, FORBIDDEN), "anonymous": LOGIN, "admin": OK},
    "round_runner": {**dict.fromkeys(ACTORS, FORBIDDEN), "anonymous": LOGIN,
                     "employer_a": OK, "employer_b": OK, "staff": OK, "admin": OK},
    "own_round": {**dict.fromkeys(ACTORS, FORBIDDEN), "anonymous": LOGIN,
                  "employer_a": OK, "employer_b": NOT_FOUND, "staff": OK, "admin": OK},
}

# endpoint -> rule. Keep it sorted; every endpoint of the app must be here.
POLICY = {
    "admin.approvals": "staff",
    "admin.audit_log": "admin",
    "admin.change_role": "admin",
    "admin.decide": "staff",
    "admin.set_active": "admin",
    "admin.users": "admin",
    "applications.apply": "candidate",
    "applications.cancel_hire": "own_employer_object",
    "applications.end_hire": "own_employer_object",
    "applications.hire": "own_employer_object",
    "applications.mine": "candidate",
    "applications.move": "own_employer_object",
    "applications.pipeline": "own_employer_object",
    "applications.respond": "own_candidate_object",
    "applications.withdraw": "own_candidate_object",
    "auth.change_password": "login",
    "auth.forgot_password": "public",
    "auth.login": "public",
    "auth.logout": "login",
    "auth.register": "public",
    "auth.register_candidate": "public",
    "auth.register_employer": "public",
    "auth.reset_password": "public",
    "candidates.about": "candidate",
    "candidates.add_experience": "candidate",
    "candidates.consents": "candidate",
    "candidates.delete_account": "candidate",
    "candidates.edit_experience": "own_candidate_object",
    "candidates.experience": "candidate",
    "candidates.export": "candidate",
    "candidates.french": "candidate",
    "candidates.home_page": "candidate",
    "candidates.my_data": "candidate",
    "candidates.permit": "candidate",
    "candidates.preferences": "candidate",
    "candidates.profile": "candidate",
    "candidates.remove_experience": "own_candidate_object",
    "candidates.set_consent": "candidate",
    "candidates.suggest_occupations": "candidate",
    "dashboard.export_csv": "staff",
    "dashboard.index": "staff",
    "dashboard.program_settings": "admin",
    "employers.home": "employer",
    "health.healthz": "public",
    "health.readyz": "public",
    "main.home": "public",
    "main.privacy": "public",
    "main.set_language": "public",
    "matching.candidate": "own_employer_object",
    "matching.candidates": "own_employer_object",
    "matching.invite": "own_employer_object",
    "matching.my_matches": "candidate",
    "matching.star": "candidate",
    "matching.unstar": "candidate",
    "parcours.add_action": "staff",
    "parcours.add_note": "staff",
    "parcours.assign": "staff",
    "parcours.caseload_home": "staff",
    "parcours.close": "staff",
    "parcours.first_meeting": "staff",
    "parcours.move_action": "staff",
    "parcours.my_plan": "candidate",
    "parcours.plan": "staff",
    "parcours.reopen": "staff",
    "postings.board": "public",
    "postings.change_status": "own_employer_object",
    "postings.detail": "public",
    "postings.edit": "own_employer_object",
    "postings.manage": "own_employer_object",
    "postings.new": "approved_employer",
    "rounds.approve": "own_round",
    "rounds.confirm": "own_round",
    "rounds.index": "round_runner",
    "rounds.new": "round_runner",
    "rounds.show": "own_round",
    "staff.candidate": "staff",
    "staff.candidates": "staff",
    "staff.end_hire": "staff",
    "staff.verify": "staff",
    "static": "public",
}


@pytest.fixture
def world(app):
    """Create one user of each kind and A/B objects for the URL parameters."""
    with app.app_context():
        employer_a, employer_b = f.make_employer(), f.make_employer()
        users = {
            "candidate_a": f.make_user("candidate"),
            "candidate_b": f.make_user("candidate"),
            "employer_a": f.make_employer_user(employer_a),
            "employer_b": f.make_employer_user(employer_b),
            "pending_employer": f.make_employer_user(employer_a, status="pending"),
            "staff": f.make_staff(),
            "admin": f.make_staff(role="admin"),
        }
        candidate_a = f.make_candidate(users["candidate_a"])
        f.make_candidate(users["candidate_b"])
        posting_a = f.make_posting(employer_a)
        f.make_posting(employer_b)
        params = {
            "posting_id": posting_a.id,
            "candidate_id": candidate_a.id,
            "experience_id": candidate_a.experiences[0].id,
            "filename": "css/passerelle.css",
            "member_id": users["pending_employer"].membership.id,
            "decision": "approved",
            "user_id": users["candidate_b"].id,
            "action": "deactivate",
            "token": "not-a-real-token",
            "table": "funnel",
        }
        application_a = f.make_application(candidate_a, posting_a)
        hired = f.make_application(f.make_candidate(), posting_a, status="hired")
        hire = Hire(application=hired, posting_id=posting_a.id, person_id=hired.candidate_id,
                    start_on=date(2026, 1, 5))
        db.session.add(hire)
        db.session.flush()
        plan_a = ActionPlan(candidate=candidate_a, status="plan", first_meeting_on=date(2026, 1, 2),
                            first_meeting_mode="phone")
        plan_a.actions.append(PlanAction(step="arrival", kind="housing"))
        db.session.add(plan_a)
        db.session.flush()
        params["action_id"] = plan_a.actions[0].id
        round_a = rounds.create_round(users["employer_a"], [posting_a], {})
        rounds.run_round(round_a.id)
        params.update(application_id=application_a.id, hire_id=hire.id, round_id=round_a.id)
        emails = {actor: user.email for actor, user in users.items()}
        db.session.commit()
        matching_engine.engine(clock.today())  # built indexes: /readyz answers 200
    return emails, params


def client_for(app, actor: str, emails: dict):
    client = app.test_client()
    if actor != "anonymous":
        Login(client).as_user(emails[actor])
    return client


def test_every_route_is_in_the_policy_table(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert sorted(endpoints - set(POLICY)) == [], "add these endpoints to POLICY"
    assert sorted(set(POLICY) - endpoints) == [], "remove these from POLICY"


@pytest.mark.parametrize("actor", ACTORS)
def test_each_route_answers_each_actor_as_the_policy_says(app, world, actor):
    emails, params = world
    app.config["WTF_CSRF_ENABLED"] = False  # reach the view itself on POST routes
    try:
        client = client_for(app, actor, emails)
        failures = []
        for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint):
            if rule.endpoint in ("auth.logout",):
                continue  # would end this client's session; covered in tests/auth
            expected = RULES[POLICY[rule.endpoint]][actor]
            with app.test_request_context():
                url = url_for(rule.endpoint, **{a: params[a] for a in rule.arguments})
            method = "GET" if "GET" in rule.methods else "POST"
            with client.open(url, method=method) as response:
                got = outcome(response)
            if got != expected:
                failures.append(f"{method} {url} ({rule.endpoint}): expected {expected}, got "
                                f"{got} [{response.status_code}]")
        assert failures == []
    finally:
        app.config["WTF_CSRF_ENABLED"] = True


def outcome(response):
    """Classify a response as the policy table does."""
    if response.status_code in (301, 302, 303) and "/login" in response.headers["Location"]:
        return LOGIN
    if response.status_code in (403, 404):
        return response.status_code
    if response.status_code >= 500:
        return response.status_code
    return OK
