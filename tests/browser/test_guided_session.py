"""Journey: the guided session player, offline use, and installing the app.

The player runs a shortened session (?speed=, honoured in tests only) and must announce the
session's own phases, in order, never saying "turn" on a treadmill (§9.3); Pause and Stop work
from the keyboard; logs made offline are sent once when the connection returns; signing out
empties what the browser kept.
"""

import re
import time

import pytest
from playwright.sync_api import expect

from plans.demo_data import PROFILES, answers
from plans.models import PlannedSession, SessionLog
from plans.player import session_phases
from plans.services.intake import start_plan
from plans.views.player import phase_steps
from tests.browser.conftest import CHROMIUM_ARGS, PHONE, Watcher, assert_clean, chromium_path
from tests.browser.pages import check_a11y, days_from_today, expect_title, log_in
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FAST = 600  # ten minutes a second
TURN = re.compile(r"\bturn", re.IGNORECASE)
# Keeps every text the player puts on screen or speaks (#player-live), even a phase passed
# within one tick at FAST speed: the text nodes each change adds, read from the mutation records.
RECORD_SCREEN = """() => {
  window.shownInPlayer = [];
  const keep = (records) => records.forEach((record) => record.addedNodes.forEach((node) => {
    if (node.textContent.trim()) window.shownInPlayer.push(node.textContent);
  }));
  const watch = {subtree: true, childList: true, characterData: true};
  new MutationObserver(keep).observe(document.getElementById("player"), watch);
  new MutationObserver(keep).observe(document.getElementById("player-live"), watch);
}"""


def walker(email: str, profile: dict):
    client = make_user(email, "Gil Guide")
    plan = start_plan(client, {**profile, "days": days_from_today()}, today=client.local_today())
    session = PlannedSession.objects.get(client=client, date=client.local_today())
    return client, plan, session


PLANS = {
    "high, seated rest": PROFILES["careful"],
    "low, treadmill": answers(access_pool=False, access_handrail=False),
}


@pytest.mark.parametrize("kind", PLANS)
def test_the_player_announces_the_sessions_own_phases(page, kind):
    client, plan, session = walker(f"{kind[:3]}@example.com", PLANS[kind])
    if kind.startswith("high"):
        assert (plan.tier, session.seated_rest) == ("high", True)
    else:
        assert (plan.tier, session.stage) == ("low", "treadmill")
    log_in(page, client.email)
    expect_title(page, "Today")
    expect(page.locator(f'img[src$="/{session.stage}.svg"]').first).to_be_visible()
    page.get_by_role("link", name="Start the guided session").click()
    expect_title(page, "Guided session")
    page.goto(page.url + f"?speed={FAST}")
    check_a11y(page)

    page.evaluate(RECORD_SCREEN)
    page.get_by_role("button", name="Start").click()
    check_a11y(page)
    finished = page.get_by_role("heading", name="Well done: session finished")
    expect(finished).to_be_visible(timeout=20_000)
    expect(finished).to_be_focused()
    announced = page.locator("#player").get_attribute("data-announced").split()
    assert announced == [phase.kind for phase in session_phases(session)]
    assert ("seated" in announced) == session.seated_rest
    shown = page.evaluate("() => window.shownInPlayer")
    assert {step["say"] for step in phase_steps(session)} <= set(shown), "a phase went unseen"
    if session.stage == "treadmill":
        # §9.3: on a treadmill the screen (and the voice) never says "turn", not even for a moment.
        assert "Slow the belt and rest" in shown
        assert [text for text in shown if TURN.search(text)] == []
        assert not TURN.search(page.locator("#player-steps").inner_text())
    check_a11y(page)

    page.get_by_role("button", name="I did it as planned").click()
    expect_title(page, "Today")
    log = SessionLog.objects.get(client=client)
    assert (log.status, log.minutes) == ("done", session.total_minutes)


def test_pause_and_stop_with_the_keyboard_only(page):
    client, _, session = walker("keys@example.com", PROFILES["careful"])
    log_in(page, client.email)
    page.goto(f"/today/{session.date.isoformat()}/go/?speed=60")
    start = page.get_by_role("button", name="Start")
    start.focus()
    page.keyboard.press("Enter")
    pause = page.get_by_role("button", name="Pause")
    expect(pause).to_be_focused()
    expect(page.locator("#player-live")).to_contain_text("Warm up")
    time.sleep(1.5)  # a minute and a half of the session at 60 times
    page.keyboard.press("Space")
    expect(page.get_by_role("button", name="Carry on")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#player-live")).to_contain_text("Paused")
    shown = page.locator("#player-time").inner_text()
    time.sleep(0.5)
    assert page.locator("#player-time").inner_text() == shown, "the clock ran while paused"
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Pause")).to_have_attribute("aria-pressed", "false")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Stop")).to_be_focused()
    page.keyboard.press("Enter")

    stopped = page.get_by_role("heading", name="Stopped", exact=True)
    expect(stopped).to_be_focused()
    expect(page.locator("#player-stopped")).to_contain_text("Stop straight away if you feel")
    minutes = int(page.locator("#player-minutes").input_value())
    assert 1 <= minutes < session.total_minutes
    check_a11y(page)
    save = page.get_by_role("button", name=f"Save: partly done, {minutes} minutes")
    save.focus()
    page.keyboard.press("Enter")
    expect_title(page, "Today")
    log = SessionLog.objects.get(client=client)
    assert (log.status, log.minutes) == ("partial", minutes)


def worker_ready(page) -> None:
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")


def cached(page, path: str) -> bool:
    return page.evaluate("p => caches.match(p).then(r => !!r)", path)


def test_offline_today_and_plan_a_queued_log_and_signing_out(page):
    client, _, session = walker("away@example.com", PROFILES["fit"])
    log_in(page, client.email)
    expect_title(page, "Today")
    worker_ready(page)
    page.reload()
    expect_title(page, "Today")
    page.wait_for_function("() => caches.match('/plan/').then(r => !!r)")
    assert cached(page, f"/today/{session.date.isoformat()}/go/")

    page.context.set_offline(True)
    page.goto("/plan/")
    expect_title(page, "Your plan")
    expect(page.locator("#offline-page")).to_be_visible()
    page.goto("/today/")
    expect_title(page, "Today")
    page.get_by_role("button", name="I did it as planned").click()
    expect_title(page, "Today")
    expect(page.locator("#offline-note")).to_contain_text(
        "Saved on this phone — it will be sent when you're online."
    )
    assert not SessionLog.objects.filter(client=client).exists()

    page.context.set_offline(False)
    page.evaluate("() => window.dispatchEvent(new Event('online'))")
    deadline = time.monotonic() + 10
    while not SessionLog.objects.filter(client=client).exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    expect(page.locator(".logged")).to_contain_text("Logged: done as planned")
    page.evaluate("() => navigator.serviceWorker.controller.postMessage({type: 'flush'})")
    page.goto("/progress/")
    expect_title(page, "Your progress")
    assert SessionLog.objects.filter(client=client).count() == 1
    # Today's square on the calendar says the session was done.
    expect(page.locator("td.cal-today .cal-word")).to_have_text("Done")

    page.get_by_role("button", name="Log out").click()
    expect_title(page, "Log in")
    page.wait_for_function("() => caches.keys().then(k => k.length === 0)")
    assert page.evaluate("() => navigator.serviceWorker.getRegistrations()") == []


def test_the_app_can_be_installed(browser, live_server, tmp_path):
    """Chrome's own installability check (what Lighthouse reports). A normal profile, not the
    fixtures' incognito-like context, since Chrome never offers to install from incognito."""
    client, _, _ = walker("install@example.com", PROFILES["fit"])
    context = browser.browser_type.launch_persistent_context(
        str(tmp_path / "profile"),
        executable_path=chromium_path(),
        headless=True,
        args=CHROMIUM_ARGS,
        base_url=live_server.url,
        viewport=PHONE,
    )
    try:
        page = context.pages[0] if context.pages else context.new_page()
        page.watcher = Watcher(live_server.url.rstrip("/"))
        page.on("console", page.watcher.on_console)
        page.on("pageerror", page.watcher.on_page_error)
        page.on("response", page.watcher.on_response)
        log_in(page, client.email)
        expect_title(page, "Today")
        worker_ready(page)
        cdp = context.new_cdp_session(page)
        assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
        manifest = cdp.send("Page.getAppManifest")
        assert not manifest.get("errors"), manifest.get("errors")
        assert_clean(page)
    finally:
        context.close()
