"""Each client's "today" is their own: far-off zones on either side of the date line."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse

from plans.models import SessionLog
from tests.factories import WEEKDAYS, make_plan, make_user

# 10:30 UTC on Wednesday 25 November 2026 is 23:30 on Wednesday in Auckland (UTC+13)
# and 00:30 on Wednesday in Honolulu (UTC-10).
NOW = datetime(2026, 11, 25, 10, 30, tzinfo=UTC)


def login(client, user):
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("zone", "utc_now", "local_day"),
    [
        ("Pacific/Auckland", datetime(2026, 11, 25, 10, 30, tzinfo=UTC), "Wednesday 25 November"),
        ("Pacific/Auckland", datetime(2026, 11, 25, 11, 30, tzinfo=UTC), "Thursday 26 November"),
        ("Pacific/Honolulu", datetime(2026, 11, 25, 9, 30, tzinfo=UTC), "Tuesday 24 November"),
        ("Pacific/Honolulu", datetime(2026, 11, 25, 10, 30, tzinfo=UTC), "Wednesday 25 November"),
    ],
)
def test_each_client_sees_their_own_today(client, zone, utc_now, local_day):
    user = make_user(f"{zone.split('/')[1].lower()}@example.com", time_zone=zone)
    make_plan(user, date(2026, 11, 23), days=WEEKDAYS)
    login(client, user)
    with time_machine.travel(utc_now, tick=False):
        html = client.get(reverse("today")).content.decode()
    assert f"Today, {local_day}" in html


@pytest.mark.django_db
def test_a_one_tap_log_at_23_30_in_auckland_lands_on_that_local_day(client):
    user = make_user("kiri@example.com", time_zone="Pacific/Auckland")
    plan = make_plan(user, date(2026, 11, 23), days=WEEKDAYS)
    login(client, user)
    with time_machine.travel(NOW, tick=False):  # 23:30 Wednesday in Auckland
        client.post(reverse("mark_done", args=[date(2026, 11, 25)]))
        # Thursday in Auckland has not started: it cannot be logged yet.
        client.post(reverse("mark_done", args=[date(2026, 11, 26)]))
    log = SessionLog.objects.get()
    assert log.date == date(2026, 11, 25)
    assert log.planned == plan.sessions.get(date=date(2026, 11, 25))


@pytest.mark.django_db
def test_honolulu_cannot_log_a_day_that_is_tomorrow_there(client):
    user = make_user("leilani@example.com", time_zone="Pacific/Honolulu")
    make_plan(user, date(2026, 11, 23), days=WEEKDAYS)
    login(client, user)
    with time_machine.travel(datetime(2026, 11, 25, 9, 30, tzinfo=UTC), tick=False):
        client.post(reverse("mark_done", args=[date(2026, 11, 25)]))  # Tuesday 23:30 there
    assert SessionLog.objects.count() == 0
