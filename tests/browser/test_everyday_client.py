"""Everyday use on a phone (issue 17): the main button and the stop rules on the first screen,
the two one-tap rows after "I did it as planned", a same-day correction; axe finds nothing."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.pages import check_a11y, log_in
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_SCREEN = {"width": 390, "height": 844}
# Set UX_SHOTS=/some/dir to keep screenshots of the pages at 390 and 1280 px for review.
SHOTS = os.environ.get("UX_SHOTS")


def _client_with_a_session_today():
    from plans.models import Plan
    from tests.factories import WEEKDAYS, make_plan

    person = make_user("rita@example.com", "Rita Walker")
    today = person.local_today()
    plan = make_plan(person, today, days=WEEKDAYS)
    Plan.objects.filter(pk=plan.pk).update(level_started=today, stage_started=today)
    return person


def _shots(page, name: str) -> None:
    if not SHOTS:
        return
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    original = page.viewport_size
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 844})
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
    page.set_viewport_size(original)


def test_first_phone_screen_shows_the_main_button_and_the_stop_rules(open_page):
    _client_with_a_session_today()
    page = open_page()
    page.set_viewport_size(PHONE_SCREEN)
    log_in(page, "rita@example.com")
    page.goto("/today/")
    button = page.get_by_role("button", name="I did it as planned")
    box = button.bounding_box()
    assert box is not None
    assert box["y"] >= 0
    assert box["y"] + box["height"] <= PHONE_SCREEN["height"]
    stop = page.locator(".stop-now")
    expect(stop).to_be_visible()
    assert "Stop at once" in stop.inner_text()
    _shots(page, "today")
    check_a11y(page)


def test_one_tap_then_two_rows_then_a_correction(open_page):
    _client_with_a_session_today()
    page = open_page()
    page.set_viewport_size(PHONE_SCREEN)
    log_in(page, "rita@example.com")
    page.goto("/today/")
    page.get_by_role("button", name="I did it as planned").click()
    expect(page.get_by_role("group", name="How hard did it feel?")).to_be_visible()
    check_a11y(page)
    _shots(page, "today-rows")
    page.get_by_role("group", name="How hard did it feel?").get_by_label("3", exact=True).check()
    page.get_by_role("button", name="Save effort").click()
    expect(page.get_by_role("group", name="How hard did it feel?")).to_have_count(0)
    page.get_by_role("group", name="Any pain while walking?").get_by_label("1", exact=True).check()
    page.get_by_role("button", name="Save pain").click()
    expect(page.get_by_text("Effort 3/10. Pain 1/10.")).to_be_visible()
    page.get_by_role("link", name="Change what I logged").click()
    check_a11y(page)
    page.get_by_label("Partly done").check()
    page.get_by_label("Minutes in total").fill("12")
    page.get_by_role("button", name="Save my change").click()
    expect(page.get_by_text("Your change is saved.")).to_be_visible()
    expect(page.get_by_text("Logged: partly done, 12 minutes")).to_be_visible()


def test_plan_and_progress_pages_pass_axe_and_are_photographed(open_page):
    _client_with_a_session_today()
    page = open_page()
    log_in(page, "rita@example.com")
    for name in ("plan", "progress"):
        page.goto(f"/{name}/")
        check_a11y(page)
        _shots(page, name)
