from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from assessments import readings as assessments


class AssessmentResult(models.Model):
    """One functional test (domain §8) as done on a day: by the person, or their coach in clinic."""

    class Kind(models.TextChoices):
        BACKWARD_WALK = assessments.BACKWARD_WALK, assessments.KIND_NAMES[assessments.BACKWARD_WALK]
        TUG = assessments.TUG, assessments.KIND_NAMES[assessments.TUG]
        CHAIR_STAND = assessments.CHAIR_STAND, assessments.KIND_NAMES[assessments.CHAIR_STAND]
        BALANCE = assessments.BALANCE, assessments.KIND_NAMES[assessments.BALANCE]

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assessment_results"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    taken_on = models.DateField()
    # The number a trend shows (assessments.main_value): seconds, stands, or tandem seconds.
    value = models.DecimalField(max_digits=5, decimal_places=2)
    # Everything entered: each timed walk, age and sex for the chair stand, each stance held.
    values = models.JSONField(default=dict)
    # The reading when it was saved (assessments.AT_RISK / TYPICAL / NO_READING).
    reading = models.CharField(max_length=12)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-taken_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=assessments.KINDS), name="assessment_kind_valid"
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=(assessments.BACKWARD_WALK, assessments.TUG))
                | Q(value__gte=assessments.MIN_SECONDS, value__lte=assessments.MAX_SECONDS),
                name="assessment_seconds_range",
            ),
            models.CheckConstraint(
                condition=~Q(kind=assessments.CHAIR_STAND)
                | Q(value__gte=0, value__lte=assessments.MAX_STANDS),
                name="assessment_stands_range",
            ),
            models.CheckConstraint(
                condition=~Q(kind=assessments.BALANCE)
                | Q(value__gte=0, value__lte=assessments.STANCE_SECONDS),
                name="assessment_stance_range",
            ),
            models.CheckConstraint(
                condition=Q(
                    reading__in=(assessments.AT_RISK, assessments.TYPICAL, assessments.NO_READING)
                ),
                name="assessment_reading_valid",
            ),
        ]
        indexes = [
            # A client's trend of one test, and the dashboard's latest 3MBWT per client.
            models.Index(fields=["client", "kind", "-taken_on"], name="assessment_client_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} of {self.client_id} on {self.taken_on}: {self.value}"

    @property
    def kind_name(self) -> str:
        return str(assessments.KIND_NAMES[self.kind])

    @property
    def at_risk(self) -> bool:
        return self.reading == assessments.AT_RISK
