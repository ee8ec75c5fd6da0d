"""The pipeline on a phone and a desktop: cards at 360 px, bulk moves, declining with a reason."""

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from matcher.extensions import db
from tests import factories as f
from tests.browser.conftest import axe_violations, log_in, log_out, screenshot

pytestmark = pytest.mark.browser
SHOTS = Path("/work/shots/hr")


def keep(path: Path) -> None:
    """Copy a screenshot where the person reviewing this work looks at them."""
    if SHOTS.parent.exists():
        SHOTS.mkdir(exist_ok=True)
        shutil.copy(path, SHOTS / path.name)


@pytest.fixture
def pipeline(app):
    with app.app_context():
        employer = f.make_employer(name="CIUSSS du Centre-Sud (fictif)")
        f.make_employer_user(employer, email="rh@example.com")
        posting = f.make_posting(employer, title="Préposé·e aux bénéficiaires", openings=3)
        names = [("Grâce", "Mukendi"), ("Jean-Baptiste", "Nkurunziza-Habimana"),
                 ("Amina", "Diallo")]
        for index, (first, last) in enumerate(names):
            user = f.make_user("candidate", email=f"c{index}@example.com")
            candidate = f.make_candidate(user, first_name=first, last_name=last)
            f.make_application(candidate, posting, status="applied")
        db.session.commit()
        return posting.id


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_pipeline_is_cards_on_a_phone_and_moves_several_at_once(live_server, page,
                                                                    phone_page, pipeline):
    url = f"{live_server}/employer/postings/{pipeline}/pipeline"
    for tab, name in ((phone_page, "pipeline-360-fr"), (page, "pipeline-1280-fr")):
        if tab is page:
            tab.set_viewport_size({"width": 1280, "height": 900})
        log_in(tab, live_server, "rh@example.com")
        tab.goto(url)
        assert no_horizontal_scroll(tab)
        assert axe_violations(tab) == []
        keep(screenshot(tab, name))
    # On the phone, two are ticked and shortlisted in one submit.
    phone_page.locator(".pipeline-select input").nth(0).check()
    phone_page.locator(".pipeline-select input").nth(1).check()
    phone_page.get_by_label("Déplacer les candidatures cochées vers").select_option("shortlisted")
    phone_page.get_by_role("button", name="Déplacer les candidatures cochées").click()
    expect(phone_page.locator(".flash")).to_contain_text(
        "2 candidatures déplacées.", use_inner_text=True)
    expect(phone_page.locator(".badge", has_text="Présélectionné")).to_have_count(2)
    assert no_horizontal_scroll(phone_page)
    keep(screenshot(phone_page, "pipeline-bulk-360-fr"))


def test_hr_declines_with_a_reason_and_the_candidate_reads_it(live_server, page, pipeline):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server, "rh@example.com")
    page.goto(f"{live_server}/employer/postings/{pipeline}/pipeline")
    page.get_by_role("link", name="Refuser la candidature").first.click()
    page.get_by_role("button", name="Refuser et aviser la personne candidate").click()
    expect(page.locator("[data-error-summary]")).to_be_visible()
    assert axe_violations(page) == []
    keep(screenshot(page, "reject-form-error-fr"))
    page.get_by_label("Poste pourvu").check()
    page.get_by_label("Dans vos mots, pour votre équipe").fill("Poste comblé à l’interne.")
    page.get_by_role("button", name="Refuser et aviser la personne candidate").click()
    expect(page.locator("main")).to_contain_text("Poste comblé à l’interne.", use_inner_text=True)
    assert "Poste pourvu" in page.locator("main").inner_text()
    log_out(page)
    log_in(page, live_server, "c0@example.com")
    page.goto(f"{live_server}/applications")
    main = page.locator("main").inner_text()
    assert "Le poste a été pourvu." in main and "comblé à l’interne" not in main
    assert axe_violations(page) == []
    keep(screenshot(page, "candidate-declined-fr"))
