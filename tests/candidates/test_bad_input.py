"""No input, however odd, makes a profile page fail: field errors or a refusal, never a 500."""

import pytest

from matcher.candidates import forms
from tests.conftest import csrf_token, post_form

PAGES = {
    "/profile/about": forms.AboutForm,
    "/profile/permit": forms.PermitForm,
    "/profile/french": forms.FrenchForm,
    "/profile/preferences": forms.PreferencesForm,
    "/profile/experience/new": forms.ExperienceForm,
    "/profile/consents": forms.ConsentForm,
    "/my-data/delete": forms.DeleteAccountForm,
}
ODD_VALUES = ["\x00", "a\x00b", "x" * 20000, "-1", "9" * 60, "2024-02-30", "0000-00-00",
              "NaN", "-Infinity", "1e999", "", "   ", "<script>alert(1)</script>", "é" * 3000]


def field_names(form_class) -> list[str]:
    return [name for name in dir(form_class)
            if not name.startswith("_") and hasattr(getattr(form_class, name), "field_class")]


@pytest.mark.parametrize("url", sorted(PAGES))
def test_odd_values_in_every_field_never_fail(candidate_client, url):
    names = field_names(PAGES[url])
    assert names, "the test sees the form's fields"
    token_from = "/profile/consents" if url == "/profile/consents" else url
    for value in ODD_VALUES:
        data = dict.fromkeys(names, value)
        data["action"] = "save"
        response = post_form(candidate_client, url, data, token_from=token_from)
        if url.startswith("/my-data"):  # wrong passwords: refused, then rate-limited
            assert response.status_code in (200, 429), (value, response.status_code)
        else:
            assert response.status_code in (200, 302, 400), (url, value, response.status_code)


def test_bytes_that_are_not_utf8_never_fail(candidate_client):
    token = csrf_token(candidate_client, "/profile/about")
    response = candidate_client.post(
        "/profile/about", data=f"csrf_token={token}&first_name=%ff%fe&last_name=%c3".encode(),
        content_type="application/x-www-form-urlencoded")
    assert response.status_code in (200, 302, 400)


def test_lists_where_one_value_is_expected_never_fail(candidate_client):
    data = {"permit_kind": ["open", "none"], "permit_expires_on": ["2027-01-01", "x"]}
    assert post_form(candidate_client, "/profile/permit", data).status_code in (200, 302)


def test_odd_queries_to_the_suggestions_never_fail(candidate_client):
    for query in ("%00", "%ff%fe", "é" * 500, "%20" * 300, "PAB&q=cook", ""):
        response = candidate_client.get(f"/profile/occupations?q={query}")
        assert response.status_code in (200, 400), query
