"""Browser tests: Playwright driving Debian's Chromium against a live server."""

import os
import shutil
import threading
from datetime import date
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from matcher import ROOT, clock
from tests.factories import PASSWORD

AXE_PATH = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "screenshots"
IN_THE_PROGRAM_WINDOW = date(2026, 11, 30)
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def _missing(what: str):
    """Fail under CI (a missing browser is a broken setup), skip elsewhere with the reason."""
    message = f"{what} is missing: install it (apt-get install chromium; npm ci)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Debian's headless shell (Chromium without its windowing layer, faster), else chromium."""
    path = shutil.which("chromium-headless-shell") or shutil.which("chromium")
    if path is None:
        _missing("Debian's chromium")
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _read_whole(app):
    """Wrap a WSGI application so each response body is read and closed before it is sent.

    When Chromium navigates away while a stylesheet is still downloading, werkzeug's development
    server drops the connection and can leave the static file open; the ResourceWarning then
    fails whichever test the garbage collector happens to run in. Production serves through
    gunicorn and is not concerned.
    """

    def wsgi(environ, start_response):
        body = app(environ, start_response)
        try:
            return [b"".join(body)]
        finally:
            if hasattr(body, "close"):
                body.close()

    return wsgi


@pytest.fixture
def live_server(app):
    """Serve the test application on 127.0.0.1 for the length of one test."""
    server = make_server("127.0.0.1", 0, _read_whole(app), threaded=True)
    # shutdown() waits for the serving loop to look at its flag: every 0.5 s by default,
    # a quarter of a second lost at the end of each browser test.
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02},
                              daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()
    server.server_close()


@pytest.fixture
def in_the_program_window():
    """Stop the clock on a day of the default program window (2023-12-04 to 2026-12-03), for
    journeys that read the dashboard: after the window, a hire no longer counts toward it.
    The live server answers from threads of this process, so they read the same clock."""
    clock.freeze(IN_THE_PROGRAM_WINDOW)
    yield IN_THE_PROGRAM_WINDOW
    clock.freeze(None)


@pytest.fixture
def page(browser):
    """A fresh browser tab; axe-core is injected despite the strict CSP."""
    context = browser.new_context(bypass_csp=True, locale="fr-CA")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    """A phone-sized tab (360 × 780, touch)."""
    context = browser.new_context(bypass_csp=True, locale="fr-CA", has_touch=True,
                                  is_mobile=True, viewport={"width": 360, "height": 780})
    page = context.new_page()
    yield page
    context.close()


def log_in(page, base: str, email: str, password: str = PASSWORD) -> None:
    """Sign in through the login form and wait for the page it leads to.

    Reading or navigating right after the click raced the form's own navigation: a check ran on
    the page being left, or a `goto` cancelled the sign-in before its cookie was set.
    """
    page.goto(base + "/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def log_out(page) -> None:
    """Sign out with the header's button and wait for the page it leads to."""
    with page.expect_navigation():
        page.get_by_role("button", name="Se déconnecter").click()


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """Run axe-core on the page and return the violations of the given impacts."""
    if not AXE_PATH.exists():
        _missing("node_modules/axe-core (run `npm ci`)")
    # A page scanned again without navigating (another width, an opened panel) keeps axe.
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(content=AXE_PATH.read_text(encoding="utf-8"))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in results["violations"] if v["impact"] in impacts
    ]


def screenshot(page, name: str) -> Path | None:
    """Save a full-page screenshot under screenshots/ for a person to look at (`make screenshots`).

    Only when SCREENSHOTS=1: encoding full pages as PNG was a seventh of the browser tests'
    time, and nobody looks at the shots of a run that only checks.
    """
    if os.environ.get("SCREENSHOTS") != "1":
        return None
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
