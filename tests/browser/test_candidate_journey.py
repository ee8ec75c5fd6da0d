"""A new candidate on a phone, in French: every page leads to a next step."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from matcher.extensions import db
from matcher.models import Certification, Notification, OutboxMessage, User
from tests import factories as f
from tests.browser.conftest import axe_violations, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def jobs(app):
    """One job the new candidate will qualify for, one asking for PDSB and more French."""
    with app.app_context():
        employer = f.make_employer("CHSLD des Érables")
        fits = f.make_posting(employer, title="Préposée aux bénéficiaires de jour")
        far = f.make_posting(employer, title="Préposée aux bénéficiaires, soins avancés",
                             min_french_oral=8)
        far.required_certifications = [db.session.get(Certification, "pdsb")]
        db.session.commit()
        return fits.id, far.id


def check(page, name: str) -> None:
    """No sideways scrolling, no axe violation; a screenshot to look at."""
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, "no horizontal scroll"
    assert axe_violations(page) == []
    screenshot(page, name)


def verification_path(app, email: str) -> str:
    """Return the path of the confirmation link sent to an address (read from the outbox)."""
    with app.app_context():
        body = db.session.scalar(select(OutboxMessage.body).where(
            OutboxMessage.to_address == email).order_by(OutboxMessage.id.desc()))
    return re.search(r"/account/verify/\S+", body).group(0)


def test_a_new_candidate_goes_from_registering_to_applying(app, live_server, phone_page, jobs):
    fits, far = jobs
    page = phone_page
    page.goto(live_server + "/register/candidate")
    page.get_by_label("Adresse courriel").fill("esperance@example.com")
    page.get_by_label("Mot de passe", exact=True).fill("le fleuve est large")
    page.get_by_label("Confirmez le mot de passe").fill("le fleuve est large")
    page.locator("input[type=checkbox]").first.check()
    page.get_by_role("button", name="Créer mon compte").click()
    # The same answer for a new or a used address: open the link in the message, log in.
    expect(page.locator(".flash")).to_contain_text("Ouvrez le lien", use_inner_text=True)
    page.goto(live_server + verification_path(app, "esperance@example.com"))
    page.goto(live_server + "/login")
    page.get_by_label("Adresse courriel").fill("esperance@example.com")
    page.get_by_label("Mot de passe").fill("le fleuve est large")
    with page.expect_navigation():
        page.get_by_role("button", name="Se connecter").click()

    assert page.url.endswith("/home")
    expect(page.locator(".next-step")).to_contain_text("0 sur 6 étapes", use_inner_text=True)
    menu = page.locator(".nav-menu")
    assert menu.get_attribute("open") is None  # folded on a phone
    assert menu.bounding_box()["height"] < 80
    check(page, "journey-home-new-phone-fr")

    page.locator(".next-step .button").click()
    page.get_by_label("Prénom").fill("Espérance")
    page.get_by_label("Nom de famille").fill("Kabila")
    page.get_by_label("Numéro de téléphone").fill("514 555-0199")
    page.get_by_label("Ville où vous habitez").fill("Montréal")
    page.get_by_role("button", name="Enregistrer et continuer").click()

    page.get_by_label("Permis de travail ouvert (tout employeur)").check()
    page.locator("#permit_expires_on").fill("2030-01-31")
    page.get_by_role("button", name="Enregistrer et continuer").click()

    for skill in ("Comprendre le français parlé", "Parler en français", "Lire en français",
                  "Écrire en français"):
        page.get_by_role("group", name=skill).get_by_label("Niveau", exact=True).select_option("6")
    page.get_by_text("Que veulent dire les niveaux").click()
    check(page, "journey-french-levels-phone-fr")
    page.get_by_role("button", name="Enregistrer et continuer").click()

    page.get_by_role("link", name="Ajouter un emploi").click()
    page.get_by_label("Titre de votre emploi").press_sequentially("preposee aux beneficiaires",
                                                             delay=20)
    suggestion = page.get_by_label("(CNP 33102)")
    suggestion.wait_for()
    suggestion.check()
    page.get_by_label("Date de début").fill("2019-03-01")
    page.get_by_label("Date de fin").fill("2023-02-28")
    page.get_by_role("button", name="Enregistrer cet emploi").click()
    page.get_by_role("link", name="Continuer vers les préférences").click()

    page.get_by_label("Montréal").check()
    page.get_by_label("Jour").check()
    page.get_by_role("button", name="Enregistrer et continuer").click()

    page.get_by_role("region", name="Montrer mon profil aux employeurs approuvés").get_by_role(
        "button", name="Activer").click()
    expect(page.locator(".completeness")).to_contain_text("6 sur 6 étapes", use_inner_text=True)

    page.locator("summary", has_text="Menu").click()
    page.get_by_role("link", name="Accueil").click()
    expect(page.locator(".next-step .button")).to_have_text(
        "Voir les emplois qui me correspondent")
    check(page, "journey-home-complete-phone-fr")

    page.goto(f"{live_server}/jobs/{far}")
    plan = page.locator(".fit-gap")
    assert "Atteindre le niveau 8 à l’oral" in plan.inner_text()
    assert "PDSB" in plan.inner_text() and "ASSTSAS" in plan.inner_text()
    assert page.get_by_role("link", name="Postuler").count() == 0
    check(page, "journey-posting-gap-phone-fr")

    page.goto(f"{live_server}/jobs/{fits}")
    expect(page.locator(".fit-ok")).to_contain_text(
        "Vous êtes admissible à cet emploi", use_inner_text=True)
    check(page, "journey-posting-fit-phone-fr")
    page.get_by_role("link", name="Postuler").click()
    page.locator("input[name=share_contact]").check()
    page.get_by_role("button", name="Envoyer ma candidature").click()
    expect(page.locator("main")).to_contain_text("Candidature envoyée", use_inner_text=True)
    page.goto(f"{live_server}/jobs/{fits}")
    assert page.get_by_role("link", name="Postuler").count() == 0
    expect(page.locator(".fit")).to_contain_text("Votre candidature", use_inner_text=True)
    check(page, "journey-posting-applied-phone-fr")


@pytest.mark.parametrize("width", [360, 1280])
def test_a_job_title_in_spanish_and_no_permit_are_understood(app, live_server, browser, width):
    with app.app_context():
        candidate_user = f.make_user("candidate", email="rosa@example.com").email
        db.session.commit()
    context = browser.new_context(bypass_csp=True, locale="fr-CA", is_mobile=width < 400,
                                  has_touch=width < 400, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(live_server + "/login")
    page.get_by_label("Adresse courriel").fill(candidate_user)
    page.get_by_label("Mot de passe").fill(f.PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Se connecter").click()

    # "No permit" is an answer: it stays chosen when the step is opened again.
    page.goto(live_server + "/profile/permit")
    assert page.locator("input[name=permit_kind]:checked").count() == 0
    page.locator("input[name=permit_kind][value=none]").check()
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.goto(live_server + "/profile/permit")
    expect(page.locator("input[name=permit_kind][value=none]")).to_be_checked()
    shot_check(page, width, f"permit-no-permit-kept-{width}-fr")

    page.goto(live_server + "/profile/experience/new")
    page.get_by_label("Titre de votre emploi").press_sequentially("cuidadora de ancianos", delay=20)
    suggestion = page.get_by_label("Préposés aux bénéficiaires, aides-soignants et "
                                   "aides-infirmiers (CNP 33102)")
    suggestion.wait_for()
    other = page.get_by_label("Aucune de celles-ci\u00a0: je décris l’emploi dans mes mots")
    assert other.count() == 1
    shot_check(page, width, f"experience-spanish-suggestion-{width}-fr")
    page.get_by_label("Titre de votre emploi").fill("")
    page.get_by_label("Titre de votre emploi").press_sequentially("blablabla", delay=20)
    nothing = page.get_by_label("Aucune profession trouvée\u00a0: je décris l’emploi dans mes mots")
    nothing.wait_for()
    assert page.locator("input[name=noc_code]").count() == 1
    shot_check(page, width, f"experience-no-sure-suggestion-{width}-fr")

    page.goto(live_server + "/profile/preferences")
    assert page.get_by_label("Chaque semaine, envoyez-moi par courriel les nouveaux emplois "
                             "qui me correspondent").is_visible()
    shot_check(page, width, f"preferences-weekly-matches-{width}-fr")

    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.email == candidate_user))
        db.session.add(Notification(user_id=user_id, kind="matches.weekly",
                                    payload={"week": "2026-W49", "posting_ids": [1, 2]}))
        db.session.commit()
    page.goto(live_server + "/home")
    expect(page.locator(".notices")).to_contain_text(
        "2 nouveaux emplois vous correspondent cette semaine", use_inner_text=True)
    shot_check(page, width, f"home-notices-{width}-fr")
    context.close()


def shot_check(page, width: int, name: str) -> None:
    """No sideways scrolling at this width, no axe violation; a screenshot to look at."""
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert axe_violations(page) == []
    screenshot(page, name)
