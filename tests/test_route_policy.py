"""Every route × every kind of user, checked against one policy table.

A route missing from POLICY fails the test: adding a view means deciding,
here, who may reach it. URL parameters are filled with objects that belong
to "A" (candidate A, employer A); the B users must get a 404 on them.
"""

from datetime import date, timedelta

import pytest
from flask import url_for

from matcher import clock
from matcher.extensions import db
from matcher.matching import engine as matching_engine
from matcher.models import ActionPlan, Hire, PlanAction
from matcher.rounds import services as rounds
from matcher.tokens import services as tokens
from tests import factories as f
from tests.conftest import Login

ACTORS = ("anonymous", "candidate_a", "candidate_b", "employer_a", "employer_b",
          "pending_employer", "staff", "admin")
OK, LOGIN, UNAUTHORIZED, FORBIDDEN, NOT_FOUND = "ok", "login", 401, 403, 404

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
    # A pending HR user drafts postings, and reaches only the drafts they wrote.
    "drafting_employer": {**dict.fromkeys(ACTORS, FORBIDDEN), "anonymous": LOGIN,
                          "employer_a": OK, "employer_b": OK, "pending_employer": OK},
    "own_draftable_object": {**dict.fromkeys(ACTORS, FORBIDDEN), "anonymous": LOGIN,
                             "employer_a": OK, "employer_b": NOT_FOUND,
                             "pending_employer": NOT_FOUND},
    # Both sides of an application (the interview's calendar file).
    "own_application_party": {**dict.fromkeys(ACTORS, FORBIDDEN), "anonymous": LOGIN,
                              "candidate_a": OK, "candidate_b": NOT_FOUND, "employer_a": OK,
                              "employer_b": NOT_FOUND, "pending_employer": NOT_FOUND},
    "staff": {**dict.fromkeys(ACTORS, FORBIDDEN), "anonymous": LOGIN, "staff": OK, "admin": OK},
    "admin": {**dict.fromkeys(ACTORS, FORBIDDEN), "anonymous": LOGIN, "admin": OK},
    "round_runner": {**dict.fromkeys(ACTORS, FORBIDDEN), "anonymous": LOGIN,
                     "employer_a": OK, "employer_b": OK, "staff": OK, "admin": OK},
    "login_step": dict.fromkeys(ACTORS, LOGIN),
    # An application's messages: its candidate and the posting's approved HR; staff neither.
    "application_party": {**dict.fromkeys(ACTORS, NOT_FOUND), "anonymous": LOGIN,
                          "candidate_a": OK, "employer_a": OK},
    "inbox": {**dict.fromkeys(ACTORS, OK), "anonymous": LOGIN, "staff": NOT_FOUND,
              "admin": NOT_FOUND},
    "mfa": {**dict.fromkeys(ACTORS, FORBIDDEN), "anonymous": LOGIN, "employer_a": OK,
            "employer_b": OK, "pending_employer": OK, "staff": OK, "admin": OK},
    "own_round": {**dict.fromkeys(ACTORS, FORBIDDEN), "anonymous": LOGIN,
                  "employer_a": OK, "employer_b": NOT_FOUND, "staff": OK, "admin": OK},
    "token_holder": {**dict.fromkeys(ACTORS, FORBIDDEN), "anonymous": LOGIN,
                     "employer_a": OK, "employer_b": OK, "pending_employer": OK, "staff": OK,
                     "admin": OK},
    "own_token": {**dict.fromkeys(ACTORS, NOT_FOUND), "anonymous": LOGIN,
                  "candidate_a": FORBIDDEN, "candidate_b": FORBIDDEN, "employer_a": OK},
    # The JSON API takes bearer tokens only: a session cookie alone is a 401 for everyone.
    # What each token reaches is API_POLICY's business, below.
    "api_employer": dict.fromkeys(ACTORS, UNAUTHORIZED),
    "api_employer_object": dict.fromkeys(ACTORS, UNAUTHORIZED),
    "api_agency": dict.fromkeys(ACTORS, UNAUTHORIZED),
    "api_agency_object": dict.fromkeys(ACTORS, UNAUTHORIZED),
    "api_staff": dict.fromkeys(ACTORS, UNAUTHORIZED),
}

# endpoint -> rule. Keep it sorted; every endpoint of the app must be here.
POLICY = {
    "admin.add_site": "admin",
    "admin.agencies": "admin",
    "admin.agency": "admin",
    "admin.agency_active": "admin",
    "admin.approvals": "staff",
    "admin.audit_export": "admin",
    "admin.audit_log": "admin",
    "admin.change_agency": "admin",
    "admin.change_role": "admin",
    "admin.decide": "staff",
    "admin.establishment": "admin",
    "admin.establishment_active": "admin",
    "admin.establishments": "admin",
    "admin.merge": "admin",
    "admin.set_active": "admin",
    "admin.site": "admin",
    "admin.site_active": "admin",
    "admin.user": "admin",
    "admin.users": "admin",
    "api.cancel_hire": "api_employer_object",
    "api.candidate_applications": "api_agency_object",
    "api.candidate_matches": "api_agency_object",
    "api.candidate_plan": "api_agency_object",
    "api.change_status": "api_employer_object",
    "api.create_posting": "api_employer",
    "api.docs": "public",
    "api.end_hire": "api_employer_object",
    "api.figures": "api_staff",
    "api.get_application": "api_employer_object",
    "api.get_candidate": "api_agency_object",
    "api.get_hire": "api_employer_object",
    "api.get_posting": "api_employer_object",
    "api.hire": "api_employer_object",
    "api.invite": "api_employer_object",
    "api.list_applications": "api_employer",
    "api.list_candidates": "api_agency",
    "api.list_hires": "api_employer",
    "api.list_postings": "api_employer",
    "api.move_application": "api_employer_object",
    "api.openapi_json": "public",
    "api.ranked_candidates": "api_employer_object",
    "api.update_posting": "api_employer_object",
    "api.upsert_candidate": "api_agency",
    "applications.add_note": "own_employer_object",
    "applications.answer_interview": "own_candidate_object",
    "applications.apply": "candidate",
    "applications.bulk_move": "own_employer_object",
    "applications.cancel_hire": "own_employer_object",
    "applications.end_hire": "own_employer_object",
    "applications.hire": "own_employer_object",
    "applications.inbox": "inbox",
    "applications.interview": "own_candidate_object",
    "applications.interview_ics_file": "own_application_party",
    "applications.mine": "candidate",
    "applications.move": "own_employer_object",
    "applications.pipeline": "own_employer_object",
    "applications.pipeline_csv": "own_employer_object",
    "applications.propose_interview": "own_employer_object",
    "applications.reject": "own_employer_object",
    "applications.respond": "own_candidate_object",
    "applications.send_message": "application_party",
    "applications.thread_page": "application_party",
    "applications.withdraw": "own_candidate_object",
    "auth.change_password": "login",
    "auth.forgot_password": "public",
    "auth.login": "public",
    "auth.login_code": "login_step",
    "auth.logout": "login",
    "auth.mfa_new_codes": "mfa",
    "auth.mfa_setup": "mfa",
    "auth.mfa_turn_off": "mfa",
    "auth.register": "public",
    "auth.register_candidate": "public",
    "auth.register_employer": "public",
    "auth.resend_verification": "login",
    "auth.reset_mfa": "admin",
    "auth.reset_password": "public",
    "auth.verify_email": "public",
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
    "matching.compare": "own_employer_object",
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
    "postings.change_status": "own_draftable_object",
    "postings.detail": "public",
    "postings.edit": "own_draftable_object",
    "postings.manage": "own_draftable_object",
    "postings.new": "drafting_employer",
    "rounds.approve": "own_round",
    "rounds.confirm": "own_round",
    "rounds.index": "round_runner",
    "rounds.new": "round_runner",
    "rounds.show": "own_round",
    "staff.candidate": "staff",
    "staff.candidates": "staff",
    "staff.correct": "staff",
    "staff.dismiss_duplicate": "staff",
    "staff.duplicate_pairs": "staff",
    "staff.end_hire": "staff",
    "staff.merge_duplicate": "staff",
    "staff.search_candidates": "staff",
    "staff.verify": "staff",
    "static": "public",
    "tokens.index": "token_holder",
    "tokens.revoke": "own_token",
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
            "external_id": "CR-1",
            "agency_id": users["staff"].agency_id,
            "employer_id": employer_a.id,
            "site_id": employer_a.sites[0].id,
        }
        application_a = f.make_application(candidate_a, posting_a)
        hired = f.make_application(f.make_candidate(), posting_a, status="hired")
        hire = Hire(application=hired, posting_id=posting_a.id, person_id=hired.candidate_id,
                    start_on=date(2026, 1, 5),
                    # Too old to cancel: the API's cancel must not remove it mid-table.
                    created_at=clock.now() - timedelta(days=40))
        db.session.add(hire)
        db.session.flush()
        plan_a = ActionPlan(candidate=candidate_a, status="plan", first_meeting_on=date(2026, 1, 2),
                            first_meeting_mode="phone")
        plan_a.actions.append(PlanAction(step="arrival", kind="housing"))
        db.session.add(plan_a)
        db.session.flush()
        params["action_id"] = plan_a.actions[0].id
        params["section"] = "french"
        candidate_a.agency_id, candidate_a.external_id = users["staff"].agency_id, "CR-1"
        tokens_of = {actor: tokens.create_token(users[actor], scope, actor)
                     for actor, scope in TOKEN_ACTORS.items()}
        round_a = rounds.create_round(users["employer_a"], [posting_a], {})
        rounds.run_round(round_a.id)
        params.update(application_id=application_a.id, hire_id=hire.id, round_id=round_a.id,
                      token_id=tokens_of["employer_a"][0].id)
        emails = {actor: user.email for actor, user in users.items()}
        emails["tokens"] = {actor: raw for actor, (_token, raw) in tokens_of.items()}
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
            method = "GET" if "GET" in rule.methods else min(rule.methods - {"OPTIONS"})
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
    if response.status_code in (401, 403, 404):
        return response.status_code
    if response.status_code >= 500:
        return response.status_code
    return OK


# Each API token (and none) against each kind of API route: a token reaches its own scope
# (403 elsewhere), and A's objects are 404 for B.
TOKEN_ACTORS = {"employer_a": "employer", "employer_b": "employer", "staff": "agency",
                "admin": "staff"}
API_ACTORS = ("none", *TOKEN_ACTORS)
API_RULES = {
    "api_employer": {"none": UNAUTHORIZED, "employer_a": OK, "employer_b": OK,
                     "staff": FORBIDDEN, "admin": FORBIDDEN},
    "api_employer_object": {"none": UNAUTHORIZED, "employer_a": OK, "employer_b": NOT_FOUND,
                            "staff": FORBIDDEN, "admin": FORBIDDEN},
    "api_agency": {"none": UNAUTHORIZED, "employer_a": FORBIDDEN, "employer_b": FORBIDDEN,
                   "staff": OK, "admin": FORBIDDEN},
    "api_agency_object": {"none": UNAUTHORIZED, "employer_a": FORBIDDEN,
                          "employer_b": FORBIDDEN, "staff": OK, "admin": FORBIDDEN},
    "api_staff": {"none": UNAUTHORIZED, "employer_a": FORBIDDEN, "employer_b": FORBIDDEN,
                  "staff": FORBIDDEN, "admin": OK},
    "public": dict.fromkeys(API_ACTORS, OK),
}


API_BODIES = {
    "api.cancel_hire": {"reason": "Saisie en double"},
    "api.end_hire": {"end_on": "2026-12-31"},
    "api.hire": {"start_on": "2026-12-31"},
    "api.move_application": {"status": "shortlisted"},
    "api.invite": {"candidate_id": None},  # None: the world's candidate (ids differ by engine)
    "api.change_status": {"action": "close"},
    "api.update_posting": {"title": "PAB", "noc_code": "33102", "site_id": 1,
                           "shifts": ["day"], "employment_type": "full_time",
                           "hours_per_week": 37.5, "hourly_wage": 22, "openings": 2},
    "api.create_posting": {},
    "api.upsert_candidate": {"email": "cr1@example.com", "first_name": "A", "last_name": "B"},
}


@pytest.mark.parametrize("actor", API_ACTORS)
def test_each_api_route_answers_each_token_as_the_policy_says(app, world, actor):
    emails, params = world
    client = app.test_client()
    headers = {} if actor == "none" else {
        "Authorization": f"Bearer {emails['tokens'][actor]}"}
    failures = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint):
        if not rule.endpoint.startswith("api."):
            continue
        expected = API_RULES[POLICY[rule.endpoint]][actor]
        with app.test_request_context():
            url = url_for(rule.endpoint, **{a: params[a] for a in rule.arguments})
        method = "GET" if "GET" in rule.methods else min(rule.methods - {"OPTIONS"})
        # A well-formed body, so that the object lookup decides (not the body's shape).
        body = ({key: params[key] if value is None else value
                 for key, value in API_BODIES.get(rule.endpoint, {}).items()}
                if method != "GET" else None)
        with client.open(url, method=method, headers=headers, json=body) as response:
            got = outcome(response)
        if got != expected:
            failures.append(f"{method} {url} ({rule.endpoint}): expected {expected}, got "
                            f"{got} [{response.status_code}]")
    assert failures == []
