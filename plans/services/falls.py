"""A fall told on its own, any day, outside a session log (domain §9.7, "I had a fall").

The fall is saved as a FallReport and handed to the same rules as a fall ticked on a session
log (`sessions.run_rules`: a fall with injury, a head strike or on blood thinners needs a
physician, any other the 48-hour wait; a fall while paused can only make the need stronger),
through the one writer with the plan row locked. Every reported fall adds to `falls_logged`.
With no current plan (still answering the questions, or no plan fits) it is saved all the
same and counts as a fall in the last 12 months when the next plan is made
(`intake.logged_falls`).
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from plans.models import FallReport, Plan, PlanEvent
from plans.services import state as plan_state
from plans.services.errors import PlanError
from plans.services.sessions import run_rules
from plans.services.transitions import locked_current_plan
from plans.signals import client_changed_by

# How far back a fall can be told: the questionnaire's "falls in the past 12 months".
DAYS_BACK = 365


class FallRefused(PlanError):
    """The fall cannot be saved as given (a time still to come, or over a year ago)."""


@dataclass(frozen=True)
class FallResult:
    report: FallReport
    created: bool  # False: this fall was already saved (double submit); nothing changed
    plan: Plan | None  # the current plan after the report, if there is one
    event: PlanEvent | None  # what the fall did to the plan


def time_problem(happened_at: datetime, now: datetime) -> str | None:
    """Why this moment cannot be the time of a fall told now, or None."""
    if happened_at > now:
        return _("The time cannot be in the future. Please give the time you fell.")
    if happened_at < now - timedelta(days=DAYS_BACK):
        return _(
            "That is more than 12 months ago. Please give a time within the last 12 months; "
            "tell us about older falls when you answer the health questions."
        )
    return None


@transaction.atomic
def report_fall(
    client: User,
    *,
    happened_at: datetime,
    injury: bool,
    head_strike: bool,
    today: date | None = None,
    now: datetime | None = None,
) -> FallResult:
    """Save the fall (once) and pause the plan as a fall in a log does. Raises FallRefused,
    saving nothing, for a time in the future or over 12 months ago."""
    now = now or timezone.now()
    today = today or client.local_today(now)
    problem = time_problem(happened_at, now)
    if problem:
        raise FallRefused(problem)
    happened_at = happened_at.replace(second=0, microsecond=0)
    # The client's row first, as a new questionnaire does: a fall told while the next plan
    # is being made lands either before it (and is counted by it) or on it.
    User.objects.select_for_update().filter(pk=client.pk).first()
    try:
        plan = locked_current_plan(client)
    except PlanError:
        plan = None
    existing = FallReport.objects.filter(client=client, happened_at=happened_at).first()
    if existing is not None:
        return FallResult(existing, created=False, plan=plan, event=existing.event)
    try:
        with transaction.atomic():
            report = FallReport.objects.create(
                client=client,
                happened_at=happened_at,
                injury=injury,
                head_strike=head_strike,
                reported_at=now,
            )
    except IntegrityError:
        existing = FallReport.objects.get(client=client, happened_at=happened_at)
        return FallResult(existing, created=False, plan=plan, event=existing.event)
    User.objects.records_changed(client.pk)
    if plan is None:
        client_changed_by(client.pk)
        return FallResult(report, created=True, plan=None, event=None)
    fall_day = timezone.localtime(happened_at, client.tz).date()
    event = run_rules(
        plan,
        today,
        now=now,
        extra={"falls_logged": plan.falls_logged + 1},
        reported=(plan_state.fall_entry(report, fall_day),),
    )
    report.event = event
    report.save(update_fields=["event"])
    client_changed_by(client.pk, event)
    return FallResult(report, created=True, plan=plan, event=event)


def hand_over_told_falls(plan: Plan, today: date, now: datetime) -> PlanEvent | None:
    """Falls told while there was no plan, given to the rules of the plan just made: it
    waits as it would have had it been there. Their count is in the new answers already
    (`intake.logged_falls`), so `falls_logged` is left alone. The caller holds the client's
    row lock and made `plan` in the same transaction."""
    told = list(FallReport.objects.filter(client_id=plan.client_id, event__isnull=True))
    if not told:
        return None
    zone = plan.client.tz
    entries = tuple(
        plan_state.fall_entry(report, timezone.localtime(report.happened_at, zone).date())
        for report in told
    )
    event = run_rules(plan, today, now=now, reported=entries, reported_in_answers=True)
    FallReport.objects.filter(pk__in=[report.pk for report in told]).update(event=event)
    return event
