"""Links in messages come from PUBLIC_URL, never the Host header; production knows its hosts."""

import re

from sqlalchemy import select

from matcher import create_app
from matcher.config import ProductionConfig, host_list
from matcher.extensions import db
from matcher.models import OutboxMessage
from tests import factories as f
from tests.conftest import CSRF_RE

LINK_RE = re.compile(r"https?://\S+")


def test_a_reset_link_asked_through_another_host_still_points_to_public_url(
        app, client, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_URL", "https://passerelle.example")
    with app.app_context():
        email = f.make_user("candidate").email
        db.session.commit()
    evil = {"base_url": "http://evil.example"}  # Host: evil.example (development trusts all)
    token = CSRF_RE.search(client.get("/password/forgot", **evil).get_data(as_text=True))[1]
    response = client.post("/password/forgot", data={"csrf_token": token, "email": email}, **evil)
    assert response.status_code == 302
    with app.app_context():
        (body,) = db.session.scalars(select(OutboxMessage.body)).all()
    (link,) = LINK_RE.findall(body)
    assert link.startswith("https://passerelle.example/password/reset/")
    assert "evil.example" not in body


def test_production_refuses_a_host_it_does_not_serve(production_client):
    assert production_client.get("/").status_code == 200
    response = production_client.get("/", base_url="https://evil.example")
    assert response.status_code == 400
    assert "Requête invalide" in response.get_data(as_text=True)


def test_production_trusts_the_hosts_listed_in_trusted_hosts(app):
    production = create_app(ProductionConfig, SECRET_KEY="x" * 32,
                            PUBLIC_URL="https://passerelle.example",
                            TRUSTED_HOSTS=host_list("passerelle.example, WWW.Passerelle.example"),
                            SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"])
    client = production.test_client()
    assert client.get("/privacy", base_url="https://www.passerelle.example").status_code == 200
    assert client.get("/privacy", base_url="https://evil.example").status_code == 400


def test_trusted_hosts_default_to_the_host_of_public_url(production_app):
    assert production_app.config["TRUSTED_HOSTS"] == ["passerelle.example"]
    assert host_list(" ,") is None
