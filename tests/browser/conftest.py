"""Real-browser tests: Debian's Chromium (/usr/bin/chromium), driven by Playwright, against pytest-django's live server.

Playwright never downloads a browser of its own here: it launches the system Chromium by path
(scripts/test installs it with apt-get when tests/browser exists). Without /usr/bin/chromium these
tests fail with a message saying how to install it; OPENRVU_BROWSER_TESTS=0 skips them instead.

The live server reads the same test database as the rest of the suite (the official files imported
once per session by tests/conftest.py): SQLite in-memory shares the test thread's connection, and
PostgreSQL sees the committed import through the server thread's own connection.
"""

import os
import re
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio event loop in this thread, and Django refuses ORM calls made
# while a loop runs (SynchronousOnlyOperation) unless told otherwise. The tests only read.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
# Never let Playwright fetch a browser build: the machine reaches no download host.
os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these, Chromium keeps calling home (updates, sync, field trials), which on a closed
    # network is a stream of refused connections.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 15_000


def browser_tests_turned_off():
    return os.environ.get("OPENRVU_BROWSER_TESTS", "1").strip() == "0"


def require_chromium():
    """Skip when OPENRVU_BROWSER_TESTS=0; fail, saying how to fix it, when Chromium is missing."""
    if browser_tests_turned_off():
        pytest.skip("browser tests turned off (OPENRVU_BROWSER_TESTS=0)")
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"{CHROMIUM} not found: the browser tests in tests/browser need Debian's Chromium. "
            "Install it with `apt-get install chromium` (scripts/test does this when run as root), "
            "or set OPENRVU_BROWSER_TESTS=0 to skip these tests.",
            pytrace=False,
        )


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Decide skip/fail before any fixture starts the live server or touches the database."""
    require_chromium()


@pytest.fixture(scope="module", autouse=True)
def _keep_the_catalog():
    """Keep the session's imported catalog across browser tests.

    ``live_server`` makes pytest-django run each test as a TransactionTestCase, whose teardown
    flushes every table: the catalog imported once per session would be gone for the next test
    (and re-importing it per test, or serialized rollback, costs far more than the test). The
    browser tests only read, so the flush is skipped for the tests of this folder.
    """
    from django.test import TransactionTestCase

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(TransactionTestCase, "_fixture_teardown", lambda self: None)
        yield


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def new_context(browser, live_server):
    """Make browser contexts (``new_context(java_script_enabled=False)``...) that only reach the live server."""
    contexts = []
    local = re.compile(re.escape(live_server.url) + r"(/|$)")

    def make(**options):
        options.setdefault("viewport", {"width": 1280, "height": 900})
        options.setdefault("locale", "en-US")
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(TIMEOUT_MS)
        # Nothing on these pages should leave the site; refuse it rather than wait on a closed network.
        context.route(lambda url: not local.match(url), lambda route: route.abort())
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    """A fresh page (JavaScript on) whose relative URLs go to the live server."""
    return new_context().new_page()

