"""Issuing and revoking API tokens: the page (shown once) and `flask tokens create`."""

from sqlalchemy import select

from matcher.extensions import db
from matcher.models import ApiToken
from tests import factories as f
from tests.api.conftest import bearer
from tests.conftest import Login, csrf_token, post_form


def test_flask_tokens_create_prints_only_the_token_on_its_last_line(app, runner, client):
    with app.app_context():
        email = f.make_employer_user(f.make_employer()).email
        db.session.commit()
    result = runner.invoke(args=["tokens", "create", email, "--scope", "employer",
                                 "--days", "30"])
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    assert token.startswith("psr_") and " " not in token
    assert client.get("/api/v1/postings", headers=bearer(token)).status_code == 200
    with app.app_context():
        stored = db.session.scalar(select(ApiToken))
        assert stored.token_hash != token and len(stored.token_hash) == 64
        assert (stored.expires_at - stored.created_at).days == 30


def test_a_token_out_of_the_accounts_reach_is_refused(app, runner):
    with app.app_context():
        pending = f.make_employer_user(f.make_employer(), status="pending").email
        candidate = f.make_user("candidate").email
        db.session.commit()
    for email, scope in ((pending, "employer"), (candidate, "staff"), ("nobody@x.ca", "staff")):
        result = runner.invoke(args=["tokens", "create", email, "--scope", scope])
        assert result.exit_code != 0
        assert "psr_" not in result.output


def test_the_tokens_page_shows_a_new_token_once_and_revokes_it(app, client):
    with app.app_context():
        email = f.make_employer_user(f.make_employer()).email
        db.session.commit()
    Login(client).as_user(email)
    created = post_form(client, "/account/api-tokens",
                        {"name": "Système RH", "scope": "employer", "days": "60"})
    assert created.status_code == 201
    html = created.get_data(as_text=True)
    token = html.split('<code id="new-token">')[1].split("</code>")[0]
    assert 'name="scope"' in html and "cannot hold API tokens" not in html, \
        "the form stays, for another token"
    assert created.headers["Cache-Control"] == "no-store"
    listing = client.get("/account/api-tokens").get_data(as_text=True)
    assert "Système RH" in listing and token not in listing
    headers = bearer(token)
    assert client.get("/api/v1/postings", headers=headers).status_code == 200
    with app.app_context():
        token_id = db.session.scalar(select(ApiToken.id))
    revoke = client.post(f"/account/api-tokens/{token_id}/revoke",
                         data={"csrf_token": csrf_token(client, "/account/api-tokens")})
    assert revoke.status_code == 302
    assert client.get("/api/v1/postings", headers=headers).status_code == 401
