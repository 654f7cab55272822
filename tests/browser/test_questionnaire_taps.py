"""How much work it is to get a first plan: taps and phone screens, home page to result.

Counted on a 390 × 844 px phone viewport, for two personas, by driving the real pages:

- **Taps**: every click (a link, a button, a radio button, a tick box) and every text box the
  person types into (one tap per box: tapping into it; the keys typed are not counted, as the
  old count of 68 did not count them either). Following the link in the sign-up mail is a tap.
  A choice already showing the right answer, a box left empty, and a question hidden because
  it does not apply cost nothing.
- **Screens**: for each page, the screens a person scrolls through to reach the lowest thing
  they touch there (its bottom edge divided by 844 px, rounded up; at least one), summed over
  the pages. Text below the last button (the footer) is not counted: nobody has to scroll to
  it. The result page counts as one screen: reaching it is the goal.

The issue measured 68 taps and 17 screens (its way of counting screens is not written down).
Counting each page's whole height, the first questionnaire took 32 screens and the three-step
one 24; counted as above, the three-step one took 22. The targets are ≤ 35 taps and ≤ 10
screens.
"""

import math
import os
import re
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from plans.demo_data import PROFILES
from plans.models import Screening
from plans.questionnaire_steps import STEPS
from tests.browser.conftest import PHONE
from tests.browser.pages import expect_title
from tests.factories import PASSWORD
from tests.test_questionnaire import PERSONA_1
from tests.worker import send_queued_mail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_TAPS = 35
MAX_SCREENS = 10
SHOTS = os.environ.get("SCREENSHOTS", "")


class Counter:
    def __init__(self, page: Page):
        self.page = page
        self.taps = 0
        self.screens = 0
        self.pages: list[str] = []
        self.lowest = 0.0  # bottom edge, in page coordinates, of the lowest thing touched

    def tap(self, locator) -> None:
        self.taps += 1
        self._reach(locator)
        locator.click()

    def type_into(self, locator, text: str) -> None:
        self.taps += 1
        self._reach(locator)
        locator.fill(text)

    def _reach(self, locator) -> None:
        bottom = locator.evaluate("e => e.getBoundingClientRect().bottom + window.scrollY")
        self.lowest = max(self.lowest, bottom)

    def look(self) -> None:
        """A new page is showing: count the one before, then start on this one."""
        self._count_page()
        if SHOTS:  # whole pages to look at by hand: SCREENSHOTS=/some/folder pytest ...
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            name = f"{len(self.pages):02}-{self.page.url.split('/', 3)[-1].strip('/')[:20]}"
            self.page.screenshot(path=f"{SHOTS}/{name.replace('/', '-')}.png", full_page=True)
        self.pages.append(self.page.url)
        self.lowest = 0.0

    def done(self) -> None:
        """The goal page is showing: count the last page acted on, and this one as one screen."""
        self._count_page()
        self.pages.append(f"{self.page.url} =1")
        self.screens += 1

    def _count_page(self) -> None:
        if not self.pages:
            return
        count = max(1, math.ceil(self.lowest / PHONE["height"]))
        self.screens += count
        self.pages[-1] += f" to {round(self.lowest)}px ={count}"


def answer_step(counter: Counter, data: dict) -> None:
    """Give this step's form data the way a person would, counting what it costs."""
    page = counter.page
    for name, value in data.items():
        fields = page.locator(f'[name="{name}"]')
        if fields.count() == 0:
            continue
        kind = fields.first.evaluate("e => e.type || e.tagName.toLowerCase()")
        if kind == "radio":
            choice = page.locator(f'[name="{name}"][value="{value}"]')
            if choice.is_visible() and not choice.is_checked():
                counter.tap(choice)
        elif kind == "checkbox":
            chosen = {str(item) for item in value}
            for box in fields.all():
                if box.is_visible() and box.is_checked() != (box.get_attribute("value") in chosen):
                    counter.tap(box)
        elif kind.startswith("select"):
            if fields.is_visible() and fields.input_value() != str(value):
                counter.taps += 1
                fields.select_option(str(value))
        elif value not in (None, "") and fields.is_visible():
            counter.type_into(fields, str(value))


def widget_data(form_class, answers: dict) -> dict:
    """The answers as the step's widgets hold them (yes/no, ticked values, numbers)."""
    return form_class.initial_from(answers)


def reach_a_plan(page: Page, answers: dict, email: str) -> Counter:
    counter = Counter(page)
    page.set_viewport_size(PHONE)
    page.goto("/")
    counter.look()
    menu = page.locator("details.nav-folded")
    if menu.is_visible() and menu.get_attribute("open") is None:
        counter.tap(menu.locator("summary"))
    counter.tap(page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign up"))
    expect_title(page, "Create an account")
    counter.look()
    counter.type_into(page.get_by_label("Your name"), "Pat Persona")
    counter.type_into(page.get_by_label("Email address"), email)
    counter.type_into(page.get_by_label("Choose a password"), PASSWORD)
    counter.type_into(page.get_by_label("Type the password again"), PASSWORD)
    counter.tap(page.get_by_label(re.compile("general exercise guidance")))
    counter.tap(page.get_by_label(re.compile("keeps my health answers")))
    counter.tap(page.get_by_role("button", name="Create my account"))
    expect_title(page, "Check your email")
    counter.look()
    send_queued_mail()
    body = [m for m in mail.outbox if m.to == [email]][-1].body
    counter.taps += 1  # the link in the mail
    page.goto(re.search(r"https?://\S+(/signup/confirm/\S+/)", body).group(1))
    counter.look()
    counter.tap(page.get_by_role("button", name="Switch on my account"))
    while "/start/step/" in page.url:
        number = int(re.search(r"/start/step/(\d+)/", page.url).group(1))
        counter.look()
        answer_step(counter, widget_data(STEPS[number - 1].form_class, answers))
        counter.tap(page.locator(".q-actions button[type=submit]"))
        expect(page).not_to_have_url(re.compile(rf"/start/step/{number}/$"))
    expect_title(page, "Your result")
    counter.done()
    return counter


PERSONAS = {
    # domain.md persona 1: 45, all no, treadmill, track and rail, 4 days × 40 min.
    "persona_1": PERSONA_1,
    # A 72-year-old with three STEADI answers, a pool and a rail, 3 days × 30 min.
    "steady": PROFILES["steady"],
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_browser_flow_collects_exactly_the_personas_answers(page, persona):
    answers = PERSONAS[persona]
    counter = reach_a_plan(page, answers, f"{persona}@example.com")
    saved = Screening.objects.get(client__email=f"{persona}@example.com").answers
    assert saved == answers
    pages = "\n".join(counter.pages)
    print(f"\n{persona}: {counter.taps} taps, {counter.screens} screens\n{pages}")


# Measured before the shorter questionnaire: 69 taps (persona 1) and 68 (steady); with it
# (three steps, tick lists): 34 taps for both.
@pytest.mark.parametrize("persona", PERSONAS)
def test_a_typical_person_reaches_a_plan_in_35_taps_or_fewer(page, persona):
    counter = reach_a_plan(page, PERSONAS[persona], f"{persona}@example.com")
    assert counter.taps <= MAX_TAPS, (counter.taps, counter.pages)


# Counted as above: 22 screens before (home 1, sign-up 2, the mail pages 2, the three steps
# 5 + 7 + 4, result 1); 18 after one line per tick-list answer, the balance-confidence scale as
# two rows of bare numbers and a three-column day grid (steps 4 + 5 + 3). The five pages
# around the questions take 6 of the 10, leaving 4 screens (3,376 px) for about 8,900 px of
# questions at 18 px text: not met without asking fewer questions.
# Strict: once the target is met this xfail fails.
@pytest.mark.xfail(strict=True, reason="issue 17: 18 screens; the questions alone take 12")
@pytest.mark.parametrize("persona", PERSONAS)
def test_a_typical_person_reaches_a_plan_in_10_phone_screens_or_fewer(page, persona):
    counter = reach_a_plan(page, PERSONAS[persona], f"{persona}@example.com")
    assert counter.screens <= MAX_SCREENS, (counter.screens, counter.pages)
