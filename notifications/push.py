"""Reminders on the phone (Web Push): the person's devices, and push as a channel of the outbox.

A device is a browser's push subscription (models.PushSubscription), saved from the account
page or the questionnaire's result page (views/push.py). The outbox builds each row's email
as before (services/compose.py) and hands it to `phone_first`: a session reminder, the weekly
note while paused and a coach's alert go to the person's devices instead, and by email when
they have none or every one is gone (the push service answers 404 or 410, and the row is
deleted). The once-only rule is the outbox's, per row: pushed to at least one device counts
as sent; a push service that does not answer raises PushFailed, which the outbox retries.

What a lock screen shows is no more than "Time for today's backward walk", or the name and
the event for a coach ("Ana: a fall", as the email's subject): never a pain score, an injury
or why a plan is paused.
"""

import base64
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, TypeGuard
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.db import transaction
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications import emails
from notifications.models import MailPreferences, Notification, PushSubscription

logger = logging.getLogger(__name__)
Kind = Notification.Kind

# The push services of the browsers people use. The worker POSTs to whatever endpoint is
# saved, so only these hosts (and their subdomains) are accepted, never an address of ours.
PUSH_SERVICES = (
    "fcm.googleapis.com",  # Chrome, Edge on Android, Samsung Internet, Opera
    "android.googleapis.com",  # older Chrome
    "updates.push.services.mozilla.com",  # Firefox
    "push.apple.com",  # Safari, and apps added to an iPhone's Home Screen
    "notify.windows.com",  # Edge on Windows
)
# A person's devices; a new one past this replaces the one unused longest.
MAX_DEVICES = 10
TIMEOUT_SECONDS = 10
TITLE = "backward-walk"


class SubscriptionError(ValueError):
    """What the browser sent is not a subscription we can use; the message says so."""


class DeviceTaken(SubscriptionError):
    """The device already gets another person's reminders."""


class PushFailed(OSError):
    """No device took the message and a push service did not answer: the outbox retries."""


def enabled() -> bool:
    return bool(settings.VAPID_PRIVATE_KEY)


# --- Devices ------------------------------------------------------------------------------


def _b64url(text: object, length: int) -> bytes | None:
    if not isinstance(text, str) or not text or len(text) > 200:
        return None
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except ValueError:
        return None
    return raw if len(raw) == length else None


def _is_push_service(endpoint: object) -> TypeGuard[str]:
    if not isinstance(endpoint, str) or len(endpoint) > 1000:
        return False
    parts = urlsplit(endpoint)
    host = (parts.hostname or "").lower()
    return (
        parts.scheme == "https"
        and parts.port in (None, 443)
        and not parts.username
        and any(host == known or host.endswith("." + known) for known in PUSH_SERVICES)
    )


def read_subscription(data: object) -> tuple[str, str, str]:
    """(endpoint, p256dh, auth) from the browser's PushSubscription.toJSON()."""
    unusable = SubscriptionError(
        _("Your browser sent details we cannot use for reminders. Please try again.")
    )
    if not isinstance(data, dict) or not isinstance(data.get("keys"), dict):
        raise unusable
    endpoint, keys = data.get("endpoint"), data["keys"]
    public_key = _b64url(keys.get("p256dh"), 65)
    if not _is_push_service(endpoint) or public_key is None or not _b64url(keys.get("auth"), 16):
        raise unusable
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), public_key)
    except ValueError:
        raise unusable from None
    return endpoint, keys["p256dh"], keys["auth"]


def subscribe(user, data: object, *, asked: bool = False) -> bool:
    """Save this device for `user`; True when it is new to them. A client who `asked` (tapped
    "Remind me on this phone", rather than the page telling us what the browser holds) has
    their reminders turned on too: that is what they asked for."""
    endpoint, p256dh, auth = read_subscription(data)
    with transaction.atomic():
        device = PushSubscription.objects.select_for_update().filter(endpoint=endpoint).first()
        if device is not None and device.user_id != user.pk:
            raise DeviceTaken(
                _(
                    "This phone already gets reminders for another account. Sign in to that "
                    "account and turn them off there first."
                )
            )
        if device is None:
            PushSubscription.objects.create(user=user, endpoint=endpoint, p256dh=p256dh, auth=auth)
            _forget_oldest_devices(user)
        else:
            PushSubscription.objects.filter(pk=device.pk).update(p256dh=p256dh, auth=auth)
        if asked and not user.is_coach:
            MailPreferences.objects.update_or_create(user=user, defaults={"reminders": True})
    return device is None


def _forget_oldest_devices(user) -> None:
    keep = (
        PushSubscription.objects.filter(user=user)
        .order_by(Coalesce("last_used_at", "created_at").desc(), "-pk")
        .values_list("pk", flat=True)[:MAX_DEVICES]
    )
    PushSubscription.objects.filter(user=user).exclude(pk__in=list(keep)).delete()


def unsubscribe(user, endpoint: object) -> bool:
    """Forget this device of `user` (never anyone else's); True if it was theirs."""
    if not isinstance(endpoint, str):
        raise SubscriptionError(_("Your browser did not say which phone to turn off."))
    removed, _kinds = PushSubscription.objects.filter(user=user, endpoint=endpoint).delete()
    return bool(removed)


# --- What a notification says -----------------------------------------------------------


def _reminder(context) -> dict:
    return {"body": _("Time for today's backward walk"), "url": reverse("today"), "tag": "bw"}


def _pause_note(context) -> dict:
    # Why the plan is paused stays in the app and the email, never on a lock screen.
    return {
        "body": _("A note about your plan. Open backward-walk to see what comes next."),
        "url": reverse("today"),
        "tag": "bw",
    }


def _coach_alert(context) -> dict:
    # The email's subject: the client's name and the event ("Ana: a fall"), nothing more.
    return {
        "body": str(context.get("subject") or emails.SUBJECTS[Kind.COACH_ALERT]),
        "url": urlsplit(context["client_url"]).path,
    }


# The kinds that go to a phone, what each says, and how long a push service may hold it for
# a phone that is switched off (a day's reminder is no use the next day).
# Kind -> (the push's words from the mail's context, how long it may wait).
PUSHED: dict[str, tuple[Callable[[dict[str, Any]], dict[str, Any]], timedelta]] = {
    Kind.REMINDER: (_reminder, timedelta(hours=12)),
    Kind.PAUSE_NOTE: (_pause_note, timedelta(days=2)),
    Kind.COACH_ALERT: (_coach_alert, timedelta(days=4)),
}


# --- Sending --------------------------------------------------------------------------------


@dataclass
class Outcome:
    delivered: list[int] = field(default_factory=list)
    gone: list[int] = field(default_factory=list)
    refused: list[int] = field(default_factory=list)
    unanswered: list[str] = field(default_factory=list)


def _push_one(device: PushSubscription, body: str, ttl: timedelta, vapid, outcome) -> None:
    from pywebpush import WebPushException, webpush
    from requests import RequestException

    try:
        webpush(
            {"endpoint": device.endpoint, "keys": {"p256dh": device.p256dh, "auth": device.auth}},
            data=body,
            vapid_private_key=vapid,
            # A new dict each time: webpush() writes the audience and expiry into it.
            vapid_claims={"sub": settings.VAPID_SUBJECT},
            ttl=int(ttl.total_seconds()),
            timeout=TIMEOUT_SECONDS,
        )
    except WebPushException as problem:
        status = problem.response.status_code if problem.response is not None else None
        if status in (404, 410):
            outcome.gone.append(device.pk)
        elif status is not None and (status == 429 or status >= 500):
            outcome.unanswered.append(f"device {device.pk}: HTTP {status}")
        else:  # our keys or the message refused: trying again would not help
            logger.warning("Push service refused device %s: HTTP %s", device.pk, status)
            outcome.refused.append(device.pk)
    except RequestException as problem:
        # The class only: the message holds the endpoint, which is the device's secret address.
        outcome.unanswered.append(f"device {device.pk}: {type(problem).__name__}")
    else:
        outcome.delivered.append(device.pk)


def push_to_devices(user, payload: dict, ttl: timedelta) -> Outcome:
    """Send `payload` to each of the person's devices; forget those that are gone."""
    from py_vapid import Vapid  # pywebpush's; imported here, as the web pages never push

    outcome = Outcome()
    body = json.dumps({"title": TITLE, **payload}, ensure_ascii=False)
    vapid = Vapid.from_raw(settings.VAPID_PRIVATE_KEY.encode())
    for device in PushSubscription.objects.filter(user=user).order_by("pk"):
        _push_one(device, body, ttl, vapid, outcome)
    if outcome.gone:
        PushSubscription.objects.filter(pk__in=outcome.gone).delete()
        logger.info("Forgot %s devices their push service says are gone.", len(outcome.gone))
    if outcome.delivered:
        PushSubscription.objects.filter(pk__in=outcome.delivered).update(
            last_used_at=timezone.now()
        )
    return outcome


class PhoneFirst:
    """An outbox message: to the person's devices, or by email when none took it. Like an
    email message, `send()` raises what the outbox retries (PushFailed)."""

    def __init__(self, user, payload: dict, ttl: timedelta, email):
        self.user, self.payload, self.ttl, self.email = user, payload, ttl, email

    def send(self) -> int:
        outcome = push_to_devices(self.user, self.payload, self.ttl)
        if outcome.delivered:
            return len(outcome.delivered)
        if outcome.unanswered:
            raise PushFailed("; ".join(outcome.unanswered))
        return self.email.send()


def phone_first(row: Notification, context: dict, email):
    """The message the outbox sends for `row`: its email, or for the kinds that go to a
    phone, PhoneFirst (which falls back to that email)."""
    pushed = PUSHED.get(row.kind)
    if pushed is None or row.user is None or not enabled():
        return email
    words, ttl = pushed
    return PhoneFirst(row.user, words(context), ttl, email)
