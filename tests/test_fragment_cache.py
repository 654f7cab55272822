"""Cached fragments never outlive their data: every write path moves the key, and a cached
page reads the same as a freshly rendered one right after each write (the real cache)."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from coaching.models import CoachLink
from plans.models import Plan, PlannedSession
from plans.selectors.cache_keys import version_for
from plans.services import adjustments, clearances, schedule
from plans.services.intake import start_plan
from plans.services.routine import change_routine
from plans.services.sessions import add_morning_pain, add_ratings, record_log
from plans.services.transitions import locked_plan
from tests.factories import make_plan
from tests.test_questionnaire import PERSONA_7

TODAY = date(2026, 11, 25)  # a Wednesday
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def plan(client_user, coach_user):
    CoachLink.objects.create(coach=coach_user, client=client_user)
    return make_plan(client_user, TODAY - timedelta(weeks=2), weeks=8)


def key(client: User) -> str:
    client = User.objects.get(pk=client.pk)
    current = Plan.objects.filter(client=client).exclude(status="ended").first()
    return version_for(client, current, client.local_today())


def session_on(client, day) -> PlannedSession:
    return PlannedSession.objects.get(client=client, date=day)


def log_today(client):
    return record_log(client, session_on(client, TODAY), {"status": "done", "minutes": 20})


def log_hold(client, plan):
    """A log the rules answer with "hold": no plan field moves, the records do."""
    log_today(client)


def ratings(client, plan):
    log = log_today(client).log
    before = key(client)
    add_ratings(client, log, rpe=4, pain=1)
    return before


def morning_pain(client, plan):
    log = record_log(client, session_on(client, TODAY - timedelta(days=2)), {"status": "done"}).log
    log.date = TODAY - timedelta(days=1)  # yesterday's log is the one that takes it
    type(log).objects.filter(pk=log.pk).update(date=log.date)
    before = key(client)
    add_morning_pain(client, log, pain=2)
    return before


def adjust(kind, **values):
    def write(client, plan):
        coach = CoachLink.objects.get(client=client).coach
        plan.refresh_from_db()
        change = adjustments.Adjustment(kind, "Seen in clinic today.", plan.row_version, **values)
        adjustments.adjust_plan(client, coach, change)

    return write


def pause_then_clear(client, plan):
    adjust("pause")(client, plan)
    before = key(client)
    coach = CoachLink.objects.get(client=client).coach
    clearances.clear(client, clearances.Clearance(kind="coach"), by=coach)
    return before


def rescreen(client, plan):
    start_plan(client, PERSONA_7, TODAY)


def extend(client, plan):
    Plan.objects.filter(pk=plan.pk).update(written_through=TODAY + timedelta(days=3))
    plan.refresh_from_db()
    with time_machine.travel(NOW + timedelta(days=30), tick=False), transaction.atomic():
        schedule.extend(locked_plan(plan.pk), TODAY + timedelta(days=30))


def routine(client, plan):
    """The person's days and minutes (plans/services/routine.py)."""
    places = {"access_pool": True, "access_handrail": True, "access_treadmill": True}
    change_routine(client, days=("tue", "thu"), minutes_available=20, places=places, today=TODAY)


def time_zone(client, plan):
    User.objects.filter(pk=client.pk).update(time_zone="Pacific/Kiritimati")


WRITES = {
    "record_log (rules hold)": log_hold,
    "add_ratings": ratings,
    "add_morning_pain": morning_pain,
    "adjust stage_down": adjust("stage_down"),
    "adjust dose": adjust("dose", level=2, backward_minutes=10),
    "adjust pause": adjust("pause"),
    "clear (coach clearance)": pause_then_clear,
    "start_plan (re-screening)": rescreen,
    "write_schedules / extend": extend,
    "change_routine": routine,
    "account time zone": time_zone,
}


@pytest.mark.django_db
@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
def test_every_write_path_changes_the_fragment_key(client_user, plan, write):
    before = key(client_user)
    earlier = write(client_user, plan)
    assert key(client_user) != (earlier or before)


@pytest.mark.django_db
def test_the_key_changes_with_the_local_date_and_the_language(client_user, plan, monkeypatch):
    before = key(client_user)
    with time_machine.travel(NOW + timedelta(days=1), tick=False):
        assert key(client_user) != before
    # The active language, as LocaleMiddleware sets it once i18n is on.
    monkeypatch.setattr(translation, "get_language", lambda: "es")
    assert key(client_user) != before


@pytest.mark.django_db
def test_a_whole_row_save_of_an_old_user_does_not_put_back_an_older_version(client_user, plan):
    stale = User.objects.get(pk=client_user.pk)
    log_today(client_user)
    moved = key(client_user)
    stale.display_name = "Wendy W."
    stale.save()
    assert key(client_user) == moved


CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


def page(http, url) -> bytes:
    response = http.get(url)
    assert response.status_code == 200
    return CSRF.sub(b"", response.content)


@pytest.mark.django_db
@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
@pytest.mark.parametrize("who", ["client", "coach"])
def test_a_cached_page_shows_the_new_data_right_after_each_write(
    client, client_user, coach_user, plan, write, who
):
    viewer = client_user if who == "client" else coach_user
    client.force_login(viewer, backend="django.contrib.auth.backends.ModelBackend")
    urls = (
        [reverse("plan"), reverse("progress")]
        if who == "client"
        else [reverse("coach_client", args=[client_user.public_id])]
    )
    for url in urls:
        page(client, url)  # fills the cache
    write(client_user, plan)
    cached = [page(client, url) for url in urls]
    cache.clear()
    assert cached == [page(client, url) for url in urls]
