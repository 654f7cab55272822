"""The client's Today page: the session, one-tap done, the detailed log, late logs, pauses."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse

from plans.models import Plan, PlanEvent, SessionLog
from tests.factories import WEEKDAYS, log_session, make_plan

# Wednesday 25 November 2026, 10:00 UTC: morning in Europe, the same date in UTC.
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
MONDAY = date(2026, 11, 23)
WEDNESDAY = date(2026, 11, 25)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def plan(client_user):
    return make_plan(client_user, MONDAY, days=("mon", "wed", "fri"))


def session_on(plan, day):
    return plan.sessions.get(date=day)


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("today"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_coach_gets_403(coach_logged_in):
    assert coach_logged_in.get(reverse("today")).status_code == 403


@pytest.mark.django_db
def test_client_without_a_plan_goes_to_the_questionnaire(logged_in):
    response = logged_in.get(reverse("today"))
    assert response.status_code == 302
    assert response["Location"] == reverse("questionnaire")


@pytest.mark.django_db
def test_post_to_today_is_refused(logged_in, plan):
    assert logged_in.post(reverse("today")).status_code == 405


@pytest.mark.django_db
def test_today_shows_the_session_with_dose_and_one_tap_button(logged_in, plan):
    html = logged_in.get(reverse("today")).content.decode()
    assert "Today, Wednesday 25 November" in html
    assert "Walk backward for 8 minutes in all" in html
    assert "I did it as planned" in html
    assert reverse("mark_done", args=[WEDNESDAY]) in html
    # Monday was planned and not logged: it can be logged late.
    assert reverse("log_day", args=[MONDAY]) in html


@pytest.mark.django_db
def test_rest_day_names_the_next_session(logged_in, client_user):
    make_plan(client_user, MONDAY, days=("mon", "fri"))
    html = logged_in.get(reverse("today")).content.decode()
    assert "Rest day" in html
    assert "Friday 27 November" in html


@pytest.mark.django_db
def test_one_tap_marks_today_done_as_planned(logged_in, plan):
    response = logged_in.post(reverse("mark_done", args=[WEDNESDAY]))
    assert response.status_code == 302
    log = SessionLog.objects.get()
    planned = session_on(plan, WEDNESDAY)
    assert (log.planned_id, log.status, log.minutes) == (planned.pk, "done", planned.total_minutes)
    assert log.backward_minutes == planned.backward_minutes
    assert PlanEvent.objects.filter(plan=plan, log=log).count() == 1


@pytest.mark.django_db
def test_one_tap_by_get_is_refused_and_changes_nothing(logged_in, plan):
    assert logged_in.get(reverse("mark_done", args=[WEDNESDAY])).status_code == 405
    assert SessionLog.objects.count() == 0


@pytest.mark.django_db
def test_double_submit_keeps_one_log_and_the_first_answers(logged_in, plan):
    url = reverse("log_day", args=[WEDNESDAY])
    first = {"status": "partial", "minutes": "12", "rpe": "4", "pain_during": "2", "note": "first"}
    logged_in.post(url, first)
    response = logged_in.post(url, {**first, "minutes": "20", "note": "second"}, follow=True)
    assert SessionLog.objects.count() == 1
    log = SessionLog.objects.get()
    assert (log.minutes, log.note) == (12, "first")
    assert "already logged" in response.content.decode()


@pytest.mark.django_db
def test_detailed_log_saves_every_answer(logged_in, plan):
    logged_in.post(
        reverse("log_day", args=[WEDNESDAY]),
        {
            "status": "partial",
            "minutes": "15",
            "rpe": "6",
            "pain_during": "3",
            "near_fall": "on",
            "note": "Windy on the track",
        },
    )
    log = SessionLog.objects.get()
    assert (log.status, log.minutes, log.rpe, log.pain_during) == ("partial", 15, 6, 3)
    assert log.near_fall and not log.fall
    assert log.note == "Windy on the track"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"status": ""}, "status", "Choose done, partly done or skipped"),
        ({"status": "partial", "minutes": ""}, "minutes", "how many minutes"),
        ({"status": "done", "minutes": "-3"}, "minutes", "cannot be below 0"),
        ({"status": "done", "minutes": "400"}, "minutes", "more than 5 hours"),
        ({"status": "done", "minutes": "ten"}, "minutes", "as a number"),
        ({"status": "done", "rpe": "11"}, "rpe", "valid choice"),
        ({"status": "done", "pain_during": "-1"}, "pain_during", "valid choice"),
        ({"status": "done", "note": "x" * 2001}, "note", "under 2,000"),
    ],
)
def test_bad_log_shows_a_message_and_saves_nothing(logged_in, plan, data, field, message):
    response = logged_in.post(reverse("log_day", args=[WEDNESDAY]), data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert SessionLog.objects.count() == 0


@pytest.mark.django_db
def test_earlier_day_this_week_can_be_logged_late(logged_in, plan):
    logged_in.post(reverse("log_day", args=[MONDAY]), {"status": "skipped"})
    log = SessionLog.objects.get()
    assert (log.date, log.status, log.minutes) == (MONDAY, "skipped", 0)


@pytest.mark.django_db
def test_future_day_cannot_be_logged(logged_in, plan):
    friday = date(2026, 11, 27)
    assert logged_in.get(reverse("log_day", args=[friday])).status_code == 404
    response = logged_in.post(reverse("mark_done", args=[friday]))
    assert response.status_code == 302
    assert SessionLog.objects.count() == 0


@pytest.mark.django_db
def test_last_week_cannot_be_logged_any_more(logged_in, client_user):
    plan = make_plan(client_user, date(2026, 11, 16), weeks=2)
    logged_in.post(reverse("mark_done", args=[date(2026, 11, 20)]))
    assert SessionLog.objects.count() == 0
    assert plan.sessions.count() > 0


@pytest.mark.django_db
def test_a_day_without_a_session_is_404(logged_in, plan):
    assert logged_in.get(reverse("log_day", args=[date(2026, 11, 24)])).status_code == 404


@pytest.mark.django_db
def test_an_impossible_date_is_404(logged_in, plan):
    assert logged_in.get("/today/2026-02-31/").status_code == 404


@pytest.mark.django_db
def test_another_clients_session_is_404_and_unchanged(client, plan, other_client_user):
    client.force_login(other_client_user, backend="django.contrib.auth.backends.ModelBackend")
    make_plan(other_client_user, MONDAY, days=("tue",))  # has a plan, but not on Wednesday
    assert client.get(reverse("log_day", args=[WEDNESDAY])).status_code == 404
    assert client.post(reverse("mark_done", args=[WEDNESDAY])).status_code == 404
    assert SessionLog.objects.count() == 0


@pytest.mark.django_db
def test_pain_over_threshold_pauses_the_plan_and_says_what_to_do(logged_in, plan):
    response = logged_in.post(
        reverse("log_day", args=[WEDNESDAY]),
        {"status": "done", "minutes": "20", "rpe": "5", "pain_during": "8"},
        follow=True,
    )
    plan.refresh_from_db()
    assert plan.status == Plan.Status.PAUSED
    assert plan.paused_for == "pain"
    html = response.content.decode()
    assert "Your plan is paused" in html
    assert "rest the sore spot" in html


@pytest.mark.django_db
def test_a_fall_pauses_the_plan_with_the_after_a_fall_steps(logged_in, plan):
    response = logged_in.post(
        reverse("log_day", args=[WEDNESDAY]),
        {"status": "partial", "minutes": "5", "fall": "on"},
        follow=True,
    )
    plan.refresh_from_db()
    assert plan.status == Plan.Status.PAUSED
    assert "roll onto your side" in response.content.decode()


@pytest.mark.django_db
def test_a_paused_plan_refuses_new_logs(logged_in, plan):
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.PAUSED, pause_needs="self")
    logged_in.post(reverse("mark_done", args=[WEDNESDAY]))
    assert SessionLog.objects.count() == 0


@pytest.mark.django_db
def test_morning_pain_is_added_once(logged_in, client_user):
    plan = make_plan(client_user, MONDAY, days=("tue", "wed"))
    log = log_session(plan.sessions.get(date=date(2026, 11, 24)))
    html = logged_in.get(reverse("today")).content.decode()
    assert "How is your pain this morning?" in html
    url = reverse("morning_pain", args=[date(2026, 11, 24)])
    logged_in.post(url, {"pain_next_morning": "2"})
    logged_in.post(url, {"pain_next_morning": "9"})
    log.refresh_from_db()
    assert log.pain_next_morning == 2


@pytest.mark.django_db
def test_morning_pain_bad_value_changes_nothing(logged_in, client_user):
    plan = make_plan(client_user, MONDAY, days=("tue", "wed"))
    log = log_session(plan.sessions.get(date=date(2026, 11, 24)))
    logged_in.post(reverse("morning_pain", args=[date(2026, 11, 24)]), {"pain_next_morning": "12"})
    log.refresh_from_db()
    assert log.pain_next_morning is None


@pytest.mark.django_db
@pytest.mark.parametrize("logged", [1, 100])
def test_today_runs_a_constant_number_of_queries(
    logged_in, client_user, django_assert_num_queries, logged
):
    plan = make_plan(client_user, date(2026, 4, 27), weeks=32, days=WEEKDAYS)
    for planned in plan.sessions.filter(date__lt=WEDNESDAY).order_by("-date")[:logged]:
        log_session(planned)
    # v2: Today no longer writes weeks ahead; it reads the break dose instead (§3 v2, computed
    # on read). session + user, plan with its answers, sessions of the fortnight, latest
    # event, latest note, and the rules' input for the break: last session, step-backs,
    # morning pains, recent sessions with their logs; whether the monthly walking test is due.
    with django_assert_num_queries(TODAY_QUERIES):
        response = logged_in.get(reverse("today"))
    assert response.status_code == 200


# With the monthly walk-test offer, and whether the person has logged yet (the install card;
# not asked once they hid it). The menu is read from the person's row (no query).
TODAY_QUERIES = 12
WRITES = ("INSERT", "UPDATE", "DELETE")


def _rows(client_user):
    from plans.models import PlannedSession

    plan = Plan.objects.values().get(client=client_user)
    sessions = list(PlannedSession.objects.filter(client=client_user).order_by("date").values())
    return plan, sessions, PlanEvent.objects.count(), SessionLog.objects.count()


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["today", "plan"])
def test_a_page_view_writes_nothing_even_when_the_weeks_ahead_are_not_written(
    logged_in, client_user, page
):
    """§3 v2 and issue 12: page views never write; the daily command writes the weeks ahead."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    plan = make_plan(client_user, date(2026, 11, 2), weeks=1)  # written through 8 November
    log_session(plan.sessions.get(date=date(2026, 11, 2)))
    before = _rows(client_user)
    with CaptureQueriesContext(connection) as queries:
        assert logged_in.get(reverse(page)).status_code == 200
    # The fragment cache (the database cache by default) may store a page part: not app data.
    writes = [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(WRITES) and "django_cache" not in q["sql"]
    ]
    assert writes == []
    assert _rows(client_user) == before
    plan.refresh_from_db()
    assert plan.written_through == date(2026, 11, 8)


@pytest.mark.django_db
def test_today_shows_the_coachs_newest_note_not_the_clients_own_reply(
    logged_in, plan, client_user, coach_user
):
    from coaching.models import Note

    Note.objects.create(client=client_user, author=coach_user, body="Keep the pace easy.")
    Note.objects.create(client=client_user, author=client_user, body="Will do!")
    html = logged_in.get(reverse("today")).content.decode()
    assert "Keep the pace easy." in html
    assert "Will do!" not in html


@pytest.mark.django_db
def test_anonymous_posts_are_sent_to_login_and_change_nothing(client, plan):
    login = reverse("login")
    response = client.post(reverse("log_day", args=[WEDNESDAY]), {"status": "done"})
    assert response["Location"].startswith(login)
    response = client.post(reverse("mark_done", args=[WEDNESDAY]))
    assert response["Location"].startswith(login)
    response = client.post(reverse("morning_pain", args=[MONDAY]), {"pain_next_morning": "1"})
    assert response["Location"].startswith(login)
    assert SessionLog.objects.count() == 0


@pytest.mark.django_db
def test_morning_pain_by_get_is_refused(logged_in, client_user):
    plan = make_plan(client_user, MONDAY, days=("tue", "wed"))
    log_session(plan.sessions.get(date=date(2026, 11, 24)))
    assert logged_in.get(reverse("morning_pain", args=[date(2026, 11, 24)])).status_code == 405


@pytest.mark.django_db
def test_morning_pain_on_another_clients_log_is_404_and_unchanged(
    client, client_user, other_client_user
):
    plan = make_plan(client_user, MONDAY, days=("tue", "wed"))
    log = log_session(plan.sessions.get(date=date(2026, 11, 24)))
    make_plan(other_client_user, MONDAY, days=("thu",))
    client.force_login(other_client_user, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(
        reverse("morning_pain", args=[date(2026, 11, 24)]), {"pain_next_morning": "9"}
    )
    assert response.status_code == 404
    log.refresh_from_db()
    assert log.pain_next_morning is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "day",
    [pytest.param(WEDNESDAY, id="today"), pytest.param(MONDAY, id="two-days-ago")],
)
def test_morning_pain_is_refused_for_any_log_but_yesterdays(logged_in, client_user, day):
    plan = make_plan(client_user, MONDAY, days=("mon", "tue", "wed"))
    log = log_session(plan.sessions.get(date=day))
    events = PlanEvent.objects.count()
    response = logged_in.post(
        reverse("morning_pain", args=[day]), {"pain_next_morning": "9"}, follow=True
    )
    assert "only on the morning after a session" in response.content.decode()
    log.refresh_from_db()
    assert log.pain_next_morning is None
    assert PlanEvent.objects.count() == events
    assert Plan.objects.get(pk=plan.pk).status == Plan.Status.ACTIVE
