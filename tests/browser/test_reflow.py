"""Reflow (WCAG 1.4.10), issue 24 point 5: no page of the client's or the coach's journey
scrolls sideways on a small phone, and the coach's dashboard fits a 1280 x 800 laptop.

Each page is measured three ways (sideways scroll: the document wider than its window):
- 320 px: an iPhone SE, or a mini with display zoom (320 x 568 CSS px);
- 200 % zoom on a 390 px phone, as the browser does it: the page is laid out in a 195 x 422
  CSS px window at deviceScaleFactor 2 (the same CSS width Playwright's page zoom would give);
- text at 200 % on the 390 px phone, imitated by doubling the root font size (the site's type is
  all in rem): harsher than a browser's text setting, as media queries do not move with it.
"""

import os
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from assessments.services import record_result
from coaching.management.commands.seed_coach_demo import COACH_EMAIL
from coaching.services import invites
from coaching.services import links as coaching
from plans.demo_data import (
    DEMO_PASSWORD,
    PROFILES,
    Habit,
    log_painful_session,
    new_rng,
    simulate,
)
from plans.models import PlannedSession, QuestionnaireDraft
from plans.questionnaire_steps import STEP_COUNT
from plans.selectors.dose import one_tap_data
from plans.services.falls import report_fall
from plans.services.intake import start_plan
from plans.services.sessions import record_log
from tests.browser.pages import days_from_today, log_in
from tests.factories import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Screenshots to look at by hand, when asked for: SCREENSHOTS=/some/folder pytest ...
SHOTS = os.environ.get("SCREENSHOTS", "")

# (name, CSS window, root font size): see the module's docstring.
SIZES = [
    ("320 px", {"width": 320, "height": 568}, ""),
    ("200 % zoom", {"width": 195, "height": 422}, ""),
    ("text 200 %", {"width": 390, "height": 844}, "225%"),  # the root is 112.5 % (18 px)
]
LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
TESTS = ("backward-walk", "tug", "chair-stand", "balance")

# Who opens which pages; {name} is filled in by _people(). Both journeys, every page a person
# reaches by a link (POST-only addresses and downloads aside).
PAGES = {
    # A visitor: the front page, signing up and in, the privacy page, an invite, a 404.
    None: [
        "/",
        "/signup/",
        "/signup/sent/",
        "/login/",
        "/password-reset/",
        "/password-reset/sent/",
        "/privacy/",
        "/invite/{invite}/",
        "/no-such-page/",
    ],
    # Active, coached, a month of logs and two functional tests.
    "alex@example.com": [
        "/today/",
        "/plan/",
        "/plan/routine/",
        "/progress/",
        "/tests/",
        "/tests/report/",
        *(f"/tests/{kind}/" for kind in TESTS),
        "/notes/",
        "/today/fall/",
        "/start/result/",  # with the mail choices, as at the end of the questionnaire
        "/account/",  # the mail choices, the calendar link, export and delete
        "/account/password/",
        "/account/delete/",
    ],
    # Today's session not done yet: Today, the log form, the guided session; her first plan.
    "rita@example.com": ["/today/", "/today/{today}/", "/today/{today}/go/", "/plan/versions/1/"],
    # Just tapped "I did it as planned": the log and the two ratings; the change form.
    "rae@example.com": ["/today/", "/today/{today}/change/"],
    # Paused by pain, answering the questions again: the three steps (step 2 holds the six
    # balance questions), the result, the letter for the doctor.
    "sam@example.com": [
        "/today/",
        "/plan/",
        *(f"/start/step/{number}/" for number in range(1, STEP_COUNT + 1)),
        "/start/result/",
        "/start/for-your-doctor/",
        "/plan/resume/",
    ],
    # Told a fall with "I had a fall".
    "fay@example.com": ["/today/fall/saved/", "/today/", "/plan/resume/"],
    "dana@example.com": [
        "/coach/",
        "/coach/invites/",
        "/coach/clients/{alex}/",
        "/coach/clients/{sam}/",
        "/coach/clients/{alex}/report/",
        "/coach/clients/{alex}/tests/backward-walk/",
        "/coach/clients/{alex}/end/confirm/",
        "/account/",
    ],
}


def _walker(email: str, name: str):
    """Someone whose plan has a session today."""
    person = make_user(email, name)
    plan = start_plan(
        person, {**PROFILES["fit"], "days": days_from_today()}, today=person.local_today()
    )
    return person, PlannedSession.objects.get(plan=plan, date=person.local_today())


def _people() -> dict[str, str]:
    coach = make_user("dana@example.com", "Dana Coach", role="coach")
    rng = new_rng()
    alex = make_user("alex@example.com", "Alexandra Longname-Walker")
    simulate(alex, "fit", 4, alex.local_today(), Habit(0.9, (4, 5), (0, 1)), rng)
    tests = (("backward-walk", {"walks": ["6.4", "6.9"]}), ("tug", {"seconds": "11.2"}))
    for kind, values in tests:
        record_result(alex, kind, values, by=alex, today=alex.local_today())
    sam = make_user("sam@example.com", "Sam Paused")
    plan = simulate(
        sam, "knee", 3, sam.local_today(), Habit(0.85, (4, 5), (1, 3)), rng, stop_days=4
    )
    log_painful_session(sam, plan, sam.local_today())
    QuestionnaireDraft.objects.create(client=sam, answers=plan.screening.answers, step=STEP_COUNT)
    for client in (alex, sam):
        invites.accept_invite(invites.create_invite(coach), client)
        coaching.write_note(coach, client, "Well done this week. Keep the rail close.")
    rita, _ = _walker("rita@example.com", "Rita Walker")
    start_plan(rita, {**PROFILES["fit"], "days": days_from_today()}, today=rita.local_today())
    rae, planned = _walker("rae@example.com", "Rae Rates")
    record_log(rae, planned, one_tap_data(planned, rae.local_today()))
    fay, _ = _walker("fay@example.com", "Fay Fell")
    report_fall(
        fay, happened_at=timezone.now() - timedelta(hours=1), injury=False, head_strike=False
    )
    return {
        "{alex}": str(alex.public_id),
        "{sam}": str(sam.public_id),
        "{invite}": invites.create_invite(coach).code,
        "{today}": rita.local_today().isoformat(),
    }


def _sideways(page) -> int:
    """How far the page scrolls sideways, in CSS px (0: not at all)."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def _too_wide(page) -> list[str]:
    found = []
    for name, window, root in SIZES:
        page.set_viewport_size(window)
        page.evaluate(f"document.documentElement.style.fontSize = '{root}'")
        if extra := _sideways(page):
            found.append(f"{page.url} at {name}: scrolls sideways by {extra} px")
    page.evaluate("document.documentElement.style.fontSize = ''")
    return found


def _off_screen_answers(page) -> list[str]:
    """The balance questions' answers (0 to 100) that are not inside the window."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.q-scale-short .form-check')]
            .filter(box => { const r = box.getBoundingClientRect();
                             return r.left < 0 || r.right > document.documentElement.clientWidth; })
            .map(box => box.closest('.q-question').id + ': ' + box.textContent.trim())"""
    )


def test_no_page_of_either_journey_scrolls_sideways_and_the_dashboard_fits_a_laptop(open_page):
    """Issue 24 point 5: every page of both journeys at 320 px, at 200 % zoom (195 CSS px at
    deviceScaleFactor 2) and with text at 200 %; the six balance questions show 0 to 100 within
    a 320 px screen; the coach's dashboard fits 1280 x 800 without sideways scroll."""
    ids = _people()
    found = []
    for who, addresses in PAGES.items():
        page = open_page(viewport=SIZES[0][1], device_scale_factor=2)
        if who:
            log_in(page, who)
        for address in addresses:
            for key, value in ids.items():
                address = address.replace(key, value)
            page.set_viewport_size(SIZES[0][1])
            response = page.goto(address)
            assert response.status == (404 if "no-such-page" in address else 200), address
            assert page.url.endswith(address), f"{address} led to {page.url}"
            if "/start/step/2/" in address:
                assert page.locator(".q-scale-short").count() == 6
                found += _off_screen_answers(page)
            found += _too_wide(page)
        # The missing page is a real 404 on purpose; the watcher would count it as a fault.
        page.watcher.problems[:] = [p for p in page.watcher.problems if "no-such-page" not in p]

    # The dashboard on a laptop, with the demo's 32 clients in every state (long flags,
    # "Waiting for clearance", walking tests) as well as with two.
    _demo_coach()
    for email, password in (("dana@example.com", PASSWORD), (COACH_EMAIL, DEMO_PASSWORD)):
        page = open_page(viewport=LAPTOP)
        log_in(page, email, password)
        page.goto("/coach/")
        if extra := _sideways(page):
            found.append(f"{email}'s /coach/ at 1280 x 800: scrolls sideways by {extra} px")
        last_column = page.locator(".coach-table thead th").last.bounding_box()
        assert last_column["x"] + last_column["width"] <= LAPTOP["width"], "last column cut"
        found += _too_wide(page)
    assert not found, "\n".join(found)


def _demo_coach() -> None:
    call_command("seed_coach_demo", stdout=StringIO())


def test_the_coach_dashboard_is_a_short_list_of_cards_on_a_phone(open_page):
    """Issue 24 point 5: on a phone each client is a short card: the name, the flags and one
    line with the plan and the last walk; the other columns are on the client's page, one tap
    away. The demo's 32 clients take a few screens, not 22."""
    _demo_coach()
    page = open_page(viewport=PHONE)
    log_in(page, COACH_EMAIL, DEMO_PASSWORD)
    page.goto("/coach/")
    cards = page.locator("tbody tr.client-row")
    expect(cards).to_have_count(32)
    card = cards.filter(has=page.locator(".flag-paused")).first
    name = card.locator(".client-link")
    expect(name).to_be_visible()
    expect(card.locator(".flag-list")).to_contain_text("Paused")
    expect(card.get_by_role("button", name="Seen")).to_be_visible()
    plan, last_walk = card.locator(".plan-cell"), card.locator(".last-cell")
    expect(plan).to_contain_text("Paused")
    expect(last_walk).to_contain_text("Walked")
    assert plan.bounding_box()["y"] == last_walk.bounding_box()["y"], "not one line"
    for column in ("Done, 7 days", "Done, 28 days", "Effort / pain", "Backward walk test"):
        expect(card.locator(f'td[data-label="{column}"]')).to_be_hidden()
    heights = [
        box["height"]
        for box in cards.evaluate_all(
            "rows => rows.map(row => row.getBoundingClientRect().toJSON())"
        )
    ]
    assert max(heights) <= 160, f"a card {max(heights)} px high"
    screens = page.evaluate("document.documentElement.scrollHeight") / PHONE["height"]
    assert screens <= 8, f"{screens:.1f} screens long"
    assert _sideways(page) == 0
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        card.scroll_into_view_if_needed()
        page.screenshot(path=str(Path(SHOTS) / "dashboard-phone-390.png"))
    client_name = name.inner_text()
    name.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(client_name)
    expect(page.locator("body")).to_contain_text("Done")  # the other columns, one tap away
