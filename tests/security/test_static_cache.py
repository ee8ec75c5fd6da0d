"""Static files are cached by the browser between pages, for everyone, and never served stale."""

import re

import pytest

from matcher.extensions import db
from tests.conftest import Login
from tests.factories import make_user


@pytest.fixture
def user_email(app):
    with app.app_context():
        email = make_user("candidate", email="static@example.com").email
        db.session.commit()
    return email


def headers_of(client, url: str) -> tuple[int, str]:
    """The status and Cache-Control of a static file, its body read and closed."""
    with client.get(url) as response:
        return response.status_code, response.headers.get("Cache-Control", "")


def stylesheet_url(client) -> str:
    return re.search(r'href="(/static/css/passerelle\.css[^"]*)"',
                     client.get("/").get_data(as_text=True)).group(1)


def test_a_logged_in_person_keeps_the_stylesheet_between_pages(client, user_email):
    Login(client).as_user(user_email)
    url = stylesheet_url(client)
    assert headers_of(client, url) == (200, "public, max-age=31536000, immutable")
    assert client.get("/").headers["Cache-Control"] == "no-store", "pages are still not kept"


def test_a_static_url_names_its_content_so_a_new_release_is_fetched_again(app, client):
    url = stylesheet_url(client)
    assert re.fullmatch(r"/static/css/passerelle\.css\?v=[0-9a-f]{12}", url)
    assert url == stylesheet_url(client), "the same file gives the same address"
    logo = re.search(r'src="(/static/images/logo\.svg[^"]*)"',
                     client.get("/").get_data(as_text=True)).group(1)
    assert logo.split("?v=")[1] != url.split("?v=")[1]


def test_a_static_file_asked_without_its_version_is_revalidated(client):
    status, cache = headers_of(client, "/static/css/passerelle.css")
    assert status == 200 and "immutable" not in cache
    status, cache = headers_of(client, "/static/css/passerelle.css?v=000000000000")
    assert status == 200 and "immutable" not in cache, "a version not of this file is not kept"


def test_a_missing_static_file_is_a_404(client):
    assert headers_of(client, "/static/css/nothing.css")[0] == 404
