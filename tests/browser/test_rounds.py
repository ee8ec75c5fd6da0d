"""Staff run a placement round over the demo program, approve it, a candidate is invited."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from matcher.demo import DEMO_DOMAIN, DEMO_PASSWORD, load_demo_data
from matcher.extensions import db
from matcher.models import Candidate, PlacementProposal, User
from tests.browser.conftest import axe_violations, log_in, log_out, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(app):
    with app.app_context():
        load_demo_data()
        db.session.commit()






def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def figure(page, label: str) -> int:
    card = page.locator(".round-figure", has_text=label)
    return int(card.locator(".figure-value").inner_text().replace("\u00a0", ""))


def invited_email(app) -> tuple[str, str]:
    """Return the email of a candidate the round invited, and the posting's title."""
    with app.app_context():
        proposal = db.session.scalar(select(PlacementProposal).where(
            PlacementProposal.status == "approved").order_by(PlacementProposal.id))
        email = db.session.scalar(select(User.email).join(Candidate, Candidate.user_id == User.id)
                                  .where(Candidate.id == proposal.candidate_id))
        return email, proposal.posting.title


def test_staff_run_review_and_approve_a_round_then_the_candidate_is_invited(
        app, live_server, page, demo):
    log_in(page, live_server, f"agent1@{DEMO_DOMAIN}", DEMO_PASSWORD)
    page.get_by_role("link", name="Tours de placement").click()
    page.get_by_role("link", name="Nouveau tour").click()
    page.get_by_label("Région de l’offre").select_option("06")
    page.get_by_role("button", name="Filtrer les offres").click()
    page.wait_for_url(re.compile(r"region=06"))
    boxes = page.locator(".round-postings input[type=checkbox]")
    assert boxes.count() >= 3
    for number in range(min(boxes.count(), 8)):
        boxes.nth(number).check()
    page.get_by_label("Personnes qui souhaitent travailler dans la région").select_option("06")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Lancer le tour").click()
    page.wait_for_url(re.compile(r"/rounds/\d+$"))

    main = page.locator("main")
    assert "Placements stables (cette proposition)" in main.inner_text()
    assert "Meilleur score d’abord" in main.inner_text()
    stable, greedy = figure(page, "Placements stables"), figure(page, "Meilleur score")
    maximum = figure(page, "Le plus possible")
    assert 0 < stable <= maximum and greedy <= maximum
    text = main.inner_text()
    assert "C-" in text and "@" not in text  # pseudonyms, never names or emails
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 360, "height": 780})
    assert no_horizontal_scroll(page)
    screenshot(page, "round-review-360-fr")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("button", name="Vérifier les invitations à envoyer").click()
    expect(page.locator("h1")).to_have_text("Confirmer les invitations")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Envoyer").click()
    page.wait_for_url(re.compile(r"/rounds/\d+$"))
    expect(page.locator(".flash")).to_contain_text(f"{stable} invitation")
    expect(page.locator("main")).to_contain_text("Invitation envoyée", use_inner_text=True)
    log_out(page)

    email, title = invited_email(app)
    log_in(page, live_server, email, DEMO_PASSWORD)
    page.get_by_role("navigation").get_by_role("link", name="Mes candidatures").click()
    expect(page.locator("h1")).to_have_text("Mes candidatures")
    card = page.locator(".card", has_text=title)
    assert "Invité" in card.first.inner_text()
    assert "Accepter l’invitation" in card.first.inner_text()
