"""Journey: where a second step is required for coaches, a coach is sent to set it up after the
password, scans (here: reads) the key, keeps the recovery codes, signs out; signs in with a code
from the app, then with a recovery code (once: the second time it is refused), and wrong codes
count towards the lock-out."""

import re
import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import Page, expect

from tests.browser.pages import check_a11y, expect_title, log_in
from tests.factories import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "cora@example.com"


def app_code(secret_text: str, *, ahead: int = 0) -> str:
    """What an authenticator app shows for the key typed from the page, `ahead` steps on.

    A code is accepted once, and the server accepts the next step's code too, so each log-in
    uses a later step than the one before it, whenever within its 30 seconds the test runs.
    """
    totp = TOTP(b32decode(secret_text.replace(" ", "")))
    totp.time = time.time() + 30 * ahead
    return f"{totp.token():06d}"


def give_password(page: Page) -> None:
    """The first step (pages.log_in expects to leave /login/, but the code page is under it)."""
    page.goto("/login/")
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").first.click()
    expect_title(page, "Log in")


def give_code(page: Page, code: str) -> None:
    page.get_by_label("Your code").fill(code)
    page.get_by_role("button", name="Finish logging in").click()


def test_coach_turns_on_the_second_step_and_signs_in_with_a_code_then_a_recovery_code(
    open_page, settings
):
    settings.COACH_2FA_REQUIRED = True
    make_user(EMAIL, "Cora Coach", role="coach")
    page = open_page()

    # The password alone leads to setting up the second step, not to the coach's pages.
    log_in(page, EMAIL)
    expect_title(page, "Set up a second step")
    page.goto("/coach/")
    expect_title(page, "Set up a second step")
    qr_code = page.get_by_role("img", name="QR code to scan with your authenticator app")
    expect(qr_code).to_be_visible()
    check_a11y(page)
    secret = page.locator("#secret-key").inner_text()
    page.get_by_label("The 6-digit code your app shows now").fill(app_code(secret))
    page.get_by_role("button", name="Turn on the second step").click()

    expect_title(page, "Your recovery codes")
    codes = [code.inner_text() for code in page.locator(".recovery-codes code").all()]
    assert len(codes) == 10
    check_a11y(page)
    page.get_by_role("link", name="I have kept them safe").click()
    page.goto("/coach/")
    expect(page).to_have_url(re.compile(r"/coach/$"))

    # Shown once: opening the page again shows no code.
    page.goto("/account/second-step/codes/")
    expect(page.get_by_text("Recovery codes are shown only once")).to_be_visible()
    expect(page.locator(".recovery-codes")).to_have_count(0)

    # Signing in again: the password, then the code from the app.
    log_out(page)
    give_password(page)
    expect_title(page, "One more step")
    check_a11y(page)
    page.goto("/coach/")  # nothing is reachable before the code
    expect_title(page, "One more step")
    give_code(page, app_code(secret, ahead=1))
    expect(page).to_have_url(re.compile(r"/coach/$"))

    # Then with a recovery code, typed as shown.
    log_out(page)
    give_password(page)
    give_code(page, codes[0])
    expect(page.get_by_text("You used a recovery code. You have 9 left.")).to_be_visible()
    expect(page).not_to_have_url(re.compile(r"/login/"))

    # The same recovery code a second time is refused, and wrong codes add up to the lock-out.
    log_out(page)
    give_password(page)
    give_code(page, codes[0])
    expect(page.get_by_text("That code did not work")).to_be_visible()
    for _ in range(3):
        give_code(page, "000000")
        expect(page.get_by_text("That code did not work")).to_be_visible()
    give_code(page, "000000")  # the fifth wrong try
    expect_title(page, "Too many tries")
    expect(page.get_by_text("The password or the code was wrong several times")).to_be_visible()
    check_a11y(page)

    # Locked out: even the right password is refused now.
    give_password(page)
    expect_title(page, "Too many tries")

    # The refused codes (400) and the lock-out (429) were the point here.
    page.watcher.problems[:] = [
        p
        for p in page.watcher.problems
        if not re.search(r"(HTTP (400|429): POST|status of (400|429) ).*/login/", p)
    ]
