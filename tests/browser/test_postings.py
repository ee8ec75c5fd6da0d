"""HR posts a job in French; a visitor finds it on the public board in English."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from matcher import clock
from matcher.extensions import db
from tests import factories as f
from tests.browser.conftest import axe_violations, log_in, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def hr_email(app):
    """An approved HR user of an establishment with one site."""
    with app.app_context():
        employer = f.make_employer(name="CHSLD des Érables (fictif)")
        employer.sites[0].name = "Pavillon Rosemont"
        email = f.make_employer_user(employer, email="rh@erables.example").email
        for number in range(3):
            f.make_posting(employer, title=f"Aide de cuisine {number + 1}", noc_code="65201")
        db.session.commit()
    return email




def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 360


def test_hr_posts_in_french_and_a_visitor_finds_it_in_english(live_server, page, browser,
                                                              hr_email):
    today = clock.today()
    log_in(page, live_server, hr_email)
    page.get_by_role("link", name="Mes offres d’emploi").click()
    page.get_by_role("link", name="Nouvelle offre").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nouvelle offre")

    page.get_by_label("Chercher une profession par son titre").fill("preposee aux beneficiaires")
    page.get_by_role("button", name="Chercher").click()
    expect(page.locator("#noc_code option").first).to_have_text(
        "Préposés aux bénéficiaires, aides-soignants et aides-infirmiers (CNP 33102)")
    options = page.locator("#noc_code option").all_inner_texts()
    assert options[0] == ("Préposés aux bénéficiaires, aides-soignants et aides-infirmiers "
                          "(CNP 33102)")
    assert len(options) < 11, "the search narrows the list"
    assert page.locator("#noc_code optgroup").first.get_attribute("label") == \
        "Soins aux bénéficiaires"
    page.get_by_label("Profession", exact=True).select_option("33102")

    page.get_by_label("Titre du poste").fill("Préposé aux bénéficiaires – soir")
    page.get_by_label("Description de l’emploi").fill(
        "Soins d’hygiène, aide aux repas et aux déplacements des résidents, en équipe.")
    page.get_by_label("Soir", exact=True).check()
    page.get_by_label("Fin de semaine", exact=True).check()
    page.get_by_label("Heures par semaine").fill("37,5")
    page.get_by_label("Salaire horaire ($)").fill("15,00")
    page.get_by_label("Nombre de postes à pourvoir").fill("2")
    page.get_by_label("Date d’entrée en fonction").fill((today + timedelta(days=30)).isoformat())
    page.get_by_label("Date de clôture").fill((today + timedelta(days=14)).isoformat())
    page.get_by_label("Français écrit minimal").select_option("3")
    page.get_by_label("PDSB (principes de déplacement sécuritaire des bénéficiaires)").check()
    page.get_by_label("Nous offrons la formation pour les certifications exigées").check()
    page.get_by_role("button", name="Publier").click()
    expect(page.locator("#hourly_wage-error"), "a wage under the minimum is refused"
           ).to_contain_text("salaire minimum", use_inner_text=True)
    assert axe_violations(page) == []
    screenshot(page, "posting-form-errors-fr")
    page.get_by_label("Salaire horaire ($)").fill("21,50")
    page.get_by_role("button", name="Publier").click()
    expect(page.locator(".flashes")).to_contain_text("L’offre est ouverte", use_inner_text=True)
    expect(page.get_by_role("heading", level=1)).to_have_text("Préposé aux bénéficiaires – soir")
    assert axe_violations(page) == []
    screenshot(page, "posting-manage-fr")
    page.get_by_role("link", name="Mes offres d’emploi").first.click()
    expect(page.locator("tbody tr").first).to_contain_text("0 / 2", use_inner_text=True)
    assert axe_violations(page) == []
    screenshot(page, "employer-home-fr")

    visitor = browser.new_context(bypass_csp=True, locale="en-CA").new_page()
    visitor.goto(live_server + "/jobs")
    with visitor.expect_navigation():
        visitor.get_by_role("button", name="English").click()
    visitor.get_by_label("Words").fill("nurse aide")
    with visitor.expect_navigation():
        visitor.get_by_role("button", name="Search").click()
    expect(visitor.get_by_role("heading", level=2, name="1 job found")).to_be_visible()
    assert axe_violations(visitor) == []
    screenshot(visitor, "job-board-en")
    visitor.get_by_role("link", name="Préposé aux bénéficiaires – soir").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(
        "Préposé aux bénéficiaires – soir")
    body = visitor.locator("main").inner_text()
    for expected in ("Level 5 or higher – intermediate (CLB/NCLC 5, approx. CEFR B1)",
                     "Level 3 or higher – beginner (CLB/NCLC 3, approx. CEFR A2)",
                     "$21.50 an hour", "about $41,925 a year", "Evening, weekend",
                     "PDSB (safe patient handling)", "Provided by the employer"):
        assert expected in body, expected
    assert axe_violations(visitor) == []
    screenshot(visitor, "job-detail-en")
    visitor.context.close()


def test_the_board_and_a_posting_read_well_on_a_phone(live_server, phone_page, hr_email):
    phone_page.goto(live_server + "/jobs?q=cuisine")
    expect(phone_page.get_by_role("heading", level=2, name="3 emplois trouvés")).to_be_visible()
    assert no_horizontal_scroll(phone_page)
    assert axe_violations(phone_page) == []
    screenshot(phone_page, "job-board-phone-fr")
    with phone_page.expect_navigation():
        phone_page.get_by_role("link", name="Aide de cuisine 1").click()
    expect(phone_page.locator("main")).to_contain_text("Ce que l’emploi exige", use_inner_text=True)
    assert no_horizontal_scroll(phone_page)
    assert axe_violations(phone_page) == []
    screenshot(phone_page, "job-detail-phone-fr")


def test_the_posting_form_works_on_a_phone(live_server, phone_page, hr_email):
    log_in(phone_page, live_server, hr_email)
    phone_page.goto(live_server + "/employer/postings/new")
    assert no_horizontal_scroll(phone_page)
    assert axe_violations(phone_page) == []
    screenshot(phone_page, "posting-form-phone-fr")
    phone_page.goto(live_server + "/employer")
    assert no_horizontal_scroll(phone_page)
    assert axe_violations(phone_page) == []
    screenshot(phone_page, "employer-home-phone-fr")
