"""Daily limits on everything that sends mail or creates accounts.

Counted in the database (SendCount, one row per action, key and day) rather than a cache:
every app server shares it with no new service to run, and one conditional UPDATE per key
makes "below the limit, then count" a single atomic step on SQLite and PostgreSQL alike.
"""

import hashlib
import hmac
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import SendCount
from backward_walk.text import Text
from plans.said import sentences


@dataclass(frozen=True)
class Limit:
    action: str  # what is counted, e.g. "signup_address"
    per_day: int
    message: Text  # shown to the person when the limit is reached


SIGNUP_PER_ADDRESS = Limit(
    "signup_ip", 10, _("Too many accounts were started from this connection today.")
)
SIGNUP_PER_EMAIL = Limit("signup_email", 3, _("We have sent several emails to this address today."))
RESET_PER_ADDRESS = Limit(
    "reset_ip", 20, _("Too many password resets were asked for from this connection today.")
)
RESET_PER_EMAIL = Limit(
    "reset_email", 3, _("We have sent several reset emails to this address today.")
)
INVITES_PER_ACCOUNT = Limit("invite_account", 20, _("You have made 20 invites today."))
INVITES_PER_EMAIL = Limit("invite_email", 3, _("This address has had 3 invites from us today."))
EMAIL_CHANGES_PER_ACCOUNT = Limit(
    "email_change", 5, _("You have asked to change your email 5 times today.")
)
# Calendar apps fetch a feed every few minutes to once a day; this leaves room for several
# devices on one link while stopping a leaked link from being fetched without end.
CALENDAR_FEED_PER_LINK = Limit(
    "calendar_feed", 1000, "This calendar link has been read very often today."
)

TRY_TOMORROW = _("Please try again tomorrow.")


class LimitReached(Exception):
    """A daily limit is used up; str() is the plain message for the person."""

    def __init__(self, limit: Limit):
        super().__init__(sentences(limit.message, TRY_TOMORROW))
        self.limit = limit


def _key(action: str, value: str) -> str:
    """A keyed hash: the table can be read without learning any address."""
    message = f"{action}:{value.strip().lower()}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def _take_one(limit: Limit, value: str, day) -> bool:
    key = _key(limit.action, value)
    try:
        with transaction.atomic():
            SendCount.objects.get_or_create(action=limit.action, key=key, day=day)
    except IntegrityError:  # another request made the row first: fine, it exists now
        pass
    return bool(
        SendCount.objects.filter(
            action=limit.action, key=key, day=day, count__lt=limit.per_day
        ).update(count=F("count") + 1)
    )


@transaction.atomic
def spend(*uses: tuple[Limit, str]) -> None:
    """Count one use against each (limit, value); LimitReached, counting none, if one is full.

    Call it inside the transaction that does the work, so a failed send un-counts it too.
    Empty values (no email given) are not counted.
    """
    day = timezone.now().date()
    for limit, value in uses:
        if value and not _take_one(limit, str(value), day):
            raise LimitReached(limit)
    SendCount.objects.filter(day__lt=day - timedelta(days=1)).delete()


def forget(*values: str) -> int:
    """Drop today's and yesterday's counts for these values (an account being deleted)."""
    keys = [_key(action, str(value)) for value in values for action in _ACTIONS]
    return SendCount.objects.filter(key__in=keys).delete()[0]


_ACTIONS = [
    limit.action
    for limit in (
        SIGNUP_PER_ADDRESS,
        SIGNUP_PER_EMAIL,
        RESET_PER_ADDRESS,
        RESET_PER_EMAIL,
        INVITES_PER_ACCOUNT,
        INVITES_PER_EMAIL,
        EMAIL_CHANGES_PER_ACCOUNT,
        CALENDAR_FEED_PER_LINK,
    )
]
