"""The coach's "seen" mark: it quiets a client's flags on the dashboard until a newer log or
event raises one again; only the client's own coach can set it."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from coaching.flags import split_seen
from coaching.models import CoachLink
from coaching.selectors.dashboard import for_dashboard
from tests.factories import log_session, make_plan, make_user, refresh_status

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # a Wednesday
START = date(2026, 11, 2)  # a Monday; sessions on Mon, Wed, Fri


@pytest.fixture
def traveller():
    with time_machine.travel(NOW, tick=False) as machine:
        yield machine


@pytest.fixture
def painful(coach_user, traveller):
    """A client who logged strong pain on Monday and walked every other session."""
    client = make_user("pat@example.com", "Pat Pain")
    CoachLink.objects.create(coach=coach_user, client=client, shares_history=True)
    plan = make_plan(client, START, weeks=4)
    for session in plan.sessions.filter(date__lt=date(2026, 11, 23)):
        log_session(session, "done", logged_at=NOW - timedelta(days=3))
    log_session(
        plan.sessions.get(date=date(2026, 11, 23)),
        "done",
        pain=7,
        logged_at=NOW - timedelta(days=2),
        updated_at=NOW - timedelta(days=2),
    )
    return client


def the_row(coach):
    [row] = for_dashboard(coach, datetime.now(UTC))
    return row


def codes(flags):
    return [code for code, _ in flags]


def seen_url(client):
    return reverse("coach_mark_seen", args=[client.public_id])


# --- The rule, on plain data -------------------------------------------------------------------

SEEN = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("trigger", "new"),
    [
        (SEEN - timedelta(minutes=1), False),  # a log written before the mark
        (SEEN + timedelta(minutes=1), True),  # a log written after it
        (date(2026, 11, 19), False),  # a session missed before the day it was seen
        (date(2026, 11, 20), True),  # missed on that day: only after the mark
        (None, True),  # no known trigger: never hidden
    ],
)
def test_a_flag_is_new_only_when_its_trigger_is_after_the_mark(trigger, new):
    flags = (("pain", "Pain"),)
    shown, quiet = split_seen(flags, {"pain": trigger}, SEEN, date(2026, 11, 20))
    assert (shown, quiet) == ((flags, ()) if new else ((), flags))


def test_without_a_mark_every_flag_is_new():
    flags = (("fall", "Fall"), ("paused", "Paused"))
    assert split_seen(flags, {}, None, None) == (flags, ())


# --- Through the dashboard ---------------------------------------------------------------------


@pytest.mark.django_db
def test_seen_clears_the_flag(coach_logged_in, coach_user, painful):
    assert codes(the_row(coach_user).flags) == ["pain"]
    response = coach_logged_in.post(seen_url(painful), {"query": "sort=name"})
    assert response.status_code == 302
    assert response["Location"] == reverse("coach_dashboard") + "?sort=name"
    row = the_row(coach_user)
    assert row.flags == ()
    assert codes(row.seen_flags) == ["pain"]
    assert codes(row.all_flags) == ["pain"]
    page = coach_logged_in.get(reverse("coach_dashboard")).content.decode()
    assert "Seen, nothing new:" in page
    assert "in pain" not in page  # the summary line counts new flags only


@pytest.mark.way_in("coaching.views.coach.mark_seen")
@pytest.mark.way_in("coaching.services.links.mark_seen")
@pytest.mark.django_db
@pytest.mark.parametrize("what", ["pain", "fall"])
def test_a_new_pain_or_fall_log_brings_the_flag_back(
    coach_logged_in, coach_user, painful, traveller, what
):
    coach_logged_in.post(seen_url(painful))
    assert the_row(coach_user).flags == ()
    traveller.move_to(NOW + timedelta(hours=2))
    wednesday = painful.planned_sessions.get(date=date(2026, 11, 25))
    if what == "pain":
        log_session(wednesday, "done", pain=8)
    else:
        log_session(wednesday, "done", fall=True)
    assert what in codes(the_row(coach_user).flags)


@pytest.mark.django_db
def test_morning_pain_added_after_the_mark_brings_the_flag_back(
    coach_logged_in, coach_user, painful, traveller
):
    coach_logged_in.post(seen_url(painful))
    traveller.move_to(NOW + timedelta(hours=2))
    monday = painful.session_logs.get(date=date(2026, 11, 23))
    monday.pain_next_morning = 6
    monday.morning_pain_at = NOW + timedelta(hours=2)
    monday.save()
    refresh_status(painful)  # written by hand, as add_morning_pain would
    assert codes(the_row(coach_user).flags) == ["pain"]


@pytest.mark.django_db
def test_another_coach_cannot_mark_my_client_seen(client, coach_user, other_coach_user, painful):
    client.force_login(other_coach_user)
    assert client.post(seen_url(painful)).status_code == 404
    assert CoachLink.objects.get(client=painful).seen_at is None
    assert codes(the_row(coach_user).flags) == ["pain"]


@pytest.mark.django_db
def test_seen_refuses_get(coach_logged_in, painful):
    assert coach_logged_in.get(seen_url(painful)).status_code == 405
    assert CoachLink.objects.get(client=painful).seen_at is None


@pytest.mark.django_db
def test_seen_refuses_anonymous_and_clients(client, logged_in, painful):
    assert logged_in.post(seen_url(painful)).status_code == 403
    logged_in.logout()
    response = client.post(seen_url(painful))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
    assert CoachLink.objects.get(client=painful).seen_at is None


@pytest.mark.django_db
def test_seen_keeps_only_a_query_string_not_another_site(coach_logged_in, painful):
    response = coach_logged_in.post(seen_url(painful), {"query": "//evil.example.com"})
    assert response["Location"].startswith(reverse("coach_dashboard") + "?")
