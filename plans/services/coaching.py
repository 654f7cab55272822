"""A coach and their clients: links, plan adjustments and notes (invites: services/invites.py).

Plain functions over users and values (no request). Every write runs in a transaction; an
adjustment locks the plan row and checks its row_version first, so a coach's change and a
client's log at the same moment are applied one after the other and neither is lost.
"""

from dataclasses import dataclass, replace
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from plans import engine, progression, rules
from plans.models import CoachLink, Note, Plan, PlanEvent, Stage, User
from plans.services import state as plan_state
from plans.services.plans import ClearanceNotEnough, record_clearance, write_weeks

MIN_DOSE_MINUTES, MAX_DOSE_MINUTES = 3, 30
MAX_NOTE_LENGTH = 2000


class CoachingError(Exception):
    """A coaching action that cannot happen; the message is shown to the person as is."""


class PlanChanged(CoachingError):
    """The plan moved on (a log, another adjustment) since the form was shown."""

    def __init__(self, plan: Plan | None = None):
        super().__init__(
            "The plan changed while you were editing (a new log or another change). "
            "Here is the latest; please check it and try again."
        )
        self.plan = plan


# --- Links -----------------------------------------------------------------------------------


def current_link(client: User) -> CoachLink | None:
    return (
        CoachLink.objects.select_related("coach")
        .filter(client=client, ended_at__isnull=True)
        .first()
    )


@transaction.atomic
def end_link(link: CoachLink, by: User) -> bool:
    """End a current link (either side may). False when it had already ended."""
    return bool(
        CoachLink.objects.filter(pk=link.pk, ended_at__isnull=True).update(
            ended_at=timezone.now(), ended_by=by
        )
    )


# --- Adjustments -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Adjustment:
    """What the coach asked for; `kind` is one of ADJUSTMENTS."""

    kind: str
    reason: str
    row_version: int
    level: int | None = None
    backward_minutes: int | None = None
    cleared_by: str = ""
    cleared_on: date | None = None
    clearance: str = "physician"


ADJUSTMENTS = ("stage_up", "stage_down", "dose", "pause", "resume", "clearance")


def _locked_plan(client: User, row_version: int) -> Plan:
    plan = (
        Plan.objects.select_for_update()
        .filter(client=client)
        .exclude(status=Plan.Status.ENDED)
        .first()
    )
    if plan is None:
        raise CoachingError("This client has no current plan to change.")
    if plan.row_version != row_version:
        raise PlanChanged(plan)
    return plan


def _event(plan, kind, coach, today, before, note, message) -> PlanEvent:
    return PlanEvent.objects.create(
        plan=plan,
        kind=kind,
        source=PlanEvent.Source.COACH,
        made_by=coach,
        effective_on=today,
        reasons=[{"code": f"coach_{kind}", "message": message, "source": "coach"}],
        note=note,
        before=before,
        after=plan_state.snapshot(plan),
    )


def _save(plan: Plan, changed: set[str], today: date) -> None:
    plan.row_version += 1
    plan.save(update_fields=sorted(changed | {"row_version"}))
    write_weeks(plan, today, replace_future=True)


def _moved_state(plan: Plan, stage: str, level: int, minutes: int, today: date):
    """The plan's state at a new stage / level / dose, fitted to the time the client has."""
    fitted = engine.fitted_backward_minutes(plan.tier, level, minutes, plan.minutes_available)
    starts = today + timedelta(days=1)
    current = plan_state.plan_state(plan)
    return replace(
        current,
        stage=stage,
        level=level,
        backward_minutes=min(minutes, fitted),
        level_started=starts if (stage, level) != (plan.stage, plan.level) else plan.level_started,
        stage_started=starts if stage != plan.stage else plan.stage_started,
    )


def _stage_move(plan: Plan, step: int, today: date) -> tuple[str, str, set[str]]:
    stages = list(plan.stages)
    index = stages.index(plan.stage) if plan.stage in stages else 0
    target = index + step
    if not 0 <= target < len(stages):
        edge = "last" if step > 0 else "first"
        raise CoachingError(f"The client is already on the {edge} stage their plan can use.")
    stage = stages[target]
    if step > 0:
        level, minutes, kind = 1, rules.next_stage_minutes(plan.backward_minutes), "advance"
    else:
        level, minutes, kind = plan.level, plan.backward_minutes, "step_back"
    changed = plan_state.apply(plan, _moved_state(plan, stage, level, minutes, today))
    return kind, f"Your coach moved you to the {Stage(stage).label} stage.", changed


def adjust_plan(client: User, coach: User, change: Adjustment) -> Plan:
    """Apply one coach adjustment to the client's current plan; raises CoachingError.

    Nothing is written when it raises: the whole change is one transaction.
    """
    if change.kind not in ADJUSTMENTS:
        raise CoachingError("Unknown change.")
    reason = change.reason.strip()
    if not reason:
        raise CoachingError("Please give a reason; the client sees it with the change.")
    today = client.local_today()
    with transaction.atomic():
        plan = _locked_plan(client, change.row_version)
        if change.kind == "clearance":
            return _record_clearance(plan, client, coach, change, reason)
        if change.kind == "resume":
            return _resume(plan, coach, today, reason)
        before = plan_state.snapshot(plan)
        if change.kind in ("stage_up", "stage_down"):
            _require_status(plan, Plan.Status.ACTIVE, Plan.Status.PAUSED)
            kind, message, changed = _stage_move(
                plan, 1 if change.kind == "stage_up" else -1, today
            )
        elif change.kind == "dose":
            _require_status(plan, Plan.Status.ACTIVE, Plan.Status.PAUSED)
            kind, message, changed = _dose(plan, change, today)
        else:
            kind, message, changed = _pause(plan, reason)
        # The rules' state fills an unset usual morning pain with 0: not a change by itself.
        if not changed - {"usual_morning_pain"}:
            raise CoachingError("That is the plan as it is already; nothing to change.")
        _save(plan, changed, today)
        _event(plan, kind, coach, today, before, reason, message)
    return plan


def _require_status(plan: Plan, *allowed: str) -> None:
    if plan.status not in allowed:
        raise CoachingError(
            "This plan is waiting for a clearance; record the clearance before changing it."
        )


def _dose(plan: Plan, change: Adjustment, today: date):
    level, minutes = change.level, change.backward_minutes
    if level is None or not 1 <= level <= 4:
        raise CoachingError("Choose a level from 1 to 4.")
    if minutes is None or not MIN_DOSE_MINUTES <= minutes <= MAX_DOSE_MINUTES:
        raise CoachingError(
            f"Backward minutes must be from {MIN_DOSE_MINUTES} to {MAX_DOSE_MINUTES}."
        )
    state = _moved_state(plan, plan.stage, level, minutes, today)
    # A coach's chosen minutes stand, even past what the rules would fit in the time given.
    state = replace(state, backward_minutes=minutes)
    changed = plan_state.apply(plan, state)
    message = f"Your coach set your dose: level {level}, {minutes} minutes backward."
    return "adjust", message, changed


def _pause(plan: Plan, reason: str):
    if plan.status != Plan.Status.ACTIVE:
        raise CoachingError("The plan is not active, so it cannot be paused.")
    plan.status = Plan.Status.PAUSED
    plan.pause_needs = Plan.PauseNeeds.COACH
    plan.pause_reason = f"Your coach paused your plan: {reason}"
    plan.paused_for = "coach"
    message = "Your coach paused your plan. They will restart it with you."
    return "pause", message, {"status", "pause_needs", "pause_reason", "paused_for"}


def _resume(plan: Plan, coach: User, today: date, reason: str) -> Plan:
    """Resume a paused plan as the rules do (one level down), on the coach's clearance."""
    if plan.status == Plan.Status.NEEDS_CLEARANCE:
        raise CoachingError("This plan is waiting for a clearance; record it below instead.")
    if plan.status != Plan.Status.PAUSED:
        raise CoachingError("The plan is not paused.")
    decision = progression.resume(plan_state.plan_state(plan), "coach", today)
    if decision.code != "resume":
        raise CoachingError(
            "This pause needs a physician's clearance: record it with “Record a clearance”."
        )
    from plans.services.logging import resume_plan

    try:
        resume_plan(plan, clearance="coach", by=coach, today=today, note=reason)
    except ClearanceNotEnough as problem:  # pragma: no cover - checked just above
        raise CoachingError(str(problem)) from problem
    return plan


def _record_clearance(plan, client, coach, change: Adjustment, reason: str) -> Plan:
    if plan.status == Plan.Status.ACTIVE:
        raise CoachingError("The plan is not paused or waiting, so there is nothing to clear.")
    cleared_by = change.cleared_by.strip()
    if not cleared_by or change.cleared_on is None:
        raise CoachingError("Give who cleared the client and on what date.")
    if change.cleared_on > client.local_today():
        raise CoachingError("The clearance date cannot be in the future.")
    try:
        record_clearance(client, change.clearance, cleared_by, change.cleared_on, coach)
    except ClearanceNotEnough as problem:
        raise CoachingError(str(problem)) from problem
    # record_clearance wrote its own event; add the coach's reason to it.
    PlanEvent.objects.filter(pk=plan.events.values("pk")[:1]).update(
        note=f"{reason} ({cleared_by}, {change.cleared_on:%d %b %Y})"
    )
    plan.refresh_from_db()
    return plan


# --- Notes -----------------------------------------------------------------------------------


def _note_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise CoachingError("Please write something before sending.")
    if len(body) > MAX_NOTE_LENGTH:
        raise CoachingError(f"Please keep a note to {MAX_NOTE_LENGTH} characters or fewer.")
    return body


def write_note(coach: User, client: User, body: str) -> Note:
    """A coach's note to one of their current clients."""
    body = _note_body(body)
    if not CoachLink.objects.filter(coach=coach, client=client, ended_at__isnull=True).exists():
        raise CoachingError("You can write only to your current clients.")
    return Note.objects.create(client=client, author=coach, body=body)


def reply_note(client: User, body: str) -> Note:
    """The client's reply to their coach; without a coach there is no one to read it."""
    body = _note_body(body)
    if current_link(client) is None:
        raise CoachingError("You have no coach at the moment, so there is no one to reply to.")
    return Note.objects.create(client=client, author=client, body=body)


def notes_for_coach(coach: User, link: CoachLink):
    """The thread a coach sees: this client's notes since the current link began."""
    return (
        Note.objects.filter(client_id=link.client_id, created_at__gte=link.started_at)
        .select_related("author")
        .order_by("-created_at", "-id")
    )
