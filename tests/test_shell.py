"""The page shell: layout, error pages, security headers, configuration."""

import pytest

from matcher import create_app
from matcher.config import ProductionConfig, TestConfig


def test_home_page_has_landmarks_and_the_privacy_link(client):
    html = client.get("/").get_data(as_text=True)
    assert '<main id="main"' in html
    assert 'aria-label="Menu principal"' in html
    assert 'href="/privacy"' in html
    assert "Se connecter" in html


def test_privacy_notice_says_what_why_who_and_how_long(client):
    html = client.get("/privacy").get_data(as_text=True)
    for heading in ("Ce que nous recueillons", "Pourquoi nous les recueillons", "Qui les voit",
                    "Combien de temps nous les gardons"):
        assert heading in html


def test_not_found_page_is_translated_and_leaks_nothing(client):
    response = client.get("/no-such-page")
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Page introuvable" in html
    assert "Traceback" not in html and "werkzeug" not in html.lower()


def test_server_error_page_is_translated_and_leaks_nothing():
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI="sqlite://", PROPAGATE_EXCEPTIONS=False)

    @app.get("/_boom")
    def boom():
        raise RuntimeError("secret internal detail")

    response = app.test_client().get("/_boom")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Un problème est survenu" in html
    assert "secret internal detail" not in html and "RuntimeError" not in html


def test_security_headers_on_every_response(client):
    for path in ("/", "/no-such-page", "/static/css/passerelle.css"):
        with client.get(path) as response:
            headers = response.headers
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert "unsafe-inline" not in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
        assert "Strict-Transport-Security" not in headers


def test_pages_load_nothing_from_another_host(client):
    html = client.get("/").get_data(as_text=True)
    assert "http://" not in html and "https://" not in html and 'src="//' not in html


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(ProductionConfig, SQLALCHEMY_DATABASE_URI="sqlite://")


def test_production_uses_secure_cookies_and_hsts():
    app = create_app(ProductionConfig, SECRET_KEY="x" * 32,
                     SQLALCHEMY_DATABASE_URI="sqlite://", PUBLIC_URL="https://localhost")
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    assert not app.debug
    assert not app.config["DEMO_ENABLED"]
    with app.test_client().get("/static/css/passerelle.css") as response:
        assert "max-age=" in response.headers["Strict-Transport-Security"]


def test_database_url_comes_from_the_environment(monkeypatch):
    from matcher.config import database_url

    monkeypatch.setenv("DATABASE_URL", "postgresql://u@h:5432/db")
    assert database_url() == "postgresql+psycopg://u@h:5432/db"
    monkeypatch.delenv("DATABASE_URL")
    assert database_url().startswith("sqlite:///") and database_url().endswith(".sqlite3")


def test_an_id_too_large_for_the_database_is_a_404(client):
    assert client.get("/jobs/99999999999999999999").status_code == 404
    assert client.get("/employer/postings/9223372036854775808/candidates").status_code in (
        302, 404)
