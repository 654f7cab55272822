from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plans.models.choices import Clearance, Outcome, Tier


class Screening(models.Model):
    """One filled-in questionnaire, kept as given, with what the rules made of it."""

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="screenings"
    )
    answers = models.JSONField()
    rules_version = models.CharField(max_length=20)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    tier = models.CharField(max_length=4, choices=Tier.choices, blank=True)
    steadi_score = models.PositiveSmallIntegerField()
    abc6 = models.FloatField()
    flags = models.JSONField(default=list)  # [{code, source, params}], words from "flag."
    created_at = models.DateTimeField(default=timezone.now)
    clearance = models.CharField(max_length=10, choices=Clearance.choices, blank=True)
    cleared_on = models.DateField(null=True, blank=True)
    cleared_by = models.CharField(_("cleared by"), max_length=120, blank=True)
    cleared_profession = models.CharField(max_length=60, blank=True)
    clearance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        indexes = [
            # The client's latest screening.
            models.Index(fields=["client", "-created_at"], name="screening_client_recent"),
        ]

    def __str__(self) -> str:
        return f"Screening {self.pk} of {self.client_id}: {self.outcome}"


class QuestionnaireDraft(models.Model):
    """Answers so far, so a person who leaves half-way picks up where they stopped."""

    client = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="questionnaire_draft"
    )
    answers = models.JSONField(default=dict)
    step = models.PositiveSmallIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Draft of {self.client_id} at step {self.step}"
