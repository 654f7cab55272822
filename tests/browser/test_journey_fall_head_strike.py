"""Journey 5 (domain §3 v2 falls, §2f): a fall with a head strike pauses the plan until a
physician clears it; the person's own check-in is not offered, and answering the health
questions again with every answer "no" keeps the plan paused."""

import pytest
from playwright.sync_api import expect

from plans.demo_data import PROFILES
from plans.models import Plan
from plans.services.intake import start_plan
from tests.browser.pages import (
    WIDTHS,
    answer_questionnaire,
    check_a11y,
    days_from_today,
    expect_title,
    log_in,
    use_size,
)
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@WIDTHS
def test_a_head_strike_needs_a_physician_and_new_answers_keep_the_pause(page, size):
    use_size(page, size)
    person = make_user("hal@example.com", "Hal Head")
    answers = {**PROFILES["fit"], "days": days_from_today("UTC")}
    start_plan(person, answers, person.local_today())
    log_in(page, "hal@example.com")
    page.goto("/today/")
    expect_title(page, "Today")

    # Log today's session with a fall and a head strike.
    page.locator("summary", has_text="Tell us more").click()
    page.get_by_label("Partly done").check()
    page.get_by_label("Minutes in total").fill("10")
    page.get_by_label("I fell", exact=True).check()
    page.get_by_label("If you fell: did you hit your head?").check()
    page.get_by_role("button", name="Save how it went").click()
    expect_title(page, "Today")
    paused = page.locator(".plan-paused")
    expect(paused.get_by_role("heading", name="Your plan is paused")).to_be_visible()
    expect(paused.get_by_role("link", name="My doctor has cleared me")).to_be_visible()
    expect(page.get_by_role("link", name="I feel ready to check in")).to_have_count(0)
    expect(page.get_by_role("button", name="I did it as planned")).to_have_count(0)
    check_a11y(page)

    # Answering every health question again with "no" does not lift it.
    page.goto("/account/")
    page.get_by_role("button", name="Answer the questions again").click()
    answer_questionnaire(page, answers, a11y=False)
    expect(page.locator(".q-outcome")).to_contain_text("stays paused until a doctor clears you")
    check_a11y(page)
    page.goto("/today/")
    expect(
        page.locator(".plan-paused").get_by_role("link", name="My doctor has cleared me")
    ).to_be_visible()
    plan = Plan.objects.current().get(client=person)
    assert (plan.status, plan.pause_needs, plan.version) == ("paused", "physician", 2)
