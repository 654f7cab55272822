"""The outbox: every email goes through a Notification row, claimed before the send.

What "sent" means: a row moves queued -> sending in one conditional UPDATE (only one worker
can win it), then the SMTP conversation happens, then sending -> sent. If the mail server
refuses or does not answer, the row goes to "retry" with a growing wait and is tried again by
a later task, up to MAX_ATTEMPTS. If the worker process dies between the claim and the mark,
nobody knows whether the server accepted the mail; we choose at most once: such a row is never
sent again automatically (the sweep marks it "unknown" and logs it). A missed reminder is a
small harm; a second copy of the same email teaches people to ignore them.

Account mail (sign-up and email-change links) is stored as written, and its link signs the
person in: the words are forgotten as soon as the row is finished, sent or not.
"""

import logging
import smtplib
from datetime import datetime, timedelta

from django.core.mail import BadHeaderError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task

from notifications.compose import Skip, message_for
from notifications.models import Notification
from notifications.push import PushFailed

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
FIRST_WAIT = timedelta(minutes=1)
# A claim older than this belongs to a worker that stopped (EMAIL_TIMEOUT is seconds).
STUCK_AFTER = timedelta(minutes=15)
# What a refused send raises: the mail server, or a push service (services/push.py).
SEND_ERRORS = (OSError, smtplib.SMTPException, BadHeaderError, PushFailed)


def backoff(attempts: int) -> timedelta:
    """Wait before try number attempts+1: 1, 5, 25, 125 minutes."""
    return FIRST_WAIT * 5 ** max(attempts - 1, 0)


def enqueue(ids: list[int], run_after: datetime | None = None) -> None:
    """Queue a task that sends these rows; runs when the caller's transaction commits."""
    if not ids:
        return
    task = send_notifications.using(run_after=run_after) if run_after else send_notifications
    task.enqueue(list(ids))


def queue_one(kind: str, *, to: str, key: str, user=None, data=None) -> Notification | None:
    """Queue a one-off email (invite, password reset, coach alert); None if `key` was queued
    before. The task row is written in the same transaction as the outbox row."""
    with transaction.atomic():
        row, created = Notification.objects.get_or_create(
            key=key, defaults={"kind": kind, "to": to, "user": user, "data": data or {}}
        )
        if not created:
            return None
        enqueue([row.pk])
    return row


def claim(notification_id: int, now: datetime) -> Notification | None:
    """Take the row for this worker, or None when another worker has it or it is done."""
    won = Notification.objects.filter(
        Q(next_try_at__isnull=True) | Q(next_try_at__lte=now),
        pk=notification_id,
        status__in=[Notification.Status.QUEUED, Notification.Status.RETRY],
    ).update(status=Notification.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if not won:
        return None
    return Notification.objects.select_related("user").get(pk=notification_id)


def _mark(row: Notification, status: str, **fields) -> None:
    Notification.objects.filter(pk=row.pk).update(status=status, **fields)


def _finish(row: Notification, status: str, **fields) -> None:
    """Mark a row that will not be tried again; an account mail's words go with it."""
    if row.kind == Notification.Kind.ACCOUNT:
        fields["data"] = {}
    _mark(row, status, **fields)


def deliver(notification_id: int, now: datetime | None = None) -> str:
    """Claim, build, send and mark one row; returns the status it was left in."""
    now = now or timezone.now()
    row = claim(notification_id, now)
    if row is None:
        return "not-claimed"
    try:
        message = message_for(row, now)
    except Skip as why:
        _finish(row, Notification.Status.SKIPPED, last_error=str(why))
        return Notification.Status.SKIPPED
    try:
        message.send()
    except SEND_ERRORS as problem:
        if row.attempts >= MAX_ATTEMPTS:
            _finish(row, Notification.Status.FAILED, last_error=repr(problem))
            logger.error("Gave up mailing notification %s: %r", row.pk, problem)
            return Notification.Status.FAILED
        retry_at = now + backoff(row.attempts)
        with transaction.atomic():
            _mark(row, Notification.Status.RETRY, next_try_at=retry_at, last_error=repr(problem))
            enqueue([row.pk], run_after=retry_at)
        return Notification.Status.RETRY
    _finish(row, Notification.Status.SENT, sent_at=timezone.now(), last_error="")
    return Notification.Status.SENT


@task()
def send_notifications(ids: list[int]) -> dict[str, int]:
    """The worker's task: send each row once. It lives here, beside `enqueue`, so queueing a
    row and the task that sends it need no import of the worker's module (tasks.py)."""
    return deliver_many(ids)


def deliver_many(ids: list[int], now: datetime | None = None) -> dict[str, int]:
    counts: dict[str, int] = {}
    for notification_id in ids:
        status = deliver(notification_id, now)
        counts[status] = counts.get(status, 0) + 1
    return counts


def sweep_stuck(now: datetime) -> int:
    """Rows claimed by a worker that stopped mid-send: maybe sent, so never sent again."""
    stuck = Notification.objects.filter(
        status=Notification.Status.SENDING, claimed_at__lt=now - STUCK_AFTER
    )
    stuck.filter(kind=Notification.Kind.ACCOUNT).update(data={})
    count = stuck.update(status=Notification.Status.UNKNOWN)
    if count:
        logger.warning("%s emails were being sent when a worker stopped; not resent.", count)
    return count
