"""Tables that become cards on a phone: staff's recent approval decisions, and the pipeline's
select checkbox, which a phone card labels in words (the column heading is hidden there)."""

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from matcher import clock
from matcher.extensions import db
from matcher.models import EmployerMember
from tests import factories as f
from tests.browser.conftest import axe_violations, log_in, screenshot
from tests.browser.test_pipeline import no_horizontal_scroll, pipeline  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser
SHOTS = Path("/work/shots/follow")


def keep(path: Path) -> None:
    """Copy a screenshot where the person reviewing this work looks at them."""
    if SHOTS.parent.exists():
        SHOTS.mkdir(exist_ok=True)
        shutil.copy(path, SHOTS / path.name)


@pytest.fixture
def decisions(app):
    with app.app_context():
        staff = f.make_staff(email="agent@example.com")
        for index, status in enumerate(("approved", "rejected")):
            user = f.make_employer_user(
                f.make_employer(name="Centre intégré universitaire de santé et de services "
                                     f"sociaux de l’Estrie – CHUS {index} (fictif)"),
                status=status, email=f"ressources.humaines.recrutement{index}@example.com")
            member = db.session.scalar(select(EmployerMember).where(
                EmployerMember.user_id == user.id))
            member.decided_by_id, member.decided_at = staff.id, clock.now()
        db.session.commit()


def test_recent_decisions_are_cards_on_a_phone(live_server, page, phone_page, decisions):
    for tab, name in ((phone_page, "approvals-decisions-360-fr"),
                      (page, "approvals-decisions-1280-fr")):
        if tab is page:
            tab.set_viewport_size({"width": 1280, "height": 900})
        log_in(tab, live_server, "agent@example.com")
        tab.goto(live_server + "/staff/employers")
        table = tab.get_by_role("table", name="Décisions récentes")
        expect(table.get_by_text("ressources.humaines.recrutement0@example.com")).to_be_visible()
        assert no_horizontal_scroll(tab)
        assert axe_violations(tab) == []
        keep(screenshot(tab, name))
    # On the phone each cell says what it is; the header row is hidden.
    cell = phone_page.locator(".stack-table td[data-label='Décision']").first
    label = cell.evaluate("el => getComputedStyle(el, '::before').content")
    assert label == '"Décision"'
    header = phone_page.get_by_role("table", name="Décisions récentes").locator("thead")
    assert header.bounding_box()["height"] <= 1


def test_the_pipeline_select_box_has_a_visible_label_on_a_phone(live_server, page, phone_page,
                                                                 pipeline):  # noqa: F811
    url = f"{live_server}/employer/postings/{pipeline}/pipeline"
    words = "Sélectionner pour un déplacement groupé"
    log_in(phone_page, live_server, "rh@example.com")
    phone_page.goto(url)
    assert phone_page.locator(".select-word").first.bounding_box()["width"] > 100
    # Tapping the words ticks the box; the name still says whose card it is.
    phone_page.get_by_text(words).first.click()
    box = phone_page.locator(".pipeline-select input").first
    expect(box).to_be_checked()
    name = box.evaluate("el => el.labels[0].textContent.replace(/\\s+/g, ' ').trim()")
    assert name.startswith(words + " ") and len(name) > len(words) + 1
    keep(screenshot(phone_page, "pipeline-select-360-fr"))
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server, "rh@example.com")
    page.goto(url)
    # On a wide screen the column heading names the boxes: the words stay out of sight.
    assert page.locator(".select-word").first.bounding_box()["width"] <= 1
    assert axe_violations(page) == []
