"""The one writer of plan state.

`transition` is the only code that changes a plan's stage, level, dose, status, pause (its
causes, §9.4, and the single fields read from them) or review flag: logging, coach
adjustments, clearances, re-screening, the v2 re-check and the demo seeders all build a
`Change` and call it. It takes a row the caller has locked
(`locked_plan`), sets the fields, bumps `row_version`, saves with `update_fields`, rewrites the
schedule in place and writes the PlanEvent (who, why, before/after). A rule added here is wired
everywhere at once.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from plans import pauses
from plans.models import Plan, PlanEvent, SessionLog
from plans.services import schedule
from plans.services import state as plan_state
from plans.services.errors import PlanChanged, PlanError
from plans.services.locks import locked_current_plan, locked_plan  # noqa: F401 (callers use both)
from plans.signals import plan_event_written

# Fields only `transition` writes on an existing plan.
STATE_FIELDS = frozenset(
    {
        "status",
        "pause_needs",
        "pause_causes",
        "pause_reason",
        "paused_for",
        "paused_at",
        "paused_on",
        "rescreen_due",
        "needs_review",
        "needs_review_reason",
        "tier",
        "stages",
        "skipped",
        "supervised_stages",
        "falls_logged",
        "stage",
        "level",
        "backward_minutes",
        "speed_kmh",
        "speed_locked",
        "level_started",
        "stage_started",
        "usual_morning_pain",
        "start_date",
        "decided_at",
        "reasons",
        "ended_at",
        "rules_version",
        # The person's routine (days, minutes, places): changed without new health answers.
        "days",
        "minutes_available",
        "treadmill_supervised",
    }
)
PAUSED = (Plan.Status.PAUSED, Plan.Status.NEEDS_CLEARANCE)


@dataclass(frozen=True)
class Change:
    """One change to a plan: the event's kind and reasons, and the fields it sets."""

    kind: str  # a PlanEvent.Kind
    source: str  # a PlanEvent.Source
    reasons: tuple[dict, ...] = ()  # [{code, source, params}]: stored codes (plans.said)
    values: Mapping[str, Any] = field(default_factory=dict)
    # The first day whose sessions follow the new state; tomorrow unless said otherwise, so
    # the logs that caused a change are never counted twice.
    schedule_from: date | None = None


def transition(
    plan: Plan,
    change: Change,
    *,
    today: date,
    by: User | None = None,
    log: SessionLog | None = None,
    note: str = "",
    now: datetime | None = None,
) -> PlanEvent:
    """Apply `change` to a plan the caller has locked; returns the event written.

    Every decision is recorded, a "hold" too (the coach's audit), even when no field moves.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("transition() runs inside the caller's transaction and row lock.")
    unknown = set(change.values) - STATE_FIELDS
    if unknown:
        raise ValueError(f"Not plan state: {sorted(unknown)}")
    now = now or timezone.now()
    before = plan_state.snapshot(plan)
    was_paused = plan.status in PAUSED
    values = _with_pause_fields(plan, dict(change.values), today=today, now=now)
    if change.source == PlanEvent.Source.RULES:
        values["decided_at"] = now
    changed = {name for name, value in values.items() if getattr(plan, name) != value}
    for name in changed:
        setattr(plan, name, values[name])
    if changed - {"decided_at"}:
        plan.row_version += 1
        plan.save(update_fields=sorted(changed | {"row_version"}))
        first = change.schedule_from or today + timedelta(days=1)
        if plan.status != Plan.Status.ACTIVE:
            first = min(first, today)  # a pause or an end cancels today's session too
        schedule.write_schedule(plan, first)
    elif changed:
        plan.save(update_fields=sorted(changed))
    event = PlanEvent.objects.create(
        plan=plan,
        log=log,
        kind=change.kind,
        source=change.source,
        made_by=by,
        made_at=now,
        effective_on=today,
        reasons=list(change.reasons),
        note=note,
        before=before,
        after=plan_state.snapshot(plan),
    )
    newly_paused = plan.status in PAUSED and not was_paused
    newly_flagged = plan.needs_review and not before.get("needs_review", False)
    plan_event_written.send(sender=Plan, event=event, attention=newly_paused or newly_flagged)
    return event


def _with_pause_fields(plan: Plan, values: dict, *, today: date, now: datetime) -> dict:
    """The pause's single fields kept true to its causes (§9.4). A change that names one cause
    the old way (`paused_for` and `pause_needs`: a coach's pause, the re-check) adds it to the
    causes already open; a restart clears them all."""
    was_paused = plan.status in PAUSED
    status = values.get("status", plan.status)
    if status == Plan.Status.ACTIVE:
        if was_paused:
            values.update(
                pause_needs="",
                pause_reason="",
                paused_for="",
                paused_at=None,
                paused_on=None,
                pause_causes=[],
            )
        return values
    if status not in PAUSED:
        if "pause_causes" in values:  # an ended version keeps its causes as they were
            values["pause_causes"] = pause_fields(values["pause_causes"], today=today, now=now)[
                "pause_causes"
            ]
        return values
    causes = values.get("pause_causes")
    if causes is None:
        if was_paused and not {"pause_needs", "paused_for"} & values.keys():
            return values  # the pause itself does not change
        named = pauses.PauseCause(
            values.get("paused_for") or plan.paused_for or "pain",
            values.get("pause_needs") or plan.pause_needs or "self",
        )
        causes = pauses.merge(plan_state.plan_causes(plan) if was_paused else (), named)
    return {**values, **pause_fields(causes, today=today, now=now)}


def pause_fields(causes, *, today: date, now: datetime) -> dict:
    """A plan's pause fields for these causes: the causes, new ones stamped with now, and the
    single fields read from the open ones (the strongest need, the headline cause, the start
    of the earliest)."""
    causes = tuple(pauses.from_json([c])[0] if isinstance(c, dict) else c for c in causes)
    causes = pauses.stamped(causes, now, today)
    need = pauses.strongest_need(causes) or "self"
    on, at = pauses.began(causes)
    return {
        "pause_causes": pauses.to_json(causes),
        "pause_needs": {"review": Plan.PauseNeeds.COACH}.get(need, need),
        "paused_for": pauses.headline(causes) or "",
        "paused_on": on,
        "paused_at": at,
    }


def reasons_as_json(reasons) -> tuple[dict, ...]:
    """The rules' reasons as stored: each a code, its parameters and its source, never a
    sentence (plans.said puts them into the reader's words)."""
    return tuple(r.as_json() for r in reasons)


__all__ = [
    "Change",
    "PlanChanged",
    "PlanError",
    "STATE_FIELDS",
    "locked_current_plan",
    "locked_plan",
    "pause_fields",
    "reasons_as_json",
    "create_plan",
    "transition",
]


def create_plan(values: dict, *, today: date, source: str, by: User | None, reasons=(), now=None):
    """A new plan version: the row, its first event and its sessions. The caller holds the
    client's row lock and has ended the previous version through `transition`."""
    now = now or timezone.now()
    plan = Plan.objects.create(**values, decided_at=now, created_at=now)
    event = PlanEvent.objects.create(
        plan=plan,
        kind=PlanEvent.Kind.RESCREEN,
        source=source,
        made_by=by,
        made_at=now,
        effective_on=today,
        reasons=list(reasons),
        before={},
        after=plan_state.snapshot(plan),
    )
    schedule.write_schedule(plan, plan.start_date if plan.start_date > today else today)
    # Answers that need a clearance (or an illness to pass) before the first session: the
    # coach hears it as a pause. A pause carried over from the last version is not news.
    attention = plan.status == Plan.Status.NEEDS_CLEARANCE
    plan_event_written.send(sender=Plan, event=event, attention=attention)
    return plan
