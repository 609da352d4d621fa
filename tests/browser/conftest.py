"""Browser tests: Debian's Chromium driven by pytest-playwright against the app served on 127.0.0.1.

The server runs in a thread on a temporary SQLite file with the demo users loaded and CSRF
protection on, so forms are the real ones. Tests make their own positions (`live_server.position`).
Never downloads a browser: without /usr/bin/chromium the tests skip, or fail when CI asked for them.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.browser.support import CHROMIUM, LiveServer

LAUNCH_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict:
    """Launch the system Chromium headless; never a downloaded browser."""
    if not (os.path.exists(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        reason = f"{CHROMIUM} is missing (apt-get install chromium, or run .ci/system-packages)"
        if os.environ.get("CI") or os.environ.get("REQUIRE_POSTGRES"):
            pytest.fail(f"Browser tests are required here but {reason}", pytrace=False)
        pytest.skip(reason)
    return {"executable_path": CHROMIUM, "headless": True, "args": LAUNCH_ARGS}


@pytest.fixture(scope="session")
def live_server(tmp_path_factory, fast_password_hashing) -> Iterator[LiveServer]:
    """The app on a free port of 127.0.0.1, on a temporary SQLite file with the demo users."""
    folder = tmp_path_factory.mktemp("browser-app")
    server = LiveServer.create(folder)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    httpd = make_server("127.0.0.1", 0, server.app, threaded=True)
    server.url = f"http://127.0.0.1:{httpd.server_port}"
    thread = threading.Thread(target=httpd.serve_forever, name="browser-test-server", daemon=True)
    thread.start()
    yield server
    httpd.shutdown()
    thread.join(timeout=10)
    server.dispose()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args, live_server) -> dict:
    """Every page starts at 1280×800 with the live server as base URL.

    Reduced motion: Bootstrap scrolls smoothly otherwise, and words located on the screen would move
    under the mouse while a scroll is still running.
    """
    return {**browser_context_args, "base_url": live_server.url, "viewport": {"width": 1280, "height": 800},
            "accept_downloads": True, "reduced_motion": "reduce"}


@pytest.fixture
def page(page):
    """Fail fast: 10 s for any action or wait instead of Playwright's 30 s."""
    page.set_default_timeout(10_000)
    return page


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test, so fixtures know at teardown whether the test failed."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


def _describe_on_failure(request, contexts) -> None:
    """After a failed test: every user's page (address, heading, messages) printed, screenshot and HTML saved."""
    report = getattr(request.node, "report_call", None)
    if report is None or not report.failed:
        return
    from tests.browser.support import SCREENSHOTS

    folder = SCREENSHOTS.parent / "failures"
    folder.mkdir(parents=True, exist_ok=True)
    for n, context in enumerate(contexts):
        for page in context.pages:
            try:
                heading = page.locator("h1").first.inner_text(timeout=1000) if page.locator("h1").count() else ""
                alerts = page.locator(".alert").all_inner_texts()
                print(f"[page {n}] {page.url} | h1: {heading!r} | alerts: {alerts!r}")
                stem = folder / f"{request.node.name}-{n}"
                page.screenshot(path=f"{stem}.png", full_page=True)
                Path(f"{stem}.html").write_text(page.content(), encoding="utf-8")
            except Exception as error:  # a closed or crashed page must not hide the test's own failure
                print(f"[page {n}] could not be described: {error}")


@pytest.fixture
def user_page(browser, browser_context_args, request):
    """Open a browser context of its own for a user, logged in: user_page(email) → page (user_page(None): nobody)."""
    from tests.browser.support import login

    contexts = []

    def open_page(email: str | None, viewport: dict | None = None):
        context = browser.new_context(**{**browser_context_args, **({"viewport": viewport} if viewport else {})})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        if email:
            login(page, email)
        return page

    yield open_page
    _describe_on_failure(request, contexts)
    for context in contexts:
        context.close()
