"""Production cookies carry the __Host- prefix: Secure, Path=/, no Domain."""

from matcher.extensions import db
from tests import factories as f
from tests.conftest import post_form


def cookie_attributes(response) -> dict[str, list[str]]:
    """Return {cookie name: its lower-cased attributes} of the Set-Cookie headers."""
    cookies = {}
    for header in response.headers.getlist("Set-Cookie"):
        name_value, *attributes = (part.strip() for part in header.split(";"))
        cookies[name_value.split("=", 1)[0]] = [a.lower() for a in attributes]
    return cookies


def test_production_session_and_remember_cookies_use_the_host_prefix(app, production_client):
    with app.app_context():
        email = f.make_user("candidate").email
        db.session.commit()
    response = post_form(production_client, "/login",
                         {"email": email, "password": f.PASSWORD, "remember": "y"},
                         headers={"Referer": "https://passerelle.example/login"})
    assert response.status_code == 302
    cookies = cookie_attributes(response)
    assert "session" not in cookies and "remember_token" not in cookies
    for name in ("__Host-session", "__Host-remember_token"):
        attributes = cookies[name]
        assert "secure" in attributes and "path=/" in attributes and "httponly" in attributes
        assert not any(a.startswith("domain=") for a in attributes), attributes
    # The prefixed cookies are the ones read back: the person stays logged in.
    assert email in production_client.get("/").get_data(as_text=True)


def test_development_cookies_keep_plain_names_over_http(client):
    response = client.get("/login")
    assert "session" in cookie_attributes(response)
