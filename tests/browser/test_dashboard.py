"""A program officer looks at the dashboard of the demo program, in French then English."""

import re

import pytest
from playwright.sync_api import expect

from matcher.demo import DEMO_DOMAIN, DEMO_PASSWORD, load_demo_data
from matcher.extensions import db
from tests.browser.conftest import axe_violations, log_in, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(in_the_program_window, app):
    with app.app_context():
        load_demo_data()
        db.session.commit()




def test_staff_reads_the_dashboard_in_french_and_english(live_server, page, demo):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server, f"agent1@{DEMO_DOMAIN}", DEMO_PASSWORD)
    page.get_by_role("link", name="Tableau de bord").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tableau de bord du programme")
    chart = page.get_by_role("img", name=re.compile("Embauches cumulées par mois"))
    expect(chart).to_be_visible()
    description = page.locator("#progress-chart-desc").text_content()
    assert re.search(r"100 personnes étaient en poste au .*\s: \d+,\d\s% de la cible de 1\s500",
                     description)
    expect(page.get_by_role("region", name="Personnes embauchées par mois")).to_be_visible()
    expect(page.get_by_role("table", name="Cheminement des candidats")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "dashboard-fr")

    page.get_by_label("Région", exact=True).select_option("03")
    page.get_by_role("button", name="Appliquer les filtres").click()
    page.wait_for_url("**region=03**")
    page.wait_for_load_state()
    reset = page.get_by_role("link", name="Tout le programme")
    reset.wait_for(state="visible")
    expect(reset).to_be_visible()
    assert axe_violations(page) == []

    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Program dashboard")
    region = page.get_by_label("Region", exact=True)
    assert region.input_value() == "03", "the filter survives the language switch"
    page.get_by_role("link", name="Whole program").click()
    expect(page.locator("#progress-chart-desc")).to_have_text(
        re.compile(r"100 people had started work by .*: \d+\.\d% of the target of 1,500"))
    assert axe_violations(page) == []
    screenshot(page, "dashboard-en")


def test_dashboard_fits_a_phone(live_server, phone_page, demo):
    log_in(phone_page, live_server, f"agent1@{DEMO_DOMAIN}", DEMO_PASSWORD)
    phone_page.goto(live_server + "/staff/dashboard")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_violations(phone_page) == []
    screenshot(phone_page, "dashboard-phone-fr")
