"""A candidate fills the whole profile in French on a phone, one short step after another."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from matcher import clock
from matcher.extensions import db
from matcher.models import Candidate, User
from tests import factories as f
from tests.browser.conftest import axe_violations, log_in, log_out, screenshot

pytestmark = pytest.mark.browser
EMAIL = "nadege@example.com"


@pytest.fixture
def registered(app):
    """A candidate account as registration leaves it: a user and an empty profile."""
    with app.app_context():
        user = f.make_user("candidate", email=EMAIL)
        db.session.add(Candidate(user=user))
        db.session.commit()


def check(page, name: str) -> None:
    """What every step must meet: no error, no sideways scrolling, no axe violation."""
    errors = page.locator(".field-error").all_inner_texts()
    assert page.locator(".error-summary").count() == 0, errors
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, "no horizontal scroll"
    assert axe_violations(page) == []
    screenshot(page, name)


def test_candidate_fills_the_whole_profile_on_a_phone(live_server, phone_page, registered, app):
    page = phone_page
    today = clock.today()
    log_in(page, live_server, EMAIL)

    page.locator(".nav-menu summary").click()  # the phone menu is folded
    page.get_by_role("link", name="Mon profil", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon profil")
    expect(page.locator(".completeness")).to_contain_text(
        "Profil rempli : 0 sur 6 étapes", use_inner_text=True)
    check(page, "profile-overview-empty-phone-fr")

    page.get_by_role("link", name="À propos de vous", exact=True).click()
    page.get_by_label("Prénom").fill("Nadège")
    page.get_by_label("Nom de famille").fill("Mukendi")
    page.get_by_label("Numéro de téléphone").fill("514 555-0123")
    page.get_by_label("Ville où vous habitez").fill("Montréal")
    check(page, "profile-1-about-phone-fr")
    page.get_by_role("button", name="Enregistrer et continuer").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Permis de travail")
    page.get_by_label("Permis de travail fermé").check()
    page.get_by_label("Date d’expiration du permis").fill((today + timedelta(days=60)).isoformat())
    page.get_by_label("Employeur nommé sur le permis", exact=True).select_option(
        label="CIUSSS du Centre-Sud-de-l'Île-de-Montréal")
    page.get_by_label("Date d’expiration de votre numéro d’assurance sociale").fill(
        (today + timedelta(days=60)).isoformat())
    check(page, "profile-2-permit-phone-fr")
    page.get_by_role("button", name="Enregistrer et continuer").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Français")
    for skill, level in (("Comprendre le français parlé", "7"), ("Parler en français", "6"),
                         ("Lire en français", "5"), ("Écrire en français", "4")):
        group = page.get_by_role("group", name=skill)
        group.get_by_label("Niveau", exact=True).select_option(level)
        group.get_by_label("D’où vient ce niveau ?").select_option("course")
    page.get_by_text("Que veulent dire les niveaux ?").click()
    check(page, "profile-3-french-phone-fr")
    page.get_by_role("button", name="Enregistrer et continuer").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Expérience")
    check(page, "profile-4-experience-empty-phone-fr")
    page.get_by_role("link", name="Ajouter un emploi").click()
    page.get_by_label("Titre de votre emploi").press_sequentially("preposee aux beneficiaires",
                                                             delay=20)
    suggestion = page.get_by_label("(CNP 33102)")
    suggestion.wait_for()  # suggest.js asked the server as the title was typed
    suggestion.check()
    page.get_by_label("Employeur", exact=True).fill("Hôpital Sainte-Croix")
    page.get_by_label("Pays").fill("République démocratique du Congo")
    page.get_by_label("Date de début").fill("2019-03-01")
    page.get_by_label("Date de fin").fill("2023-02-28")
    page.get_by_label("Heures par semaine").fill("40")
    page.get_by_label("Qu’est-ce que vous y faisiez ?").fill("Soins d’hygiène, repas, mobilité.")
    check(page, "profile-4-experience-form-phone-fr")
    page.get_by_role("button", name="Enregistrer cet emploi").click()
    expect(page.locator("table td").nth(1)).to_have_text("48")
    assert "Préposés aux bénéficiaires" in page.locator("table").inner_text() or \
        "33102" in page.locator("table").inner_text()
    check(page, "profile-4-experience-list-phone-fr")

    page.get_by_role("link", name="Continuer vers les préférences").click()
    page.get_by_label("Montréal").check()
    page.get_by_label("Laval").check()
    page.get_by_label("Jour").check()
    page.get_by_label("Soir").check()
    page.get_by_label("Vous pouvez commencer à travailler à partir du").fill(today.isoformat())
    page.get_by_role("group", name="Certifications que vous avez").get_by_label(
        "RCR", exact=False).check()
    page.get_by_label("Date de votre arrivée au Québec").fill("2024-09-15")
    check(page, "profile-5-preferences-phone-fr")
    page.get_by_role("button", name="Enregistrer et continuer").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Consentement")
    check(page, "profile-6-consents-off-phone-fr")
    matching = page.get_by_role("region", name="Montrer mon profil aux employeurs approuvés")
    matching.get_by_role("button", name="Activer").click()
    expect(page.locator(".flash")).to_contain_text(
        "peuvent maintenant voir votre profil", use_inner_text=True)
    check(page, "profile-6-consents-on-phone-fr")

    page.locator(".nav-menu summary").click()
    page.get_by_role("link", name="Mon profil", exact=True).first.click()
    expect(page.locator(".completeness")).to_contain_text(
        "Profil rempli : 6 sur 6 étapes", use_inner_text=True)
    expect(page.locator(".notice-warning")).to_contain_text(
        "Votre permis expire dans 60 jours", use_inner_text=True)
    check(page, "profile-overview-complete-phone-fr")

    page.locator(".nav-menu summary").click()
    page.get_by_role("link", name="Mes données", exact=True).click()
    page.wait_for_url("**/my-data")
    check(page, "my-data-phone-fr")
    with app.app_context():
        candidate = db.session.scalar(select(Candidate).join(
            User, Candidate.user_id == User.id).where(User.email == EMAIL))
        assert (candidate.first_name, candidate.permit_kind, candidate.french_writing) == (
            "Nadège", "employer_specific", 4)
        assert candidate.matching_opt_in is True
        assert [e.noc_code for e in candidate.experiences] == ["33102"]


def test_staff_verify_a_permit_and_the_candidate_sees_it(live_server, page, app):
    with app.app_context():
        agency = f.make_agency("CREMCV")
        staff = f.make_staff(agency, email="agente@example.com")
        candidate = f.make_candidate(f.make_user("candidate", email=EMAIL), agency=agency,
                                     first_name="Nadège", last_name="Mukendi")
        candidate_id = candidate.id
        del staff
        db.session.commit()
    log_in(page, live_server, "agente@example.com")
    page.get_by_role("link", name="Candidats").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Candidats")
    assert axe_violations(page) == []
    screenshot(page, "staff-candidates-fr")

    page.get_by_role("link", name="Nadège Mukendi").click()
    permit = page.get_by_role("region", name="Permis de travail")
    permit.get_by_role("button", name="Marquer comme vérifié").click()
    expect(page.locator(".flash")).to_contain_text(
        "La vérification est enregistrée", use_inner_text=True)
    expect(page.get_by_role("region", name="Permis de travail")).to_contain_text(
        "Vérifié le", use_inner_text=True)
    assert axe_violations(page) == []
    screenshot(page, "staff-candidate-verified-fr")
    log_out(page)

    log_in(page, live_server, EMAIL)
    page.goto(live_server + "/profile/permit")
    expect(page.locator(".verified")).to_contain_text(
        "Vérifié avec vos documents", use_inner_text=True)
    page.goto(live_server + "/my-data")
    expect(page.get_by_role("table")).to_contain_text(
        "L’équipe du programme : CREMCV", use_inner_text=True)
    assert axe_violations(page) == []
    screenshot(page, "my-data-viewed-fr")
    page.get_by_role("link", name="Supprimer mon compte").click()
    page.get_by_role("button", name="Supprimer mon compte définitivement").click()
    page.locator("#password-error").wait_for(state="visible")
    assert axe_violations(page) == []
    screenshot(page, "delete-account-error-fr")
    with app.app_context():
        assert db.session.get(Candidate, candidate_id).permit_verified_at is not None


def test_occupation_suggestions_work_without_javascript(live_server, browser, registered):
    context = browser.new_context(bypass_csp=True, locale="fr-CA", java_script_enabled=False,
                                  viewport={"width": 360, "height": 780})
    page = context.new_page()
    try:
        log_in(page, live_server, EMAIL)
        page.goto(live_server + "/profile/experience/new")
        page.get_by_label("Titre de votre emploi").fill("aide de cuisine")
        page.get_by_role("button", name="Suggérer des professions").click()
        choice = page.get_by_label("(CNP 65201)")
        expect(choice).to_be_visible()
        expect(choice).not_to_be_checked()
        expect(page.get_by_label("Aucune de celles-ci")).to_be_visible()
        choice.check()
        page.get_by_label("Date de début").fill("2021-06-01")
        page.get_by_label("J’y travaille encore").check()
        page.get_by_role("button", name="Enregistrer cet emploi").click()
        expect(page.locator(".job-list")).to_contain_text(
            "Serveurs/serveuses au comptoir", use_inner_text=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        context.close()
