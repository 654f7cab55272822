"""The client's progress page, /progress/ (plans/views/progress.py)."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse

from plans.models import PlannedSession
from tests.factories import WEEKDAYS, log_session, make_plan, make_user

URL = reverse("progress")
# Wednesday 12 March 2025, midday in UTC (the personas' time zone).
NOW = datetime(2025, 3, 12, 12, 0, tzinfo=UTC)
# Session, user, plan, the client's sessions with their logs (calendar, adherence, charts).
QUERIES = 4  # the menu is read from the person's row: no query


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def sessions_of(plan) -> dict[date, PlannedSession]:
    return {s.date: s for s in PlannedSession.objects.filter(plan=plan).select_related("plan")}


@pytest.fixture
def walker_plan(client_user):
    """Mon/Wed/Fri from Monday 3 March: done, partly, skipped, done; today (12th) not logged."""
    plan = make_plan(client_user, date(2025, 3, 3), weeks=2)
    s = sessions_of(plan)
    log_session(s[date(2025, 3, 3)], "done", minutes=20, rpe=4, pain=1)
    log_session(s[date(2025, 3, 5)], "partial", minutes=9, rpe=6, pain=3)
    log_session(s[date(2025, 3, 7)], "skipped")
    log_session(s[date(2025, 3, 10)], "done", minutes=21, rpe=5, pain=2)
    return plan


def test_anonymous_is_sent_to_log_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_post_is_refused_with_405(logged_in, walker_plan):
    assert logged_in.post(URL).status_code == 405


def test_coach_gets_403(coach_logged_in):
    assert coach_logged_in.get(URL).status_code == 403


def test_client_with_no_plan_is_pointed_to_the_questionnaire(logged_in, frozen):
    response = logged_in.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Your progress</h1>" in html
    assert f'href="{reverse("questionnaire")}"' in html
    assert "<svg" not in html


def test_happy_path_shows_adherence_streak_calendar_and_charts(logged_in, walker_plan, frozen):
    response = logged_in.get(URL)
    assert response.status_code == 200
    assert response.templates[0].name == "client/progress.html"
    html = response.content.decode()
    data = response.context["progress"]
    # Last 7 days (6-12 March): 7th skipped, 10th done, 12th is today and not logged yet.
    assert (data.last_7_days.done, data.last_7_days.planned, data.last_7_days.percent) == (1, 2, 50)
    assert "1 of 2 planned sessions" in html
    # 28 days and the whole plan: done, partly (half), skipped, done -> 2.5 of 4 -> 63%.
    assert data.last_28_days.percent == data.whole_plan.percent == 63
    assert "2.5 of 4 planned sessions" in html and "63%" in html
    assert data.streak == 1
    assert "1 session in a row" in html
    # Calendar: March 2025, states in words, today marked, a legend.
    assert "<caption>March 2025</caption>" in html
    assert 'aria-current="date"' in html
    for words in ("Done", "Partly done", "Skipped", "Planned", "Rest day"):
        assert words in html
    states = {d.date: d.state for week in data.weeks for d in week}
    assert states[date(2025, 3, 7)] == "skipped"
    assert states[date(2025, 3, 12)] == "planned"
    assert states[date(2025, 3, 14)] == "planned"
    assert 'href="?month=2025-02"' in html and 'href="?month=2025-04"' in html
    # Charts, each with a table alternative.
    assert html.count('role="img"') == 2
    assert html.count("<summary>Show as a table</summary>") == 2
    assert (date(2025, 3, 3), 29) in data.minutes_by_week  # 20 + 9 (partly done)
    assert (date(2025, 3, 10), 21) in data.minutes_by_week
    assert data.effort_pain[-1] == (date(2025, 3, 10), 5, 2)


def test_a_missed_past_session_is_marked_missed(logged_in, client_user, frozen):
    make_plan(client_user, date(2025, 3, 3), weeks=2)  # nothing logged
    data = logged_in.get(URL).context["progress"]
    states = {d.date: d.state for week in data.weeks for d in week}
    assert states[date(2025, 3, 10)] == "missed"
    assert states[date(2025, 3, 12)] == "planned"  # today, not logged yet
    assert data.last_7_days.planned == 2 and data.last_7_days.done == 0
    assert "Missed" in logged_in.get(URL).content.decode()


def test_another_clients_logs_never_appear(logged_in, walker_plan, other_client_user, frozen):
    other = make_plan(other_client_user, date(2024, 6, 3), weeks=60)
    for day, session in sessions_of(other).items():
        if day < date(2025, 3, 12):
            log_session(session, "done", minutes=123, rpe=9, pain=8, note="OTTO-SECRET")
    response = logged_in.get(URL)
    html = response.content.decode()
    data = response.context["progress"]
    assert data.plan == walker_plan
    assert "OTTO-SECRET" not in html
    assert "<td>123</td>" not in html and ": 123 minutes" not in html
    assert all(minutes < 123 for _, minutes in data.minutes_by_week)
    assert all(rpe != 9 for _, rpe, _ in data.effort_pain)
    assert data.whole_plan.planned == 4


def test_days_a_pause_cancelled_are_not_missed_or_counted(logged_in, client_user, frozen):
    """Paused since Friday 7 March: the pause cancelled the sessions after it (domain §2f)."""
    plan = make_plan(client_user, date(2025, 3, 3), weeks=2, status="paused")
    s = sessions_of(plan)
    log_session(s[date(2025, 3, 3)], "done")
    log_session(s[date(2025, 3, 5)], "done")
    PlannedSession.objects.filter(plan=plan, date__gte=date(2025, 3, 7)).update(cancelled=True)
    response = logged_in.get(URL)
    data = response.context["progress"]
    states = {d.date: d.state for week in data.weeks for d in week}
    assert states[date(2025, 3, 7)] == states[date(2025, 3, 10)] == "cancelled"
    assert "missed" not in states.values()
    assert (data.last_28_days.planned, data.last_28_days.percent) == (2, 100)
    assert data.last_7_days.percent is None
    assert data.streak == 2
    assert "Paused, not counted" in response.content.decode()


def test_a_plan_waiting_for_clearance_has_nothing_due(logged_in, client_user, frozen):
    make_plan(client_user, date(2025, 3, 3), weeks=2, status="needs_clearance")
    data = logged_in.get(URL).context["progress"]
    assert data.whole_plan.planned == 0 and data.whole_plan.percent is None
    states = {d.date: d.state for week in data.weeks for d in week}
    assert states[date(2025, 3, 10)] == "cancelled"


@pytest.mark.parametrize(
    ("value", "caption"),
    [("2020-13", "March 2025"), ("nonsense", "March 2025"), ("2025-02", "February 2025")],
)
def test_month_parameter(logged_in, walker_plan, frozen, value, caption):
    response = logged_in.get(URL, {"month": value})
    assert response.status_code == 200
    assert f"<caption>{caption}</caption>" in response.content.decode()


def test_previous_month_shows_that_months_sessions(logged_in, client_user, frozen):
    plan = make_plan(client_user, date(2025, 2, 3), weeks=6)
    log_session(sessions_of(plan)[date(2025, 2, 5)], "done")
    data = logged_in.get(URL, {"month": "2025-02"}).context["progress"]
    states = {d.date: d.state for week in data.weeks for d in week if d.in_month}
    assert states[date(2025, 2, 5)] == "done"
    assert states[date(2025, 2, 3)] == "missed"
    assert data.previous_month == "2025-01" and data.next_month == "2025-03"


def test_ended_plans_logs_still_count_in_the_charts(logged_in, client_user, frozen):
    old = make_plan(client_user, date(2025, 2, 3), weeks=2, status="ended")
    log_session(sessions_of(old)[date(2025, 2, 5)], "done", minutes=17)
    current = make_plan(client_user, date(2025, 3, 3), weeks=2)
    data = logged_in.get(URL).context["progress"]
    assert data.plan == current
    assert (date(2025, 2, 3), 17) in data.minutes_by_week
    assert data.whole_plan.planned == 4  # adherence is for the current plan only


def test_only_ended_plans_shows_the_latest(logged_in, client_user, frozen):
    make_plan(client_user, date(2025, 1, 6), weeks=2, status="ended")
    latest = make_plan(client_user, date(2025, 2, 3), weeks=2, status="ended")
    response = logged_in.get(URL)
    assert response.context["progress"].plan == latest
    assert "this plan has ended" in response.content.decode()


@pytest.mark.parametrize("zone", ["Pacific/Auckland", "Pacific/Honolulu"])
def test_today_is_the_clients_own(client, db, zone):
    # 11:30 UTC on Wednesday 12 March: already Thursday 00:30 in Auckland, 01:30 Wednesday in
    # Honolulu. Wednesday's session is missed in Auckland and still to come in Honolulu.
    person = make_user(f"{zone.split('/')[1].lower()}@example.com", time_zone=zone)
    make_plan(person, date(2025, 3, 3), weeks=2)
    client.force_login(person, backend="django.contrib.auth.backends.ModelBackend")
    with time_machine.travel(datetime(2025, 3, 12, 11, 30, tzinfo=UTC), tick=False):
        data = client.get(URL).context["progress"]
    states = {d.date: d.state for week in data.weeks for d in week}
    if zone == "Pacific/Auckland":
        assert data.today == date(2025, 3, 13)
        assert states[date(2025, 3, 12)] == "missed"
    else:
        assert data.today == date(2025, 3, 12)
        assert states[date(2025, 3, 12)] == "planned"


@pytest.mark.parametrize("logged", [1, 100])
def test_query_count_does_not_grow_with_logs(
    logged_in, client_user, frozen, django_assert_num_queries, logged
):
    plan = make_plan(client_user, date(2024, 11, 4), weeks=40, days=WEEKDAYS)
    past = sorted(d for d in sessions_of(plan) if d < date(2025, 3, 12))
    sessions = sessions_of(plan)
    for i, day in enumerate(past[-logged:]):
        log_session(sessions[day], "partial" if i % 5 == 0 else "done", rpe=i % 11, pain=i % 4)
    logged_in.get(URL)  # fills the fragment cache
    with django_assert_num_queries(QUERIES):  # the cached charts are read back from memory
        response = logged_in.get(URL)
    assert response.status_code == 200
    data = response.context["progress"]
    assert data.whole_plan.planned == len(past)
    assert data.streak == logged


def test_no_plan_page_runs_few_queries(logged_in, frozen, django_assert_num_queries):
    with django_assert_num_queries(3):  # session, user, plan (the menu is on the user's row)
        logged_in.get(URL)
