"""What a visitor sees on the home page."""

import pytest

from tests.browser.conftest import axe_violations, screenshot

pytestmark = pytest.mark.browser


def test_home_page_is_french_switches_to_english_and_is_accessible(live_server, page):
    page.goto(live_server + "/")
    assert page.locator("html").get_attribute("lang") == "fr-CA"
    assert page.get_by_role("heading", level=1).inner_text().startswith("Des emplois en santé")
    assert axe_violations(page) == []
    screenshot(page, "home-fr")

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text().startswith("Health and social")
    assert axe_violations(page) == []
    screenshot(page, "home-en")

    page.goto(live_server + "/privacy")
    assert page.locator("html").get_attribute("lang") == "en", "the choice persists"


def test_home_page_reads_well_on_a_phone(live_server, phone_page):
    phone_page.goto(live_server + "/")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, "no horizontal scrolling on a phone"
    assert axe_violations(phone_page) == []
    screenshot(phone_page, "home-phone-fr")
