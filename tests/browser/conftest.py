"""Real-browser fixtures: Debian's Chromium through Playwright, on pytest-django's live server.

Every page a test opens is watched: a console error, an uncaught exception, a Content-Security-
Policy violation or a same-origin response of 400 or more fails the test (see `assert_clean`).
A failing test leaves a screenshot of its last page in test-artifacts/<test name>.png.
"""

import os
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# The machine has no internet: without these Chromium keeps trying to reach Google.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def chromium_path() -> str | None:
    for candidate in (
        os.environ.get("CHROMIUM_PATH"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
    ):
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """Playwright's sync API keeps an asyncio loop running in this thread, which makes Django
    refuse ORM calls from the test, its fixtures and their teardown ("async context"); they
    are plain sync. The flag is set around each browser test only (this conftest's hooks see
    only tests/browser/), so no other test, nor a subprocess it starts such as
    `check --deploy` (which rejects the flag), inherits it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report on the item, so the page fixture knows if the test failed.
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        message = "Chromium not found: apt-get install -y chromium (or set CHROMIUM_PATH)"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()
    playwright.stop()


class Watcher:
    """Collects everything that should never happen on a page of ours."""

    def __init__(self, origin: str):
        self.origin = origin
        self.problems: list[str] = []

    def on_console(self, message) -> None:
        text = message.text
        if message.type == "error" or "Content Security Policy" in text:
            self.problems.append(f"console {message.type}: {text} ({message.location.get('url')})")

    def on_page_error(self, error) -> None:
        self.problems.append(f"uncaught exception: {error}")

    def on_response(self, response) -> None:
        if response.status >= 400 and self._ours(response.url):
            self.problems.append(
                f"HTTP {response.status}: {response.request.method} {response.url}"
            )

    def on_request_failed(self, request) -> None:
        failure = request.failure or ""
        # A navigation cancels the previous page's pending requests; that is not a fault.
        if self._ours(request.url) and "ERR_ABORTED" not in failure:
            self.problems.append(f"request failed: {request.method} {request.url} {failure}")

    def _ours(self, url: str) -> bool:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}" == self.origin


def assert_clean(page) -> None:
    """No console error, uncaught exception, CSP violation or failed same-origin request."""
    problems = page.watcher.problems
    if problems:
        found = "\n  ".join(problems)
        problems_copy = list(problems)
        problems.clear()  # report once, not again at teardown
        pytest.fail(f"{len(problems_copy)} browser problem(s) on {page.url}:\n  {found}")


@pytest.fixture
def open_page(request, browser, live_server):
    """Opens a watched page in a new browser context: one person on their own device."""
    opened = []

    def open_(**options):
        """`options` go to the new context, e.g. device_scale_factor=2."""
        settings = {"viewport": DESKTOP, "base_url": live_server.url, "locale": "en-GB"}
        context = browser.new_context(**{**settings, **options})
        context.set_default_timeout(10_000)
        page = context.new_page()
        page.watcher = Watcher(live_server.url.rstrip("/"))
        page.on("console", page.watcher.on_console)
        page.on("pageerror", page.watcher.on_page_error)
        page.on("response", page.watcher.on_response)
        page.on("requestfailed", page.watcher.on_request_failed)
        opened.append(page)
        return page

    yield open_
    call = getattr(request.node, "rep_call", None)
    failed = call is not None and call.failed
    if failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        for number, page in enumerate(opened, start=1):
            shot = ARTIFACTS / (f"{name}.png" if number == 1 else f"{name}-{number}.png")
            try:
                page.screenshot(path=str(shot), full_page=True)
                print(f"\nScreenshot of the last page ({page.url}): {shot}")
            except Exception as error:  # a broken page must not hide the failure itself
                print(f"\nNo screenshot: {error}")
    try:
        if call is not None and call.passed:
            for page in opened:
                assert_clean(page)
    finally:
        for page in opened:
            page.context.close()


@pytest.fixture
def page(open_page):
    return open_page()
