"""Functional tests in the browser: the 3-metre backward walk timed with the keyboard alone,
a coach recording a TUG in clinic, and the progress report printed to PDF on A4 and Letter."""

import io
import re
from datetime import date

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from plans.models import AssessmentResult, CoachLink
from tests.browser.pages import WIDTHS, check_a11y, expect_title, log_in, use_size
from tests.factories import make_plan, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def walker_with_plan(coach=None):
    walker = make_user("walt@example.com", "Walt Walker")
    if coach is not None:
        CoachLink.objects.create(coach=coach, client=walker)
    make_plan(walker, walker.local_today(), weeks=2)
    return walker


def press_timer(page, wait_ms: int) -> None:
    """Start with Space, wait, stop with Enter: the focused button does both."""
    page.keyboard.press("Space")
    expect(page.locator("[data-timer-status]")).to_have_text("Started.")
    page.wait_for_timeout(wait_ms)
    page.keyboard.press("Enter")
    expect(page.locator("[data-timer-status]")).to_contain_text("Stopped at")


@WIDTHS
def test_the_backward_walk_timed_by_keyboard_only_shows_on_the_chart(page, size):
    use_size(page, size)
    walker = walker_with_plan()
    log_in(page, walker.email)
    page.goto("/tests/backward-walk/")
    expect_title(page, "3-metre backward walk")
    timer = page.locator("[data-timer-button]")
    expect(timer).to_be_visible()
    check_a11y(page)
    timer.focus()
    expect(page.locator("[data-timer-step]")).to_contain_text("Practice walk")
    press_timer(page, 300)
    expect(page.locator("[data-timer-status]")).to_contain_text("Timed walk 1")
    press_timer(page, 1600)
    press_timer(page, 1000)
    expect(page.locator("[data-timer-status]")).to_contain_text("All done")
    first = float(page.locator("#id_walk_1").input_value())
    second = float(page.locator("#id_walk_2").input_value())
    assert 0.5 <= second < first < 5
    # On to Save with the keyboard.
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.textContent.trim()") == "Save":
            break
    page.keyboard.press("Enter")
    expect_title(page, "3-metre backward walk")
    expect(page.get_by_role("status").first).to_contain_text("Saved:")
    kept = AssessmentResult.objects.get(client=walker)
    assert float(kept.value) == pytest.approx(second, abs=0.01)
    chart = page.locator("svg.chart title")
    expect(chart.first).to_have_text("3-metre backward walk over time")
    expect(page.locator("svg.chart circle")).not_to_have_count(0)
    page.get_by_text("Show as a table").click()
    expect(page.locator(".chart-table table")).to_contain_text(kept.taken_on.strftime("%-d %B %Y"))
    check_a11y(page)


def test_a_coach_records_a_tug_in_clinic(page):
    coach = make_user("cleo@example.com", "Cleo Coach", role="coach")
    walker = walker_with_plan(coach)
    log_in(page, coach.email)
    page.goto(f"/coach/clients/{walker.public_id}/")
    page.get_by_role("link", name="Record a Timed Up and Go").click()
    expect_title(page, "Timed Up and Go")
    check_a11y(page)
    page.get_by_label("Time (seconds)").fill("13.4")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(re.compile(rf"/coach/clients/{walker.public_id}/#tests$"))
    expect(page.get_by_role("status").first).to_contain_text("marked for your review")
    expect(page.locator("#tests")).to_contain_text("13.4 s")
    result = AssessmentResult.objects.get(client=walker)
    assert result.recorded_by == coach


def words(text: str) -> str:
    """Text with every run of white space as one space (PDF text breaks lines its own way)."""
    return " ".join(text.split())


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_progress_report_prints_on_one_page_without_cut_offs(page, paper):
    walker = walker_with_plan()
    for month in range(1, 13):
        AssessmentResult.objects.create(
            client=walker,
            kind="backward-walk",
            taken_on=date(2025, month, 3),
            value="6.00",
            values={"seconds": "6.00"},
            reading="at_risk",
        )
    for kind, value in (("tug", "12.5"), ("chair-stand", "9"), ("balance", "10")):
        for month in range(1, 7):
            AssessmentResult.objects.create(
                client=walker,
                kind=kind,
                taken_on=date(2025, month, 4),
                value=value,
                values={"seconds": value, "stands": 9, "held": ["10", "10", value, "0"]},
                reading="typical",
            )
    log_in(page, walker.email)
    page.goto("/tests/report/")
    expect_title(page, "Progress report")
    check_a11y(page)
    last_heading = page.locator(".report-section h2").last.inner_text()
    last_row = page.locator(".report-test").last.locator("tbody tr").last
    last_result = words(" ".join(last_row.locator("th, td").all_inner_texts()))
    assert last_heading == "Functional tests over time"
    page.emulate_media(media="print")
    pdf = PdfReader(io.BytesIO(page.pdf(format=paper, print_background=True)))
    assert len(pdf.pages) == 1, f"the report takes {len(pdf.pages)} pages on {paper}"
    text = words(pdf.pages[0].extract_text())
    # Nothing cut off: the last section's heading and its last result are on the one page.
    assert last_heading in text, text
    assert last_result in text, f"{last_result!r} not in: {text}"
