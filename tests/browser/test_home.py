"""What a visitor sees on the home page."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, screenshot

pytestmark = pytest.mark.browser


def test_home_page_is_french_switches_to_english_and_is_accessible(live_server, page):
    page.goto(live_server + "/")
    assert page.locator("html").get_attribute("lang") == "fr-CA"
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Des emplois en santé"))
    assert axe_violations(page) == []
    screenshot(page, "home-fr")

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Health and social"))
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
