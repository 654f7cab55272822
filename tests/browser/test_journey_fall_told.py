"""§9.7 a fall can be reported any time: from Today (wide screen) or the folded menu (phone),
"I had a fall" asks when, hurt and head, pauses the plan and says what to do next."""

import pytest
from playwright.sync_api import expect

from plans.demo_data import PROFILES
from plans.models import FallReport, Plan
from plans.services.intake import start_plan
from tests.browser.conftest import PHONE
from tests.browser.pages import WIDTHS, check_a11y, days_from_today, expect_title, log_in, use_size
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@WIDTHS
def test_s9_7_a_fall_at_home_is_told_and_the_plan_waits(page, size):
    use_size(page, size)
    person = make_user("fay@example.com", "Fay Fell")
    start_plan(person, {**PROFILES["fit"], "days": days_from_today("UTC")}, person.local_today())
    log_in(page, "fay@example.com")
    page.goto("/today/")
    expect_title(page, "Today")

    if size == PHONE:
        page.locator("summary", has_text="Menu").click()
        page.locator(".nav-folded").get_by_role("link", name="I had a fall").click()
    else:
        page.locator("main").get_by_role("link", name="I had a fall").click()
    expect_title(page, "I had a fall")
    check_a11y(page)

    # The time starts at now; a time to come is refused with a clear message.
    page.get_by_role("group", name="Were you hurt?").get_by_label("No").check()
    page.get_by_role("group", name="Did you hit your head?").get_by_label("No").check()
    page.get_by_label("When did it happen?").fill("2099-01-01T10:00")
    page.get_by_role("button", name="Save my fall").click()
    expect(page.get_by_text("The time cannot be in the future.")).to_be_visible()
    assert not FallReport.objects.exists()
    # The refused form answers 400 on purpose (nothing saved); that is not a fault.
    page.watcher.problems[:] = [p for p in page.watcher.problems if "/today/fall/" not in p]
    check_a11y(page)

    page.get_by_label("When did it happen?").fill(person.local_today().strftime("%Y-%m-%dT00:00"))
    page.get_by_role("button", name="Save my fall").click()
    expect_title(page, "After your fall")
    expect(page.get_by_text("Your fall is saved.")).to_be_visible()
    expect(page.get_by_text("Rest for at least two days (48 hours).")).to_be_visible()
    expect(page.get_by_role("heading", name="Get medical care today")).to_have_count(0)
    check_a11y(page)

    page.get_by_role("link", name="Back to Today").click()
    paused = page.locator(".plan-paused")
    expect(paused.get_by_role("heading", name="Your plan is paused")).to_be_visible()
    expect(page.get_by_role("button", name="I did it as planned")).to_have_count(0)
    plan = Plan.objects.current().get(client=person)
    assert (plan.status, plan.paused_for, plan.pause_needs) == ("paused", "fall", "self")
    assert FallReport.objects.get().event.plan_id == plan.pk
