"""Small helpers the journeys share: signing up and in, answering the questionnaire, checks."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from playwright.sync_api import Page, expect

from plans.questionnaire_steps import STEPS
from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import PASSWORD
from tests.worker import send_queued_mail

SITE = " · backward-walk"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_axe = Axe()


def days_from_today(zone: str = "UTC") -> list[str]:
    """Today's and tomorrow's weekday codes in `zone` (real clock).

    The engine picks a few spread-out days of those offered (all seven still leave rest
    days), so offering only these two puts a session on today even across midnight.
    """
    today = datetime.now(ZoneInfo(zone)).date()
    return [WEEKDAYS[(today + timedelta(days=n)).weekday()] for n in (0, 1)]


def expect_title(page: Page, where: str) -> None:
    """The <title> names the page first, then the site."""
    expect(page).to_have_title(re.compile(rf"^{re.escape(where)}.*{re.escape(SITE)}$"))


def run_axe(page: Page) -> dict:
    """axe-core's results for the page as it is now; the script is injected once per page."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe.axe_script)
    return page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")


WIDTHS = pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["1280px", "390px"])


def use_size(page: Page, size: dict) -> None:
    """Drive the journey at this size. axe already checks both widths on every page of the
    1280 px run, so the 390 px run (same pages, same states) skips it to save time."""
    page.set_viewport_size(size)
    if size != DESKTOP:
        page.a11y_widths = ()


def check_a11y(page: Page, *, widths=(DESKTOP, PHONE)) -> None:
    """axe-core finds no violation at each width; the viewport is left as it was found."""
    widths = getattr(page, "a11y_widths", widths)
    if not widths:
        return
    original = page.viewport_size
    found = []
    # After a resize the pointer of the last click can rest on another button: its hover
    # colours, caught half-way through Bootstrap's transition, fail the contrast check at
    # random. Park the pointer in a corner and let no transition run (reduced motion).
    page.emulate_media(reduced_motion="reduce")
    for size in widths:
        page.set_viewport_size(size)
        page.mouse.move(0, size["height"] - 1)
        for violation in run_axe(page)["violations"]:
            targets = "; ".join(
                " ".join(node["target"])
                if isinstance(node["target"], list)
                else str(node["target"])
                for node in violation["nodes"]
            )
            found.append(
                f"[{size['width']}px] {violation['id']} ({violation['impact']}): "
                f"{violation['help']}\n      nodes: {targets}"
            )
    page.set_viewport_size(original)
    assert not found, f"axe found {len(found)} violation(s) on {page.url}:\n  " + "\n  ".join(found)


def log_in(page: Page, email: str, password: str = PASSWORD) -> None:
    page.goto("/login/")
    expect_title(page, "Log in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page).not_to_have_url(re.compile(r"/login/"))


def sign_up(page: Page, name: str, email: str, *, coach: bool = False) -> None:
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_label("Type the password again").fill(PASSWORD)
    if coach:
        page.get_by_label(re.compile("coach", re.I)).check()
    page.get_by_label(re.compile("general exercise guidance")).check()
    page.get_by_label(re.compile("keeps my health answers")).check()
    page.get_by_role("button", name="Create my account").click()
    if re.search(r"/signup/sent/$", page.url):
        open_confirmation_mail(page, email)


def open_confirmation_mail(page: Page, email: str) -> None:
    """Follow the sign-up link mailed to `email` (the live server shares the test's outbox)."""
    expect_title(page, "Check your email")
    send_queued_mail()
    sent = [m for m in mail.outbox if m.to == [email.lower()]]
    assert sent, f"no mail to {email}"
    link = re.search(r"https?://\S+(/signup/confirm/\S+/)", sent[-1].body).group(1)
    page.goto(link)
    expect_title(page, "Finish making your account")
    page.get_by_role("button", name="Switch on my account").click()


def widget_values(answers: dict) -> dict:
    """§7 answers as the three steps' widgets hold them (ticked lines, "yes"/"no", numbers)."""
    values: dict = {}
    for step in STEPS:
        values.update(step.form_class.initial_from(answers))
    return values


def fill_answers(page: Page, answers: dict) -> None:
    """Give each answer on the current step whose field is on the page (and shown)."""
    for name, value in widget_values(answers).items():
        fields = page.locator(f'[name="{name}"]')
        if fields.count() == 0 or not fields.first.is_visible():
            continue  # a follow-up that does not apply stays hidden
        kind = fields.first.evaluate("e => e.type || e.tagName.toLowerCase()")
        if kind == "radio":
            page.locator(f'[name="{name}"][value="{value}"]').check()
        elif kind == "checkbox":
            chosen = {str(item) for item in value}
            for box in fields.all():
                box.set_checked(box.get_attribute("value") in chosen)
        elif kind.startswith("select"):
            fields.select_option(str(value))
        else:
            fields.fill(str(value))
    for name in ("age",):  # an answer given as None is left empty
        if name in answers and answers[name] is None and page.locator(f'[name="{name}"]').count():
            page.locator(f'[name="{name}"]').fill("")


STEP_TITLES = tuple(str(step.title) for step in STEPS)


def answer_questionnaire(page: Page, answers: dict, *, start: int = 1, a11y: bool = True) -> None:
    """Steps `start` to the last with these answers, checking each title (and axe if asked)."""
    count = len(STEP_TITLES)
    for number, title in enumerate(STEP_TITLES[start - 1 :], start=start):
        expect_title(page, f"Step {number} of {count}: {title}")
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        if a11y:
            check_a11y(page)
        fill_answers(page, answers)
        button = "Finish and see my plan" if number == count else "Next"
        page.get_by_role("button", name=button).click()
    expect_title(page, "Your result")


def assert_error_tied(page: Page, field_id: str, message: str | re.Pattern) -> None:
    """The field points at its error with aria-describedby and is marked invalid."""
    field = page.locator(f"#{field_id}")
    described = (field.get_attribute("aria-describedby") or "").split()
    errors = [i for i in described if page.locator(f"#{i}").filter(has_text=message).count()]
    assert errors, f"#{field_id} aria-describedby={described} names no element saying {message!r}"
    expect(field).to_have_attribute("aria-invalid", "true")


def menu_link(page: Page, name: str):
    """A link of the main menu; on a phone the menu is folded, so open it first."""
    folded = page.locator("details.nav-folded")
    if folded.is_visible() and folded.get_attribute("open") is None:
        folded.locator("summary").click()
    return page.get_by_role("navigation", name="Main").get_by_role("link", name=name, exact=True)
