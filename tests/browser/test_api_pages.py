"""The API's two pages in a browser, in French, on a phone and a desktop: the tokens page
(create a token, see it once, revoke it) and the API reference drawn from the OpenAPI
document without a request to another host."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from matcher.extensions import db
from matcher.models import ApiToken
from tests import factories as f
from tests.browser.conftest import axe_violations, log_in, screenshot

pytestmark = pytest.mark.browser
SIZES = {"phone": {"width": 360, "height": 780}, "desktop": {"width": 1280, "height": 900}}


@pytest.fixture
def hr(app):
    with app.app_context():
        f.make_employer_user(f.make_employer(name="CHSLD du Parc (fictif)"),
                             email="rh@example.com")
        db.session.commit()
    return "rh@example.com"




def no_horizontal_scroll(page, size: str) -> bool:
    """Say whether the page fits the screen's width (a phone's zoomed-out layout does not
    count as fitting)."""
    return page.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]


@pytest.mark.parametrize("size", SIZES)
def test_a_token_is_created_shown_once_and_revoked(app, live_server, browser, hr, size):
    context = browser.new_context(bypass_csp=True, locale="fr-CA", viewport=SIZES[size],
                                  is_mobile=size == "phone", has_touch=size == "phone")
    page = context.new_page()
    log_in(page, live_server, hr)
    page.goto(live_server + "/account/api-tokens")
    expect(page.locator("h1")).to_have_text("Jetons d’API")
    expect(page.locator("main")).to_contain_text("Vous n’avez aucun jeton.", use_inner_text=True)
    assert axe_violations(page) == []
    assert no_horizontal_scroll(page, size)

    page.get_by_label("Nom").fill("Système RH")
    page.get_by_role("button", name="Créer le jeton").click()
    token = page.locator("#new-token").inner_text()
    assert token.startswith("psr_")
    expect(page.locator("main")).to_contain_text("il ne sera plus affiché", use_inner_text=True)
    expect(page.get_by_role("button", name="Créer le jeton"), "another can follow").to_be_visible()
    assert axe_violations(page) == []
    assert no_horizontal_scroll(page, size)
    screenshot(page, f"api-tokens-created-{size}")

    page.goto(live_server + "/account/api-tokens")
    assert page.locator("#new-token").count() == 0, "shown once"
    assert token not in page.content()
    expect(page.locator("table")).to_contain_text("Système RH", use_inner_text=True)

    with page.expect_navigation():
        page.get_by_role("button", name="Révoquer").click()
    expect(page.locator("table")).to_contain_text("Révoqué", use_inner_text=True)
    assert page.get_by_role("button", name="Révoquer").count() == 0
    assert axe_violations(page) == []
    screenshot(page, f"api-tokens-revoked-{size}")
    with app.app_context():
        (row,) = db.session.scalars(select(ApiToken)).all()
        assert row.revoked_at is not None
    api = page.request.get(live_server + "/api/v1/postings",
                           headers={"Authorization": f"Bearer {token}"})
    assert api.status == 401
    context.close()


@pytest.mark.parametrize("size", SIZES)
def test_the_api_reference_draws_every_operation_from_the_local_document(
        live_server, browser, size):
    context = browser.new_context(bypass_csp=True, locale="fr-CA", viewport=SIZES[size],
                                  is_mobile=size == "phone", has_touch=size == "phone")
    page = context.new_page()
    hosts = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    page.goto(live_server + "/api/v1/docs")
    operations = page.locator("#api-reference .api-operation")
    operations.first.wait_for()
    document = page.request.get(live_server + "/api/v1/openapi.json").json()
    expected = sum(len(methods) for methods in document["paths"].values())
    assert operations.count() == expected >= 20
    text = page.locator("#api-reference").inner_text()
    assert "GET /candidates/{external_id}/plan" in text
    assert "PUT /candidates/{external_id}" in text
    expect(page.locator("h1")).to_have_text("API de Passerelle")
    assert hosts == {urlsplit(live_server).netloc}, hosts
    assert axe_violations(page) == []
    assert no_horizontal_scroll(page, size), "long paths and schemas wrap on a phone"
    screenshot(page, f"api-docs-{size}")
    context.close()
