"""An establishment not in the list: its HR registers, drafts while pending, staff approve,
the draft is published. Registration and the pending page are checked at 360 and 1280 px."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from matcher import clock
from matcher.extensions import db
from matcher.models import OutboxMessage
from tests import factories as f
from tests.browser.conftest import axe_violations, log_in, log_out, screenshot
from tests.browser.test_pipeline import keep, no_horizontal_scroll

pytestmark = pytest.mark.browser
PASSWORD = "une phrase facile"


@pytest.fixture
def staff(app):
    with app.app_context():
        f.make_staff(email="agent@example.com")
        db.session.commit()




def verification_link(app, email: str) -> str:
    with app.app_context():
        body = db.session.scalar(select(OutboxMessage.body).where(
            OutboxMessage.to_address == email, OutboxMessage.body.contains("/account/verify/")))
    return re.search(r"(/account/verify/\S+)", body).group(1)


def test_unlisted_establishment_registers_drafts_and_publishes_once_approved(
        app, live_server, page, phone_page, staff):
    # On a phone: "not in the list" opens the establishment's fields.
    phone_page.goto(live_server + "/register/employer")
    expect(phone_page.get_by_label("Nom de l’établissement")).to_be_hidden()
    phone_page.get_by_label("Votre établissement").select_option(
        label="Mon établissement n’est pas dans la liste")
    phone_page.get_by_label("Nom de l’établissement").fill("Résidence Les Pins (fictive)")
    phone_page.get_by_label("Type d’établissement").select_option("RPA")
    phone_page.get_by_label("Région").select_option("03")
    phone_page.get_by_label("Adresse de l’établissement").fill("12, rue des Pins, Québec")
    phone_page.get_by_label("Votre nom").fill("Nadège Tremblay")
    phone_page.get_by_label("Titre de votre emploi").fill("Conseillère RH")
    phone_page.get_by_label("Téléphone au travail").fill("418-555-0199")
    phone_page.get_by_label("Adresse courriel professionnelle").fill("nadege@example.com")
    phone_page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    phone_page.get_by_label("Confirmez le mot de passe").fill(PASSWORD)
    phone_page.get_by_label("J’ai lu l’avis de confidentialité").check()
    assert no_horizontal_scroll(phone_page)
    assert axe_violations(phone_page) == []
    keep(screenshot(phone_page, "register-unlisted-360-fr"))
    phone_page.get_by_role("button", name="Créer mon compte").click()
    phone_page.wait_for_url("**/login")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server + verification_link(app, "nadege@example.com"))
    log_in(page, live_server, "nadege@example.com", PASSWORD)
    page.goto(live_server + "/employer")
    main = page.locator("main").inner_text()
    assert "Ce qui se passe ensuite" in main and "418-555-0199" in main
    assert axe_violations(page) == []
    keep(screenshot(page, "pending-1280-fr"))
    page.get_by_role("link", name="Rédiger une offre (brouillon)").click()
    expect(page.get_by_label("Titre du poste")).to_be_visible()
    expect(page.get_by_role("button", name="Publier")).to_have_count(0)
    page.get_by_label("Profession", exact=True).select_option("33102")
    page.get_by_label("Titre du poste").fill("Préposé·e aux bénéficiaires – jour")
    page.get_by_label("Description de l’emploi").fill("Soins d’hygiène et aide aux repas.")
    page.get_by_label("Jour", exact=True).check()
    page.get_by_label("Heures par semaine").fill("37,5")
    page.get_by_label("Salaire horaire ($)").fill("21,50")
    page.get_by_label("Nombre de postes à pourvoir").fill("2")
    page.get_by_label("Date d’entrée en fonction").fill(
        (clock.today() + timedelta(days=30)).isoformat())
    page.get_by_label("Date de clôture").fill((clock.today() + timedelta(days=14)).isoformat())
    page.get_by_label("Nom de la nouvelle installation").fill("Pavillon A")
    page.get_by_label("Ville").fill("Québec")
    page.get_by_role("button", name="Enregistrer comme brouillon").click()
    expect(page.locator("main")).to_contain_text("brouillon", use_inner_text=True)
    posting_url = page.url
    page.goto(live_server + "/employer")
    expect(page.locator("main")).to_contain_text(
        "Préposé·e aux bénéficiaires – jour", use_inner_text=True)
    keep(screenshot(page, "pending-with-draft-1280-fr"))
    log_in(phone_page, live_server, "nadege@example.com", PASSWORD)
    phone_page.goto(live_server + "/employer")
    assert no_horizontal_scroll(phone_page)
    keep(screenshot(phone_page, "pending-360-fr"))
    log_out(page)

    log_in(page, live_server, "agent@example.com")
    page.goto(live_server + "/staff/employers")
    main = page.locator("main").inner_text()
    assert "Nadège Tremblay" in main and "12, rue des Pins, Québec" in main
    assert axe_violations(page) == []
    keep(screenshot(page, "approvals-1280-fr"))
    page.get_by_role("button", name="Approuver la personne et l’établissement").click()
    expect(page.locator(".flash")).to_contain_text("Décision enregistrée", use_inner_text=True)
    log_out(page)

    log_in(page, live_server, "nadege@example.com", PASSWORD)
    page.goto(posting_url)
    page.get_by_role("button", name="Publier").click()
    page.get_by_role("link", name="Voir l’offre publiée").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Préposé·e aux bénéficiaires – jour", use_inner_text=True)
    # Let the page's last files arrive before the live server stops (no half-sent response).
    page.wait_for_load_state("networkidle")
