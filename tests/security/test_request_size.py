"""A chunked body (no Content-Length) is held to MAX_CONTENT_LENGTH like any other."""

import io

from matcher.extensions import db
from tests import factories as f
from tests.conftest import csrf_token

# What gunicorn and Werkzeug's server pass on for a body sent with Transfer-Encoding: chunked.
CHUNKED = {"headers": {"Transfer-Encoding": "chunked",
                       "Content-Type": "application/x-www-form-urlencoded"},
           "environ_overrides": {"wsgi.input_terminated": True}}


def test_a_chunked_body_over_the_limit_is_refused_with_413(client):
    body = b"email=" + b"x" * (10 * 1024 * 1024)
    response = client.post("/login", input_stream=io.BytesIO(body), **CHUNKED)
    assert response.status_code == 413
    assert "Envoi trop volumineux" in response.get_data(as_text=True)


def test_a_chunked_body_within_the_limit_is_read_whole(client, app):
    with app.app_context():
        email = f.make_user("candidate").email
        db.session.commit()
    token = csrf_token(client, "/login")
    body = f"csrf_token={token}&email={email}&password={f.PASSWORD}".replace(" ", "+")
    # Padding first, in a field the form ignores: the credentials count only if read to the end.
    padded = ("padding=" + "y" * 500_000 + "&" + body).encode()
    response = client.post("/login", input_stream=io.BytesIO(padded), **CHUNKED)
    assert response.status_code == 302
