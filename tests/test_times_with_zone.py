"""Every clock time a person reads is in their own zone and names it: "08:00 (London time)"."""

from datetime import UTC, datetime, time

import pytest
import time_machine
from django.template import Context, Template
from django.urls import reverse

from accounts.time_zones import clock_words, zone_words
from coaching.models import CoachLink, Note
from coaching.services import links as coaching
from notifications.forms import form_for
from notifications.models import MailPreferences

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "words"),
    [
        ("Europe/London", "London time"),
        ("America/New_York", "New York time"),
        ("America/Argentina/Buenos_Aires", "Buenos Aires time"),
        ("UTC", "UTC time"),
        ("Etc/GMT+5", "-05 time"),
    ],
)
def test_a_zone_is_named_by_its_city_or_its_short_name(zone, words):
    assert zone_words(zone, NOW) == words


@pytest.mark.parametrize(
    ("moment", "zone", "words"),
    [
        # London changes its clocks on 29 March 2026: the same 09:00 UTC reads an hour later.
        (datetime(2026, 3, 28, 9, 0, tzinfo=UTC), "Europe/London", "09:00 (London time)"),
        (datetime(2026, 3, 30, 9, 0, tzinfo=UTC), "Europe/London", "10:00 (London time)"),
        # New York changed two weeks earlier (8 March 2026).
        (datetime(2026, 3, 7, 14, 0, tzinfo=UTC), "America/New_York", "09:00 (New York time)"),
        (datetime(2026, 3, 9, 14, 0, tzinfo=UTC), "America/New_York", "10:00 (New York time)"),
        # A far-off zone crosses midnight.
        (datetime(2026, 11, 25, 20, 30, tzinfo=UTC), "Asia/Kathmandu", "02:15 (Kathmandu time)"),
        # A bare time of day (a reminder) is already the person's own: only the zone is added.
        (time(8, 0), "Europe/London", "08:00 (London time)"),
    ],
)
def test_a_clock_time_is_shown_in_the_zone_with_its_name(moment, zone, words):
    assert clock_words(moment, zone) == words


def test_the_template_tag_takes_the_readers_zone_and_a_date_format():
    class Reader:
        time_zone = "Australia/Sydney"

    html = Template('{% load clock %}{% local_time moment reader "j M Y, H:i" %}').render(
        Context({"moment": datetime(2026, 11, 25, 20, 0, tzinfo=UTC), "reader": Reader()})
    )
    assert html == "26 Nov 2026, 07:00 (Sydney time)"


def test_the_template_tag_shows_nothing_for_no_time():
    html = Template("{% load clock %}[{% local_time moment reader %}]").render(
        Context({"moment": None, "reader": None})
    )
    assert html == "[]"


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def link(frozen, coach_user, client_user):
    client_user.time_zone = "Europe/London"
    client_user.save(update_fields=["time_zone"])
    coach_user.time_zone = "America/Chicago"
    coach_user.save(update_fields=["time_zone"])
    return CoachLink.objects.create(coach=coach_user, client=client_user)


@pytest.mark.django_db
def test_a_note_shows_its_time_in_each_readers_zone(client, coach_user, client_user, link):
    Note.objects.create(client=client_user, author=coach_user, body="Well done.", created_at=NOW)

    client.force_login(client_user)
    mine = client.get(reverse("client_notes")).content.decode()
    client.force_login(coach_user)
    theirs = client.get(reverse("coach_client", args=[client_user.public_id])).content.decode()

    assert "25 Nov 2026, 10:00 (London time)" in mine
    assert "25 Nov 2026, 04:00 (Chicago time)" in theirs


@pytest.mark.django_db
def test_the_undo_deadline_names_the_coachs_zone(client, coach_user, client_user, link):
    coaching.end_link(link, by=coach_user)
    client.force_login(coach_user)
    page = client.get(reverse("coach_link_ended", args=[client_user.public_id]))

    assert "Thursday 26 November, 04:00 (Chicago time)" in page.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("reader", "field", "label"),
    [
        ("client", "reminder_time", "At this time (London time)"),
        ("coach", "digest_time", "Daily list at this time (Chicago time)"),
    ],
)
def test_the_email_time_on_the_account_page_names_the_zone(
    client, client_user, coach_user, link, reader, field, label
):
    person = {"client": client_user, "coach": coach_user}[reader]
    MailPreferences.objects.create(user=person)
    assert str(form_for(person)[field].label) == label

    client.force_login(person)
    assert label in client.get(reverse("account")).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("zone", "day"),
    [("Asia/Tokyo", "26 November"), ("America/Los_Angeles", "25 November")],
)
def test_dates_of_stored_moments_are_the_readers_own_day(client, client_user, zone, day):
    """22:30 UTC on 25 November is already the 26th in Tokyo (TimeZoneMiddleware)."""
    from plans.services.intake import start_plan
    from tests.test_questionnaire import PERSONA_1

    client_user.time_zone = zone
    client_user.save(update_fields=["time_zone"])
    with time_machine.travel(datetime(2026, 11, 25, 22, 30, tzinfo=UTC), tick=False):
        start_plan(client_user, PERSONA_1, client_user.local_today())
        client.force_login(client_user)
        page = client.get(reverse("today")).content.decode()
    latest = page[page.index('id="change-h"') :]
    assert f"{day}:" in latest[:400]


@pytest.mark.django_db
def test_no_zone_stays_active_after_a_request(client, client_user, settings):
    from django.utils import timezone

    client_user.time_zone = "Asia/Tokyo"
    client_user.save(update_fields=["time_zone"])
    client.force_login(client_user)
    client.get(reverse("account"))
    assert timezone.get_current_timezone_name() == settings.TIME_ZONE
