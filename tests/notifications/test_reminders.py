"""Reminders go out once, at the person's local hour, across daylight-saving changes."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from django.core import mail

from notifications import outbox, reminders
from notifications.models import MailPreferences, Notification
from plans.models import PlannedSession
from tests.factories import log_session, make_plan, make_user
from tests.worker import send_queued_mail

EVERY_DAY = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def reminder_client(email, time_zone, start, at=time(8, 0)):
    """An every-day plan from `start`, never logged: keep `start` within a week of the
    reminders, as 8 planned sessions missed in a row call for the health questions first and
    stop the reminders (§9.9)."""
    user = make_user(email, time_zone=time_zone)
    make_plan(user, start, weeks=3, days=EVERY_DAY)
    MailPreferences.objects.create(user=user, reminders=True, reminder_time=at)
    return user


def walk_clock(first: datetime, last: datetime, step=timedelta(minutes=30)):
    """Run the scheduler and the worker at each step; the UTC time each mail left."""
    sent_at = []
    now = first
    while now <= last:
        with time_machine.travel(now, tick=False):
            reminders.queue_due(now)
            before = len(mail.outbox)
            send_queued_mail()
            sent_at += [now] * (len(mail.outbox) - before)
        now += step
    return sent_at


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("time_zone", "start", "first", "expected_utc"),
    [
        # New York springs forward on Sunday 8 March 2026: 08:00 is 13:00 UTC, then 12:00.
        (
            "America/New_York",
            date(2026, 3, 5),
            datetime(2026, 3, 7, 5, 0, tzinfo=UTC),  # local midnight
            [
                datetime(2026, 3, 7, 13, 0, tzinfo=UTC),
                datetime(2026, 3, 8, 12, 0, tzinfo=UTC),
                datetime(2026, 3, 9, 12, 0, tzinfo=UTC),
            ],
        ),
        # London falls back on Sunday 25 October 2026: 08:00 is 07:00 UTC, then 08:00.
        (
            "Europe/London",
            date(2026, 10, 19),
            datetime(2026, 10, 23, 23, 0, tzinfo=UTC),  # local midnight
            [
                datetime(2026, 10, 24, 7, 0, tzinfo=UTC),
                datetime(2026, 10, 25, 8, 0, tzinfo=UTC),
                datetime(2026, 10, 26, 8, 0, tzinfo=UTC),
            ],
        ),
    ],
)
def test_reminders_go_out_once_at_eight_local_across_a_clock_change(
    time_zone, start, first, expected_utc
):
    reminder_client("ana@example.com", time_zone, start)
    sent = walk_clock(first, first + timedelta(days=3) - timedelta(minutes=30))
    assert sent == expected_utc
    assert Notification.objects.filter(kind="reminder", status="sent").count() == 3


@pytest.mark.django_db
def test_no_reminder_on_a_rest_day_or_when_the_session_is_logged():
    now = datetime(2026, 3, 10, 14, 0, tzinfo=UTC)  # Tuesday, 10:00 in New York
    rest = make_user("rest@example.com", time_zone="America/New_York")
    make_plan(rest, date(2026, 3, 2), days=("mon", "wed"))
    MailPreferences.objects.create(user=rest, reminders=True)
    logged = reminder_client("logged@example.com", "America/New_York", date(2026, 3, 2))
    log_session(PlannedSession.objects.get(client=logged, date=date(2026, 3, 10)))
    with time_machine.travel(now, tick=False):
        assert reminders.queue_due(now)["queued"] == 0
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_a_second_scheduler_and_a_second_worker_send_nothing_twice():
    now = datetime(2026, 3, 10, 14, 0, tzinfo=UTC)
    for n in range(5):
        reminder_client(f"p{n}@example.com", "America/New_York", date(2026, 3, 9))
    with time_machine.travel(now, tick=False):
        assert reminders.queue_due(now)["queued"] == 5
        assert reminders.queue_due(now)["queued"] == 0
        ids = list(Notification.objects.values_list("pk", flat=True))
        send_queued_mail()
        # The same rows handed to a second worker: all already claimed and sent.
        assert set(outbox.deliver_many(ids, now)) == {"not-claimed"}
    assert len(mail.outbox) == 5


@pytest.mark.django_db
def test_a_worker_stopped_mid_batch_leaves_the_rest_to_be_sent_once(monkeypatch):
    now = datetime(2026, 3, 10, 14, 0, tzinfo=UTC)
    for n in range(4):
        reminder_client(f"p{n}@example.com", "America/New_York", date(2026, 3, 9))
    real_send = mail.EmailMultiAlternatives.send
    calls = []

    def die_on_third(message, *args, **kwargs):
        calls.append(message)
        if len(calls) == 3:
            raise SystemExit("worker killed")
        return real_send(message, *args, **kwargs)

    with time_machine.travel(now, tick=False):
        reminders.queue_due(now)
        ids = list(Notification.objects.order_by("pk").values_list("pk", flat=True))
        monkeypatch.setattr(mail.EmailMultiAlternatives, "send", die_on_third)
        with pytest.raises(SystemExit):
            outbox.deliver_many(ids, now)
        monkeypatch.setattr(mail.EmailMultiAlternatives, "send", real_send)
        outbox.deliver_many(ids, now)  # the restarted worker runs the same batch
    statuses = list(Notification.objects.order_by("pk").values_list("status", flat=True))
    # The one in flight when the worker died is never resent (at most once).
    assert statuses == ["sent", "sent", "sending", "sent"]
    assert len(mail.outbox) == 3
    with time_machine.travel(now + timedelta(hours=1), tick=False):
        assert outbox.sweep_stuck(now + timedelta(hours=1)) == 1


@pytest.mark.django_db
def test_after_downtime_todays_reminder_goes_late_and_yesterdays_never():
    reminder_client("ana@example.com", "Europe/London", date(2026, 3, 9))
    late = datetime(2026, 3, 10, 21, 0, tzinfo=UTC)  # 21:00 in London, the worker was down
    with time_machine.travel(late, tick=False):
        reminders.queue_due(late)
        send_queued_mail()
    assert list(Notification.objects.values_list("day", flat=True)) == [date(2026, 3, 10)]
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_reminder_queued_yesterday_is_not_sent_today():
    reminder_client("ana@example.com", "Europe/London", date(2026, 3, 9))
    evening = datetime(2026, 3, 10, 22, 0, tzinfo=UTC)
    with time_machine.travel(evening, tick=False):
        reminders.queue_due(evening)
    next_day = evening + timedelta(hours=3)
    with time_machine.travel(next_day, tick=False):
        send_queued_mail()
    assert mail.outbox == []
    assert Notification.objects.get().status == "skipped"


@pytest.mark.django_db
def test_finding_due_reminders_costs_the_same_queries_for_any_batch(django_assert_num_queries):
    now = datetime(2026, 3, 10, 14, 0, tzinfo=UTC)
    for n in range(3):
        reminder_client(f"few{n}@example.com", "America/New_York", date(2026, 3, 2))
    with time_machine.travel(now, tick=False), django_assert_num_queries(8):
        # people, sessions, paused plans; then savepoint, insert, new ids, task row, release
        reminders.queue_clients_batch(0, now)
    for n in range(30):
        reminder_client(f"many{n}@example.com", "America/New_York", date(2026, 3, 2))
    with time_machine.travel(now, tick=False), django_assert_num_queries(8):
        reminders.queue_clients_batch(0, now)


@pytest.mark.django_db
def test_s9_9_no_session_reminder_while_the_questions_are_due_only_the_weekly_note():
    """§9.9: 8 planned sessions missed in a row call for the health questions again. From
    that day no session reminder goes out: on the first day the send sees the break on read
    and skips it; the daily command then saves it (rescreen_due), and only the weekly note
    while paused goes out. Someone keeping their rhythm gets their reminder as ever."""
    from io import StringIO

    from django.core.management import call_command

    from plans.models import Plan

    away = reminder_client("away@example.com", "Europe/London", date(2026, 3, 2))
    log_session(PlannedSession.objects.get(client=away, date=date(2026, 3, 2)))  # then 8 missed
    keeping = reminder_client("keeping@example.com", "Europe/London", date(2026, 3, 2))
    for session in PlannedSession.objects.filter(client=keeping, date__lt=date(2026, 3, 11)):
        log_session(session)

    first_day = datetime(2026, 3, 11, 9, 0, tzinfo=UTC)  # 9:00 in London
    with time_machine.travel(first_day, tick=False):
        reminders.queue_due(first_day)
        send_queued_mail()
        skipped = Notification.objects.get(user=away, kind="reminder")
        assert skipped.status == "skipped"
        assert [m.to for m in mail.outbox] == [["keeping@example.com"]]
        call_command("write_schedules", stdout=StringIO())
    plan = Plan.objects.get(client=away)
    assert (plan.status, plan.paused_for, plan.rescreen_due) == ("paused", "long_break", True)

    sent = {}
    for offset in range(1, 8):  # Thursday 12 March to Wednesday 18 March
        now = first_day + timedelta(days=offset)
        before = len(mail.outbox)
        with time_machine.travel(now, tick=False):
            reminders.queue_due(now)
            send_queued_mail()
        sent[now.date()] = [(m.to[0], m.subject) for m in mail.outbox[before:]]
    to_away = {day: mails for day, mails in sent.items() for to, _ in mails if to == away.email}
    assert list(to_away) == [date(2026, 3, 12), date(2026, 3, 16)]  # the weekly note only
    assert not Notification.objects.filter(user=away, kind="reminder", status="sent").exists()
    assert Notification.objects.filter(user=away, kind="pause_note", status="sent").count() == 2
