from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FallReport(models.Model):
    """A fall the person told us about on its own, outside a session log (domain §9.7).

    Not a SessionLog: that row belongs to one planned session (and counts as done or skipped
    in the plan's rhythm), while a fall can happen on any day, with or without a plan. Never
    deleted, except with the account.
    """

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="fall_reports"
    )
    # When it happened, to the minute, as the person gave it (their own time zone on the form).
    happened_at = models.DateTimeField(_("when it happened"))
    injury = models.BooleanField(_("hurt"), default=False)
    head_strike = models.BooleanField(_("hit their head"), default=False)
    reported_at = models.DateTimeField(default=timezone.now)
    # What it did to the plan (a pause, or a stronger need); none when there was no plan.
    event = models.ForeignKey(
        "plans.PlanEvent", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-reported_at", "-id"]
        constraints = [
            # A double submit (or the same fall told twice) is one fall. Also the index for
            # "this person's falls in the last 12 months".
            models.UniqueConstraint(
                fields=["client", "happened_at"], name="fall_report_once_per_moment"
            ),
        ]

    def __str__(self) -> str:
        return f"Fall of {self.client_id} at {self.happened_at:%Y-%m-%d %H:%M}"
