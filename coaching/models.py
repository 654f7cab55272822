import secrets
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Exists, ExpressionWrapper, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User

INVITE_LIFETIME = timedelta(days=14)


def new_invite_code() -> str:
    return secrets.token_urlsafe(24)


def invite_expiry():
    return timezone.now() + INVITE_LIFETIME


class CoachLinkQuerySet(models.QuerySet):
    def current(self):
        """Links not ended: at most one per client (link_one_coach_at_a_time)."""
        return self.filter(ended_at__isnull=True)

    def coaches(self, coach, client) -> bool:
        """Whether this coach looks after this client now."""
        return self.current().filter(coach=coach, client=client).exists()

    def has_coach(self, client) -> bool:
        """Whether the client (a User or its id) has a coach now."""
        return self.current().filter(client=client).exists()


class CoachLink(models.Model):
    """A coach looks after a client from started_at until ended_at. History is kept."""

    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="client_links"
    )
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coach_links"
    )
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The coach's "seen" mark on the dashboard: a flag whose log or event is no later than
    # this stays quiet until something new happens.
    seen_at = models.DateTimeField(null=True, blank=True)
    # The client's choice (a consent, asked when they accept the invite and changed on their
    # account page): whether this coach also sees what they logged before the link began.
    shares_history = models.BooleanField(default=False)
    sharing_chosen_at = models.DateTimeField(null=True, blank=True)

    objects = CoachLinkQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["client"],
                condition=Q(ended_at__isnull=True),
                name="link_one_coach_at_a_time",
            ),
        ]
        indexes = [
            # The coach's current clients (dashboard).
            models.Index(fields=["coach", "ended_at"], name="link_coach_current"),
        ]

    def __str__(self) -> str:
        return f"{self.coach_id} coaches {self.client_id}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        store_coach_menu(self.client_id)

    def history_start(self) -> date:
        """The day the link began, in the client's own time zone."""
        return timezone.localtime(self.started_at, self.client.tz).date()

    def history_from(self) -> date | None:
        """The first of the client's days this coach sees: None when the client shares their
        history, else the day the link began."""
        return None if self.shares_history else self.history_start()


def store_coach_menu(*client_ids: int) -> None:
    """Store whether each client's menu shows "My coach" (User.menu_has_coach): while a coach
    link is current, or notes from one are kept. One UPDATE, asked of the tables themselves,
    so it is right whatever changed; called by every writer of links and notes (their save()
    below, and the services that end or restore links with an UPDATE)."""
    if not client_ids:
        return
    current = CoachLink.objects.filter(client=OuterRef("pk"), ended_at__isnull=True)
    notes = Note.objects.filter(client=OuterRef("pk"))
    User.objects.filter(pk__in=client_ids).update(
        menu_has_coach=ExpressionWrapper(
            Q(Exists(current)) | Q(Exists(notes)), output_field=models.BooleanField()
        )
    )


class Invite(models.Model):
    code = models.CharField(max_length=64, unique=True, default=new_invite_code, editable=False)
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invites"
    )
    email = models.EmailField(blank=True)
    # The coach's own label for the invite ("Mrs Patel, Tuesday class"); never shown to others.
    name = models.CharField(_("name"), max_length=80, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=invite_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    declined_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # The invited person's choice to share their history with the coach, held from the
    # sign-up form until the invite is accepted (CoachLink.shares_history). None: not asked.
    shares_history = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invite from {self.coach_id} ({self.state()})"

    def state(self, now=None) -> str:
        now = now or timezone.now()
        if self.revoked_at:
            return "revoked"
        if self.accepted_at:
            return "used"
        if self.declined_at:
            return "declined"
        if self.expires_at <= now:
            return "expired"
        return "open"


class Note(models.Model):
    """A message between a client and their coach, kept with the client."""

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notes"
    )
    # Empty for a message from the app itself, and when the author deleted their account:
    # the note stays with the client it was written to.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notes_written",
    )
    body = models.TextField(max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)
    # Written by the client's coach. Kept when that coach deletes their account: the author
    # becomes None, and the page says "your former coach", not their name.
    by_coach = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["client", "-created_at"], name="note_client_recent")]

    def __str__(self) -> str:
        return f"Note by {self.author_id} on {self.created_at:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        adding = self._state.adding
        super().save(*args, **kwargs)
        if adding:
            store_coach_menu(self.client_id)

    @property
    def by_former_coach(self) -> bool:
        """Written by a coach who has since deleted their account: signed "your former coach"."""
        return self.by_coach and self.author_id is None


class ClientStatus(models.Model):
    """The coach's read model: one row per client, what the dashboard, its CSV, the client
    page's summary and the digest show about them, as of the client's local date `valid_on`.

    Written only by coaching.services.status.refresh, in the same transaction as every write
    that changes what it is computed from (coaching/receivers.py, and the services that write
    without a plan event); computed in Python by coaching.flags and plans.progress, the
    functions the client's own pages use. The daily step refreshes rows whose day is over.
    Flag codes are stored space-separated in FLAGS order (no code is part of another).
    """

    client = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="coach_status",
    )
    # The coach of the current link (None: no coach); what follows is what that coach sees.
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="client_statuses",
    )
    valid_on = models.DateField()  # the client's local date the numbers are counted on
    valid_until = models.DateTimeField()  # when that day ends where the client is
    computed_at = models.DateTimeField()
    # The attention order, stored: 0 when a flag is new since the coach's "seen" mark, else 1;
    # then the latest walk (newest first), then the name (casefolded), then the id.
    attention = models.PositiveSmallIntegerField(default=1)
    sort_name = models.CharField(max_length=150, blank=True)
    flags = models.CharField(max_length=120, blank=True)  # every raised flag
    new_flags = models.CharField(max_length=120, blank=True)  # raised and new since "seen"
    stage = models.CharField(max_length=20, blank=True)  # the current plan's; "" without one
    plan_status = models.CharField(max_length=20, blank=True)  # "" without a current plan
    needs_review_reason = models.JSONField(default=list, blank=True)  # codes (plans.said)
    last_session = models.DateField(null=True, blank=True)  # the latest walk, done or partly
    last_rpe = models.PositiveSmallIntegerField(null=True, blank=True)
    last_pain = models.PositiveSmallIntegerField(null=True, blank=True)
    adherence_7 = models.PositiveSmallIntegerField(null=True, blank=True)  # None: none due
    adherence_28 = models.PositiveSmallIntegerField(null=True, blank=True)
    walk_test_seconds = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    walk_test_on = models.DateField(null=True, blank=True)
    walk_test_at_risk = models.BooleanField(default=False)
    # What the "seen" mark compares with (coaching.flags.split_seen), and the mark itself.
    seen_at = models.DateTimeField(null=True, blank=True)
    pain_at = models.DateTimeField(null=True, blank=True)
    fall_at = models.DateTimeField(null=True, blank=True)
    missed_on = models.DateField(null=True, blank=True)
    paused_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "client statuses"
        indexes = [
            # The dashboard's default page: a coach's clients, attention first.
            models.Index(
                fields=["coach", "attention", "-last_session", "sort_name", "client"],
                name="status_coach_attention",
            ),
            # "Name" order.
            models.Index(fields=["coach", "sort_name", "client"], name="status_coach_name"),
            # The daily step: rows whose local day is over.
            models.Index(fields=["valid_until"], name="status_valid_until"),
        ]

    def __str__(self) -> str:
        return f"Status of {self.client_id} on {self.valid_on}"

    @property
    def flag_codes(self) -> tuple[str, ...]:
        return tuple(self.flags.split())

    @property
    def new_flag_codes(self) -> tuple[str, ...]:
        return tuple(self.new_flags.split())
