from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from plans import rules
from plans.models.choices import Stage, Tier


class PlanQuerySet(models.QuerySet):
    def current(self) -> "PlanQuerySet":
        """Plans that are not ended: at most one per client (plan_one_current_per_client)."""
        return self.exclude(status=Plan.Status.ENDED)


class Plan(models.Model):
    """One version of a client's plan. A new screening makes a new version; old ones stay.

    Only plans.services.transitions changes the fields marked "plan state" below.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        NEEDS_CLEARANCE = "needs_clearance", _("Waiting for clearance")
        ENDED = "ended", _("Ended")

    class PauseNeeds(models.TextChoices):
        NONE = "", _("Nothing")
        SELF = "self", _("The client's own re-check")
        COACH = "coach", _("A coach or physio")
        PHYSICIAN = "physician", _("A physician")

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plans"
    )
    screening = models.ForeignKey("plans.Screening", on_delete=models.PROTECT, related_name="+")
    version = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    pause_needs = models.CharField(
        max_length=10, choices=PauseNeeds.choices, blank=True, default=PauseNeeds.NONE
    )
    # What to do while paused, as stored codes [{code, params}] (plans.said): put into words
    # in the reader's language when shown.
    pause_reason = models.JSONField(default=list, blank=True)
    # Why it is paused: fall, red_flag, pain, health_change, long_break, illness, screening, coach.
    paused_for = models.CharField(max_length=16, blank=True)
    # When the pause began: clearances must be dated on or after it, and the 48-hour wait after
    # a fall and the 7-day wait after an illness count from it.
    paused_at = models.DateTimeField(null=True, blank=True)
    paused_on = models.DateField(null=True, blank=True)  # the client's local date of paused_at
    # Every cause of the pause (§9.4): [{cause, needs, on, since, cleared}] (plans.pauses). The
    # plan restarts only when none is open; pause_needs, paused_for, paused_at and paused_on
    # are read from the open ones by the one writer. Empty on plans paused before v3.
    pause_causes = models.JSONField(default=list, blank=True)
    # The person must answer the health questions again before logging (long break, health change).
    rescreen_due = models.BooleanField(default=False)
    # Escalation (domain §3 v2): the coach is flagged instead of stepping back forever.
    needs_review = models.BooleanField(default=False)
    needs_review_reason = models.JSONField(default=list, blank=True)  # [{code, params}]
    tier = models.CharField(max_length=4, choices=Tier.choices)
    # What the person can use and when, copied from the answers so later weeks need no re-read.
    stages = models.JSONField()  # usable stages in order
    skipped = models.JSONField(default=dict)  # stage -> its reason's code {code, params}
    reasons = models.JSONField(default=list)  # [{code, source, params}] (plans.said)
    days = models.JSONField()  # ["mon", ...]
    minutes_available = models.PositiveSmallIntegerField()
    treadmill_supervised = models.BooleanField(default=False)  # the helper answer, for the coach
    # Stages a linked coach confirmed someone trained will attend (domain §1 v2).
    supervised_stages = models.JSONField(default=list)
    # Falls logged on this plan; added to the screening's falls_12m at the next plan change.
    falls_logged = models.PositiveSmallIntegerField(default=0)
    # Where the person is now.
    stage = models.CharField(max_length=10, choices=Stage.choices)
    level = models.PositiveSmallIntegerField()
    backward_minutes = models.PositiveSmallIntegerField()
    speed_kmh = models.DecimalField(max_digits=3, decimal_places=1, null=True, blank=True)
    # True when a coach set the speed: kept across levels until the coach clears it.
    speed_locked = models.BooleanField(default=False)
    start_date = models.DateField()
    level_started = models.DateField()
    stage_started = models.DateField()
    usual_morning_pain = models.PositiveSmallIntegerField(null=True, blank=True)
    # When the rules last decided: pause triggers look at every entry made since then.
    decided_at = models.DateTimeField(null=True, blank=True)
    # The last day with planned sessions written out (by plan changes and the daily command).
    written_through = models.DateField(null=True, blank=True)
    rules_version = models.CharField(max_length=20)
    # Bumped on every change of the plan's state: a writer that read an older value lost a
    # race and must re-read (client log vs coach adjustment at the same moment).
    row_version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["client", "version"], name="plan_version_unique"),
            models.UniqueConstraint(
                fields=["client"],
                condition=~Q(status="ended"),
                name="plan_one_current_per_client",
            ),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=4), name="plan_level_1_4"),
            models.CheckConstraint(
                condition=Q(backward_minutes__gte=1, backward_minutes__lte=60),
                name="plan_backward_minutes_range",
            ),
            models.CheckConstraint(
                condition=Q(speed_kmh__isnull=True)
                | Q(
                    speed_kmh__gte=rules.COACH_SPEED_MIN_KMH,
                    speed_kmh__lte=rules.COACH_SPEED_MAX_KMH,
                ),
                name="plan_speed_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Plan v{self.version} of {self.client_id} ({self.status})"

    def save(self, *args, **kwargs):
        adding = self._state.adding
        super().save(*args, **kwargs)
        if adding:
            # The client's menu gains "My plan" and "Progress" for good (User.menu_has_plan):
            # stored here, in the transaction that makes the plan, so no page asks again.
            User.objects.filter(pk=self.client_id, menu_has_plan=False).update(menu_has_plan=True)
            if "client" in self._state.fields_cache:
                self.client.menu_has_plan = True

    @property
    def is_current(self) -> bool:
        return self.status != self.Status.ENDED

    def allowed_actions(self) -> frozenset[str]:
        """What may be done to this plan now; templates and services both ask here."""
        return allowed_actions(self)


class PlannedSession(models.Model):
    """One day's prescription. Its identity is (client, date): a plan change updates a future
    session in place (a calendar feed keeps its id) and `sequence` counts the changes."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sessions")
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="planned_sessions"
    )
    date = models.DateField()
    # Cancelled by a pause: never due, never missed; kept so a feed can show it cancelled.
    cancelled = models.BooleanField(default=False)
    sequence = models.PositiveIntegerField(default=0)
    seated_rest = models.BooleanField(default=False)
    stage = models.CharField(max_length=10, choices=Stage.choices)
    level = models.PositiveSmallIntegerField()
    warmup_minutes = models.PositiveSmallIntegerField()
    backward_minutes = models.PositiveSmallIntegerField()
    forward_minutes = models.PositiveSmallIntegerField()
    cooldown_minutes = models.PositiveSmallIntegerField()
    bout_backward_seconds = models.PositiveSmallIntegerField()
    bout_forward_seconds = models.PositiveSmallIntegerField()
    total_minutes = models.PositiveSmallIntegerField()
    rpe_low = models.PositiveSmallIntegerField()
    rpe_high = models.PositiveSmallIntegerField()
    speed_kmh = models.DecimalField(max_digits=3, decimal_places=1, null=True, blank=True)

    class Meta:
        ordering = ["date"]
        constraints = [
            # Also the index for "this client's sessions between two dates".
            models.UniqueConstraint(fields=["client", "date"], name="session_one_per_client_day"),
        ]
        indexes = [
            # This plan's sessions between two dates (plan page, progress, the rules' history).
            models.Index(fields=["plan", "date"], name="session_plan_date"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.stage} L{self.level}"

    @property
    def is_due(self) -> bool:
        return not self.cancelled

    @property
    def bout_backward(self) -> str:
        return duration_words(self.bout_backward_seconds)

    @property
    def bout_forward(self) -> str:
        return duration_words(self.bout_forward_seconds)


def duration_words(seconds: int) -> str:
    """90 -> "1½ minutes", 60 -> "1 minute", 30 -> "30 seconds"."""
    if seconds < 60:
        return f"{seconds} seconds"
    minutes, rest = divmod(seconds, 60)
    half = "½" if rest >= 30 else ""
    unit = "minute" if (minutes, half) == (1, "") else "minutes"
    return f"{minutes}{half} {unit}"


class SessionLog(models.Model):
    """What the client did on a planned session. Never deleted; one per planned session."""

    class Status(models.TextChoices):
        DONE = "done", _("Done as planned")
        PARTIAL = "partial", _("Partly done")
        SKIPPED = "skipped", _("Skipped")

    planned = models.OneToOneField(PlannedSession, on_delete=models.PROTECT, related_name="log")
    # No index of its own: log_client_recent starts with the client. With both, PostgreSQL
    # picked the narrower one for the dashboard's "last two weeks" lookups and read every log
    # of each client (bench/: half the dashboard's first query).
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="session_logs",
        db_index=False,
    )
    date = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices)
    minutes = models.PositiveSmallIntegerField()
    backward_minutes = models.PositiveSmallIntegerField()
    rpe = models.PositiveSmallIntegerField(_("effort (0–10)"), null=True, blank=True)
    pain_during = models.PositiveSmallIntegerField(_("pain during (0–10)"), null=True, blank=True)
    pain_next_morning = models.PositiveSmallIntegerField(
        _("pain the next morning (0–10)"), null=True, blank=True
    )
    fall = models.BooleanField(default=False)
    fall_injury = models.BooleanField(default=False)
    fall_head_strike = models.BooleanField(default=False)
    near_fall = models.BooleanField(default=False)
    red_flag = models.BooleanField(default=False)
    # "Anything new with your health?" (domain §3 v2): yes pauses and asks the questions again.
    health_changed = models.BooleanField(default=False)
    note = models.TextField(blank=True, max_length=2000)
    logged_at = models.DateTimeField(default=timezone.now)
    # When the next-morning pain, the one-tap ratings or a same-day correction came in: the
    # pause rules look at every entry made since the plan's last decision.
    morning_pain_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(rpe__isnull=True) | Q(rpe__lte=10), name="log_rpe_0_10"
            ),
            models.CheckConstraint(
                condition=Q(pain_during__isnull=True) | Q(pain_during__lte=10),
                name="log_pain_during_0_10",
            ),
            models.CheckConstraint(
                condition=Q(pain_next_morning__isnull=True) | Q(pain_next_morning__lte=10),
                name="log_pain_morning_0_10",
            ),
            models.CheckConstraint(condition=Q(minutes__lte=300), name="log_minutes_max"),
            models.CheckConstraint(
                condition=Q(backward_minutes__lte=models.F("minutes")),
                name="log_backward_within_minutes",
            ),
        ]
        indexes = [
            # A client's latest logs (Today, dashboard's last activity, progress charts).
            models.Index(fields=["client", "-date"], name="log_client_recent"),
            # The few logs that raise a dashboard flag (strong pain, a fall), by date: the
            # flags read the last two weeks of these instead of every log (bench/).
            models.Index(
                fields=["date"],
                condition=Q(pain_during__gte=rules.PAUSE_PAIN)
                | Q(pain_next_morning__gte=rules.PAUSE_PAIN)
                | Q(fall=True),
                name="log_flagged_by_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.status}"


class PlanEvent(models.Model):
    """The plan's history: each rule decision, coach adjustment and clearance, with why."""

    class Kind(models.TextChoices):
        ADVANCE = "advance", _("Moved up")
        HOLD = "hold", _("Held steady")
        STEP_BACK = "step_back", _("Stepped back")
        PAUSE = "pause", _("Paused")
        RESUME = "resume", _("Resumed")
        ADJUST = "adjust", _("Dose changed")
        CLEARANCE = "clearance", _("Clearance recorded")
        NEEDS_REVIEW = "needs_review", _("Needs a review")
        SUPERVISED = "supervised", _("Supervised stages changed")
        CORRECTION = "correction", _("Log corrected")
        RECHECK = "recheck", _("Re-checked against new rules")
        RESCREEN = "rescreen", _("New plan from your answers")
        ROUTINE = "routine", _("Days, minutes or places changed")

    class Source(models.TextChoices):
        RULES = "rules", _("The plan's rules")
        COACH = "coach", _("Coach")
        CLIENT = "client", _("Client")
        SYSTEM = "system", _("The app")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="events")
    log = models.ForeignKey(
        SessionLog, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    kind = models.CharField(max_length=14, choices=Kind.choices)
    source = models.CharField(max_length=8, choices=Source.choices)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    made_at = models.DateTimeField(default=timezone.now)
    effective_on = models.DateField()
    reasons = models.JSONField(default=list)  # [{code, source, params}] (plans.said)
    note = models.TextField(blank=True)  # a coach's or a person's own words, as typed
    before = models.JSONField(default=dict)  # {stage, level, backward_minutes, status}
    after = models.JSONField(default=dict)

    class Meta:
        ordering = ["-made_at", "-id"]
        indexes = [models.Index(fields=["plan", "-made_at"], name="event_plan_recent")]

    def __str__(self) -> str:
        return f"{self.kind} on {self.effective_on}"


def allowed_actions(plan: Plan) -> frozenset[str]:
    """Actions open on a plan in its status. The time rules (48 hours after a fall, 7 days
    after an illness) are the rules' own and are checked when the action is tried.

    log: log today's or a past session · log_late: log a past session that was due before a
    pause · adjust / pause / set_speed: a coach's changes · supervise: confirm supervised
    stages · clear_self / clear_review / clear_coach / clear_physician: lift the pause ·
    rescreen: answer the questions again (never lifts a pause by itself).
    """
    if plan.status == Plan.Status.ENDED:
        return frozenset()
    actions = {"rescreen", "supervise"}
    if plan.status == Plan.Status.ACTIVE:
        actions |= {"adjust", "pause", "set_speed"}
        if not plan.rescreen_due:
            actions.add("log")
        return frozenset(actions)
    actions.add("log_late")
    if plan.status == Plan.Status.PAUSED:
        actions.add("adjust")
    if plan.rescreen_due:
        return frozenset(actions)  # only a new questionnaire lifts it
    need = plan.pause_needs or Plan.PauseNeeds.SELF
    actions.add("clear_physician")
    if need in (Plan.PauseNeeds.SELF, Plan.PauseNeeds.COACH):
        actions |= {"clear_review", "clear_coach"}
    if need == Plan.PauseNeeds.SELF:
        actions.add("clear_self")
    return frozenset(actions)
