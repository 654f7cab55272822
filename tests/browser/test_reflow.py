"""Reflow (WCAG 1.4.10): at 320 CSS px no page of the client's or the coach's journey scrolls
sideways, and with text at 200 % on a 390 px phone none does either.

Text-only zoom is imitated by doubling the root font size (the site's type is all in rem), which
is harsher than a browser's text setting: media queries do not move with it.
"""

import pytest

from plans.demo_data import Habit, log_painful_session, new_rng, simulate
from plans.services import coaching, invites
from tests.browser.pages import log_in
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Who opens which pages. "{client}" is the coached client's page on the coach's side.
PAGES = {
    "visitor": [
        "/",
        "/login/",
        "/signup/",
        "/privacy/",
        "/password-reset/",
        "/no-such-page/",
    ],
    "paused client": [
        "/today/",
        "/plan/",
        "/progress/",
        "/notes/",
        "/account/",
        "/account/password/",
        "/start/result/",
        "/start/for-your-doctor/",
        "/start/step/1/",
        "/start/step/2/",
        "/start/step/3/",
    ],
    "active client": ["/today/", "/plan/", "/progress/", "/notes/", "/today/fall/"],
    "coach": [
        "/coach/",
        "/coach/invites/",
        "/coach/clients/{client}/",
        "/coach/clients/{paused}/",
        "/account/",
    ],
}
EMAILS = {
    "paused client": "sam@example.com",
    "active client": "alex@example.com",
    "coach": "dana@example.com",
}
# The site's root size is 112.5 % (18 px); twice that is text at 200 %.
SIZES = [(320, "112.5%"), (390, "225%")]


def _people():
    coach = make_user("dana@example.com", "Dana Coach", role="coach")
    rng = new_rng()
    alex = make_user("alex@example.com", "Alexandra Longname-Walker")
    simulate(alex, "fit", 4, alex.local_today(), Habit(0.9, (4, 5), (0, 1)), rng)
    sam = make_user("sam@example.com", "Sam Paused")
    plan = simulate(
        sam, "knee", 3, sam.local_today(), Habit(0.85, (4, 5), (1, 3)), rng, stop_days=4
    )
    log_painful_session(sam, plan, sam.local_today())
    for client in (alex, sam):
        invites.accept_invite(invites.create_invite(coach), client)
        coaching.write_note(coach, client, "Well done this week. Keep the rail close.")
    invites.create_invite(coach)
    return {"{client}": str(alex.public_id), "{paused}": str(sam.public_id)}


def _too_wide(page) -> list[str]:
    found = []
    for width, root in SIZES:
        page.set_viewport_size({"width": width, "height": 800})
        page.evaluate(f"document.documentElement.style.fontSize = '{root}'")
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > width:
            found.append(f"{page.url} at {width} px, text {root}: document is {scroll} px wide")
    page.evaluate("document.documentElement.style.fontSize = ''")
    return found


@pytest.mark.parametrize("who", list(PAGES))
def test_no_page_of_the_journeys_scrolls_sideways_on_a_small_phone(open_page, who):
    ids = _people()
    page = open_page()
    if who in EMAILS:
        log_in(page, EMAILS[who])
    found = []
    for address in PAGES[who]:
        for key, value in ids.items():
            address = address.replace(key, value)
        page.goto(address)
        found += _too_wide(page)
    # The missing page is a real 404 on purpose; the watcher would count it as a fault.
    page.watcher.problems[:] = [p for p in page.watcher.problems if "no-such-page" not in p]
    assert not found, "\n".join(found)
