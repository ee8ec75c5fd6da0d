"""An officer corrects a French level and merges a duplicate; the candidate sees the correction."""

import shutil
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from matcher import clock
from matcher.extensions import db
from tests import factories as f
from tests.browser.conftest import SCREENSHOTS, axe_violations, log_in, log_out, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def files(app):
    """Grâce with an oral level of 7, her second file, and a family sharing a phone."""
    with app.app_context():
        agency = f.make_agency("CREMCV")
        officer = f.make_staff(agency, email="agente@example.com")
        arrival = clock.today() - timedelta(days=40)
        grace = f.make_candidate(f.make_user("candidate", email="grace.mukendi@gmail.com"),
                                 first_name="Grâce", last_name="Mukendi", agency=agency,
                                 officer=officer, arrival_date=arrival, phone="514 555-0142",
                                 french_oral_production=7, french_oral_comprehension=7)
        f.make_candidate(f.make_user("candidate", email="gracemukendi+travail@gmail.com"),
                         first_name="Grace", last_name="Mukendi", agency=agency,
                         arrival_date=arrival, phone="", city="Laval")
        for first, email in (("Nadia", "nadia@example.com"), ("Karim", "karim@example.com")):
            f.make_candidate(f.make_user("candidate", email=email), first_name=first,
                             last_name="Haddad", agency=agency, phone="418-555-0199",
                             city="Québec", experiences=0)
        db.session.commit()
        return grace.id


def shoot(page, name: str) -> None:
    """Save a screenshot, and a copy among the task's shots when that folder exists."""
    path = screenshot(page, name)
    shots = SCREENSHOTS.parent.parent / "shots" / "case"
    if path and shots.is_dir():
        shutil.copy(path, shots / path.name)


def at_widths(page, name: str) -> None:
    """Check the page has no horizontal scroll and no axe violation at 1280 and 360 px."""
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_load_state("load")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert axe_violations(page) == []
        shoot(page, f"{name}-{width}-fr")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_officer_corrects_a_level_and_merges_a_duplicate(live_server, page, phone_page, files):
    log_in(page, live_server, "agente@example.com")
    page.goto(f"{live_server}/staff/candidates/{files}")
    page.get_by_role("link", name="Corriger les niveaux de français").click()
    expect(page.get_by_label("Pourquoi la valeur change")).to_be_visible()
    at_widths(page, "correct-french")
    page.get_by_role("button", name="Enregistrer la correction et en informer la personne").click()
    expect(page.locator(".error-summary")).to_contain_text(
        "Veuillez corriger les champs indiqués", use_inner_text=True)
    page.get_by_label("Parler en français").select_option("6")
    page.get_by_label("Résultat d’un test de français").check()
    page.get_by_label("Nom du test ou du document").fill("TEFAQ")
    page.get_by_label("Pourquoi la valeur change").fill(
        "Le résultat du TEFAQ indique 6 à l’oral, pas 7.")
    page.get_by_role("button", name="Enregistrer la correction et en informer la personne").click()
    expect(page.locator(".flash")).to_contain_text(
        "La correction est enregistrée", use_inner_text=True)
    corrections = page.locator("section:has(#corrections-heading)").inner_text()
    assert "Parler en français\u00a0: niveau 7 → niveau 6" in corrections
    expect(page.locator("main")).to_contain_text(
        "Ce dossier ressemble à 1 autre dossier", use_inner_text=True)
    page.get_by_role("link", name="Corriger les renseignements du permis").click()
    expect(page.get_by_label("Permis de travail ouvert")).to_be_checked()
    at_widths(page, "correct-permit")
    page.go_back()

    page.get_by_role("link", name="Examiner les doublons possibles").click()
    expect(page.locator("main")).to_contain_text("Même adresse courriel", use_inner_text=True)
    main = page.locator("main").inner_text()
    assert "Même adresse courriel" in main and "Même numéro de téléphone" in main
    assert "c’est souvent une famille" in main
    at_widths(page, "duplicates")
    pair = page.locator("section.duplicate-pair:has-text('Même adresse courriel')")
    pair.get_by_label("Garder le dossier de Grâce Mukendi").check()
    pair.get_by_role("button", name="Fusionner dans le dossier choisi").click()
    expect(page.locator(".flash")).to_contain_text(
        "Les dossiers sont fusionnés", use_inner_text=True)
    page.goto(f"{live_server}/staff/duplicates")
    main = page.locator("main").inner_text()
    assert "Même adresse courriel" not in main and "Karim Haddad" in main
    page.get_by_role("button", name="Ce sont deux personnes différentes").click()
    expect(page.locator("main")).to_contain_text("Aucun doublon possible", use_inner_text=True)
    log_out(page)

    log_in(phone_page, live_server, "grace.mukendi@gmail.com")
    phone_page.goto(live_server + "/profile")
    main = phone_page.locator("main").inner_text()
    assert "Corrections faites par votre agent·e d’intégration" in main
    assert "niveau 7 → niveau 6" in main and "Vérifié le" in main
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_violations(phone_page) == []
    shoot(phone_page, "profile-corrected-phone-fr")
