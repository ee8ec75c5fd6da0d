"""A candidate's matches in French; an employer's ranked candidates in English."""

import re

import pytest
from playwright.sync_api import expect

from matcher.extensions import db
from tests import factories as f
from tests.browser.conftest import axe_violations, log_in, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def program(app):
    with app.app_context():
        employer = f.make_employer(name="CHSLD des Érables (fictif)")
        f.make_employer_user(employer, email="rh@example.com")
        posting = f.make_posting(employer, title="Préposé·e aux bénéficiaires",
                                 min_french_oral=6)
        f.make_posting(employer, title="Préposé·e aux bénéficiaires – soins palliatifs",
                       min_french_oral=8)
        user = f.make_user("candidate", email="marie@example.com")
        f.make_candidate(user, french_oral_production=6, french_oral_comprehension=7)
        for level in (6, 7, 9):
            f.make_candidate(french_oral_production=level, french_oral_comprehension=level)
        db.session.commit()
        return posting.id




def test_candidate_sees_matches_and_near_misses_in_french(live_server, phone_page, program):
    page = phone_page
    log_in(page, live_server, "marie@example.com")
    page.locator(".nav-menu summary").click()  # the phone menu is folded
    page.get_by_role("navigation").get_by_role("link", name="Mes correspondances").click()
    heading = page.get_by_role("heading", name="Les emplois auxquels vous êtes admissible")
    expect(heading).to_be_visible()
    expect(page.get_by_role("link", name="Préposé·e aux bénéficiaires", exact=True)).to_be_visible()
    page.get_by_text("Pourquoi cet emploi vous convient").first.click()
    why = page.get_by_text("Votre expérience ou la profession que vous avez choisie")
    expect(why).to_be_visible()
    doors = page.locator(".doors").inner_text()
    assert "Atteindre le niveau 8 à l’oral vous ouvrirait 1 emploi" in doors
    assert "Francisation Québec" in doors
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_violations(page) == []
    screenshot(page, "matches-phone-fr")


def test_employer_sees_ranked_candidates_in_english(live_server, page, program):
    page.set_default_timeout(120_000)  # a loaded machine builds the first index slowly
    log_in(page, live_server, "rh@example.com")
    page.locator("form.language-switch button").click()
    page.goto(f"{live_server}/employer/postings/{program}/candidates")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Candidates for"))
    rows = page.locator(".ranked-card")
    assert rows.count() == 4
    assert "marie" not in page.content().lower()
    assert axe_violations(page) == []
    screenshot(page, "ranked-candidates-en")
    rows.first.get_by_role("heading").get_by_role("link").click()
    page.get_by_role("heading", name="Requirement by requirement").wait_for(state="visible")
    expect(page.get_by_text("How the score is made")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "candidate-comparison-en")



def test_candidate_shows_more_matches_on_a_phone(app, live_server, phone_page, program):
    with app.app_context():
        employer = f.make_employer(name="CHSLD des Pins (fictif)")
        for number in range(10):
            f.make_posting(employer, title=f"Préposé·e, unité {number}", min_french_oral=6)
        db.session.commit()
    page = phone_page
    log_in(page, live_server, "marie@example.com")
    page.goto(live_server + "/matches")
    expect(page.get_by_text("11 emplois correspondent à votre profil")).to_be_visible()
    assert page.locator("li.card[id^=match-]").count() == 10
    page.get_by_role("link", name="Afficher 1 emploi de plus").click()
    page.wait_for_url("**/matches?shown=11#match-11")
    assert page.locator("li.card[id^=match-]").count() == 11
    expect(page.locator("#match-11")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_violations(page) == []
