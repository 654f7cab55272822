"""Journey: a client turns session reminders on at their own time in /account/; after a reload
the page still shows the choice, and the choice is what the scheduler reads."""

from datetime import time

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from notifications.models import MailPreferences
from tests.browser.pages import check_a11y, expect_title, log_in
from tests.factories import make_plan, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_client_turns_reminders_on_and_the_choice_is_kept(page):
    walker = make_user("remi@example.com", "Remi Walker")
    make_plan(walker, timezone.localdate())
    log_in(page, walker.email)
    page.goto("/account/")
    expect_title(page, "Your account")
    reminders = page.get_by_label("Remind me on session days")
    expect(reminders).not_to_be_checked()
    check_a11y(page)

    reminders.check()
    page.get_by_label("At this time (UTC time)").fill("07:30")
    page.get_by_role("button", name="Save my email choices").click()
    expect(page.get_by_text("Your email choices are saved.")).to_be_visible()
    check_a11y(page)

    page.reload()
    expect(page.get_by_label("Remind me on session days")).to_be_checked()
    expect(page.get_by_label("At this time (UTC time)")).to_have_value("07:30")
    expect(page.get_by_label("Email me a short summary each Monday")).not_to_be_checked()
    prefs = MailPreferences.objects.get(user=walker)
    assert (prefs.reminders, prefs.reminder_time, prefs.weekly_summary) == (
        True,
        time(7, 30),
        False,
    )
