"""An officer follows a newcomer's plan; the newcomer reads it on a phone."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from matcher import clock
from matcher.extensions import db
from tests import factories as f
from tests.browser.conftest import axe_violations, log_in, log_out, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def newcomer(app):
    with app.app_context():
        agency = f.make_agency("CREMCV")
        officer = f.make_staff(agency, email="agente@example.com")
        f.make_candidate(f.make_user("candidate", email="grace@example.com"),
                         first_name="Grâce", last_name="Mukendi", agency=agency,
                         officer=officer, arrival_date=clock.today() - timedelta(days=2))
        db.session.commit()


def test_officer_builds_a_plan_and_the_candidate_reads_it_on_a_phone(
        live_server, page, phone_page, newcomer):
    log_in(page, live_server, "agente@example.com")
    page.get_by_role("link", name="Mes dossiers").click()
    meetings = page.get_by_role("region", name="Premières rencontres à tenir")
    expect(meetings).to_contain_text("Grâce Mukendi", use_inner_text=True)
    assert axe_violations(page) == []
    screenshot(page, "parcours-caseload-fr")

    meetings.get_by_role("link", name="Grâce Mukendi").click()
    page.get_by_label("Date de la première rencontre").fill(clock.today().isoformat())
    page.get_by_label("Comment elle a eu lieu").select_option("in_person")
    page.get_by_role("button", name="Enregistrer la rencontre").click()
    expect(page.locator(".flash")).to_contain_text(
        "La première rencontre est enregistrée.", use_inner_text=True)
    expect(page.locator("main")).to_contain_text("Dans les 5 jours", use_inner_text=True)

    due = (clock.today() + timedelta(days=10)).isoformat()
    for step, kind, label in (
            ("francization", "francisation_registration", "S’inscrire à Francisation Québec"),
            ("arrival", "bank_account", "Ouvrir un compte bancaire")):
        section = page.locator(f"section:has(#step-{step})")
        section.locator("summary").click()
        section.get_by_label("Action", exact=True).select_option(kind)
        section.get_by_label("Échéance").fill(due)
        section.get_by_role("button", name="Ajouter l’action").click()
        expect(page.locator(".flash")).to_contain_text("L’action est ajoutée.", use_inner_text=True)
        expect(section).to_contain_text(label, use_inner_text=True)
    arrival = page.locator("section:has(#step-arrival)")
    arrival.get_by_role("button", name="Marquer comme faite").click()
    expect(page.locator("main")).to_contain_text("Actions en cours", use_inner_text=True)
    expect(page.locator("section:has(#step-arrival)")).to_contain_text(
        "faite le", use_inner_text=True)
    assert axe_violations(page) == []
    screenshot(page, "parcours-plan-fr")
    page.set_viewport_size({"width": 360, "height": 780})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "parcours-plan-360-fr")
    page.locator(".nav-menu summary").click()  # at 360 px the menu is folded
    page.get_by_role("link", name="Mes dossiers").first.click()
    page.wait_for_url("**/parcours")
    page.wait_for_load_state("load")  # measure once the style sheet applies
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "parcours-caseload-360-fr")
    page.locator(".nav-menu summary").click()
    log_out(page)

    log_in(phone_page, live_server, "grace@example.com")
    phone_page.goto(live_server + "/my-plan")
    main = phone_page.locator("main").inner_text()
    assert "Votre prochaine étape" in main
    assert "S’inscrire à Francisation Québec" in main
    assert "Ouvrir un compte bancaire" in main and "Fait le" in main
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_violations(phone_page) == []
    screenshot(phone_page, "parcours-my-plan-phone-fr")
