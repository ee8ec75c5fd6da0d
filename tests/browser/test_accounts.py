"""Registering and logging in, in French, as a person does it."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, screenshot

pytestmark = pytest.mark.browser


def test_candidate_registers_sees_a_field_error_then_logs_in(live_server, phone_page):
    page = phone_page
    page.goto(live_server + "/")
    page.locator(".nav-menu summary").click()  # the phone menu is folded
    page.get_by_role("link", name="Créer un compte").first.click()
    page.get_by_role("link", name="Créer mon compte de candidat").click()
    expect(page.get_by_label("Confirmez le mot de passe")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_label("Adresse courriel").fill("fabiola@example.com")
    page.get_by_label("Mot de passe", exact=True).fill("azertyuiop")
    page.get_by_label("Confirmez le mot de passe").fill("azertyuiop")
    page.get_by_label("J’ai lu l’avis de confidentialité").check()
    page.get_by_role("button", name="Créer mon compte").click()

    expect(page.locator("#password-error")).to_contain_text("trop courant", use_inner_text=True)
    field = page.get_by_label("Mot de passe", exact=True)
    assert field.get_attribute("aria-invalid") == "true"
    assert "password-error" in field.get_attribute("aria-describedby")
    assert axe_violations(page) == []
    screenshot(page, "register-error-phone-fr")

    page.get_by_label("Mot de passe", exact=True).fill("le fleuve est large")
    page.get_by_label("Confirmez le mot de passe").fill("le fleuve est large")
    page.get_by_role("button", name="Créer mon compte").click()
    # The same answer as for an address already in use: look in the inbox, then log in.
    expect(page.locator(".flash")).to_contain_text("Ouvrez le lien", use_inner_text=True)
    expect(page.get_by_role("heading", name="Se connecter")).to_be_visible()
    screenshot(page, "registered-phone-fr")

    page.get_by_label("Adresse courriel").fill("fabiola@example.com")
    page.get_by_label("Mot de passe").fill("mauvais mot de passe")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.locator("#password-error")).to_contain_text("incorrect", use_inner_text=True)
    assert axe_violations(page) == []
    screenshot(page, "login-error-phone-fr")

    page.get_by_label("Mot de passe").fill("le fleuve est large")
    with page.expect_navigation():
        page.get_by_role("button", name="Se connecter").click()
    page.locator(".nav-menu summary").click()  # the phone menu is folded
    page.get_by_text("fabiola@example.com").first.wait_for(state="visible")
    # Until the address is confirmed, a banner says so and offers a new link.
    expect(page.locator(".verify-banner")).to_contain_text(
        "Confirmez votre adresse courriel", use_inner_text=True)
    assert axe_violations(page) == []
    screenshot(page, "unverified-banner-phone-fr")
