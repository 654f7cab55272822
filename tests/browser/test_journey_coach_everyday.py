"""A coach's everyday use: ten or more clients on a 1280 x 800 screen, the "seen" mark, the
client page that starts with what happened, a named invite copied with its button, and
stopping coaching that asks first and can be undone."""

import contextlib
import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from assessments.models import AssessmentResult
from coaching.models import CoachLink
from plans.models import Plan
from tests.browser.conftest import DESKTOP, PHONE, assert_clean
from tests.browser.pages import check_a11y, expect_title, log_in
from tests.factories import log_session, make_plan, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Screenshots to look at by hand, when asked for: SCREENSHOTS=/some/folder pytest ...
SHOTS = os.environ.get("SCREENSHOTS", "")


def shoot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"))


def coach_with_clients(count: int):
    """A coach with `count` clients whose last three sessions were missed (all flagged)."""
    coach = make_user("cora@example.com", "Cora Coach", role="coach")
    start = timezone.localdate() - timedelta(days=13)
    clients = []
    for number in range(count):
        client = make_user(f"c{number:02}@example.com", f"Client {number:02} Walker")
        CoachLink.objects.create(coach=coach, client=client, shares_history=True)
        make_plan(client, start, weeks=4, days=("mon", "tue", "wed", "thu", "fri", "sat", "sun"))
        clients.append(client)
    return coach, clients


# Long names a coach is likely to have on the list: 5 given names x 3 family names.
GIVEN_NAMES = ("Bartholomew", "Margaretha", "Anneliese", "Christopher", "Wilhelmina")
FAMILY_NAMES = ("Fitzgerald-Whitmore", "Vanderbilt-Oosterhuis", "Hohenberger-Schmidt")


def heavy_rows(coach, clients) -> None:
    """Every client with the heaviest realistic row: a long name, yesterday's log with pain 8,
    a fall and a note, a plan paused for a physician's clearance and flagged for review, and
    an at-risk backward walk test."""
    yesterday = timezone.localdate() - timedelta(days=1)
    for number, client in enumerate(clients):
        given, family = GIVEN_NAMES[number % 5], FAMILY_NAMES[number // 5]
        client.display_name = f"{given} {family}"
        client.save(update_fields=["display_name"])
        log_session(
            client.planned_sessions.get(date=yesterday),
            rpe=7,
            pain=8,
            fall=True,
            note="My knee gave way by the kitchen door and I sat down hard.",
        )
        AssessmentResult.objects.create(
            client=client,
            kind="backward-walk",
            taken_on=yesterday,
            value="6.40",
            values={"walks": ["6.40", "6.90"]},
            reading="at_risk",
            recorded_by=coach,
        )
    # Test data written directly, as the factories do: the rules have their own tests.
    Plan.objects.filter(client__in=clients).update(
        status=Plan.Status.PAUSED,
        pause_needs=Plan.PauseNeeds.PHYSICIAN,
        paused_for="fall",
        paused_on=yesterday,
        needs_review=True,
        needs_review_reason=[{"code": "step_backs_28_days"}],
    )


@pytest.mark.parametrize("rows", ["missed sessions only", "every flag and a long name"])
def test_ten_clients_fit_on_a_1280_by_800_screen(open_page, rows):
    coach, clients = coach_with_clients(15)
    heavy = rows != "missed sessions only"
    if heavy:
        heavy_rows(coach, clients)
    page = open_page()
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, "cora@example.com")
    expect_title(page, "My clients")
    rows = page.locator("tbody tr.client-row")
    expect(rows).to_have_count(15)
    page.wait_for_load_state("load")
    count = """() => [...document.querySelectorAll('tbody tr.client-row')]
              .filter(row => row.getBoundingClientRect().bottom <= window.innerHeight).length"""
    # Counted once the page has its styles and settled: a short wait, not a sleep.
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(f"() => ({count})() >= 10", timeout=5_000)
    visible = page.evaluate(count)
    shoot(page, f"dashboard-1280x800{'-heavy' if heavy else ''}")
    assert visible >= 10, f"only {visible} client rows fit on the first screen"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 1280, "sideways scroll"
    check_a11y(page)
    page.set_viewport_size(PHONE)
    shoot(page, f"dashboard-390{'-heavy' if heavy else ''}")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    check_a11y(page)
    page.set_viewport_size({"width": 320, "height": 700})
    rows.first.evaluate("row => row.scrollIntoView({behavior: 'instant'})")
    shoot(page, f"dashboard-320-row{'-heavy' if heavy else ''}")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320, "sideways at 320"


def test_seen_quiets_a_flag_and_the_client_page_starts_with_what_happened(open_page):
    coach, clients = coach_with_clients(2)
    first = clients[0]
    log_session(
        first.planned_sessions.get(date=timezone.localdate() - timedelta(days=1)),
        pain=8,
        fall=True,
        note="My knee hurt near the door.",
    )
    page = open_page()
    log_in(page, "cora@example.com")
    row = page.locator("tbody tr.client-row").filter(has_text="Client 01 Walker")
    expect(row.locator(".flag-list")).to_contain_text("3+ missed in a row")
    row.get_by_role("button", name="Seen").click()
    expect(page.get_by_role("status")).to_contain_text("Marked Client 01 Walker as seen.")
    row = page.locator("tbody tr.client-row").filter(has_text="Client 01 Walker")
    expect(row.locator(".flag-list")).to_have_count(0)
    expect(row.locator(".seen-note")).to_contain_text("3+ missed in a row")
    check_a11y(page)

    page.get_by_role("link", name="Client 00 Walker").click()
    expect_title(page, "Client 00 Walker")
    happened = page.locator("#what-happened")
    expect(happened).to_contain_text("My knee hurt near the door.")
    expect(happened).to_contain_text("a fall")
    expect(happened).to_be_in_viewport()
    shoot(page, "client-1280")
    check_a11y(page)
    page.get_by_role("navigation", name="On this page").get_by_role("link", name="Notes").click()
    expect(page.locator("#notes")).to_be_in_viewport()
    page.set_viewport_size(PHONE)
    page.goto(page.url.split("#")[0])
    shoot(page, "client-390")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    page.set_viewport_size(DESKTOP)

    # A change that fails comes back at its form, the first wrong field focused.
    dose = page.locator("details.adjust").filter(has_text="Change the dose")
    dose.locator("summary").click()
    dose.get_by_role("button", name="Save the new dose").click()
    expect(page.locator("#id_dose-reason")).to_be_focused()
    expect(page.locator("#id_dose-reason")).to_be_in_viewport()
    check_a11y(page)
    # The refused form is a real 400 on purpose; the watcher would count it as a fault.
    page.watcher.problems[:] = [p for p in page.watcher.problems if "/change/dose/" not in p]
    assert_clean(page)


def test_a_named_invite_is_copied_and_stopping_can_be_undone(open_page, live_server):
    coach, clients = coach_with_clients(1)
    page = open_page()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    log_in(page, "cora@example.com")
    page.get_by_role("link", name="Invite a client").click()
    page.get_by_label("A name for this invite (optional)").fill("Mrs Patel, Tuesday class")
    page.get_by_role("button", name="Make the invite").click()
    item = page.locator(".invite-open").filter(has_text="Mrs Patel, Tuesday class")
    link = item.locator("input.invite-link").input_value()
    item.get_by_role("button", name="Copy link").click()
    expect(item.get_by_role("status")).to_contain_text("Copied.")
    assert page.evaluate("() => navigator.clipboard.readText()") == link
    shoot(page, "invites-1280")
    check_a11y(page)

    page.goto(f"/coach/clients/{clients[0].public_id}/")
    page.get_by_role("link", name="Stop coaching Client 00 Walker…").click()
    expect_title(page, "Stop coaching Client 00 Walker?")
    check_a11y(page)
    page.get_by_role("button", name="Yes, stop coaching Client 00 Walker").click()
    expect_title(page, "You stopped coaching Client 00 Walker")
    check_a11y(page)
    page.get_by_role("button", name="Undo: keep coaching them").click()
    expect_title(page, "Client 00 Walker")
    expect(page.get_by_role("status")).to_contain_text("You coach Client 00 Walker again")
    assert_clean(page)
