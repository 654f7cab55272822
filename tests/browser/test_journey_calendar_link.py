"""Journey: a client makes their calendar link on /account/, copies it with the button, and the
link on the clipboard is the feed a calendar app can read; a new link replaces it."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from feeds import services as calendar_feed
from feeds.models import CalendarFeed
from tests.browser.pages import check_a11y, expect_title, log_in
from tests.factories import make_plan, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_client_copies_their_calendar_link_and_can_replace_it(open_page, live_server):
    walker = make_user("cal@example.com", "Cal Endar")
    make_plan(walker, timezone.localdate())

    page = open_page()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    log_in(page, "cal@example.com")
    page.goto("/account/")
    expect_title(page, "Your account")
    page.get_by_role("button", name="Make my calendar link").click()
    expect(page.get_by_text("Here is your calendar link.")).to_be_visible()
    check_a11y(page)

    field = page.get_by_label("Your calendar link")
    expect(field).to_have_attribute("readonly", "")
    link = field.input_value()
    feed = CalendarFeed.objects.get(user=walker)
    assert link == f"{live_server.url}{calendar_feed.feed_path(feed)}"

    page.get_by_role("button", name="Copy link").click()
    expect(page.get_by_role("status").filter(has_text="Copied.")).to_be_visible()
    assert page.evaluate("() => navigator.clipboard.readText()") == link
    check_a11y(page)

    # Focusing the field selects the whole link, ready to copy by hand.
    field.focus()
    assert page.evaluate(
        "() => { const f = document.getElementById('calendar-feed-url');"
        " return f.selectionStart === 0 && f.selectionEnd === f.value.length; }"
    )

    # The copied link is the feed itself: it needs no session.
    response = page.context.request.get(link)
    assert response.status == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert b"BEGIN:VEVENT" in response.body()

    page.get_by_role("button", name="Make a new link").click()
    expect(page.get_by_text("The old one no longer works")).to_be_visible()
    new_link = page.get_by_label("Your calendar link").input_value()
    assert new_link != link
    assert page.context.request.get(link).status == 404
    assert page.context.request.get(new_link).status == 200


def test_without_clipboard_access_the_link_is_selected_to_copy_by_hand(open_page, live_server):
    walker = make_user("manual@example.com", "Manny Manual")
    calendar_feed.new_link(walker)

    page = open_page()
    # No clipboard permission, and the API removed: the fallback must still get the link out.
    page.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    log_in(page, "manual@example.com")
    page.goto("/account/")
    page.get_by_role("button", name="Copy link").click()
    expect(page.get_by_role("status")).to_contain_text("copy it with Ctrl+C")
    assert page.evaluate(
        "() => { const f = document.activeElement;"
        " return f.id === 'calendar-feed-url' && f.selectionEnd === f.value.length; }"
    )
