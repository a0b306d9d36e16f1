"""A real gunicorn serving the fixture data, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import build_app, dispose
from tests.live import gunicorn

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Screenshots of every run and of failures; gitignored, looked at by people, never compared by the tests.
SCREENSHOTS = Path(__file__).parent / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def live_server(databases):
    """gunicorn, two workers, on a database migrated and loaded with the fixture seed."""
    app = build_app(databases)
    assert app.test_cli_runner().invoke(args=["seed", "load"]).exit_code == 0
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    dispose(app)
    with gunicorn(url, RATE_LIMIT="off") as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    """Chromium from the distribution; missing it fails under CI and skips elsewhere."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"Chromium is required under CI and missing at {CHROMIUM}")
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's outcome on the test item, so the page fixture knows whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def page(browser, request):
    """A fresh page that records console errors and CSP violations; a screenshot is saved if the test fails."""
    context = browser.new_context()
    tab = context.new_page()
    tab.problems = []
    tab.on("console", lambda msg: msg.type == "error" and tab.problems.append(msg.text))
    tab.on("pageerror", lambda exc: tab.problems.append(str(exc)))
    yield tab
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        SCREENSHOTS.mkdir(exist_ok=True)
        name = "".join(c if c.isalnum() else "-" for c in request.node.name)[:120]
        tab.screenshot(path=str(SCREENSHOTS / f"failed-{name}.png"), full_page=True)
    context.close()
