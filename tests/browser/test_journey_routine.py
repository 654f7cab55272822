"""Journey (issue 17): on a 390 px phone a client changes their days from the plan page,
without the health questions, and sees next week on the new days; axe finds nothing."""

import re

import pytest
from playwright.sync_api import expect

from plans.progress import monday_of
from tests.browser.conftest import PHONE
from tests.browser.pages import check_a11y, expect_title, log_in
from tests.factories import make_plan, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def next_week_days(page) -> list[str]:
    rows = page.get_by_role("region", name="Next week").locator("tbody th")
    return [text.split()[0] for text in rows.all_inner_texts()]


def test_client_changes_their_days_from_the_plan_page_on_a_phone(open_page):
    walker = make_user("rosa@example.com", "Rosa Routine")
    make_plan(walker, monday_of(walker.local_today()), weeks=3, days=("mon", "wed", "fri"))
    page = open_page()
    page.set_viewport_size(PHONE)
    log_in(page, "rosa@example.com")
    page.goto("/plan/")
    assert next_week_days(page) == ["Mon", "Wed", "Fri"]

    page.get_by_role("link", name="Change my days, minutes or places").click()
    expect_title(page, "Change your days, minutes or places")
    expect(page.get_by_label("Monday", exact=True)).to_be_checked()
    check_a11y(page, widths=(PHONE,))
    for day in ("Monday", "Wednesday", "Friday"):
        page.get_by_label(day, exact=True).uncheck()
    for day in ("Tuesday", "Saturday"):
        page.get_by_label(day, exact=True).check()
    page.get_by_role("button", name="Save my days, minutes and places").click()

    expect_title(page, "Your plan")
    message = page.get_by_role("status")
    expect(message).to_contain_text("Tuesday and Saturday")
    expect(message).to_contain_text(re.compile("from tomorrow"))
    assert next_week_days(page) == ["Tue", "Sat"]
    check_a11y(page, widths=(PHONE,))
