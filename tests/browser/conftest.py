"""Playwright on Debian's chromium, against pytest-django's live server.

Never downloads a browser: it drives the system chromium (`apt-get install chromium`), found at
$CHROMIUM_PATH (default /usr/bin/chromium). Missing locally, the browser tests are skipped; missing
in CI (where $CI is set), they fail, so that they can never be skipped there without anyone noticing.

Every page fails its test if it logs a console error or an uncaught exception: that is how a
Content-Security-Policy violation (an inline script or style) or a GOV.UK Frontend module that
does not load shows up.
"""

import os
import re
from pathlib import Path

import pytest

ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
DEFAULT_TIMEOUT_MS = 10_000
ACCESSIBILITY_MATRIX_SUMMARY = pytest.StashKey[str]()

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_terminal_summary(terminalreporter, config):
    """The accessibility matrix says how many pages and URL patterns it visited, even under -q."""
    if summary := config.stash.get(ACCESSIBILITY_MATRIX_SUMMARY, None):
        terminalreporter.write_line(summary)


@pytest.fixture(scope="package")
def browser():
    """One chromium for the browser tests, closed when they are done.

    Package-scoped rather than session-scoped: Playwright's event loop must not outlive this
    folder, or every later test's ORM call would raise SynchronousOnlyOperation.
    """
    executable = os.environ.get("CHROMIUM_PATH", DEFAULT_CHROMIUM)
    if not (os.path.isfile(executable) and os.access(executable, os.X_OK)):
        if os.environ.get("CI"):
            pytest.fail(
                f"Debian's chromium is not installed at {executable} (set CHROMIUM_PATH, or "
                "apt-get install chromium): the browser tests must run in CI.",
                pytrace=False,
            )
        pytest.skip("Debian's chromium is not installed (apt-get install chromium); CI installs it")

    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _allowing_sync_orm_calls():
    """Playwright's sync API runs an event loop in the test's thread, so Django would take every
    ORM call made meanwhile (by the user fixtures, or pytest-django's flush at teardown) for one
    made from async code and raise SynchronousOnlyOperation.

    Set only around the setup, call and teardown of the tests in this folder: for the whole
    session it would leak into `manage.py check --deploy` (tests/peerwork/test_deploy_check.py),
    which rightly refuses it. These hooks are local to this folder's tests.
    """
    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    try:
        return (yield)
    finally:
        if previous is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = previous


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    return (yield from _allowing_sync_orm_calls())


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    return (yield from _allowing_sync_orm_calls())


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    return (yield from _allowing_sync_orm_calls())


@pytest.fixture(autouse=True)
def _browser_tests_use_transactional_db(transactional_db):
    """The live server reads the database from another thread: no test-wide transaction here.

    Autouse fixtures come first, so the user fixtures (which ask for `db`) find it set up.
    """


class BrowserProblems:
    """Console errors and uncaught exceptions a page logged; the test fails if any is left."""

    def __init__(self):
        self.problems: list[str] = []
        self._allowed: list[re.Pattern] = []

    def allow(self, pattern: str) -> None:
        """Expect a console error matching `pattern` (e.g. the 404 status of a "Page not found")."""
        self._allowed.append(re.compile(pattern))

    def on_console(self, message) -> None:
        if message.type == "error":
            url = (message.location or {}).get("url", "")
            self.problems.append(f"console error: {message.text}" + (f" ({url})" if url else ""))

    def on_page_error(self, error) -> None:
        self.problems.append(f"uncaught exception: {error}")

    def unexpected(self) -> list[str]:
        return [p for p in self.problems if not any(pattern.search(p) for pattern in self._allowed)]


@pytest.fixture
def browser_problems():
    return BrowserProblems()


@pytest.fixture
def page(_browser_tests_use_transactional_db, browser, live_server, browser_problems):
    context = browser.new_context(base_url=live_server.url, locale="en-GB", timezone_id="Europe/London")
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    page.on("console", browser_problems.on_console)
    page.on("pageerror", browser_problems.on_page_error)
    yield page
    context.close()
    unexpected = browser_problems.unexpected()
    assert not unexpected, "The page logged errors:\n" + "\n".join(unexpected)


@pytest.fixture
def save_screenshot(page):
    """`save_screenshot("home")` writes $BROWSER_SCREENSHOT_DIR/home.png, if that is set."""

    def save(name: str) -> None:
        directory = os.environ.get("BROWSER_SCREENSHOT_DIR")
        if directory:
            page.screenshot(path=str(Path(directory) / f"{name}.png"), full_page=True)

    return save
