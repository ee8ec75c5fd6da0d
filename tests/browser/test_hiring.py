"""One candidate, from application to hire, and the program's count moves."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from matcher import clock
from matcher.extensions import db
from tests import factories as f
from tests.browser.conftest import axe_violations, log_in, log_out, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def people(app):
    with app.app_context():
        employer = f.make_employer(name="CHSLD du Parc (fictif)")
        f.make_employer_user(employer, email="rh@example.com")
        posting = f.make_posting(employer, title="Préposé·e aux bénéficiaires", openings=1)
        f.make_candidate(f.make_user("candidate", email="grace@example.com"),
                         first_name="Grâce", last_name="Mukendi")
        f.make_staff(email="agent@example.com")
        db.session.commit()
        return posting.id






def hires_to_date(page, base) -> int:
    page.goto(base + "/staff/dashboard")
    card = page.locator(".stat-value").first
    return int(card.inner_text().replace("\u202f", "").replace("\u00a0", "").replace(" ", ""))


def test_from_application_to_hire_moves_the_dashboard(in_the_program_window, live_server, page,
                                                       people):
    posting_id = people
    log_in(page, live_server, "agent@example.com")
    before = hires_to_date(page, live_server)
    log_out(page)

    log_in(page, live_server, "grace@example.com")
    page.get_by_role("navigation").get_by_role("link", name="Mes correspondances").click()
    page.get_by_role("link", name="Postuler").first.click()
    page.get_by_label("J’accepte que cet employeur voie").check()
    page.get_by_role("button", name="Envoyer ma candidature").click()
    expect(page.locator("main")).to_contain_text("Candidature envoyée", use_inner_text=True)
    log_out(page)

    log_in(page, live_server, "rh@example.com")
    page.goto(f"{live_server}/employer/postings/{posting_id}/pipeline")
    expect(page.locator("main")).to_contain_text("Grâce Mukendi", use_inner_text=True)
    # HR proposes an interview (Québec time); the candidate confirms it.
    page.get_by_role("link", name="Proposer une entrevue").click()
    page.get_by_label("Jour").fill((clock.today() - timedelta(days=1)).isoformat())
    page.get_by_label("Heure (heure du Québec)").fill("10:00")
    page.get_by_label("En personne").check()
    page.get_by_label("Adresse, lien de visioconférence").fill("12, rue du Parc, salle 3")
    page.get_by_role("button", name="Proposer cette entrevue").click()
    expect(page.locator("#day-error")).to_contain_text("déjà passée", use_inner_text=True)
    expect(page.locator("[data-error-summary]")).to_be_visible()
    page.get_by_label("Jour").fill((clock.today() + timedelta(days=7)).isoformat())
    assert axe_violations(page) == []
    screenshot(page, "interview-form-fr")
    page.get_by_role("button", name="Proposer cette entrevue").click()
    expect(page.locator(".flash")).to_contain_text("L’entrevue est proposée", use_inner_text=True)
    log_out(page)
    log_in(page, live_server, "grace@example.com")
    page.get_by_role("navigation").get_by_role("link", name="Mes candidatures").click()
    page.get_by_role("link", name="Voir l’entrevue et répondre").click()
    expect(page.locator("main")).to_contain_text("12, rue du Parc, salle 3", use_inner_text=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="Ajouter à mon agenda (.ics)").click()
    assert "BEGIN:VEVENT" in download.value.path().read_text(encoding="utf-8")
    assert axe_violations(page) == []
    screenshot(page, "interview-candidate-fr")
    page.get_by_role("button", name="Je confirme cette entrevue").click()
    expect(page.locator("main")).to_contain_text("Vous l’avez confirmée", use_inner_text=True)
    log_out(page)
    log_in(page, live_server, "rh@example.com")
    page.goto(f"{live_server}/employer/postings/{posting_id}/pipeline")
    expect(page.locator("main")).to_contain_text(
        "Confirmée par la personne candidate", use_inner_text=True)
    page.get_by_role("button", name="Offre d’emploi").click()
    # A first day before the application is refused at the field, and counts nothing.
    yesterday = clock.today() - timedelta(days=1)
    page.get_by_label("Premier jour de travail").fill(yesterday.isoformat())
    assert axe_violations(page) == []
    screenshot(page, "pipeline-offer-fr")
    page.get_by_role("button", name="Enregistrer l’embauche").click()
    expect(page.locator("#start_on-error")).to_contain_text(
        "ne peut pas précéder la candidature", use_inner_text=True)
    expect(page.locator("[data-error-summary]")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "hire-refused-fr")
    log_out(page)
    log_in(page, live_server, "agent@example.com")
    assert hires_to_date(page, live_server) == before
    log_out(page)

    log_in(page, live_server, "rh@example.com")
    page.goto(f"{live_server}/employer/postings/{posting_id}/pipeline")
    page.get_by_label("Premier jour de travail").fill(clock.today().isoformat())
    page.get_by_role("button", name="Enregistrer l’embauche").click()
    expect(page.locator(".flash")).to_contain_text(
        "L’embauche est enregistrée.", use_inner_text=True)
    expect(page.locator("main")).to_contain_text("Embauché", use_inner_text=True)
    log_out(page)

    log_in(page, live_server, "grace@example.com")
    page.get_by_role("navigation").get_by_role("link", name="Mes candidatures").click()
    expect(page.locator("main")).to_contain_text("Embauché", use_inner_text=True)
    log_out(page)

    log_in(page, live_server, "agent@example.com")
    assert hires_to_date(page, live_server) == before + 1
    screenshot(page, "dashboard-after-hire-fr")
