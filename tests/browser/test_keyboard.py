"""Journey 4: a client logs today's session with the keyboard alone (Tab, Shift+Tab, Space,
Enter, and typing into the focused field), and the focus is visible at every stop."""

import pytest
from playwright.sync_api import expect

from plans.demo_data import PROFILES
from plans.models import SessionLog
from plans.services.intake import start_plan
from tests.browser.pages import WIDTHS, check_a11y, days_from_today, expect_title, use_size
from tests.factories import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ZONE = "Pacific/Auckland"  # far from the server's UTC: "today" must be the client's today

# What has focus, and whether a sighted keyboard user can see where it is.
FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  const label = el.labels && el.labels.length ? el.labels[0].innerText : "";
  return {
    tag: el.tagName.toLowerCase(),
    id: el.id,
    name: el.getAttribute("name") || "",
    text: (el.innerText || el.value || label || "").trim().slice(0, 80),
    label: label.trim(),
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
    shadow: style.boxShadow !== "none",
    size: box.width > 0 && box.height > 0,
  };
}"""


def focused(page) -> dict:
    info = page.evaluate(FOCUS)
    assert info is not None, f"focus was lost (on the body) at {page.url}"
    assert info["size"], f"the focused element is not visible: {info}"
    assert info["outline"] or info["shadow"], f"no visible focus indicator on {info}"
    return info


def tab_to(page, matches, *, limit: int = 40, back: bool = False) -> dict:
    """Press Tab (Shift+Tab if `back`) until the focused element matches, checking each stop."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        info = focused(page)
        stops.append(info["text"] or info["id"])
        if matches(info):
            return info
    raise AssertionError(f"never reached the element; the tab stops were {stops}")


def named(text: str):
    return lambda info: text in info["text"]


def field(name: str):
    return lambda info: info["name"] == name


@WIDTHS
def test_client_logs_today_with_the_keyboard_only(page, size):
    use_size(page, size)
    client = make_user("kim@example.com", "Kim Keys", time_zone=ZONE)
    answers = {**PROFILES["fit"], "days": days_from_today(ZONE)}
    start_plan(client, answers, today=client.local_today())

    # Log in: the email field has focus when the page opens.
    page.goto("/login/")
    expect_title(page, "Log in")
    check_a11y(page)
    page.keyboard.type(client.email)
    assert focused(page)["id"] == "id_username"
    tab_to(page, field("password"), limit=1)
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect_title(page, "Today")

    # The first Tab reaches the skip link; Enter takes focus to the main content.
    first = tab_to(page, named("Skip to main content"), limit=1)
    assert first["tag"] == "a"
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    # Open "Tell us more" with Space, then go through the form.
    tab_to(page, named("Tell us more"))
    page.keyboard.press("Space")
    expect(page.locator("details.log-details")).to_have_attribute("open", "")
    status = tab_to(page, field("status"))
    # v2: nothing is pre-selected (an untouched form must not log "done as planned"), so
    # the first radio holds the stop and Space chooses it.
    assert status["label"] == "Done as planned", status
    expect(page.locator("input[name=status]:checked")).to_have_count(0)
    page.keyboard.press("Space")
    expect(page.get_by_role("radio", name="Done as planned")).to_be_checked()
    tab_to(page, field("minutes"))
    page.keyboard.type("20")
    # The scales are radio rows: Tab reaches the first (0), Space picks it, arrows move along.
    tab_to(page, field("rpe"))
    page.keyboard.press("Space")
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    tab_to(page, field("pain_during"))
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    tab_to(page, field("note"))
    # One stop too far and back again.
    tab_to(page, named("Save how it went"), limit=1)
    tab_to(page, field("note"), back=True, limit=1)
    page.keyboard.type("Felt steady.")
    tab_to(page, named("Save how it went"), limit=1)
    page.keyboard.press("Enter")

    expect_title(page, "Today")
    expect(page.get_by_role("status").first).to_contain_text("Saved. Well done for logging it.")
    logged = page.locator(".logged")
    expect(logged).to_contain_text("Logged: done as planned, 20 minutes")
    expect(logged).to_contain_text("Effort 4/10. Pain 1/10.")
    check_a11y(page)

    log = SessionLog.objects.select_related("planned").get(client=client)
    assert (log.planned.date, log.minutes, log.rpe, log.pain_during, log.note) == (
        client.local_today(),
        20,
        4,
        1,
        "Felt steady.",
    )
