"""The person's secret calendar feed: one row per person who asked for a link."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class CalendarFeed(models.Model):
    """The random half of a person's feed link; the other half is an HMAC of it.

    Nothing secret is stored: the link's token is derived from `key` with the server's
    SECRET_KEY (feeds.services), so a copy of the database alone cannot read
    anyone's calendar, and the page can show the same link again. "Make a new link" draws a
    new key, and the old link stops working.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    # Unique: the feed view looks the row up by it, after the token has been checked.
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user_id}"
