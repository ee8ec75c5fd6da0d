"""French first, English one click away, and every string translated."""

from pathlib import Path

from babel.messages.pofile import read_po

from matcher import ROOT
from tests.conftest import post_form
from tests.factories import make_user


def test_home_page_is_in_french_by_default(client):
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="fr-CA">' in html
    assert "Des emplois en santé et services sociaux" in html
    assert "Avis de confidentialité" in html


def test_language_switch_persists_in_a_cookie(client):
    response = post_form(client, "/language", {"locale": "en", "next": "/privacy"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/privacy"
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "Health and social-services jobs" in html
    post_form(client, "/language", {"locale": "fr_CA"})
    assert '<html lang="fr-CA">' in client.get("/").get_data(as_text=True)


def test_language_switch_refuses_foreign_redirects(client):
    response = post_form(client, "/language", {"locale": "en", "next": "//evil.example"})
    assert response.headers["Location"] == "/"


def test_logged_in_users_language_is_saved_on_their_account(app, client, login):
    with app.app_context():
        user = make_user("candidate", email="lang@example.com")
        from matcher.extensions import db

        db.session.commit()
        user_id = user.id
    login.as_user("lang@example.com")
    post_form(client, "/language", {"locale": "en"})
    with app.app_context():
        from matcher.extensions import db
        from matcher.models import User

        assert db.session.get(User, user_id).locale == "en"
    other_device = app.test_client()
    Login = type(login)
    Login(other_device).as_user("lang@example.com")
    assert '<html lang="en">' in other_device.get("/").get_data(as_text=True)


def test_dates_and_numbers_follow_the_locale(client):
    french = client.get("/").get_data(as_text=True)
    assert "3 décembre 2026" in french
    assert "1\u00a0500" in french or "1 500" in french
    post_form(client, "/language", {"locale": "en"})
    english = client.get("/").get_data(as_text=True)
    assert "December 3, 2026" in english
    assert "1,500" in english


def test_every_message_has_a_french_translation():
    path = ROOT / "matcher" / "translations" / "fr_CA" / "LC_MESSAGES" / "messages.po"
    with open(path, "rb") as handle:
        catalog = read_po(handle, locale="fr_CA")
    missing = [m.id for m in catalog if m.id and (
        m.fuzzy or not (all(m.string) if isinstance(m.string, tuple) else m.string))]
    assert missing == []


def test_the_french_catalog_covers_every_string_in_the_code():
    from babel.messages.extract import extract_from_dir

    path = ROOT / "matcher" / "translations" / "fr_CA" / "LC_MESSAGES" / "messages.po"
    with open(path, "rb") as handle:
        known = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle)}
    method_map = [("**.py", "python"), ("**.html", "jinja2")]
    keywords = {"_": None, "_l": None, "gettext": None, "lazy_gettext": None,
                "ngettext": (1, 2), "lazy_ngettext": (1, 2)}
    found = set()
    for folder in ("matcher", "templates"):
        for _name, _line, message, _comments, _ctx in extract_from_dir(
                ROOT / folder, method_map, keywords=keywords,
                directory_filter=lambda path: not Path(path).name.startswith(".")):
            found.add(message if isinstance(message, str) else message[0])
    assert sorted(found - known) == [], "run `make messages` and translate the new strings"


def test_the_first_of_the_month_is_1er_in_french_only(app):
    from datetime import UTC, date, datetime

    from flask_babel import force_locale

    from matcher.i18n import format_date, format_datetime

    with app.test_request_context():
        with force_locale("fr_CA"):
            assert format_date(date(2027, 2, 1), "long") == "1er février 2027"
            assert format_date(date(2027, 2, 1), "medium") == "1er févr. 2027"
            assert format_date(date(2027, 2, 1), "full") == "lundi 1er février 2027"
            assert format_date(date(2021, 1, 11), "long") == "11 janvier 2021"
            assert format_date(date(2001, 11, 21), "long") == "21 novembre 2001"
            assert format_date(date(2027, 2, 1), "MMMM y") == "février 2027"
            assert format_datetime(datetime(2027, 2, 1, 16, 1, tzinfo=UTC),
                                   "d MMM y, HH:mm") == "1er févr. 2027, 11:01"
            rendered = app.jinja_env.from_string(
                "{{ day|dateformat('long') }}").render(day=date(2027, 3, 1))
            assert rendered == "1er mars 2027"
        with force_locale("en"):
            assert format_date(date(2027, 2, 1), "long") == "February 1, 2027"
