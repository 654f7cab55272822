"""Reminders on the phone (issue 24): the worker pushes reminders, the weekly note while paused
and coach alerts to each device through the outbox, once, with its retries; a device whose
push service answers 404 or 410 is forgotten and the email goes instead.

A real HTTP server on 127.0.0.1 stands in for the push service, and each test decrypts what
it got with the subscription's own keys (tests/notifications/push_service.py).
"""

from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from django.core import mail

from coaching.models import CoachLink
from notifications import outbox, reminders
from notifications.models import MailPreferences, Notification, PushSubscription
from plans.models import Plan
from tests.factories import WEEKDAYS, make_plan, make_user
from tests.notifications.push_service import Phone, vapid_claims
from tests.notifications.test_alert_words import log, walking_plan
from tests.notifications.test_pause_note_and_digest import pause
from tests.worker import send_queued_mail

# Tuesday 10 March 2026, 10:00 in London: Ana's reminder time (08:00) has passed.
NOW = datetime(2026, 3, 10, 10, 0, tzinfo=UTC)
REMINDER = {
    "title": "backward-walk",
    "body": "Time for today's backward walk",
    "url": "/today/",
    "tag": "bw",
}
PAUSE_NOTE_BODY = "A note about your plan. Open backward-walk to see what comes next."


@pytest.fixture
def ana(db):
    person = make_user("ana@example.com", "Ana", time_zone="Europe/London")
    make_plan(person, date(2026, 3, 9), weeks=3, days=WEEKDAYS)
    MailPreferences.objects.create(user=person, reminders=True, reminder_time=time(8, 0))
    return person


def run_at(now=NOW) -> None:
    """The scheduler's pass and the worker's batch at `now`."""
    with time_machine.travel(now, tick=False):
        reminders.queue_due(now)
        send_queued_mail()


@pytest.mark.django_db
def test_a_reminder_is_pushed_to_the_phone_encrypted_and_signed(
    ana, vapid, push_service, smtp_server
):
    phone = Phone(push_service.url("ana-phone"))
    phone.save_for(ana)
    run_at()
    (received,) = push_service.to(phone)
    assert phone.read(received) == REMINDER
    # Signed with our VAPID key, for this push service, naming who runs the site (RFC 8292).
    claims = vapid_claims(received, vapid["public"])
    assert claims["aud"] == push_service.origin
    assert claims["sub"] == "mailto:ops@walk.example.org"
    assert received.headers["ttl"] == str(12 * 60 * 60)
    assert smtp_server.messages == []  # the phone had it: no email
    row = Notification.objects.get(kind="reminder")
    assert row.status == "sent" and row.attempts == 1
    assert PushSubscription.objects.get().last_used_at is not None


@pytest.mark.django_db
def test_running_the_scheduler_and_the_worker_twice_pushes_once(ana, vapid, push_service):
    phone = Phone(push_service.url("ana-phone"))
    phone.save_for(ana)
    run_at()
    run_at(NOW + timedelta(minutes=5))
    ids = list(Notification.objects.values_list("pk", flat=True))
    with time_machine.travel(NOW + timedelta(minutes=10), tick=False):
        assert outbox.deliver_many(ids) == {"not-claimed": 1}  # a second worker, same row
    assert len(push_service.to(phone)) == 1
    assert mail.outbox == []


@pytest.mark.django_db
def test_every_device_of_the_person_gets_it_and_nobody_else(ana, vapid, push_service):
    phone, tablet = Phone(push_service.url("ana-phone")), Phone(push_service.url("ana-tablet"))
    phone.save_for(ana)
    tablet.save_for(ana)
    ben = make_user("ben@example.com", "Ben", time_zone="Europe/London")  # no session today
    bens_phone = Phone(push_service.url("ben-phone"))
    bens_phone.save_for(ben)
    run_at()
    assert [phone.read(r) for r in push_service.to(phone)] == [REMINDER]
    assert [tablet.read(r) for r in push_service.to(tablet)] == [REMINDER]
    assert push_service.to(bens_phone) == []


@pytest.mark.django_db
@pytest.mark.parametrize("gone", [410, 404])
def test_a_gone_device_is_forgotten_and_the_email_goes_instead(
    gone, ana, vapid, push_service, smtp_server
):
    phone = Phone(push_service.url("ana-phone"))
    phone.save_for(ana)
    push_service.status["/push/ana-phone"] = gone
    run_at()
    assert len(push_service.to(phone)) == 1
    assert not PushSubscription.objects.exists()
    (message,) = smtp_server.messages
    assert message["To"] == "ana@example.com"
    assert message["Subject"] == "Your backward walking session is today"
    assert Notification.objects.get(kind="reminder").status == "sent"
    # The next day: no device left, so straight to email.
    run_at(NOW + timedelta(days=1))
    assert len(push_service.to(phone)) == 1
    assert len(smtp_server.messages) == 2


@pytest.mark.django_db
def test_one_gone_device_of_two_is_forgotten_and_the_other_still_counts(
    ana, vapid, push_service, smtp_server
):
    old, new = Phone(push_service.url("old-phone")), Phone(push_service.url("new-phone"))
    old.save_for(ana)
    new.save_for(ana)
    push_service.status["/push/old-phone"] = 410
    run_at()
    assert [new.read(r) for r in push_service.to(new)] == [REMINDER]
    assert list(PushSubscription.objects.values_list("endpoint", flat=True)) == [new.endpoint]
    assert smtp_server.messages == []


@pytest.mark.django_db
def test_a_person_with_no_device_is_mailed(ana, vapid, push_service, smtp_server):
    run_at()
    assert push_service.received == []
    (message,) = smtp_server.messages
    assert message["To"] == "ana@example.com"


@pytest.mark.django_db
def test_without_vapid_keys_push_is_off_and_the_email_goes(ana, push_service, smtp_server):
    Phone(push_service.url("ana-phone")).save_for(ana)
    run_at()
    assert push_service.received == []
    assert len(smtp_server.messages) == 1


@pytest.mark.django_db
def test_a_push_service_that_fails_is_retried_later_and_pushes_once(
    ana, vapid, push_service, smtp_server
):
    phone = Phone(push_service.url("ana-phone"))
    phone.save_for(ana)
    push_service.status["/push/ana-phone"] = 503
    run_at()
    row = Notification.objects.get(kind="reminder")
    assert row.status == "retry" and row.next_try_at == NOW + timedelta(minutes=1)
    assert "HTTP 503" in row.last_error
    assert smtp_server.messages == []  # the device is not gone: no email yet
    del push_service.status["/push/ana-phone"]
    with time_machine.travel(NOW + timedelta(minutes=2), tick=False):
        send_queued_mail()
        send_queued_mail()
    row.refresh_from_db()
    assert row.status == "sent" and row.attempts == 2
    assert [phone.read(r) for r in push_service.to(phone)] == [REMINDER, REMINDER]
    assert [r.headers.get("authorization") is not None for r in push_service.received] == [
        True,
        True,
    ]
    assert smtp_server.messages == []


@pytest.mark.django_db
def test_a_push_service_that_refuses_our_keys_keeps_the_device_and_mails(
    ana, vapid, push_service, smtp_server
):
    Phone(push_service.url("ana-phone")).save_for(ana)
    push_service.status["/push/ana-phone"] = 403
    run_at()
    assert PushSubscription.objects.count() == 1
    assert len(smtp_server.messages) == 1
    assert Notification.objects.get(kind="reminder").status == "sent"


@pytest.mark.django_db
def test_reminders_turned_off_push_nothing(ana, vapid, push_service):
    Phone(push_service.url("ana-phone")).save_for(ana)
    MailPreferences.objects.filter(user=ana).update(reminders=False)
    run_at()
    assert push_service.received == []


@pytest.mark.django_db
def test_the_weekly_note_while_paused_is_pushed_and_names_no_reason(ana, vapid, push_service):
    phone = Phone(push_service.url("ana-phone"))
    phone.save_for(ana)
    pause(Plan.objects.get(client=ana), needs=Plan.PauseNeeds.PHYSICIAN, today=date(2026, 3, 9))
    run_at()
    (received,) = push_service.to(phone)
    assert phone.read(received) == {
        "title": "backward-walk",
        "body": PAUSE_NOTE_BODY,
        "url": "/today/",
        "tag": "bw",
    }
    assert Notification.objects.get(kind="pause_note").status == "sent"


@pytest.mark.django_db
def test_a_coach_alert_is_pushed_with_the_name_and_the_event_only(
    vapid, push_service, django_capture_on_commit_callbacks
):
    """Like the alert email's subject (tests/notifications/test_alert_words.py)."""
    now = datetime(2026, 12, 3, 15, 0, tzinfo=UTC)
    cora = make_user("cora@example.com", "Cora", role="coach", time_zone="Europe/London")
    ana = make_user("ana@example.com", "Ana", time_zone="Europe/London")
    CoachLink.objects.create(coach=cora, client=ana, started_at=now - timedelta(days=60))
    phone = Phone(push_service.url("cora-phone"))
    phone.save_for(cora)
    with time_machine.travel(now, tick=False):
        walking_plan(ana)
        with django_capture_on_commit_callbacks(execute=True):
            log(ana, date(2026, 12, 1), fall=True, fall_injury=True, fall_head_strike=True)
        send_queued_mail()
    (received,) = push_service.to(phone)
    assert phone.read(received) == {
        "title": "backward-walk",
        "body": "Ana: a fall",
        "url": f"/coach/clients/{ana.public_id}/",
    }
    assert received.headers["ttl"] == str(4 * 24 * 60 * 60)
    assert mail.outbox == []


@pytest.mark.django_db
def test_no_push_text_holds_health_detail_or_a_pause_reason(
    vapid, push_service, django_capture_on_commit_callbacks
):
    """Every kind pushed, from a person who fell, was hurt and hit their head: the lock screen
    shows the reminder's words, the note's and "Ana: a fall", nothing more."""
    now = datetime(2026, 12, 3, 15, 0, tzinfo=UTC)
    cora = make_user("cora@example.com", "Cora", role="coach", time_zone="Europe/London")
    ana = make_user("ana@example.com", "Ana", time_zone="Europe/London")
    MailPreferences.objects.create(user=ana, reminders=True)
    CoachLink.objects.create(coach=cora, client=ana, started_at=now - timedelta(days=60))
    phones = {person: Phone(push_service.url(person.email)) for person in (ana, cora)}
    for person, phone in phones.items():
        phone.save_for(person)
    with time_machine.travel(now - timedelta(days=3), tick=False):  # Monday: a reminder
        walking_plan(ana)
        reminders.queue_due()
        send_queued_mail()
    with time_machine.travel(now, tick=False):  # a fall: paused, Cora alerted
        with django_capture_on_commit_callbacks(execute=True):
            log(ana, date(2026, 12, 1), fall=True, fall_injury=True, fall_head_strike=True)
        send_queued_mail()
    with time_machine.travel(now + timedelta(days=1), tick=False):  # the weekly note
        reminders.queue_due()
        send_queued_mail()
    texts = [
        (phone.read(r)["title"], phone.read(r)["body"])
        for phone in phones.values()
        for r in push_service.to(phone)
    ]
    assert sorted(body for _title, body in texts) == [
        PAUSE_NOTE_BODY,
        "Ana: a fall",
        "Time for today's backward walk",
    ]
    words = " ".join(f"{title} {body}" for title, body in texts).lower()
    for detail in ("head", "hurt", "injur", "pain", "doctor", "because", "why"):
        assert detail not in words
    # The coach's daily list stays an email: a list of names is no lock-screen line.
    assert [m.subject for m in mail.outbox] == ["Who needs you today"]


@pytest.mark.django_db
def test_a_push_service_that_cannot_be_reached_is_retried_without_its_address_in_the_log(
    ana, vapid, smtp_server
):
    from tests.notifications.conftest import free_port

    endpoint = f"http://127.0.0.1:{free_port()}/push/secret-token"  # nothing listens there
    Phone(endpoint).save_for(ana)
    run_at()
    row = Notification.objects.get(kind="reminder")
    assert row.status == "retry"
    assert "ConnectionError" in row.last_error and "secret-token" not in row.last_error
    assert PushSubscription.objects.count() == 1  # not gone: only unreachable for now
    assert smtp_server.messages == []
