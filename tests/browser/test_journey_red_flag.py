"""Journey 2: a red-flag answer (chest pain) pauses the plan and offers a printable page for
the physician; once the clearance is recorded, the plan starts and Today shows a session."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from plans.demo_data import PROFILES
from tests.browser.pages import (
    WIDTHS,
    answer_questionnaire,
    assert_error_tied,
    check_a11y,
    days_from_today,
    expect_title,
    log_in,
    menu_link,
    use_size,
)
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@WIDTHS
def test_chest_pain_pauses_until_a_physician_clears(page, size):
    use_size(page, size)
    make_user("cara@example.com", "Cara Chest")
    answers = {**PROFILES["chest_pain"], "days": days_from_today("UTC")}
    log_in(page, "cara@example.com")
    # The questionnaire pages are checked with axe in journey 1; here only the answers differ.
    answer_questionnaire(page, answers, a11y=False)

    expect(page.locator(".q-outcome")).to_contain_text("Please talk to your doctor")
    expect(page.locator(".q-flags")).to_contain_text("You get chest pain.")
    expect(page.get_by_role("heading", name="Your plan in short")).to_have_count(0)
    check_a11y(page)

    # Today says the plan waits, and why.
    menu_link(page, "Today").click()
    expect_title(page, "Today")
    expect(page.get_by_role("heading", name="Your plan is waiting for a check")).to_be_visible()
    expect(page.get_by_role("heading", name="Today's session")).to_have_count(0)
    check_a11y(page)
    page.get_by_role("link", name="See why and what to do").click()
    expect_title(page, "Your result")

    # The printable page for the physician names the answer that raised the flag.
    page.get_by_role("link", name="Open the page for your doctor").click()
    expect_title(page, "For your doctor")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Backward walking: a note for the physician"
    )
    expect(page.locator(".q-letter-flags")).to_contain_text("pain in my chest")
    check_a11y(page)
    page.emulate_media(media="print")
    expect(page.locator(".q-print-help")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    page.emulate_media(media="screen")
    page.get_by_role("link", name="Back to your result").click()
    expect_title(page, "Your result")

    # Recording the clearance: a date in the future is refused, with the error on the field.
    clearance = page.get_by_role("region", name="My physician cleared me")
    today = datetime.now(ZoneInfo("UTC")).date()
    clearance.get_by_label("Date your doctor cleared you").fill(
        (today + timedelta(days=3)).isoformat()
    )
    clearance.get_by_label("Your doctor's name").fill("Dr Jones")
    clearance.get_by_label("I confirm a doctor (physician) cleared me").check()
    clearance.get_by_role("button", name="Record my clearance").click()
    expect_title(page, "Your result")
    expect(page.get_by_role("alert")).to_contain_text("This was not recorded")
    assert_error_tied(page, "id_cleared_on", "The date cannot be in the future")
    check_a11y(page)

    clearance.get_by_label("Date your doctor cleared you").fill(today.isoformat())
    clearance.get_by_role("button", name="Record my clearance").click()
    expect_title(page, "Your result")
    expect(page.get_by_role("status")).to_contain_text("Your clearance is recorded")
    expect(page.locator(".q-outcome")).to_contain_text("You have been cleared to start.")
    expect(page.get_by_role("heading", name="Your plan in short")).to_be_visible()
    check_a11y(page)

    page.get_by_role("link", name="Go to today").click()
    expect_title(page, "Today")
    expect(page.get_by_role("heading", name="Today's session")).to_be_visible()
    expect(page.get_by_role("button", name="I did it as planned")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("waiting for a check"))).to_have_count(0)
