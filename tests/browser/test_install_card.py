"""Issue 24, point 3 in a real browser, on a 390 px phone: Chromium finds nothing that stops it
installing backward-walk from Today, and the install card shows after the first log only, for
the phone in the hand, until it is hidden.

Installability is asked of Chromium itself through the DevTools protocol
(`Page.getInstallabilityErrors`), the check Lighthouse's PWA audit ran before Lighthouse 12
removed that category.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import CHROMIUM_ARGS, Watcher, chromium_path
from tests.browser.pages import check_a11y, expect_title, log_in
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_SCREEN = {"width": 390, "height": 844}
# Set UX_SHOTS=/some/dir to keep a screenshot of the card at 390 px for review.
SHOTS = os.environ.get("UX_SHOTS")
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1"
)


def walker_with_a_session_today(email: str = "rita@example.com"):
    from plans.models import Plan
    from tests.factories import WEEKDAYS, make_plan

    person = make_user(email, "Rita Walker")
    today = person.local_today()
    plan = make_plan(person, today, days=WEEKDAYS)
    Plan.objects.filter(pk=plan.pk).update(level_started=today, stage_started=today)
    return person


def on_phone_signed_in(open_page, email: str = "rita@example.com"):
    page = open_page()
    page.set_viewport_size(PHONE_SCREEN)
    log_in(page, email)
    page.goto("/today/")
    expect_title(page, "Today")
    return page


def installability_errors(page) -> list[dict]:
    cdp = page.context.new_cdp_session(page)
    try:
        return cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    finally:
        cdp.detach()


def test_chromium_can_install_the_app_from_today(browser, live_server, tmp_path):
    """Chromium will not install from an incognito context (a Playwright context is one), so
    this test opens a browser with a profile of its own, as a phone's browser has."""
    walker_with_a_session_today()
    context = browser.browser_type.launch_persistent_context(
        tmp_path / "profile",
        executable_path=chromium_path(),
        headless=True,
        args=CHROMIUM_ARGS,
        viewport=PHONE_SCREEN,
        base_url=live_server.url,
        locale="en-GB",
    )
    try:
        page = context.pages[0] if context.pages else context.new_page()
        watcher = Watcher(live_server.url.rstrip("/"))
        page.on("console", watcher.on_console)
        page.on("pageerror", watcher.on_page_error)
        page.on("response", watcher.on_response)
        log_in(page, "rita@example.com")
        expect_title(page, "Today")
        # The worker is running (plans/static/js/offline.js registers it on Today); the page opened
        # after that is in its charge.
        page.wait_for_function("() => navigator.serviceWorker.ready.then(r => !!r.active)")
        page.reload()
        expect_title(page, "Today")
        page.wait_for_function("() => navigator.serviceWorker.controller !== null")
        assert installability_errors(page) == []
        assert watcher.problems == []
    finally:
        context.close()


def test_the_card_shows_after_the_first_log_until_it_is_hidden(open_page):
    walker_with_a_session_today()
    page = on_phone_signed_in(open_page)
    card = page.locator("[data-install-card]")
    expect(card).to_have_count(0)

    page.get_by_role("button", name="I did it as planned").click()
    expect_title(page, "Today")
    expect(card).to_be_visible()
    expect(card.get_by_role("heading", name="Put backward-walk on your phone")).to_be_visible()
    # A computer's Chromium without an install prompt yet: the way to the steps.
    expect(card.get_by_role("link", name="Show me how")).to_be_visible()
    expect(card.get_by_role("button", name="Add to my home screen")).to_be_hidden()
    check_a11y(page, widths=(PHONE_SCREEN,))
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        card.scroll_into_view_if_needed()
        card.screenshot(path=f"{SHOTS}/install-card-390.png")
        page.screenshot(path=f"{SHOTS}/today-with-install-card-390.png", full_page=True)

    card.get_by_role("button", name="Hide this tip").click()
    expect_title(page, "Today")
    expect(card).to_have_count(0)
    page.reload()
    expect(card).to_have_count(0)

    # The steps stay on the account page.
    page.goto("/account/")
    page.get_by_role("link", name="Put backward-walk on your phone").click()
    expect_title(page, "Put backward-walk on your phone")
    expect(page.get_by_role("heading", name="On an iPhone or iPad")).to_be_visible()
    expect(page.get_by_role("heading", name="On an Android phone")).to_be_visible()
    check_a11y(page, widths=(PHONE_SCREEN,))
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/install-help-390.png", full_page=True)


def test_the_browsers_prompt_gets_a_button_and_adding_hides_the_card(open_page):
    """Chromium fires beforeinstallprompt only after its own engagement checks, so the test
    fires one: the button opens it, and once the app is added the card is hidden for good."""
    from accounts.models import User
    from plans.models import SessionLog

    person = walker_with_a_session_today()
    page = on_phone_signed_in(open_page)
    page.get_by_role("button", name="I did it as planned").click()
    card = page.locator("[data-install-card]")
    expect(card).to_be_visible()
    page.evaluate(
        """() => {
          const offer = new Event("beforeinstallprompt", { cancelable: true });
          offer.prompt = () => { window.promptOpened = true; };
          offer.userChoice = Promise.resolve({ outcome: "accepted" });
          window.dispatchEvent(offer);
        }"""
    )
    button = card.get_by_role("button", name="Add to my home screen")
    expect(button).to_be_visible()
    expect(card.get_by_role("link", name="Show me how")).to_be_hidden()
    button.click()
    expect(card).to_be_hidden()
    assert page.evaluate("() => window.promptOpened") is True
    expect(page.locator("[data-install-card]")).to_be_hidden()
    for _ in range(50):
        if User.objects.get(pk=person.pk).install_tip_hidden_at is not None:
            break
        page.wait_for_timeout(100)
    assert User.objects.get(pk=person.pk).install_tip_hidden_at is not None
    page.reload()
    expect(page.locator("[data-install-card]")).to_have_count(0)
    assert SessionLog.objects.filter(client=person).count() == 1


def test_an_iphone_gets_the_share_steps_and_the_installed_app_no_card(open_page):
    walker_with_a_session_today()
    page = open_page()
    page.add_init_script(
        f"Object.defineProperty(navigator, 'userAgent', {{ get: () => {IPHONE!r} }});"
    )
    page.set_viewport_size(PHONE_SCREEN)
    log_in(page, "rita@example.com")
    page.goto("/today/")
    page.get_by_role("button", name="I did it as planned").click()
    card = page.locator("[data-install-card]")
    expect(card.get_by_text("Add to Home Screen")).to_be_visible()
    expect(card.get_by_role("img", name="Drawing: 1, the Share button")).to_be_visible()
    expect(card.get_by_role("link", name="Show me how")).to_be_hidden()
    if SHOTS:
        card.screenshot(path=f"{SHOTS}/install-card-iphone-390.png")

    # The same person, in the app opened from the home screen: no card.
    page.add_init_script("Object.defineProperty(navigator, 'standalone', { get: () => true });")
    page.reload()
    expect(page.locator("[data-install-card]")).to_be_hidden()


def test_the_card_and_the_help_page_fit_a_small_phone(open_page):
    """At 320 px, and with text at 200 % on a 390 px phone, neither scrolls sideways (the
    widest card: an iPhone's, with the drawing and the steps)."""
    walker_with_a_session_today()
    page = open_page()
    page.add_init_script(
        f"Object.defineProperty(navigator, 'userAgent', {{ get: () => {IPHONE!r} }});"
    )
    log_in(page, "rita@example.com")
    page.goto("/today/")
    page.get_by_role("button", name="I did it as planned").click()
    expect(page.get_by_role("img", name="Drawing: 1, the Share button")).to_be_visible()
    too_wide = []
    for address in ("/today/", "/account/phone/"):
        page.goto(address)
        for width, root in ((320, "112.5%"), (390, "225%")):  # the site's root is 18 px
            page.set_viewport_size({"width": width, "height": 800})
            page.evaluate(f"document.documentElement.style.fontSize = '{root}'")
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if scroll > width:
                too_wide.append(f"{address} at {width} px, text {root}: {scroll} px wide")
    assert too_wide == []
