"""Searches by name or email never put the values in a URL (nor in access logs)."""

import pytest

from matcher.extensions import db
from tests import factories as f
from tests.conftest import Login, post_form


@pytest.fixture
def staff(app):
    with app.app_context():
        agency = f.make_agency()
        staff = f.make_staff(agency, email="agent@example.com")
        f.make_candidate(agency=agency, first_name="Amaka", last_name="Okafor")
        for number in range(30):
            f.make_candidate(agency=agency, first_name="Jean", last_name=f"Tremblay{number:02}")
        db.session.commit()
        email = staff.email
    client = app.test_client()
    Login(client).as_user(email)
    return client


def test_staff_search_is_posted_and_the_list_url_carries_no_name(app, staff):
    response = post_form(staff, "/staff/candidates/search", {"q": "Tremblay", "to_verify": ""},
                         token_from="/staff/candidates")
    assert response.status_code == 302
    assert response.headers["Location"] == "/staff/candidates"
    html = staff.get("/staff/candidates").get_data(as_text=True)
    assert "30 candidats" in html and "Okafor" not in html
    # Pagination keeps the search and adds only the page number to the URL.
    assert 'href="/staff/candidates?page=2"' in html
    second = staff.get("/staff/candidates?page=2").get_data(as_text=True)
    assert "Tremblay" in second and "Okafor" not in second
    assert 'value="Tremblay"' in second  # the form still shows what was searched


def test_a_name_in_the_query_string_is_ignored(app, staff):
    html = staff.get("/staff/candidates?q=Okafor").get_data(as_text=True)
    assert "31 candidats" in html


def test_the_search_form_needs_its_csrf_token(app, staff):
    assert staff.post("/staff/candidates/search", data={"q": "Okafor"}).status_code == 400
    assert "31 candidats" in staff.get("/staff/candidates").get_data(as_text=True)


def test_logging_out_forgets_the_search(app, staff):
    post_form(staff, "/staff/candidates/search", {"q": "Okafor"}, token_from="/staff/candidates")
    post_form(staff, "/logout", {})
    Login(staff).as_user("agent@example.com")
    assert "31 candidats" in staff.get("/staff/candidates").get_data(as_text=True)


def test_admin_user_search_is_posted_too(app):
    with app.app_context():
        f.make_staff(role="admin", email="admin@example.com")
        f.make_user("candidate", email="nadege.secret@example.com")
        f.make_user("candidate", email="other@example.com")
        db.session.commit()
    client = app.test_client()
    Login(client).as_user("admin@example.com")
    response = post_form(client, "/admin/users", {"q": "nadege", "role": ""})
    location = response.headers["Location"]
    assert location.startswith("/admin/users") and "nadege" not in location
    html = client.get(location).get_data(as_text=True)
    assert "nadege.secret@example.com" in html and "other@example.com" not in html
    # A GET with the value does not filter: nothing to gain from putting it in a URL.
    shown = client.get("/admin/users?q=other").get_data(as_text=True)
    assert "nadege.secret@example.com" in shown and "other@example.com" in shown
