"""Finding the periodic mail that is due now and queuing it, a batch of people at a time.

Each batch costs the same few queries whatever its size: the people and their choices, their
sessions and paused plans for the days in play, one INSERT of outbox rows that skips any
(user, kind, day) already there, the new rows' ids, and one task row. Whether a person is due
is decided in Python from their own time zone, so daylight-saving changes need no special case.
A mail is due from the person's chosen local time until their local midnight: after downtime,
today's is sent late; a past day's is never queued (the send re-checks the day too).
"""

import uuid
import zoneinfo
from datetime import date, datetime, time

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from notifications import outbox
from notifications.models import DEFAULT_TIME, Notification
from plans.models import Plan, PlannedSession
from plans.progress import monday_of
from plans.services.transitions import PAUSED

BATCH_SIZE = 1000
Kind = Notification.Kind


def local_moment(now: datetime, time_zone: str) -> tuple[date, time]:
    local = now.astimezone(zoneinfo.ZoneInfo(time_zone))
    return local.date(), local.time()


def _client_rows(after: int, size: int):
    return list(
        User.objects.filter(role=User.Role.CLIENT, is_active=True, pk__gt=after)
        .filter(Q(mail_preferences__reminders=True) | Q(mail_preferences__weekly_summary=True))
        .order_by("pk")
        .values_list(
            "pk",
            "time_zone",
            "mail_preferences__reminder_time",
            "mail_preferences__reminders",
            "mail_preferences__weekly_summary",
        )[:size]
    )


def _due_client_rows(rows, now: datetime) -> list[Notification]:
    """The outbox rows wanted for one batch of clients (a constant number of queries)."""
    due: dict[int, date] = {}  # person -> their local day, once their time has come
    weekly: list[tuple[int, date]] = []
    for pk, time_zone, at, wants_reminders, wants_weekly in rows:
        day, clock = local_moment(now, time_zone)
        if clock < (at or DEFAULT_TIME):
            continue
        if wants_reminders:
            due[pk] = day
        if wants_weekly and day.weekday() == 0:
            weekly.append((pk, day))
    wanted = [Notification(user_id=pk, kind=Kind.WEEKLY_SUMMARY, day=day) for pk, day in weekly]
    if not due:
        return wanted
    days = set(due.values())
    sessions = PlannedSession.objects.filter(
        client_id__in=list(due),
        date__in=days,
        cancelled=False,
        log__isnull=True,
        plan__status=Plan.Status.ACTIVE,
        # While the health questions are due, no session reminder (§9.9); the send checks
        # again for a long break seen on read.
        plan__rescreen_due=False,
    ).values_list("client_id", "date")
    wanted += [
        Notification(user_id=pk, kind=Kind.REMINDER, day=day)
        for pk, day in sessions
        if due[pk] == day
    ]
    paused = Plan.objects.filter(client_id__in=list(due), status__in=PAUSED).values_list(
        "client_id", "paused_on"
    )
    # One note a week, keyed on the Monday; never on the day the pause itself began.
    wanted += [
        Notification(user_id=pk, kind=Kind.PAUSE_NOTE, day=monday_of(due[pk]))
        for pk, paused_on in paused
        if paused_on is None or paused_on < due[pk]
    ]
    return wanted


def _coach_rows(after: int, size: int):
    return list(
        User.objects.filter(role=User.Role.COACH, is_active=True, pk__gt=after)
        .exclude(mail_preferences__coach_digest=False)
        .order_by("pk")
        .values_list("pk", "time_zone", "mail_preferences__digest_time")[:size]
    )


def _due_coach_rows(rows, now: datetime) -> list[Notification]:
    wanted = []
    for pk, time_zone, at in rows:
        day, clock = local_moment(now, time_zone)
        if clock >= (at or DEFAULT_TIME):
            wanted.append(Notification(user_id=pk, kind=Kind.COACH_DIGEST, day=day))
    return wanted


def _queue(wanted: list[Notification]) -> int:
    """Insert the rows nobody queued before and queue one task for them, atomically."""
    if not wanted:
        return 0
    batch = uuid.uuid4()
    for row in wanted:
        row.batch = batch
    with transaction.atomic():
        Notification.objects.bulk_create(wanted, ignore_conflicts=True)
        ids = list(Notification.objects.filter(batch=batch).values_list("pk", flat=True))
        outbox.enqueue(ids)
    return len(ids)


def queue_clients_batch(after: int, now: datetime, size: int = BATCH_SIZE) -> tuple[int, int]:
    """One batch of clients after id `after`: (the last id seen or -1 when done, rows queued)."""
    rows = _client_rows(after, size)
    if not rows:
        return -1, 0
    return rows[-1][0], _queue(_due_client_rows(rows, now))


def queue_coaches_batch(after: int, now: datetime, size: int = BATCH_SIZE) -> tuple[int, int]:
    rows = _coach_rows(after, size)
    if not rows:
        return -1, 0
    return rows[-1][0], _queue(_due_coach_rows(rows, now))


def queue_due(now: datetime | None = None, size: int = BATCH_SIZE) -> dict[str, int]:
    """Everything due at `now`, all batches; safe to run as often and as many times as liked."""
    now = now or timezone.now()
    counts = {"queued": 0, "batches": 0, "stuck": outbox.sweep_stuck(now)}
    for one_batch in (queue_clients_batch, queue_coaches_batch):
        after = 0
        while after != -1:
            after, queued = one_batch(after, now, size)
            counts["queued"] += queued
            counts["batches"] += 1
    return counts
