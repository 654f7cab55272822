"""The guided session with busy hands (issue 24): on a 390 × 844 phone and at 320 × 568 the
step's name, its picture, the time left and Pause/Stop stay on one screen from Start to the end,
with no scrolling; Start is on the first screen. A phone with no voice says so and beeps and
buzzes at each change; a screen reader hears each change once; the choices are kept.

The session runs at its real pace on Playwright's fake clock: the test moves time on to the
middle of each step and looks at the screen there, so no step can slip by unseen.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from plans.demo_data import PROFILES, answers
from plans.views.player import phase_steps
from tests.browser.pages import check_a11y, expect_title, log_in
from tests.browser.test_guided_session import walker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENS = {"390x844": {"width": 390, "height": 844}, "320x568": {"width": 320, "height": 568}}
PLANS = {
    "seated rest": PROFILES["careful"],  # high tier: sitting between bouts, the longest list
    "treadmill": answers(access_pool=False, access_handrail=False),  # the longest words
}
FAST = 600
# Set UX_SHOTS=/some/dir to keep screenshots of the session screen at 390 px for review.
SHOTS = os.environ.get("UX_SHOTS")
# What a walker must see at every step: the test fails naming the first one off the screen.
ON_SCREEN = {
    "the step's name": "#player-title",
    "the picture": "#player-picture",
    "the time left": "#player-time",
    "Pause": "#player-pause",
    "Stop": "#player-stop",
}
# Counts each beep (one oscillator per change), each buzz, and what a voice would say.
HOOKS = """
window.cues = {beeps: 0, buzzes: 0, spoken: []};
const RealContext = window.AudioContext;
window.AudioContext = class extends RealContext {
  createOscillator() {
    const oscillator = super.createOscillator();
    const start = oscillator.start.bind(oscillator);
    oscillator.start = (...args) => { window.cues.beeps += 1; return start(...args); };
    return oscillator;
  }
};
navigator.vibrate = () => { window.cues.buzzes += 1; return true; };
"""
NO_SPEECH = """
delete Window.prototype.speechSynthesis; delete window.speechSynthesis;
delete window.SpeechSynthesisUtterance;
"""
NO_VOICES = """
Object.defineProperty(window, "speechSynthesis", {value: {
  getVoices: () => [], speak() { throw new Error("no voice"); }, cancel() {},
  addEventListener() {},
}});
"""
ONE_VOICE = """
class FakeUtterance { constructor(text) { this.text = text; } }
window.SpeechSynthesisUtterance = FakeUtterance;
Object.defineProperty(window, "speechSynthesis", {value: {
  getVoices: () => [{name: "Test voice", lang: "en-GB", default: true}],
  speak(utterance) { window.cues.spoken.push(utterance.text); }, cancel() {},
  addEventListener() {},
}});
"""
# Keeps each text put into the live region, in order (from the mutation records, so two
# changes within one tick at FAST speed are both kept).
RECORD_LIVE = """() => {
  window.heard = [];
  new MutationObserver((records) => records.forEach((record) =>
    record.addedNodes.forEach((node) => window.heard.push(node.textContent))))
    .observe(document.getElementById("player-live"), {childList: true});
}"""


def off_screen(page) -> list[str]:
    """What a walker must see but cannot, and any sideways scroll."""
    found = page.evaluate(
        """(parts) => {
          const w = window.innerWidth, h = window.innerHeight, off = [];
          for (const [name, selector] of Object.entries(parts)) {
            const node = document.querySelector(selector), box = node.getBoundingClientRect();
            if (node.hidden || box.height === 0) off.push(`${name} is not shown`);
            else if (box.top < 0 || box.left < 0 || box.bottom > h || box.right > w)
              off.push(`${name} is off the screen (${JSON.stringify(box)})`);
          }
          if (document.documentElement.scrollWidth > w) off.push("the page scrolls sideways");
          return off;
        }""",
        ON_SCREEN,
    )
    return found


def shot(page, name: str) -> None:
    if SHOTS and page.viewport_size["width"] == 390:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png")


@pytest.mark.parametrize("plan_kind", PLANS)
@pytest.mark.parametrize("screen", SCREENS)
def test_the_session_stays_on_one_screen_from_start_to_the_end(page, screen, plan_kind):
    client, _, session = walker(f"{screen}@example.com", PLANS[plan_kind])
    steps = phase_steps(session)
    page.set_viewport_size(SCREENS[screen])
    log_in(page, client.email)
    page.clock.install()
    page.goto(f"/today/{session.date.isoformat()}/go/")
    expect_title(page, "Guided session")
    start = page.get_by_role("button", name="Start")
    expect(start).to_be_in_viewport(ratio=1)
    assert page.evaluate("window.scrollY") == 0
    page.clock.pause_at(page.evaluate("Date.now()") + 2000)

    start.click()
    scrolled = page.evaluate("window.scrollY")  # the player's top, brought up once if needed
    if screen == "390x844":
        assert scrolled == 0, "on a 390 × 844 phone the running player fits where it was"
    elapsed = 0.0
    for number, step in enumerate(steps):
        middle = sum(s["seconds"] for s in steps[:number]) + step["seconds"] / 2
        page.clock.run_for(round((middle - elapsed) * 1000))
        elapsed = middle
        where = f"step {number + 1} ({step['title']}) at {screen}"
        expect(page.locator("#player-title")).to_have_text(step["title"])
        assert page.locator("#player-picture").get_attribute("src") == step["picture"], where
        assert off_screen(page) == [], where
        assert page.evaluate("window.scrollY") == scrolled, f"the page moved at {where}"
        if number == 1:  # Pause and Carry on in the same place
            page.get_by_role("button", name="Pause").click()
            expect(page.get_by_role("button", name="Carry on")).to_be_in_viewport(ratio=1)
            page.get_by_role("button", name="Carry on").click()

    page.clock.run_for(round((session.total_minutes * 60 - elapsed) * 1000) + 1000)
    done = page.get_by_role("button", name="I did it as planned")
    expect(page.get_by_role("heading", name="Well done: session finished")).to_be_focused()
    expect(done).to_be_in_viewport(ratio=1)
    done.click()
    expect_title(page, "Today")


@pytest.mark.parametrize("stub", [NO_SPEECH, NO_VOICES], ids=["no speechSynthesis", "no voices"])
def test_with_no_voice_the_screen_says_so_and_it_beeps_and_buzzes(page, stub):
    client, _, session = walker("quiet@example.com", PLANS["treadmill"])
    steps = phase_steps(session)
    page.set_viewport_size(SCREENS["390x844"])
    page.add_init_script(HOOKS + stub)
    log_in(page, client.email)
    page.goto(f"/today/{session.date.isoformat()}/go/?speed={FAST}")
    notice = page.locator("#player-no-voice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("This phone cannot read the steps out loud.")
    expect(notice).to_be_in_viewport(ratio=1)
    expect(page.get_by_label("Speak each change out loud")).to_be_hidden()
    expect(page.get_by_label("Beep and buzz at each change")).to_be_checked()
    shot(page, "player-no-voice-before-start")
    check_a11y(page)

    page.evaluate(RECORD_LIVE)
    page.get_by_role("button", name="Start").click()
    page.get_by_role("button", name="Pause").click()
    expect(notice).to_be_visible()
    check_a11y(page)  # the running screen, paused
    page.get_by_role("button", name="Carry on").click()
    finished = page.get_by_role("heading", name="Well done: session finished")
    expect(finished).to_be_visible(timeout=20_000)
    cues = page.evaluate("window.cues")
    changes = len(steps) + 1  # each step, and the end
    assert (cues["beeps"], cues["buzzes"]) == (changes, changes)
    assert cues["spoken"] == []
    check_a11y(page)


def test_a_screen_reader_hears_each_change_once_and_never_the_countdown(page):
    """The live region is polite and gets each change once; the digits are in no live region."""
    client, _, session = walker("heard@example.com", PLANS["seated rest"])
    steps = phase_steps(session)
    page.set_viewport_size(SCREENS["390x844"])
    page.add_init_script(HOOKS + ONE_VOICE)
    log_in(page, client.email)
    page.goto(f"/today/{session.date.isoformat()}/go/?speed={FAST}")
    expect(page.locator("#player-no-voice")).to_be_hidden()
    expect(page.locator("#player-live")).to_have_attribute("aria-live", "polite")
    for ticking in ("#player-time", "#player-progress"):
        live = page.evaluate(
            "(s) => { const n = document.querySelector(s).closest('[aria-live]');"
            " return n && n.getAttribute('aria-live'); }",
            ticking,
        )
        assert live in (None, "off"), f"{ticking} is read out at every tick"
    shot(page, "player-before-start")

    page.evaluate(RECORD_LIVE)
    page.get_by_role("button", name="Start").click()
    page.wait_for_function("() => window.cues.spoken.length >= 1")
    shot(page, "player-running")
    expect(page.get_by_role("heading", name="Well done: session finished")).to_be_visible(
        timeout=20_000
    )
    said = [step["say"] for step in steps] + ["Well done. Your session is finished."]
    assert page.evaluate("window.heard") == said
    assert page.evaluate("window.cues.spoken") == said
    assert page.evaluate("window.cues.beeps") == len(said)


def test_the_voice_and_beep_choices_are_kept_on_this_phone(page):
    client, _, session = walker("keeps@example.com", PLANS["seated rest"])
    page.set_viewport_size(SCREENS["320x568"])
    page.add_init_script(HOOKS + ONE_VOICE)
    log_in(page, client.email)
    page.goto(f"/today/{session.date.isoformat()}/go/?speed={FAST}")
    voice = page.get_by_label("Speak each change out loud")
    beep = page.get_by_label("Beep and buzz at each change")
    expect(voice).to_be_checked()
    expect(beep).to_be_checked()
    voice.uncheck()
    beep.uncheck()
    page.reload()
    expect(voice).not_to_be_checked()
    expect(beep).not_to_be_checked()

    page.get_by_role("button", name="Start").click()
    expect(page.get_by_role("heading", name="Well done: session finished")).to_be_visible(
        timeout=20_000
    )
    cues = page.evaluate("window.cues")
    assert (cues["spoken"], cues["beeps"], cues["buzzes"]) == ([], 0, 0)
    kept = page.evaluate("JSON.parse(localStorage.getItem('backward-walk.player.cues'))")
    assert kept == {"voice": False, "beep": False}


def test_with_text_at_200_percent_the_player_never_scrolls_sideways(page):
    """Reflow (WCAG 1.4.10) on the player's own screens: text doubled on a 390 px phone, as
    tests/browser/test_reflow.py imitates it, before Start, running and at the end."""
    client, _, session = walker("large@example.com", PLANS["treadmill"])
    page.set_viewport_size(SCREENS["390x844"])
    log_in(page, client.email)
    page.goto(f"/today/{session.date.isoformat()}/go/?speed={FAST}")
    page.evaluate("document.documentElement.style.fontSize = '225%'")
    wide = "document.documentElement.scrollWidth"
    assert page.evaluate(wide) <= 390, "before Start"
    page.get_by_role("button", name="Start").click()
    page.get_by_role("button", name="Pause").click()
    assert page.evaluate(wide) <= 390, "running"
    page.get_by_role("button", name="Carry on").click()
    expect(page.get_by_role("heading", name="Well done: session finished")).to_be_visible(
        timeout=20_000
    )
    assert page.evaluate(wide) <= 390, "at the end"
