"""A visitor searches the board as people type; an admin reads the audit log and the
establishments. Screenshots (360 px and 1280 px) go to screenshots/ for a person to look at."""

import re

import pytest
from playwright.sync_api import expect

from matcher.audit import record
from matcher.extensions import db
from matcher.models import Employer
from tests import factories as f
from tests.browser.conftest import axe_violations, log_in, screenshot
from tests.postings.helpers import make_board_world

pytestmark = pytest.mark.browser

FIRST = {  # query -> titles one of which must come first
    "plongeur": {"Plongeur·euse"},
    "montreal": {"Préposé·e aux bénéficiaires", "Aide de cuisine",
                 "Auxiliaire aux services de santé et sociaux"},
    "PAB": {"Préposé·e aux bénéficiaires", "Préposée aux bénéficiaires de nuit"},
    "cook": {"Cuisinier·ère"},
}


@pytest.fixture
def world(app):
    with app.app_context():
        ids = make_board_world()
        db.session.commit()
    return ids


def search(page, live_server, words: str) -> list[str]:
    page.goto(live_server + "/jobs")
    page.get_by_label("Mots-clés").fill(words)
    with page.expect_navigation():
        page.get_by_role("button", name="Rechercher").click()
    return page.locator(".posting-card h3").all_inner_texts()


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("query", FIRST)
def test_a_visitor_sees_what_they_typed_first(live_server, page, world, query):
    titles = search(page, live_server, query)
    assert titles and titles[0] in FIRST[query], titles
    if query == "montreal":
        cities = page.locator(".posting-where").all_inner_texts()
        assert all("Montréal" in where for where in cities), cities
        expect(page.locator(".understood")).to_contain_text(
            "Lieu cherché\u00a0: Montréal", use_inner_text=True)


def test_board_with_a_query_and_no_result_page_at_360_and_1280_px(live_server, page, phone_page,
                                                                   world):
    for tab, width in ((page, 1280), (phone_page, 360)):
        tab.set_viewport_size({"width": width, "height": 900 if width > 400 else 780})
        titles = search(tab, live_server, "cuisinière Lévis")
        assert titles[0] == "Cuisinier·ère"
        assert "Publiée le" in tab.locator(".posting-date").first.inner_text()
        assert no_horizontal_scroll(tab), width
        assert axe_violations(tab) == []
        screenshot(tab, f"board-query-{width}")
        search(tab, live_server, "astronaute")
        expect(tab.locator(".no-results")).to_contain_text(
            "Aucune offre ouverte", use_inner_text=True)
        assert no_horizontal_scroll(tab), width
        assert axe_violations(tab) == []
        screenshot(tab, f"board-no-result-{width}")
    page.get_by_text("Filtres et tri").click()
    for label in ("Région", "Type de travail", "Quart de travail", "Type d’emploi", "Trier par"):
        expect(page.get_by_label(label, exact=True), label).to_be_visible()
    screenshot(page, "board-filters-1280")
    search(page, live_server, "pab capitale nationale")
    with page.expect_navigation():
        page.get_by_role("link", name="seulement «\u00a0pab\u00a0»").click()
    expect(page.locator(".posting-card")).to_have_count(2)


@pytest.fixture
def admin_email(app, world):
    with app.app_context():
        admin = f.make_staff(role="admin", email="admin@example.com")
        candidate = f.make_candidate(first_name="Wilson", last_name="Saint-Fleur")
        employer = db.session.scalar(db.select(Employer).order_by(Employer.id))
        record("candidate.viewed", candidate, actor=admin)
        record("employer.updated", employer, actor=admin, name=employer.name)
        record("login.failed", actor=None, reason="password")
        db.session.commit()
    return "admin@example.com"




def test_admin_pages_read_well_at_360_and_1280_px(live_server, page, phone_page, admin_email):
    for tab, width in ((page, 1280), (phone_page, 360)):
        log_in(tab, live_server, admin_email)
        tab.goto(live_server + "/admin/audit")
        assert "A consulté un profil de candidature" in tab.content()
        assert "Wilson Saint-Fleur" in tab.content()
        assert axe_violations(tab) == []
        screenshot(tab, f"admin-audit-{width}")
        tab.get_by_label("Personne (nom ou courriel)").fill("wilson")
        tab.get_by_role("button", name="Filtrer").click()
        expect(tab).to_have_url(re.compile(r"/admin/audit\?f="))
        assert "wilson" not in tab.url.lower()
        expect(tab.get_by_label("Personne (nom ou courriel)")).to_have_value("wilson")
        assert "A consulté un profil de candidature" in tab.content(), "who viewed the file"
        screenshot(tab, f"admin-audit-filtered-{width}")
        tab.goto(live_server + "/admin/establishments")
        assert no_horizontal_scroll(tab), width
        assert axe_violations(tab) == []
        screenshot(tab, f"admin-establishments-{width}")
        with tab.expect_navigation():
            tab.locator(".org-card a").first.click()
        assert no_horizontal_scroll(tab), width
        assert axe_violations(tab) == []
        screenshot(tab, f"admin-establishment-{width}")
