"""Follow-up questions show only when their parent answer needs them (js/questionnaire.js)."""

import pytest
from playwright.sync_api import expect

from tests.browser.pages import check_a11y, expect_title, log_in
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROWS = [
    pytest.param("I have had a stroke", "#q-stroke_ago", id="stroke"),
    pytest.param("I have had a hip or knee replacement", "#q-replacement_ago", id="replacement"),
    pytest.param("I had another operation in the last 12 weeks", "#q-surgery_ago", id="operation"),
]


@pytest.mark.parametrize(("line", "follow_up"), ROWS)
def test_a_how_long_ago_question_appears_only_while_its_line_is_ticked(page, line, follow_up):
    make_user("fay@example.com", "Fay Follow")
    log_in(page, "fay@example.com")
    page.goto("/start/step/1/")
    expect_title(page, "Step 1 of 3: Your health")

    expect(page.locator(follow_up)).to_be_hidden()
    page.get_by_label(line).check()
    expect(page.locator(follow_up)).to_be_visible()
    check_a11y(page)
    page.get_by_label(line).uncheck()
    expect(page.locator(follow_up)).to_be_hidden()


def test_the_injury_question_appears_after_a_fall_is_counted(page):
    make_user("fay@example.com", "Fay Follow")
    log_in(page, "fay@example.com")
    page.goto("/start/step/1/")
    page.get_by_label("How old are you?").fill("70")
    page.get_by_label("None of these").check()
    page.get_by_role("button", name="Next").click()
    expect_title(page, "Step 2 of 3: Falls and balance")

    injury = page.locator("#q-fall_injury")
    expect(injury).to_be_hidden()
    page.get_by_label("How many times have you fallen").fill("2")
    expect(injury).to_be_visible()
    page.get_by_label("How many times have you fallen").fill("0")
    expect(injury).to_be_hidden()
