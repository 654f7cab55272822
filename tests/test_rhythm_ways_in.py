"""The plan's own rhythm through every way in (domain.md §9.9 and §9.10).

§9.9, breaks counted in planned sessions missed in a row: Today's shown dose, the one-tap log,
the detailed log, the guided session and the daily `write_schedules` command (the reminders
pass is in tests/notifications/test_reminders.py). §9.10, sessions a week as a ceiling in any 7
days: the routine page, the routine service (hypothesis) and the daily command.
"""

import itertools
from datetime import UTC, date, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plans.models import Plan, PlanEvent, PlannedSession, SessionLog
from plans.services.errors import PlanError
from plans.services.routine import change_routine
from tests.factories import WEEKDAYS, log_session, make_plan, make_user
from tests.test_player_and_app import player_data

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # Wednesday
TODAY = date(2026, 11, 25)
MONDAY = date(2026, 11, 23)
MWF = ("mon", "wed", "fri")
BACKEND = "django.contrib.auth.backends.ModelBackend"
PLACES = {
    "access_pool": True,
    "access_handrail": True,
    "access_treadmill": True,
    "access_track": True,
    "helper_available": False,
}


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def walked_until(plan, last: date) -> None:
    """Every session of the client up to `last` not logged yet or called off: done, rated."""
    due = PlannedSession.objects.filter(
        client_id=plan.client_id, date__lte=last, cancelled=False, log__isnull=True
    )
    for session in due:
        log_session(session, rpe=4, pain=1)


def said(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def max_in_7_days(client) -> int:
    """The most sessions, planned or logged (not called off), in any 7 days in a row."""
    days = sorted(
        PlannedSession.objects.filter(client=client)
        .exclude(cancelled=True, log__isnull=True)
        .values_list("date", flat=True)
    )
    return max(
        (sum(start <= d < start + timedelta(days=7) for d in days) for start in days), default=0
    )


# --- §9.9 Today, the one-tap log, the detailed log, the guided session ------------------------


@pytest.mark.django_db
def test_s9_9_today_a_once_a_week_plan_kept_for_five_weeks_is_never_on_a_break(
    client, client_user, frozen
):
    """The found bug: once-a-week plans hit the 7-day rule every week and shrank to 3 minutes.
    Five Mondays in a row: Today shows no break, the one-tap log keeps the full dose."""
    client.force_login(client_user, backend=BACKEND)
    first = date(2026, 10, 26)
    plan = make_plan(client_user, first, weeks=6, days=("mon",), level=2, backward_minutes=10)
    for week in range(5):
        monday = first + timedelta(weeks=week)
        frozen.move_to(datetime(monday.year, monday.month, monday.day, 10, tzinfo=UTC))
        html = client.get(reverse("today")).content.decode()
        assert "Welcome back" not in html and "trim your minutes" not in html
        client.post(reverse("mark_done", args=[monday]))
        client.post(reverse("rate_session", args=[monday]), {"rpe": "4", "pain_during": "1"})
        logged = SessionLog.objects.select_related("planned").get(date=monday)
        assert logged.backward_minutes == logged.planned.backward_minutes >= 10  # never trimmed
    plan.refresh_from_db()
    assert plan.backward_minutes > 10 and plan.status == Plan.Status.ACTIVE  # it moved up
    reasons = [r["code"] for e in plan.events.all() for r in e.reasons]
    assert not {"break_missed", "break_level", "break_long"} & set(reasons)


@pytest.mark.django_db
def test_s9_9_today_shows_80_percent_after_two_missed_sessions_of_a_daily_plan(client, client_user):
    """Only 3 days since the last walk, but 2 planned sessions missed in a row: 80 %."""
    client.force_login(client_user, backend=BACKEND)
    plan = make_plan(client_user, date(2026, 11, 16), weeks=2, days=WEEKDAYS, level=2)
    Plan.objects.filter(pk=plan.pk).update(backward_minutes=10)
    walked_until(plan, date(2026, 11, 22))  # Sunday; Monday and Tuesday missed
    before = list(PlannedSession.objects.order_by("pk").values())
    html = client.get(reverse("today")).content.decode()
    assert "You missed your last 2 planned sessions, so we trim your minutes a little." in html
    assert "level 2, about <strong>8 minutes</strong>" in html
    assert list(PlannedSession.objects.order_by("pk").values()) == before  # nothing written


@pytest.mark.way_in("plans.views.today.mark_done")
@pytest.mark.django_db
def test_s9_9_the_one_tap_log_after_two_missed_logs_the_shorter_session(client, client_user):
    client.force_login(client_user, backend=BACKEND)
    plan = make_plan(client_user, date(2026, 11, 9), weeks=3, level=2, backward_minutes=10)
    walked_until(plan, date(2026, 11, 18))  # Wednesday; Friday and Monday missed
    client.post(reverse("mark_done", args=[TODAY]))
    assert SessionLog.objects.get(date=TODAY).backward_minutes == 8
    plan.refresh_from_db()
    assert (plan.level, plan.backward_minutes) == (2, 8)
    event = plan.events.get(kind=PlanEvent.Kind.RESUME)
    assert [r["code"] for r in event.reasons] == ["break_missed"]


@pytest.mark.django_db
def test_s9_9_the_one_tap_log_of_a_weekly_plan_a_week_on_keeps_the_dose(client, client_user):
    client.force_login(client_user, backend=BACKEND)
    plan = make_plan(client_user, date(2026, 11, 4), weeks=4, days=("wed",), backward_minutes=10)
    walked_until(plan, date(2026, 11, 18))  # last Wednesday
    client.post(reverse("mark_done", args=[TODAY]))
    assert SessionLog.objects.get(date=TODAY).backward_minutes == 10
    plan.refresh_from_db()
    assert plan.backward_minutes == 10
    assert not plan.events.filter(kind=PlanEvent.Kind.RESUME).exists()


@pytest.mark.way_in("plans.views.today.log_day")
@pytest.mark.way_in("plans.services.sessions.record_log")
@pytest.mark.django_db
def test_s9_9_the_log_post_after_four_missed_goes_a_level_down(client, client_user):
    """12 days away: the old rule trimmed minutes only; 4 planned sessions missed in a row
    go one level down."""
    client.force_login(client_user, backend=BACKEND)
    plan = make_plan(client_user, date(2026, 11, 2), weeks=4, level=2, backward_minutes=10)
    walked_until(plan, date(2026, 11, 13))  # Friday; then Mon, Wed, Fri, Mon missed
    data = {"status": "done", "minutes": "20", "rpe": "4", "pain_during": "1"}
    response = client.post(reverse("log_day", args=[TODAY]), data, follow=True)
    assert "Saved" in said(response)
    plan.refresh_from_db()
    assert (plan.level, plan.backward_minutes) == (1, 8)
    codes = [r["code"] for r in plan.events.get(kind=PlanEvent.Kind.RESUME).reasons]
    assert {"break_missed", "break_level"} <= set(codes)


@pytest.mark.django_db
def test_s9_9_the_guided_session_plays_the_shorter_session_today_shows(client, client_user):
    client.force_login(client_user, backend=BACKEND)
    plan = make_plan(client_user, date(2026, 11, 9), weeks=3, level=2, backward_minutes=10)
    walked_until(plan, date(2026, 11, 18))
    response = client.get(reverse("session_player", args=[TODAY]))
    assert response.status_code == 200
    assert response.context["why_not"] is None
    played = response.context["session"]
    assert played.backward_minutes == 8
    assert player_data(response)["total_minutes"] == played.total_minutes
    stored = plan.sessions.get(date=TODAY)
    assert (stored.backward_minutes, stored.sequence) == (10, 0)  # the row is not changed


@pytest.mark.django_db
def test_s9_9_the_guided_session_waits_for_the_questions_after_eight_missed(client, client_user):
    client.force_login(client_user, backend=BACKEND)
    plan = make_plan(client_user, date(2026, 10, 26), weeks=5, level=2, backward_minutes=10)
    walked_until(plan, date(2026, 10, 30))  # then 3 weeks of Mon, Wed, Fri: 9 missed
    response = client.get(reverse("session_player", args=[TODAY]))
    assert "Please answer the health questions again" in response.content.decode()
    assert b'id="player-data"' not in response.content


# --- §9.9 the daily command -------------------------------------------------------------------


@pytest.mark.way_in("plans.services.breaks.save_long_break")
@pytest.mark.way_in("plans.management.commands.write_schedules.Command.handle")
@pytest.mark.django_db
def test_s9_9_write_schedules_saves_a_long_break_so_the_questions_come_first(client_user):
    """8 planned sessions missed in a row (20 days, under the 28-day rule): the daily command
    pauses the plan for new answers through the one writer; 7 missed stay a break shown on
    read; a once-a-week plan kept to its week is untouched. Running it again changes nothing."""
    away = make_plan(client_user, date(2026, 10, 26), weeks=5, level=2, backward_minutes=10)
    walked_until(away, date(2026, 11, 4))  # Wednesday; then 8 missed, Fri 6 to Mon 23
    seven = make_user("seven@example.com")
    seven_plan = make_plan(seven, date(2026, 10, 26), weeks=5)
    walked_until(seven_plan, date(2026, 11, 6))  # Friday; then 7 missed
    weekly = make_user("weekly@example.com")
    weekly_plan = make_plan(weekly, date(2026, 10, 28), weeks=5, days=("wed",))
    walked_until(weekly_plan, date(2026, 11, 18))

    out = StringIO()
    call_command("write_schedules", stdout=out)
    assert "1 now wait for the health questions after a long break" in out.getvalue()
    away.refresh_from_db()
    assert (away.status, away.paused_for, away.rescreen_due) == ("paused", "long_break", True)
    event = away.events.get(kind=PlanEvent.Kind.PAUSE)
    assert [r["code"] for r in event.reasons] == ["break_long", "rescreen"]
    assert not away.sessions.filter(date__gte=TODAY, cancelled=False).exists()
    for plan in (seven_plan, weekly_plan):
        plan.refresh_from_db()
        assert plan.status == Plan.Status.ACTIVE and not plan.rescreen_due

    events = PlanEvent.objects.count()
    call_command("write_schedules", stdout=StringIO())
    assert PlanEvent.objects.count() == events


@pytest.mark.django_db
def test_s9_9_write_schedules_sees_a_long_break_in_a_time_zone_a_day_ahead(frozen):
    """The quick skip of people who walked lately never hides a due long break: at 11:00 UTC
    on Wednesday it is Thursday in Kiritimati, 9 days after the last walk, 8 missed."""
    ahead = make_user("kiritimati@example.com", time_zone="Pacific/Kiritimati")
    plan = make_plan(ahead, date(2026, 11, 9), weeks=3, days=WEEKDAYS)
    walked_until(plan, date(2026, 11, 17))
    frozen.move_to(datetime(2026, 11, 25, 11, 0, tzinfo=UTC))
    call_command("write_schedules", stdout=StringIO())
    plan.refresh_from_db()
    assert (plan.status, plan.paused_for) == ("paused", "long_break")


# --- §9.10 the routine page, the service and the daily command ---------------------------------


@pytest.mark.way_in("plans.views.routine.routine")
@pytest.mark.way_in("plans.services.routine.change_routine")
@pytest.mark.django_db
def test_s9_10_changing_days_on_wednesday_evening_adds_no_sessions_to_the_week(
    client, client_user, frozen
):
    """The issue's case: 3 days a week on Mon-Wed-Fri, Monday and Wednesday done, on Wednesday
    evening the days change to Thu-Fri-Sat. Thursday and Saturday on top would make 5 in 7
    days: this week keeps Friday only, and the page says why."""
    client.force_login(client_user, backend=BACKEND)
    plan = make_plan(client_user, date(2026, 11, 16), weeks=4)
    walked_until(plan, TODAY)
    frozen.move_to(datetime(2026, 11, 25, 19, 0, tzinfo=UTC))
    data = {
        "places": [key for key in PLACES if key.startswith("access_")],
        "days": ["thu", "fri", "sat"],
        "minutes": "30",
        "row_version": str(plan.row_version),
    }
    response = client.post("/plan/routine/", data, follow=True)
    assert "Your routine is saved." in said(response)
    assert (
        "To keep to 3 sessions in any 7 days, there is no session on Thursday 26 November "
        "and Saturday 28 November." in said(response)
    )
    this_week = PlannedSession.objects.filter(
        client=client_user, date__gte=MONDAY, date__lte=MONDAY + timedelta(days=6)
    ).exclude(cancelled=True, log__isnull=True)
    assert [s.date.strftime("%a") for s in this_week.order_by("date")] == ["Mon", "Wed", "Fri"]
    next_week = PlannedSession.objects.filter(
        client=client_user, date__gt=MONDAY + timedelta(days=6), cancelled=False
    ).order_by("date")[:3]
    assert [s.date.strftime("%a") for s in next_week] == ["Thu", "Fri", "Sat"]
    assert max_in_7_days(client_user) == 3


@pytest.mark.django_db
def test_s9_10_write_schedules_keeps_the_ceiling_as_it_writes_on(client_user, frozen):
    """After a mid-week change, the daily command writes the weeks ahead day after day (the
    sessions walked as they come): still no 7 days with more than the plan's 3 sessions."""
    plan = make_plan(client_user, date(2026, 11, 16), weeks=2)
    walked_until(plan, TODAY)
    change_routine(
        client_user, days=("tue", "thu", "sat"), minutes_available=30, places=PLACES, today=TODAY
    )
    for offset in range(1, 50):
        day = TODAY + timedelta(days=offset)
        frozen.move_to(datetime(day.year, day.month, day.day, 6, tzinfo=UTC))
        call_command("write_schedules", stdout=StringIO())
        walked_until(plan, day - timedelta(days=1))
        assert max_in_7_days(client_user) <= 3
    plan.refresh_from_db()
    assert plan.status == Plan.Status.ACTIVE
    assert plan.written_through >= TODAY + timedelta(weeks=7)


_numbers = itertools.count()
day_changes = st.lists(
    st.tuples(
        st.integers(0, 6),  # days until this change
        st.permutations(WEEKDAYS),  # the new days (the first ones, as many as a week holds)
        st.booleans(),  # the sessions due before it were walked
    ),
    min_size=1,
    max_size=5,
)


@pytest.mark.django_db
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(per_week=st.integers(1, 3), steps=day_changes)
def test_s9_10_no_sequence_of_day_changes_puts_more_in_7_days(frozen, per_week, steps):
    """Hypothesis through the routine service and the real database: for any sequence of day
    changes, with or without sessions walked in between, no 7 days in a row hold more planned
    or done sessions than the plan's days a week."""
    person = make_user(f"rhythm{next(_numbers)}@example.com")
    plan = make_plan(person, MONDAY - timedelta(days=14), weeks=5, days=WEEKDAYS[:per_week])
    day = TODAY
    for wait, order, walked in steps:
        day += timedelta(days=wait)
        frozen.move_to(datetime(day.year, day.month, day.day, 18, tzinfo=UTC))
        if walked:
            walked_until(plan, day)
        try:
            change_routine(
                person,
                days=order[:per_week],
                minutes_available=30,
                places=PLACES,
                today=day,
            )
        except PlanError:
            continue  # the same days again: nothing changed
        assert max_in_7_days(person) <= per_week
