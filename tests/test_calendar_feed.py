"""The calendar feed: a secret link per person, a download, and events that update in place.

Plans are made and changed through the services (start_plan, adjust_plan, record_log), so the
feed is read exactly as the one writer leaves the sessions.
"""

from datetime import UTC, date, datetime, time, timedelta

import icalendar
import pytest
import time_machine
from django.urls import reverse
from django.utils import crypto

from accounts.models import SendCount
from coaching.models import CoachLink
from feeds import services as calendar_feed
from feeds.models import CalendarFeed
from notifications import limits
from plans import engine
from plans.models import PlannedSession
from plans.services import adjustments
from plans.services.intake import start_plan
from plans.services.sessions import record_log
from tests.factories import log_session, make_plan, make_user
from tests.test_questionnaire import PERSONA_1

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # a Wednesday
TODAY = date(2026, 11, 25)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def plan(client_user):
    return start_plan(client_user, PERSONA_1, TODAY)


def feed_url(user) -> str:
    return calendar_feed.feed_path(calendar_feed.new_link(user))


def parse(response) -> icalendar.Calendar:
    assert response.status_code == 200, response.content[:200]
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def events(calendar: icalendar.Calendar) -> dict[date, icalendar.Event]:
    return {event.decoded("dtstart"): event for event in calendar.walk("VEVENT")}


def fetch(client, url) -> dict[date, icalendar.Event]:
    return events(parse(client.get(url)))


# --- What is in it ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_feed_parses_back_with_one_event_per_planned_day_of_the_next_six_weeks(
    client, client_user, plan
):
    found = fetch(client, feed_url(client_user))
    planned = list(
        PlannedSession.objects.filter(
            client=client_user, date__gte=TODAY, date__lte=TODAY + timedelta(weeks=6)
        ).order_by("date")
    )
    # Written further ahead than the feed shows (to the Sunday of the sixth week).
    assert PlannedSession.objects.filter(client=client_user).count() > len(planned) >= 6 * 3
    assert sorted(found) == [s.date for s in planned]
    assert max(found) <= TODAY + timedelta(weeks=6)
    for session in planned:
        event = found[session.date]
        assert str(event["UID"]) == calendar_feed.event_uid(client_user, session.date)
        assert event["SEQUENCE"] == session.sequence
        assert str(event["STATUS"]) == "CONFIRMED"
        assert event.decoded("dtstamp") == NOW
        # All-day: the project has no chosen time of day yet; the day ends at midnight.
        assert event.decoded("dtend") == session.date + timedelta(days=1)
        assert str(event["TRANSP"]) == "TRANSPARENT"
        assert str(event["LOCATION"]) == session.get_stage_display()
        assert str(event["SUMMARY"]) == (
            f"Backward walking: {session.get_stage_display()}, {session.total_minutes} minutes"
        )


@pytest.mark.django_db
def test_the_description_says_what_to_do_in_the_words_today_uses(client, client_user, plan):
    session = PlannedSession.objects.filter(client=client_user, date__gt=TODAY).first()
    description = str(fetch(client, feed_url(client_user))[session.date]["DESCRIPTION"])
    expected = [
        f"Warm up, {session.warmup_minutes} minutes",
        f"Walk backward for {session.backward_minutes} minutes in all",
        # The bouts, as Today's session card words them (partials/_bouts.html).
        f"{session.bout_backward} backward, then {session.bout_forward}",
        f"Cool down, {session.cooldown_minutes} minutes",
        f"an effort of {session.rpe_low} to {session.rpe_high} out of 10",
        # The stage's safety cues and the one-line stop rule, from the engine.
        *engine.stage_cues(session.stage, seated_rest=session.seated_rest),
        "http://testserver/today/",
    ]
    for words in expected:
        assert words in description, words
    assert "Stop straight away if you feel chest pain" in description


@pytest.mark.django_db
def test_a_treadmill_session_gives_its_speed(client, client_user):
    make_plan(client_user, date(2026, 11, 23), stage="treadmill")
    PlannedSession.objects.filter(client=client_user).update(speed_kmh="1.5")
    found = fetch(client, feed_url(client_user))
    assert "Treadmill speed: 1.5 km/h." in str(next(iter(found.values()))["DESCRIPTION"])
    assert {str(e["LOCATION"]) for e in found.values()} == {"Treadmill"}


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        (("a", date(2026, 12, 1)), ("a", date(2026, 12, 1)), True),
        (("a", date(2026, 12, 1)), ("a", date(2026, 12, 2)), False),
        (("a", date(2026, 12, 1)), ("b", date(2026, 12, 1)), False),
    ],
)
@pytest.mark.django_db
def test_a_uid_depends_only_on_the_person_and_the_day(first, second, same):
    people = {
        "a": make_user("ana.walker@example.com"),
        "b": make_user("bo.strider@example.com"),
    }
    one = calendar_feed.event_uid(people[first[0]], first[1])
    two = calendar_feed.event_uid(people[second[0]], second[1])
    assert (one == two) is same
    assert one.endswith("@backward-walk")
    for person in people.values():
        assert person.email.split("@")[0] not in one
        assert person.public_id.hex[:8] not in one


# --- Plan changes update events in place -------------------------------------------------------


@pytest.mark.django_db
def test_a_coach_dose_change_keeps_every_uid_and_raises_the_changed_sessions_sequence(
    client, client_user, coach_user, plan
):
    CoachLink.objects.create(coach=coach_user, client=client_user)
    url = feed_url(client_user)
    before = fetch(client, url)
    change = adjustments.Adjustment(
        kind="dose",
        reason="A little more.",
        row_version=plan.row_version,
        level=plan.level,
        backward_minutes=plan.backward_minutes + 2,
    )
    adjustments.adjust_plan(client_user, coach_user, change)
    after = fetch(client, url)

    assert sorted(after) == sorted(before)
    assert {d: str(e["UID"]) for d, e in after.items()} == {
        d: str(e["UID"]) for d, e in before.items()
    }
    changed = [d for d in after if d > TODAY]
    assert changed
    for day in changed:
        assert after[day]["SEQUENCE"] > before[day]["SEQUENCE"]
        assert str(after[day]["DESCRIPTION"]) != str(before[day]["DESCRIPTION"])
        assert str(after[day]["STATUS"]) == "CONFIRMED"


@pytest.mark.django_db
def test_a_coach_pause_cancels_the_future_events_under_the_same_uids(
    client, client_user, coach_user, plan
):
    CoachLink.objects.create(coach=coach_user, client=client_user)
    url = feed_url(client_user)
    before = fetch(client, url)
    change = adjustments.Adjustment(kind="pause", reason="Knee check.", row_version=1)
    adjustments.adjust_plan(client_user, coach_user, change)
    after = fetch(client, url)

    future = [d for d in after if d > TODAY]
    assert future and sorted(after) == sorted(before)
    for day in future:
        assert str(after[day]["UID"]) == str(before[day]["UID"])
        assert str(after[day]["STATUS"]) == "CANCELLED"
        assert after[day]["SEQUENCE"] > before[day]["SEQUENCE"]
        assert str(after[day]["SUMMARY"]) == "Cancelled: backward walking"


@pytest.mark.django_db
def test_a_logged_fall_pauses_the_plan_cancels_what_is_ahead_and_keeps_the_logged_session(
    client, client_user
):
    # Monday start: Monday and Tuesday are past sessions of this week (days mon, tue, thu, sat).
    monday = date(2026, 11, 23)
    start_plan(client_user, PERSONA_1, monday)
    url = feed_url(client_user)
    before = fetch(client, url)
    logged = PlannedSession.objects.filter(client=client_user, date__lt=TODAY).last()
    result = record_log(
        client_user, logged, {"status": "done", "minutes": 10, "rpe": 4, "fall": True}
    )
    assert result.event is not None and result.event.kind == "pause"
    after = fetch(client, url)

    assert {str(e["UID"]) for e in after.values()} == {str(e["UID"]) for e in before.values()}
    assert str(after[logged.date]["STATUS"]) == "CONFIRMED"
    assert "You logged this session." in str(after[logged.date]["DESCRIPTION"])
    ahead = [d for d in after if d > TODAY]
    assert ahead
    assert {str(after[d]["STATUS"]) for d in ahead} == {"CANCELLED"}


@pytest.mark.django_db
def test_logged_sessions_of_the_last_two_weeks_stay_in_the_feed(client, client_user):
    plan = make_plan(client_user, TODAY - timedelta(days=20), weeks=4)
    done = list(plan.sessions.filter(date__lt=TODAY))
    for session in done:
        log_session(session)
    found = fetch(client, feed_url(client_user))
    recent = [s.date for s in done if s.date >= TODAY - timedelta(days=14)]
    assert recent
    for day in recent:
        assert str(found[day]["STATUS"]) == "CONFIRMED"
    assert min(found) >= TODAY - timedelta(days=14)


@pytest.mark.django_db
def test_a_cancelled_session_that_was_logged_stays_confirmed(client, client_user):
    plan = make_plan(client_user, date(2026, 11, 23))
    session = plan.sessions.first()
    log_session(session)
    PlannedSession.objects.filter(pk=session.pk).update(cancelled=True)
    assert str(fetch(client, feed_url(client_user))[session.date]["STATUS"]) == "CONFIRMED"


# --- Time zones ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_six_weeks_count_from_the_persons_own_today_far_east_of_utc(client):
    # 10:00 UTC on Wednesday 25 November is already Thursday 26 November in Kiritimati (UTC+14).
    person = make_user("kiri@example.com", time_zone="Pacific/Kiritimati")
    make_plan(person, date(2026, 11, 9), weeks=9, days=("wed", "thu"))
    found = fetch(client, feed_url(person))
    local_today = date(2026, 11, 26)
    assert person.local_today() == local_today
    # Six weeks on is Thursday 7 January; a server-side (UTC) today would stop at Wednesday.
    assert max(found) == local_today + timedelta(weeks=6) == date(2027, 1, 7)
    assert min(found) == local_today - timedelta(days=14)


@pytest.mark.parametrize(
    ("zone", "day", "utc_hour"),
    [
        # New York changes to summer time on Sunday 8 March 2026.
        ("America/New_York", date(2026, 3, 6), 13),
        ("America/New_York", date(2026, 3, 9), 12),
        # London changes back to winter time on Sunday 25 October 2026.
        ("Europe/London", date(2026, 10, 23), 7),
        ("Europe/London", date(2026, 10, 26), 8),
        # 08:00 in Auckland (summer time, UTC+13) is 19:00 the day before in UTC.
        ("Pacific/Auckland", date(2026, 11, 27), 19),
    ],
)
@pytest.mark.django_db
def test_timed_events_keep_the_local_hour_across_daylight_saving(zone, day, utc_hour):
    person = make_user(f"{zone.lower().replace('/', '-')}@example.com", time_zone=zone)
    plan = make_plan(person, day - timedelta(days=day.weekday()), weeks=1, days=("mon", "fri"))
    sessions = list(plan.sessions.all())
    assert day in [s.date for s in sessions]
    built = calendar_feed.build_calendar(person, sessions, stamp=NOW, at=time(8, 0))
    parsed = icalendar.Calendar.from_ical(built.to_ical())
    assert [tz.tz_name for tz in parsed.timezones] == [zone]
    event = events_by_local_day(parsed)[day]
    start = event.decoded("dtstart")
    assert start.tzinfo is not None and start.hour == 8
    assert start.astimezone(UTC).hour == utc_hour
    assert event.decoded("duration") == timedelta(minutes=sessions[0].total_minutes)
    assert "TZID=" in event.to_ical().decode()


def events_by_local_day(calendar) -> dict[date, icalendar.Event]:
    return {event.decoded("dtstart").date(): event for event in calendar.walk("VEVENT")}


# --- The link ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_feed_needs_no_session_and_says_how_to_cache_it(client, client_user, plan):
    url = feed_url(client_user)
    response = client.get(url)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert response["Cache-Control"] == "private, max-age=3600"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["REFRESH-INTERVAL"].to_ical().decode()) == "PT1H"
    assert str(calendar["X-PUBLISHED-TTL"]) == "PT1H"
    # An app that has this version is told nothing changed, even a minute later.
    with time_machine.travel(NOW + timedelta(minutes=1), tick=False):
        again = client.get(url, headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304
    assert client.head(url).status_code == 200
    assert client.post(url).status_code == 405


@pytest.mark.django_db
def test_making_a_new_link_stops_the_old_one(logged_in, client, client_user, plan):
    assert logged_in.post(reverse("calendar_new_link")).status_code == 302
    old = calendar_feed.feed_path(CalendarFeed.objects.get(user=client_user))
    assert client.get(old).status_code == 200

    response = logged_in.post(reverse("calendar_new_link"))
    assert response["Location"] == reverse("account") + "#calendar"
    new = calendar_feed.feed_path(CalendarFeed.objects.get(user=client_user))
    assert new != old
    assert CalendarFeed.objects.filter(user=client_user).count() == 1
    client.logout()
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


@pytest.mark.django_db
def test_the_first_post_makes_the_link_and_says_so(logged_in, client_user):
    response = logged_in.post(reverse("calendar_new_link"), follow=True)
    page = response.content.decode()
    assert "Here is your calendar link." in page
    feed = CalendarFeed.objects.get(user=client_user)
    assert f"http://testserver{calendar_feed.feed_path(feed)}" in page
    again = logged_in.post(reverse("calendar_new_link"), follow=True).content.decode()
    assert "The old one no longer works" in again


@pytest.mark.django_db
def test_making_a_link_refuses_get(logged_in, client_user):
    assert logged_in.get(reverse("calendar_new_link")).status_code == 405
    assert not CalendarFeed.objects.exists()


@pytest.mark.django_db
def test_making_a_link_needs_a_login(client):
    response = client.post(reverse("calendar_new_link"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not CalendarFeed.objects.exists()


@pytest.mark.django_db
def test_each_link_shows_only_its_own_persons_sessions(client, client_user, other_client_user):
    start_plan(client_user, PERSONA_1, TODAY)
    start_plan(other_client_user, {**PERSONA_1, "days": ["wed", "fri", "sun"]}, TODAY)
    mine = calendar_feed.new_link(client_user)
    theirs = calendar_feed.new_link(other_client_user)
    for feed, person in ((mine, client_user), (theirs, other_client_user)):
        found = fetch(client, calendar_feed.feed_path(feed))
        assert found
        assert {str(e["UID"]) for e in found.values()} == {
            calendar_feed.event_uid(person, day) for day in found
        }
        own = set(
            PlannedSession.objects.filter(client=person, date__gte=TODAY).values_list(
                "date", flat=True
            )
        )
        assert set(found) <= own
    # One person's key with the other's token opens nothing.
    mixed = reverse("calendar_feed", args=[mine.key.hex, calendar_feed.feed_token(theirs)])
    assert client.get(mixed).status_code == 404


@pytest.mark.django_db
def test_a_coach_has_no_calendar_and_cannot_reach_a_clients(
    coach_logged_in, coach_user, client_user, plan
):
    CoachLink.objects.create(coach=coach_user, client=client_user)
    client_feed = calendar_feed.new_link(client_user)
    page = coach_logged_in.get(reverse("account"))
    assert page.status_code == 200
    assert "calendar-feed-url" not in page.content.decode()
    assert client_feed.key.hex not in page.content.decode()
    assert coach_logged_in.get(reverse("calendar_download")).status_code == 403
    for params in ({"client": client_user.public_id}, {"user": client_user.pk}):
        assert coach_logged_in.get(reverse("calendar_download"), params).status_code == 403
    assert coach_logged_in.post(reverse("calendar_new_link")).status_code == 403
    assert not CalendarFeed.objects.filter(user=coach_user).exists()
    assert CalendarFeed.objects.get(user=client_user).key == client_feed.key


@pytest.mark.django_db
def test_the_link_of_a_deactivated_account_stops_working(client, client_user, plan):
    url = feed_url(client_user)
    client_user.is_active = False
    client_user.save(update_fields=["is_active"])
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_deleting_the_account_deletes_the_link(client_user):
    calendar_feed.new_link(client_user)
    client_user.delete()
    assert not CalendarFeed.objects.exists()


def bad_links(feed) -> list[tuple[str, str]]:
    key, token = feed.key.hex, calendar_feed.feed_token(feed)
    flipped = ("0" if token[0] != "0" else "1") + token[1:]
    return [
        ("one character wrong at the start", reverse("calendar_feed", args=[key, flipped])),
        (
            "one character wrong at the end",
            reverse("calendar_feed", args=[key, token[:-1] + ("0" if token[-1] != "0" else "1")]),
        ),
        ("cut short", reverse("calendar_feed", args=[key, token[:20]])),
        ("empty-looking", reverse("calendar_feed", args=[key, "0"])),
        ("a made-up key", reverse("calendar_feed", args=["0" * 32, token])),
        ("not a key at all", reverse("calendar_feed", args=["not-a-key", token])),
        ("no .ics", f"/calendar/{key}/{token}"),
    ]


@pytest.mark.django_db
def test_a_wrong_link_gets_404_before_any_query_and_is_compared_in_constant_time(
    client, client_user, plan, django_assert_num_queries, monkeypatch
):
    feed = calendar_feed.new_link(client_user)
    compared = []

    def spy(a, b):
        compared.append((a, b))
        return crypto.constant_time_compare(a, b)

    monkeypatch.setattr(calendar_feed, "constant_time_compare", spy)
    for why, url in bad_links(feed):
        compared.clear()
        with django_assert_num_queries(0):
            assert client.get(url).status_code == 404, why
        if why != "no .ics":
            # Every token is checked with Django's constant-time compare, never with ==.
            assert compared and all(given == url.split("/")[3][:-4] for _, given in compared)


@pytest.mark.parametrize("weeks", [1, 9])
@pytest.mark.django_db
def test_the_feed_takes_the_same_queries_however_many_sessions(
    client, client_user, django_assert_num_queries, weeks
):
    every_day = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    plan = make_plan(client_user, TODAY - timedelta(days=14), weeks=weeks, days=every_day)
    for session in plan.sessions.filter(date__lt=TODAY):
        log_session(session)
    url = feed_url(client_user)
    client.get(url)  # today's fetch counter now exists
    # The link's row with its person (1), the fetch counter (2 savepoints, read, count, old
    # rows, 2 releases: 7) and the sessions with their logs (1).
    with django_assert_num_queries(9):
        assert client.get(url).status_code == 200


@pytest.fixture
def two_fetches_a_day(monkeypatch):
    monkeypatch.setattr(limits, "CALENDAR_FEED_PER_LINK", limits.Limit("calendar_feed", 2, "x"))


@pytest.mark.django_db
def test_a_link_read_too_often_today_gets_429_until_tomorrow(
    client, client_user, plan, two_fetches_a_day
):
    url = feed_url(client_user)
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 429]
    assert client.get(url)["Retry-After"] == "3600"
    assert SendCount.objects.filter(action="calendar_feed").count() == 1
    with time_machine.travel(NOW + timedelta(days=1), tick=False):
        assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_a_new_link_is_not_held_back_by_the_old_links_count(
    client, client_user, plan, two_fetches_a_day
):
    url = feed_url(client_user)
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 429]
    assert client.get(feed_url(client_user)).status_code == 200


# --- The download and the account page ---------------------------------------------------------


@pytest.mark.django_db
def test_the_download_is_the_signed_in_persons_own_file(logged_in, client_user, plan):
    response = logged_in.get(reverse("calendar_download"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="backward-walk-sessions-2026-11-25.ics"'
    )
    assert "no-store" in response["Cache-Control"]
    found = events(parse(response))
    assert found
    assert {str(e["UID"]) for e in found.values()} == {
        calendar_feed.event_uid(client_user, day) for day in found
    }
    assert not CalendarFeed.objects.exists()  # a download needs no link


@pytest.mark.django_db
def test_the_download_needs_a_login_and_refuses_post(client, logged_in):
    assert logged_in.post(reverse("calendar_download")).status_code == 405
    logged_in.logout()
    response = client.get(reverse("calendar_download"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_the_account_page_offers_a_link_then_shows_it_with_copy_and_instructions(
    logged_in, client_user
):
    before = logged_in.get(reverse("account")).content.decode()
    assert "Make my calendar link" in before
    assert "calendar-feed-url" not in before
    assert reverse("calendar_download") in before

    calendar_feed.new_link(client_user)
    page = logged_in.get(reverse("account")).content.decode()
    feed = CalendarFeed.objects.get(user=client_user)
    for words in (
        f'value="http://testserver{calendar_feed.feed_path(feed)}"',
        "readonly",
        "data-select-on-focus",
        ">Copy link</button>",
        "Make a new link",
        "From URL",
        "Add Subscribed Calendar",
        "Subscribe from web",
        "/static/js/copy-link.js",
    ):
        assert words in page, words
    assert "<script>" not in page  # strict CSP: no inline script
