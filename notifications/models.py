"""What the app mails: each person's choices, and the outbox row that makes a send happen once."""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DEFAULT_TIME = datetime.time(8, 0)


class MailPreferences(models.Model):
    """One row per person who changed a choice; no row means the defaults below."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mail_preferences"
    )
    reminders = models.BooleanField(_("email me on session days"), default=False)
    reminder_time = models.TimeField(_("at this time (your time zone)"), default=DEFAULT_TIME)
    weekly_summary = models.BooleanField(_("email me a short summary each Monday"), default=False)
    # A coach's mail: on unless they say no, since it is about people's safety.
    coach_alerts = models.BooleanField(_("email me when a client's plan is paused"), default=True)
    coach_digest = models.BooleanField(_("email me a daily list of who needs me"), default=True)
    digest_time = models.TimeField(
        _("daily list at this time (your time zone)"), default=DEFAULT_TIME
    )

    def __str__(self) -> str:
        return f"mail preferences of {self.user_id}"


class Notification(models.Model):
    """One email to one person: the outbox row is claimed before the send and marked after.

    Periodic mail (reminders, the weekly summary, the coach's digest) is keyed on
    (user, kind, day) by a constraint, so two schedulers or a restarted one cannot queue it
    twice. One-off mail (invites, password resets, coach alerts, account mail) carries a
    unique `key`.
    """

    class Kind(models.TextChoices):
        REMINDER = "reminder", _("Session reminder")
        PAUSE_NOTE = "pause_note", _("Weekly note while paused")
        WEEKLY_SUMMARY = "weekly_summary", _("Weekly summary")
        COACH_ALERT = "coach_alert", _("Coach alert")
        COACH_DIGEST = "coach_digest", _("Coach's daily list")
        INVITE = "invite", _("Invite")
        PASSWORD_RESET = "password_reset", _("Password reset")
        # Sign-up link, "you already have an account", the email change's link and notice:
        # written in the request (accounts/services/account.py), kept only until sent.
        ACCOUNT = "account", _("Account email")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        RETRY = "retry", _("Will try again")
        SENT = "sent", _("Sent")
        SKIPPED = "skipped", _("No longer needed")
        FAILED = "failed", _("Gave up")
        # Claimed by a worker that stopped before it said how the send went: maybe sent.
        UNKNOWN = "unknown", _("Unknown: the worker stopped while sending")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    # The person's local day (a Monday for weekly kinds) this periodic mail belongs to.
    day = models.DateField(null=True, blank=True)
    key = models.CharField(max_length=80, blank=True, default="")
    to = models.EmailField(blank=True)
    # Ids the message is built from (never health answers, never a reset token).
    data = models.JSONField(default=dict, blank=True)
    # Rows inserted together: lets the scheduler find its own new rows after a bulk insert
    # that skipped conflicts (which returns no primary keys on PostgreSQL).
    batch = models.UUIDField(default=uuid.uuid4, db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_try_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "day"],
                condition=Q(day__isnull=False),
                name="notification_once_per_user_kind_day",
            ),
            models.UniqueConstraint(
                fields=["key"], condition=~Q(key=""), name="notification_key_unique"
            ),
        ]
        indexes = [
            # The scheduler's "already queued for these days?" look-up.
            models.Index(fields=["kind", "day"], name="notification_kind_day"),
            # The sweep for rows left "sending" by a stopped worker.
            models.Index(fields=["status", "claimed_at"], name="notification_status_claimed"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.user_id or self.to} ({self.day or self.key}): {self.status}"


class PushSubscription(models.Model):
    """One browser on one device that agreed to show our notifications (the Push API).

    The endpoint is the push service's address for that browser; p256dh and auth are the
    browser's keys, which encrypt each message so that only it can read them. A push service
    answering 404 or 410 means the browser dropped it: the row is deleted (services/push.py).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=100)
    auth = models.CharField(max_length=50)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"push subscription {self.pk} of {self.user_id}"
