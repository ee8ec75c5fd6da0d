"""HR filters a ranked list, compares three candidates and invites one from the chart."""

import re
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import expect

from matcher import clock
from matcher.extensions import db
from matcher.models import Region
from tests import factories as f
from tests.browser.conftest import axe_violations, log_in, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def posting_id(app):
    """A posting with five eligible candidates: two verified, one in another region."""
    with app.app_context():
        employer = f.make_employer(name="CIUSSS de la Capitale (fictif)")
        f.make_employer_user(employer, email="rh@example.com")
        posting = f.make_posting(employer, title="Préposé·e aux bénéficiaires",
                                 min_experience_months=6)
        now = datetime.now(clock.UTC)
        for number in range(5):
            candidate = f.make_candidate(
                experiences=1 + number % 2, french_oral_production=6 + number,
                french_oral_comprehension=6 + number,
                permit_verified_at=now if number < 2 else None,
                french_verified_at=now if number < 2 else None,
                available_from=clock.today() + timedelta(days=5 * number))
            if number == 4:
                candidate.preferred_regions = [db.session.get(Region, "03")]
                candidate.willing_to_relocate = True
        db.session.commit()
        return posting.id


def no_horizontal_scroll(page, width):
    return page.evaluate("document.documentElement.scrollWidth") <= width


def test_hr_filters_compares_three_and_invites_from_the_chart(live_server, page, posting_id):
    page.set_default_timeout(120_000)  # a loaded machine builds the first index slowly
    log_in(page, live_server, "rh@example.com")
    page.goto(f"{live_server}/employer/postings/{posting_id}/candidates")
    cards = page.locator(".ranked-list .ranked-card")
    expect(cards).to_have_count(5)
    expect(page.locator(".fit-stars").first).to_have_text(re.compile("^★"))
    screenshot(page, "hr-ranked-desktop")

    page.get_by_label("Permis et français vérifiés seulement").check()
    page.get_by_role("button", name="Appliquer les filtres").click()
    expect(cards).to_have_count(2)
    assert axe_violations(page) == []
    page.get_by_role("link", name="Effacer les filtres").click()
    expect(cards).to_have_count(5)

    for index in range(3):
        cards.nth(index).get_by_label("Comparer").check()
    page.get_by_role("button", name="Comparer les personnes cochées").click()
    page.get_by_role("heading", level=1, name="Comparer les candidatures").wait_for()
    expect(page.locator(".compare-card")).to_have_count(3)
    assert axe_violations(page) == []
    screenshot(page, "hr-compare-desktop")

    page.locator(".compare-card h2 a").first.click()
    page.get_by_role("heading", name="Exigence par exigence").wait_for()
    expect(page.locator(".chart-row")).to_have_count(9)
    expect(page.locator(".chart")).to_contain_text(
        "Son expérience dans cette profession", use_inner_text=True)
    assert axe_violations(page) == []
    screenshot(page, "hr-chart-desktop")
    page.locator("main form button", has_text="Inviter").click()
    expect(page.locator(".flash-success")).to_contain_text(
        "invitation est envoyée", use_inner_text=True)
    expect(page.locator("main .badge", has_text="Invité").first).to_be_visible()


def test_hr_pages_fit_a_phone_without_horizontal_scroll(live_server, phone_page, posting_id):
    page = phone_page
    page.set_default_timeout(120_000)
    log_in(page, live_server, "rh@example.com")
    page.goto(f"{live_server}/employer/postings/{posting_id}/candidates")
    assert no_horizontal_scroll(page, 360)
    assert axe_violations(page) == []
    screenshot(page, "hr-ranked-phone")
    cards = page.locator(".ranked-list .ranked-card")
    for index in range(3):
        cards.nth(index).get_by_label("Comparer").check()
    page.get_by_role("button", name="Comparer les personnes cochées").click()
    page.get_by_role("heading", level=1, name="Comparer les candidatures").wait_for()
    assert no_horizontal_scroll(page, 360)
    screenshot(page, "hr-compare-phone")
    page.locator(".compare-card h2 a").first.click()
    page.get_by_role("heading", name="Exigence par exigence").wait_for()
    assert no_horizontal_scroll(page, 360)
    assert axe_violations(page) == []
    screenshot(page, "hr-chart-phone")


def test_hr_writes_a_note_in_the_pipeline_and_sees_the_home(live_server, page, posting_id, app):
    page.set_default_timeout(120_000)
    with app.app_context():
        from matcher.models import Candidate, Posting

        posting = db.session.get(Posting, posting_id)
        for candidate in db.session.scalars(db.select(Candidate).limit(2)):
            f.make_application(candidate, posting, status="applied")
        db.session.commit()
    log_in(page, live_server, "rh@example.com")
    page.goto(f"{live_server}/employer")
    expect(page.get_by_role("heading", name="À traiter")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "hr-home-desktop")
    page.goto(f"{live_server}/employer/postings/{posting_id}/pipeline")
    page.locator(".notes-row summary").first.click()
    page.locator(".notes-row textarea").first.fill("Rappeler jeudi matin.")
    page.locator(".notes-row button", has_text="Ajouter la note").first.click()
    expect(page.get_by_text("Rappeler jeudi matin.")).to_be_visible()
    # Declining asks for a reason on its own page (the candidate is told it).
    page.get_by_role("link", name="Refuser la candidature").first.click()
    expect(page.get_by_role("group", name="Pourquoi la candidature n’est-elle pas retenue ?")
           ).to_be_visible()
    page.go_back()
    assert axe_violations(page) == []
    screenshot(page, "hr-pipeline-desktop")
