"""Functional tests in the browser: the 3-metre backward walk timed with the keyboard alone,
a coach recording a TUG in clinic, and the progress report printed to PDF on A4 and Letter in
large type, with its record of falls, pauses and clearances."""

import io
import re
import unicodedata
from datetime import UTC, date, datetime, timedelta

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from assessments.models import AssessmentResult
from coaching.models import CoachLink
from plans.models import PlannedSession
from plans.services import clearances, sessions
from tests.browser.pages import WIDTHS, check_a11y, expect_title, log_in, use_size
from tests.factories import WEEKDAYS, make_plan, make_user

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
    """Text with every run of white space as one space (PDF text breaks lines its own way)
    and ligatures as letters ("ﬀ" is "ff")."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def walk(person, day, **fields):
    """Log the first session still open on or after `day`, as that day; returns its date."""
    planned = PlannedSession.objects.filter(
        client=person, date__gte=day, cancelled=False, log__isnull=True
    ).first()
    data = {"status": "done", "minutes": 20, "rpe": 4, "pain_during": 1, **fields}
    at = datetime(planned.date.year, planned.date.month, planned.date.day, 12, tzinfo=UTC)
    sessions.record_log(person, planned, data, today=planned.date, now=at)
    return planned.date


def twelve_weeks_with_falls(walker):
    """Twelve weeks of sessions, a fall every fifth one, each cleared by a doctor: a full
    effort-and-pain table and a full record of falls and clearances."""
    today = walker.local_today()
    make_plan(walker, today - timedelta(weeks=11), weeks=13, days=WEEKDAYS)
    day = today - timedelta(weeks=11)
    for n in range(40):
        if day >= today - timedelta(days=5):
            break
        if n % 5 != 4:
            day = walk(walker, day, rpe=n % 8, pain_during=n % 6) + timedelta(days=1)
            continue
        cleared_on = walk(walker, day, fall=True, fall_head_strike=True) + timedelta(days=2)
        clearance = clearances.Clearance(
            kind="physician", name="Okafor", cleared_on=cleared_on, confirmed_doctor=True
        )
        at = datetime(cleared_on.year, cleared_on.month, cleared_on.day, 13, tzinfo=UTC)
        clearances.clear(walker, clearance, by=walker, today=cleared_on, now=at)
        day = cleared_on + timedelta(days=1)


def results_of_every_test(walker):
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


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_progress_report_prints_in_large_type_without_cut_offs(page, paper):
    """Falls, effort, pain, pauses and clearances make the report longer than a sheet: it
    prints in 12-point type, every row whole on one sheet, every section there."""
    walker = make_user("walt@example.com", "Walt Walker")
    twelve_weeks_with_falls(walker)
    results_of_every_test(walker)
    log_in(page, walker.email)
    page.goto("/tests/report/")
    expect_title(page, "Progress report")
    check_a11y(page)
    headings = page.locator(".report-section h2").all_inner_texts()
    rows = [
        words(" ".join(row.locator("th, td").all_inner_texts()))
        for row in page.locator(".progress-report tbody tr").all()
    ]
    assert "Falls, pauses and clearances (last 12 months)" in headings
    assert any("hit their head" in row for row in rows)
    assert any("Cleared by: Dr Okafor" in row for row in rows)
    page.emulate_media(media="print")
    sizes = page.evaluate(
        """() => [document.body, document.querySelector('.report-record')]
                 .map(e => parseFloat(getComputedStyle(e).fontSize))"""
    )
    assert sizes[0] >= 16 and sizes[1] >= 14.6, sizes  # 12 pt and 11 pt
    pdf = PdfReader(io.BytesIO(page.pdf(format=paper, print_background=True)))
    sheets = [words(sheet.extract_text()) for sheet in pdf.pages]
    assert len(sheets) <= 4, f"the report takes {len(sheets)} sheets of {paper}"
    everything = " ".join(sheets)
    for heading in headings:
        assert heading in everything, heading
    # Nothing cut off: each row is whole on one sheet (the PDF may break it over lines).
    for row in rows:
        assert any(row in sheet for sheet in sheets), f"{row!r} is split or missing"
