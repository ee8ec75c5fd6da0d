"""The JSON API: tokens and scopes, object-level 404s, problem bodies, the same rules as
the pages, idempotent hires."""

import html
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from matcher import clock
from matcher.auth import services as accounts
from matcher.extensions import db
from matcher.models import ApiToken, AuditEvent, Hire, Posting, User
from matcher.tokens.services import hash_token
from tests.api.conftest import bearer, posting_body
from tests.conftest import Login, post_form
from tests.postings.helpers import TODAY, field_errors, valid_form

PROBLEM = "application/problem+json"


def test_a_request_without_a_token_gets_401_with_a_bearer_challenge(client, world):
    response = client.get("/api/v1/postings")
    assert response.status_code == 401
    assert response.content_type == PROBLEM
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.json["title"] == "Authentification requise"


def test_a_session_cookie_alone_gets_401(app, client, world):
    Login(client).as_user(world.employer_email)
    assert client.get("/employer").status_code == 200  # the cookie works on the pages
    response = client.get("/api/v1/postings")
    assert response.status_code == 401 and response.content_type == PROBLEM
    assert client.post("/api/v1/postings", json=posting_body(world.site_id)).status_code == 401


def test_an_unknown_token_gets_401(client, world):
    response = client.get("/api/v1/postings", headers=bearer("psr_not-a-token"))
    assert response.status_code == 401 and response.json["code"] == "invalid_token"


@pytest.mark.parametrize(("token", "path", "expected"), [
    ("employer_token", "/postings", 200), ("agency_token", "/postings", 403),
    ("staff_token", "/postings", 403), ("agency_token", "/candidates", 200),
    ("employer_token", "/candidates", 403), ("staff_token", "/figures", 200),
    ("employer_token", "/figures", 403), ("agency_token", "/figures", 403),
])
def test_each_token_reaches_only_its_scope(client, world, token, path, expected):
    response = client.get("/api/v1" + path, headers=bearer(getattr(world, token)))
    assert response.status_code == expected, response.json
    if expected == 403:
        assert response.content_type == PROBLEM
        assert response.json["code"] == "insufficient_scope"


def test_another_establishments_objects_are_404(client, world):
    headers = bearer(world.other_employer_token)
    for path in (f"/postings/{world.posting_id}", f"/applications/{world.application_id}",
                 f"/postings/{world.posting_id}/candidates"):
        response = client.get("/api/v1" + path, headers=headers)
        assert response.status_code == 404 and response.content_type == PROBLEM, path
    moved = client.post(f"/api/v1/applications/{world.application_id}/moves",
                        json={"status": "shortlisted"}, headers=headers)
    assert moved.status_code == 404
    listed = client.get("/api/v1/postings", headers=headers).json["items"]
    assert [p["id"] for p in listed] == [world.other_posting_id]


def test_a_revoked_or_expired_token_stops_working(app, client, world):
    headers = bearer(world.employer_token)
    assert client.get("/api/v1/postings", headers=headers).status_code == 200
    with app.app_context():
        token = db.session.scalar(select(ApiToken).where(
            ApiToken.token_hash == hash_token(world.employer_token)))
        assert token.last_used_at is not None
        token.expires_at = clock.now() - timedelta(seconds=1)
        db.session.commit()
    assert client.get("/api/v1/postings", headers=headers).status_code == 401
    with app.app_context():
        token = db.session.scalar(select(ApiToken).where(
            ApiToken.token_hash == hash_token(world.employer_token)))
        token.expires_at = clock.now() + timedelta(days=1)
        token.revoked_at = clock.now()
        db.session.commit()
    assert client.get("/api/v1/postings", headers=headers).status_code == 401


@pytest.mark.parametrize("change", ["deactivate", "role", "password"])
def test_deactivation_role_and_password_changes_revoke_tokens(app, client, world, change):
    headers = bearer(world.staff_token)
    assert client.get("/api/v1/figures", headers=headers).status_code == 200
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == world.staff_email))
        if change == "deactivate":
            accounts.deactivate(user)
        elif change == "role":
            accounts.change_role(user, "admin")
        else:
            token = accounts.create_reset_token(user)
            accounts.reset_password(token, "a new long passphrase")
        db.session.commit()
    assert client.get("/api/v1/figures", headers=headers).status_code == 401
    assert client.get("/api/v1/candidates", headers=bearer(world.agency_token)).status_code \
        == 401


@pytest.mark.parametrize(("data", "content_type", "status", "code"), [
    (b"{not json", "application/json", 400, "invalid_json"),
    (b'{"title": NaN}', "application/json", 400, "invalid_json"),
    (b"\xff\xfe", "application/json", 400, "invalid_json"),
    (b"title=x", "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
    (b"{}", "text/plain", 415, "unsupported_media_type"),
    (b"[1, 2]", "application/json", 422, "invalid"),
])
def test_malformed_bodies_get_a_problem(client, world, data, content_type, status, code):
    response = client.post("/api/v1/postings", data=data, content_type=content_type,
                           headers=bearer(world.employer_token))
    assert response.status_code == status
    assert response.content_type == PROBLEM
    assert response.json["code"] == code


@pytest.mark.parametrize(("changes", "field"), [
    ({"min_french_oral": ["B2"]}, "min_french_oral"),
    ({"min_french_oral": "7"}, "min_french_oral"),
    ({"min_french_oral": 4}, "min_french_oral"),
    ({"employment_type": "forever"}, "employment_type"),
    ({"shifts": ["dawn"]}, "shifts"),
    ({"noc_code": "21231"}, "noc_code"),
    ({"start_date": "2026-02-30"}, "start_date"),
    ({"hourly_wage": 21.555}, "hourly_wage"),
    ({"hourly_wage": True}, "hourly_wage"),
    ({"openings": 2.5}, "openings"),
    ({"title": "x\u0000"}, "title"),
    ({"salary": 20}, "salary"),
])
def test_invalid_fields_are_listed_in_a_422_problem(client, world, changes, field):
    response = client.post("/api/v1/postings", json=posting_body(world.site_id, **changes),
                           headers=bearer(world.employer_token, **{"Accept-Language": "en"}))
    assert response.status_code == 422, response.json
    assert response.content_type == PROBLEM
    assert response.json["title"] == "Invalid data"
    assert field in [error["field"] for error in response.json["errors"]]


def test_problem_titles_follow_accept_language(client, world):
    body = posting_body(world.site_id, employment_type="forever")
    french = client.post("/api/v1/postings", json=body, headers=bearer(world.employer_token))
    english = client.post("/api/v1/postings", json=body,
                          headers=bearer(world.employer_token, **{"Accept-Language": "en"}))
    assert french.json["title"] == "Données non valides"
    assert english.json["title"] == "Invalid data"
    assert french.json["errors"][0]["message"] != english.json["errors"][0]["message"]


def test_a_body_over_the_limit_gets_413(client, world):
    body = b'{"title": "' + b"x" * (1024 * 1024) + b'"}'
    response = client.post("/api/v1/postings", data=body, content_type="application/json",
                           headers=bearer(world.employer_token))
    assert response.status_code == 413 and response.content_type == PROBLEM


def test_the_form_and_the_api_refuse_a_posting_for_the_same_reasons(app, client, world,
                                                                    freeze_clock):
    freeze_clock(TODAY)
    start = TODAY + timedelta(days=40)
    closes = (start + timedelta(days=5)).isoformat()
    Login(client).as_user(world.employer_email)
    page = post_form(client, "/employer/postings/new", valid_form(
        world.site_id, start_date=start.isoformat(), closes_on=closes, hourly_wage="12,00"))
    form_reasons = field_errors(page)
    api = app.test_client().post("/api/v1/postings", headers=bearer(world.employer_token),
                                 json=posting_body(world.site_id, hourly_wage=12.0,
                                                   start_date=start.isoformat(),
                                                   closes_on=closes))
    assert api.status_code == 422
    api_reasons = {error["field"]: error["message"] for error in api.json["errors"]}
    assert set(api_reasons) == {"hourly_wage", "closes_on"}
    assert {field: html.unescape(text) for field, text in form_reasons.items()} == api_reasons


def test_an_employer_creates_publishes_lists_and_closes_a_posting(app, client, world):
    headers = bearer(world.employer_token)
    created = client.post("/api/v1/postings", headers=headers,
                          json=posting_body(world.site_id, external_id="RH-1", publish=True))
    assert created.status_code == 201, created.json
    posting_id = created.json["id"]
    assert created.headers["Location"].endswith(f"/api/v1/postings/{posting_id}")
    assert created.json["status"] == "open" and created.json["hourly_wage"] == 22.5
    again = client.post("/api/v1/postings", headers=headers,
                        json=posting_body(world.site_id, external_id="RH-1"))
    assert again.status_code == 409
    closed = client.post(f"/api/v1/postings/{posting_id}/status", headers=headers,
                         json={"action": "close"})
    assert closed.status_code == 200 and closed.json["status"] == "closed"
    twice = client.post(f"/api/v1/postings/{posting_id}/status", headers=headers,
                        json={"action": "close"})
    assert twice.status_code == 409
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).where(
            AuditEvent.subject_type == "Posting", AuditEvent.subject_id == posting_id)).all()
        token_id = db.session.scalar(select(ApiToken.id).where(
            ApiToken.scope == "employer", ApiToken.name == "HR").order_by(ApiToken.id))
        assert [e.action for e in events] == ["posting.created", "posting.published",
                                              "posting.closed"]
        assert {e.details["api_token_id"] for e in events} == {token_id}


def test_pages_follow_an_opaque_cursor_in_id_order(app, client, world):
    headers = bearer(world.employer_token)
    for number in range(3):
        assert client.post("/api/v1/postings", headers=headers, json=posting_body(
            world.site_id, title=f"Poste {number}")).status_code == 201
    seen, cursor = [], None
    while True:
        query = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = client.get("/api/v1/postings", headers=headers, query_string=query).json
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == sorted(seen) and len(seen) == 4
    bad = client.get("/api/v1/postings", headers=headers, query_string={"cursor": "zzz"})
    assert bad.status_code == 400 and bad.json["code"] == "invalid_cursor"


@pytest.mark.parametrize("cursor", ["zzz", "x" * 19, "djE6!!", "AAAAAAAA", "djE6LTE",
                                    "djI6MQ", "djE6OTk5OTk5OTk5OTk"])
def test_a_cursor_the_api_did_not_issue_is_a_400_whatever_its_form(client, world, cursor):
    response = client.get("/api/v1/postings", headers=bearer(world.employer_token),
                          query_string={"cursor": cursor, "limit": 2})
    assert response.status_code == 400, response.json
    assert response.json["code"] == "invalid_cursor" and "errors" not in response.json


def test_the_document_gives_the_cursors_form(client, world):
    from matcher.api.pagination import CURSOR_PATTERN, encode

    document = client.get("/api/v1/openapi.json").json
    parameters = document["paths"]["/postings"]["get"]["parameters"]
    cursor = next(p for p in parameters if p["name"] == "cursor")["schema"]["anyOf"][0]
    assert (cursor["pattern"], cursor["minLength"], cursor["maxLength"]) == (
        CURSOR_PATTERN, 6, 18)
    assert re.match(CURSOR_PATTERN, encode(0)) and re.match(CURSOR_PATTERN, encode(2**31 - 1))


def test_a_hire_with_an_idempotency_key_is_recorded_once(app, client, world, freeze_clock):
    headers = bearer(world.employer_token, **{"Idempotency-Key": "hire-42"})
    body = {"start_on": (clock.today() + timedelta(days=14)).isoformat()}
    url = f"/api/v1/applications/{world.offer_id}/hire"
    first = client.post(url, json=body, headers=headers)
    assert first.status_code == 201, first.json
    second = client.post(url, json=body, headers=headers)
    assert second.status_code == 201 and second.json == first.json
    assert second.headers["Idempotent-Replayed"] == "true"
    other = client.post(url, json={"start_on": clock.today().isoformat()}, headers=headers)
    assert other.status_code == 422 and other.json["code"] == "idempotency_key_reused"
    without_key = client.post(url, json=body, headers=bearer(world.employer_token))
    assert without_key.status_code == 409 and without_key.json["code"] == "already_hired"
    with app.app_context():
        assert len(db.session.scalars(select(Hire)).all()) == 1
        assert db.session.get(Posting, world.posting_id).filled == 1


def test_a_refused_first_day_names_its_field(client, world):
    url = f"/api/v1/applications/{world.offer_id}/hire"
    far = (clock.today() + timedelta(days=800)).isoformat()
    response = client.post(url, json={"start_on": far}, headers=bearer(world.employer_token))
    assert response.status_code == 422
    assert response.json["errors"][0]["field"] == "start_on"
    assert response.json["code"] == "start_too_far"


def test_an_application_moves_and_a_ranked_candidate_is_pseudonymized(client, world):
    headers = bearer(world.employer_token)
    moved = client.post(f"/api/v1/applications/{world.application_id}/moves", headers=headers,
                        json={"status": "shortlisted"})
    assert moved.status_code == 200 and moved.json["status"] == "shortlisted"
    wrong = client.post(f"/api/v1/applications/{world.application_id}/moves", headers=headers,
                        json={"status": "hired"})
    assert wrong.status_code == 422
    ranked = client.get(f"/api/v1/postings/{world.posting_id}/candidates", headers=headers)
    assert ranked.status_code == 200
    for item in ranked.json["items"]:
        if item["application_status"] is None:
            assert item["candidate"].startswith("C-")
        assert sum(c["points"] for c in item["explanation"]) == pytest.approx(item["score"],
                                                                               abs=0.2)


def test_an_agency_upserts_a_candidate_by_external_id(app, client, world):
    headers = bearer(world.agency_token)
    body = {"email": "farida@example.com", "first_name": "Farida", "last_name": "Rahimi",
            "permit_kind": "pending", "french_reading": 6}
    created = client.put("/api/v1/candidates/CR-2", json=body, headers=headers)
    assert created.status_code == 201, created.json
    assert created.json["matching_opt_in"] is False and created.json["claimed"] is False
    updated = client.put("/api/v1/candidates/CR-2", json={**body, "last_name": "Rahimy"},
                         headers=headers)
    assert updated.status_code == 200 and updated.json["last_name"] == "Rahimy"
    bad = client.put("/api/v1/candidates/CR-3", headers=headers,
                     json={**body, "email": "x@example.com", "french_reading": ["B2"]})
    assert bad.status_code == 422 and bad.json["errors"][0]["field"] == "french_reading"
    rule = client.put("/api/v1/candidates/CR-3", headers=headers,
                      json={**body, "email": "x@example.com", "permit_kind": "open"})
    assert rule.status_code == 422
    assert [e["field"] for e in rule.json["errors"]] == ["permit_expires_on"]
    assert client.get("/api/v1/candidates/CR-2/matches", headers=headers).status_code == 200
    assert client.get("/api/v1/candidates/CR-1/applications",
                      headers=headers).json["items"][0]["status"] == "applied"
    other = client.get("/api/v1/candidates/CR-2", headers=bearer(world.employer_token))
    assert other.status_code == 403


def test_staff_read_the_program_figures(client, world):
    figures = client.get("/api/v1/figures", headers=bearer(world.staff_token))
    assert figures.status_code == 200
    assert figures.json["target"] == 1500 and "by_region" in figures.json


def test_the_token_rate_limit_answers_429_with_a_problem(app, client, world):
    app.config["API_RATE_LIMIT"] = "2 per minute"
    try:
        headers = bearer(world.employer_token)
        statuses = [client.get("/api/v1/postings", headers=headers).status_code
                    for _ in range(3)]
        other = client.get("/api/v1/postings", headers=bearer(world.other_employer_token))
    finally:
        app.config["API_RATE_LIMIT"] = "300 per minute"
    assert statuses == [200, 200, 429]
    assert other.status_code == 200, "each token has its own budget"
