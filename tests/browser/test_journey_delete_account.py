"""Journey: a client with a plan and a coach exports their data, then deletes their account;
the coach's dashboard no longer lists them."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from coaching.models import CoachLink
from tests.browser.pages import check_a11y, expect_title, log_in
from tests.factories import PASSWORD, log_session, make_plan, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_client_exports_then_deletes_their_account(open_page):
    walker = make_user("dora@example.com", "Dora Delete")
    coach = make_user("cam@example.com", "Cam Coach", role="coach")
    CoachLink.objects.create(coach=coach, client=walker)
    plan = make_plan(walker, timezone.localdate())
    log_session(plan.sessions.first())

    page = open_page()
    log_in(page, "dora@example.com")
    page.goto("/account/")
    expect_title(page, "Your account")
    with page.expect_download() as download:
        page.get_by_role("link", name="Export my data").click()
    assert download.value.suggested_filename.endswith(".zip")

    page.get_by_role("link", name=re.compile("Delete my account")).click()
    expect_title(page, "Delete your account")
    expect(page.get_by_text("This cannot be undone.")).to_be_visible()
    check_a11y(page)
    page.get_by_label("Your current password").fill(PASSWORD)
    page.get_by_label(re.compile("will be deleted for good")).check()
    page.get_by_role("button", name="Delete my account for good").click()

    expect_title(page, "Your account is deleted")
    check_a11y(page)
    assert not User.objects.filter(email="dora@example.com").exists()
    # The same account can no longer log in.
    page.goto("/login/")
    page.get_by_label("Email address").fill("dora@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("do not match an account")).to_be_visible()

    coach_page = open_page()
    log_in(coach_page, "cam@example.com")
    coach_page.goto("/coach/")
    expect(coach_page.get_by_role("heading", level=1)).to_be_visible()
    expect(coach_page.get_by_text("Dora Delete")).to_have_count(0)
