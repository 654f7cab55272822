"""Journey 1: a new visitor signs up, answers the questionnaire, gets a starter plan, marks
today's session done, and sees adherence and the calendar change on the progress page."""

import re

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
    fill_answers,
    menu_link,
    sign_up,
    use_size,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@WIDTHS
def test_new_visitor_gets_a_plan_and_logs_today(page, size):
    use_size(page, size)
    # Low-risk answers, offering today (the account's zone is UTC, the default), so today
    # has a session.
    answers = {**PROFILES["fit"], "days": days_from_today("UTC")}
    page.goto("/")
    expect_title(page, "Backward walking, safely")
    check_a11y(page)
    menu_link(page, "Sign up").click()

    # Sign up, first with nothing filled in: the errors are announced and tied to the fields.
    expect_title(page, "Create an account")
    check_a11y(page)
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("alert")).to_contain_text("Please check the form")
    assert_error_tied(page, "id_email", "required")
    assert_error_tied(page, "id_display_name", "required")
    check_a11y(page)
    sign_up(page, "Nora New", "nora@example.com")

    # Step 1 with one answer missing: the summary names it and links to it.
    expect_title(page, "Step 1 of 3: Your health")
    expect(page.get_by_role("status")).to_contain_text("Welcome, Nora New")
    fill_answers(page, {**answers, "age": None})
    page.get_by_role("button", name="Next").click()
    expect_title(page, "Please check your answers: Step 1 of 3")
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("How old are you?")
    assert_error_tied(page, "id_age", "Please tell us your age")
    check_a11y(page)
    fill_answers(page, answers)
    page.get_by_role("button", name="Next").click()
    answer_questionnaire(page, answers, start=2)

    # The result: a plan, not a pause.
    expect(page.get_by_role("heading", name="Your plan in short")).to_be_visible()
    check_a11y(page)
    page.get_by_role("link", name="See my whole plan").click()
    expect_title(page, "Your plan")
    check_a11y(page)

    menu_link(page, "Progress").click()
    expect_title(page, "Your progress")
    today_cell = page.locator("td[aria-current=date]")
    expect(today_cell).to_have_class(re.compile(r"\bcal-planned\b"))
    whole_plan = page.locator(".adherence-item").filter(has_text="Whole plan")
    expect(whole_plan).to_contain_text("No sessions due yet")
    check_a11y(page)

    menu_link(page, "Today").click()
    expect_title(page, "Today")
    expect(page.get_by_role("heading", name="Today's session")).to_be_visible()
    check_a11y(page)
    page.get_by_role("button", name="I did it as planned").click()
    expect_title(page, "Today")
    expect(page.get_by_role("status").first).to_contain_text("Saved. Well done for logging it.")
    expect(page.locator(".logged")).to_contain_text("Logged: done")
    check_a11y(page)

    menu_link(page, "Progress").click()
    expect_title(page, "Your progress")
    expect(today_cell).to_have_class(re.compile(r"\bcal-done\b"))
    expect(today_cell).to_contain_text("Done")
    expect(whole_plan).to_contain_text("100%")
    expect(whole_plan).to_contain_text("1 of 1 planned session")
    expect(page.locator(".streak")).to_contain_text("1 session in a row")
    check_a11y(page)
