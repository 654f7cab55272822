"""The printable progress report lists falls, pain (during and the next morning), effort,
pauses and clearances with their dates (issue 23: it had no falls, effort or clearance
record), for the person and for their coach, in a fixed number of queries."""

import html
import re
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from coaching.models import CoachLink
from plans.models import PlannedSession
from plans.services import clearances, sessions
from tests.factories import WEEKDAYS, make_plan

NOW = datetime(2026, 12, 3, 15, 0, tzinfo=UTC)  # Thursday 3 December
START = date(2026, 11, 16)  # a Monday


@pytest.fixture(autouse=True)
def traveller():
    with time_machine.travel(NOW, tick=False) as machine:
        yield machine


@pytest.fixture
def linked(client_user, coach_user):
    CoachLink.objects.create(coach=coach_user, client=client_user, shares_history=True)
    return client_user


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 15, tzinfo=UTC)


def walk(person, day, **fields):
    """Log the first session on or after `day` that is still planned; returns its day."""
    planned = PlannedSession.objects.filter(
        client=person, date__gte=day, cancelled=False, log__isnull=True
    ).first()
    data = {"status": "done", "minutes": 20, "rpe": 4, "pain_during": 1, **fields}
    sessions.record_log(person, planned, data, today=planned.date, now=at(planned.date))
    return planned.date


def history(person):
    """Two easy sessions, a fall with a head strike, a doctor's clearance, a sore session and
    next-morning pain that pauses the plan again."""
    make_plan(person, START, weeks=4, days=WEEKDAYS, level=3)
    walk(person, date(2026, 11, 16), rpe=3, pain_during=2)
    walk(person, date(2026, 11, 17), rpe=5, pain_during=4)
    fell_on = walk(person, date(2026, 11, 18), fall=True, fall_head_strike=True)
    cleared_on = fell_on + timedelta(days=1)
    cleared = clearances.Clearance(
        kind="physician", name="Okafor", cleared_on=cleared_on, confirmed_doctor=True
    )
    clearances.clear(person, cleared, by=person, today=cleared_on, now=at(cleared_on))
    sore_on = walk(person, date(2026, 11, 23), rpe=6, pain_during=5)
    log = person.session_logs.get(date=sore_on)
    next_morning = sore_on + timedelta(days=1)
    with time_machine.travel(at(next_morning), tick=False):
        sessions.add_morning_pain(person, log, 8)
    return fell_on, sore_on


def report_text(browser, url) -> str:
    response = browser.get(url)
    assert response.status_code == 200
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.unescape(text).split())


def own_report(client_user):
    browser = Client()
    browser.force_login(client_user, backend="django.contrib.auth.backends.ModelBackend")
    return browser, reverse("progress_report")


def coach_report(client_user, coach_user):
    browser = Client()
    browser.force_login(coach_user, backend="django.contrib.auth.backends.ModelBackend")
    return browser, reverse("coach_progress_report", args=[client_user.public_id])


@pytest.mark.django_db
@pytest.mark.parametrize("reader", ["person", "coach"])
def test_the_report_lists_falls_pain_effort_pauses_and_clearances_with_dates(
    linked, coach_user, reader
):
    fell_on, sore_on = history(linked)
    browser, url = own_report(linked) if reader == "person" else coach_report(linked, coach_user)
    text = report_text(browser, url)
    assert "Falls, pauses and clearances (last 12 months)" in text
    assert "1 fall logged." in text
    assert (
        f"{fell_on:%-d %b %Y} Wendy Walker fell on {fell_on:%-d %B} and hit their head. Their "
        "plan is paused until a doctor clears it."
    ) in text
    cleared_on = fell_on + timedelta(days=1)
    assert (
        f"{cleared_on:%-d %b %Y} Wendy Walker's plan restarted. Cleared by: Dr Okafor on "
        f"{cleared_on:%-d %b %Y}; recorded by Wendy Walker."
    ) in text
    assert (
        f"Wendy Walker reported pain 8 the morning after their session on {sore_on:%-d %B}. "
        "Their plan is paused until they tell us the pain has settled."
    ) in text
    # Newest first.
    assert text.index("reported pain 8") < text.index("restarted") < text.index("hit their head")


@pytest.mark.django_db
def test_effort_and_pain_are_listed_by_week(linked):
    history(linked)
    browser, url = own_report(linked)
    text = report_text(browser, url)
    assert "Effort and pain, by week (0 to 10, last 12 weeks)" in text
    head = "Week starting Sessions Effort Pain during Pain next morning"
    assert head + " Average Highest Average Highest Average Highest" in text
    # Week of 16 Nov: three sessions, effort 3, 5, 4 and pain 2, 4, 1; no morning pain.
    assert "16 Nov 2026 3 4.0 5 2.3 4 — —" in text
    # Week of 23 Nov: one session, effort 6, pain 5, next morning 8.
    assert "23 Nov 2026 1 6.0 6 5.0 5 8.0 8" in text


@pytest.mark.django_db
def test_a_quiet_plan_says_there_is_nothing_on_record(linked):
    make_plan(linked, START, weeks=4)
    text = report_text(*own_report(linked))
    assert "0 falls logged." in text
    assert "No falls, pauses or clearances." in text
    assert "No sessions logged in these weeks." in text


@pytest.mark.django_db
def test_the_record_keeps_to_one_sheet_and_says_what_it_left_out(linked):
    """Seven falls, each cleared after it: 14 entries. The first by the person after the
    48-hour wait; from the second fall in 12 months on, by a doctor (§9.8)."""
    make_plan(linked, date(2026, 10, 5), weeks=9, days=WEEKDAYS, level=3)
    day = date(2026, 10, 5)
    for number in range(7):
        fell_on = walk(linked, day, fall=True)
        day = fell_on + timedelta(days=3)
        clearance = (
            clearances.Clearance(kind="self")
            if number == 0
            else clearances.Clearance(
                kind="physician", name="Dr Lee", cleared_on=day, confirmed_doctor=True
            )
        )
        clearances.clear(linked, clearance, by=linked, today=day, now=at(day))
    text = report_text(*own_report(linked))
    assert "7 falls logged." in text
    assert text.count(" fell on ") + text.count("plan restarted") == 12
    assert "And 2 earlier entries: the plan's history in the app lists them." in text


# --- Who may read it -------------------------------------------------------------------------


@pytest.mark.django_db
def test_another_coach_gets_404(client, linked, other_coach_user):
    history(linked)
    client.force_login(other_coach_user)
    url = reverse("coach_progress_report", args=[linked.public_id])
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_a_former_coach_gets_404(client, linked, coach_user):
    history(linked)
    CoachLink.objects.filter(client=linked).update(ended_at=NOW)
    client.force_login(coach_user)
    url = reverse("coach_progress_report", args=[linked.public_id])
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_another_client_sees_only_their_own_report(client, linked, other_client_user):
    history(linked)
    make_plan(other_client_user, START, weeks=4)
    client.force_login(other_client_user)
    assert client.get(reverse("coach_progress_report", args=[linked.public_id])).status_code == 403
    text = report_text(client, reverse("progress_report"))
    assert "Otto Other" in text
    assert "Wendy" not in text
    assert "0 falls logged." in text


@pytest.mark.django_db
def test_a_visitor_is_sent_to_log_in(client, linked):
    response = client.get(reverse("progress_report"))
    assert response.status_code == 302 and "/login/" in response["Location"]


# --- Queries ---------------------------------------------------------------------------------

# Session, user, the plan, its sessions, the tests, the record (events with their logs), the
# effort and pain logs (the person's menu is on their row: no query).
REPORT_QUERIES = 7


@pytest.mark.django_db
@pytest.mark.parametrize("busy", [False, True])
def test_the_report_reads_a_fixed_number_of_queries(
    linked, coach_user, django_assert_num_queries, busy
):
    if busy:
        history(linked)
    else:
        make_plan(linked, START, weeks=4)
    browser, url = own_report(linked)
    with django_assert_num_queries(REPORT_QUERIES):
        browser.get(url)
    browser, url = coach_report(linked, coach_user)
    # And the coach's link to the client.
    with django_assert_num_queries(REPORT_QUERIES + 1):
        browser.get(url)
