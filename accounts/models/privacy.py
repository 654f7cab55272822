"""Consent records and the counters that limit how much mail the app sends."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Bump when the privacy page's account of what is stored, why and for whom changes.
HEALTH_CONSENT_VERSION = "2026-1"  # 2026-1: a coach sees what came before only if asked


class Consent(models.Model):
    """A person's explicit agreement, kept with the words' version and when it was given."""

    class Kind(models.TextChoices):
        HEALTH_DATA = "health_data", _("Processing my health answers and logs")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    version = models.CharField(max_length=20)
    given_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-given_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "version"], name="consent_once_per_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} v{self.version} by {self.user_id}"


class SendCount(models.Model):
    """How often one action (sign-up, reset, invite) was used today for one key.

    The key is a keyed hash of an account id, an email address or a client address, so the
    table holds no address in the clear. Rows older than yesterday are deleted as new ones
    are written.
    """

    action = models.CharField(max_length=20)
    key = models.CharField(max_length=64)
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            # Also the index for the one lookup: this action, this key, today.
            models.UniqueConstraint(fields=["action", "key", "day"], name="sendcount_one_row"),
            models.CheckConstraint(condition=Q(count__gte=0), name="sendcount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.day}: {self.count}"
