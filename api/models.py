"""Personal access tokens and the answers kept for Idempotency-Key.

Both point at the user model only, so they follow the account: deleting a person deletes
their tokens and kept answers (CASCADE).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    """What a token may do. Each scope includes the ones it names: "log" reads too."""

    READ = "read", _("Read my plan, sessions and progress")
    LOG = "log", _("Read, and log sessions, ratings, morning pain and falls")
    COACH_READ = "coach_read", _("Read my clients' plans, history, notes and tests")
    COACH_WRITE = "coach_write", _("Read, and write notes and record tests for my clients")


# The scopes each role may give a token (a coach walks no plan; a client coaches nobody).
SCOPES_FOR_ROLE = {
    "client": (Scope.READ, Scope.LOG),
    "coach": (Scope.COACH_READ, Scope.COACH_WRITE),
}
# What each scope allows: itself and the weaker one of its kind.
GRANTS = {
    Scope.READ: frozenset({Scope.READ}),
    Scope.LOG: frozenset({Scope.READ, Scope.LOG}),
    Scope.COACH_READ: frozenset({Scope.COACH_READ}),
    Scope.COACH_WRITE: frozenset({Scope.COACH_READ, Scope.COACH_WRITE}),
}


class AccessToken(models.Model):
    """A personal access token, made on the account page and shown once.

    Only a SHA-256 digest of the secret is kept: the secret is 32 random bytes, so a slow
    password hash would add nothing but time to every request (as GitHub and Django REST
    Knox keep theirs). The prefix is shown on the account page to tell tokens apart.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=80)
    scope = models.CharField(max_length=12, choices=Scope.choices)
    prefix = models.CharField(max_length=12)
    # Unique: also the index for the one lookup each request makes.
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scope__in=[s.value for s in Scope]), name="api_token_scope_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…, {self.scope})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def allows(self, scope: str) -> bool:
        return scope in GRANTS[Scope(self.scope)]


class IdempotencyRecord(models.Model):
    """The first answer to a write sent with an Idempotency-Key, kept a day so that a retry
    with the same key and body gets the same answer and never a second log.

    `status_code` is None while the first request is still running: a second one with the
    same key then gets 409 instead of running the write again.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    # SHA-256 of the method, the path and the body: the same key with another request is
    # refused (422), not answered with the first one's result.
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    body = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            # One answer per person and key; also the index for the lookup.
            models.UniqueConstraint(fields=["user", "key"], name="api_idempotency_once"),
        ]
        indexes = [
            # Pruning the records older than a day.
            models.Index(fields=["created_at"], name="api_idempotency_age"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.key} ({self.status_code})"
