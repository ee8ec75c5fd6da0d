"""Two-step login and the posted staff search, on a phone, as a staff member sees them."""

import re

import pyotp
import pytest
from playwright.sync_api import expect

from matcher import clock
from matcher.extensions import db
from tests import factories as f
from tests.browser.conftest import axe_violations, screenshot
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def test_staff_enrols_on_a_phone_then_searches_without_names_in_the_url(
        app, live_server, phone_page, monkeypatch):
    monkeypatch.setitem(app.config, "MFA_REQUIRED_ROLES", ("staff", "admin"))
    with app.app_context():
        agency = f.make_agency()
        f.make_staff(agency, email="agent@example.com")
        f.make_candidate(agency=agency, first_name="Amaka", last_name="Okafor")
        f.make_candidate(agency=agency, first_name="Diego", last_name="Pérez")
        db.session.commit()
    page = phone_page
    page.goto(live_server + "/login")
    page.get_by_label("Adresse courriel").fill("agent@example.com")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Se connecter").click()
    page.goto(live_server + "/staff/candidates")  # any staff page asks for enrolment first
    assert page.url.endswith("/account/two-step")
    expect(page.locator(".qr-code svg")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "two-step-setup-phone-fr")

    secret = page.locator("code.secret").inner_text().replace(" ", "")
    page.get_by_label("Code").fill(pyotp.TOTP(secret).at(clock.now()))
    page.get_by_role("button", name="Activer la connexion en deux étapes").click()
    codes = page.locator(".recovery-codes li")
    expect(codes).to_have_count(10)
    assert re.fullmatch(r"[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}", codes.first.inner_text())
    assert axe_violations(page) == []
    screenshot(page, "two-step-codes-phone-fr")

    with page.expect_navigation():
        page.get_by_role("link", name="J’ai conservé mes codes").click()
    page.goto(live_server + "/staff/candidates")
    page.get_by_label("Le nom ou le courriel contient").fill("okaf")
    with page.expect_navigation():
        page.get_by_role("button", name="Rechercher").click()
    assert page.url == live_server + "/staff/candidates"
    assert "Amaka Okafor" in page.content() and "Diego" not in page.content()
    assert axe_violations(page) == []
    screenshot(page, "staff-search-phone-fr")
