"""Supervision follows the coach link (domain §9.1).

The stages a coach confirmed as supervised (`Plan.supervised_stages`) hold only while that
coach is linked. When the link ends (the coach or the client ends it, the client takes another
coach's invite, or the coach's account is deleted), they lapse in the same transaction: the
plan is rebuilt from tomorrow without them, through the one writer, with an event that tells
the person why. Someone on a stage that now needs a helper moves to the nearest easier stage
they may walk alone (`engine.stages_now`); with none left, the plan pauses until a coach
confirms again. Undoing an ended link does not bring them back: a coach confirms again
(adjustments' "supervise"). `recheck_plans` applies the same to plans whose link is gone.
"""

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from coaching.models import CoachLink
from plans import engine, rules
from plans.models import Plan, PlanEvent
from plans.said import said
from plans.services import state as plan_state
from plans.services.transitions import Change, locked_plan, transition

# The pause when no stage is left to walk alone; only a coach's confirmation restarts it.
PAUSED_FOR = "supervision"


def _moved(plan: Plan, where: engine.StagesNow, starts: date) -> dict:
    """The dose on the new stage: the same level refitted to the time, or level 1 at the
    tier's first dose when the person moves on to the tier's start stage."""
    stage = where.stage
    if stage is None:  # no stage left: the caller pauses the plan instead of moving it
        raise ValueError("no stage to move to")
    level, minutes = plan.level, plan.backward_minutes
    if where.restart:
        level, minutes = 1, min(minutes, rules.TIER_DOSE[plan.tier].backward_minutes)
    p = engine.refit(plan_state.prescription_for(plan), stage, level, minutes)
    return {
        "stage": stage,
        "level": level,
        "backward_minutes": p.backward_minutes,
        "speed_kmh": None if p.speed_kmh is None else Decimal(str(round(p.speed_kmh, 1))),
        "level_started": max(starts, plan.start_date),
        "stage_started": max(starts, plan.start_date),
    }


def lapse_values(plan: Plan, today: date) -> tuple[str, dict, list[dict]]:
    """The event kind, plan fields and reasons when the plan's confirmed stages lapse."""
    lapsed = list(plan.supervised_stages)
    where = engine.stages_now(
        plan_state.answers_of(plan),
        plan.tier,
        plan.stage,
        frozenset(),
        tests_at_risk=plan_state.tests_at_risk(plan.client_id, today),
    )
    reasons = [{"code": "supervision_lapsed", "source": "PD", "params": {"stages": list(lapsed)}}]
    values: dict = {"supervised_stages": []}
    if where.stage is None:
        # Nowhere left to walk alone: the stage stays in the plan, paused, so a coach who
        # confirms it again can restart the plan where it was.
        words = said("supervision_pause", stage=plan.stage)
        reasons.append({**words, "source": "PD"})
        if plan.status != Plan.Status.ACTIVE:
            # Already paused: its own cause stays; no clearance restarts it before a coach
            # confirms the stage again (stage_confirmed, asked by clearances).
            return PlanEvent.Kind.SUPERVISED, values, reasons
        values |= {
            "status": Plan.Status.PAUSED,
            "pause_needs": Plan.PauseNeeds.COACH,
            "paused_for": PAUSED_FOR,
            "pause_reason": [words],
        }
        return PlanEvent.Kind.PAUSE, values, reasons
    values |= {"stages": list(where.stages), "skipped": dict(where.skipped)}
    if where.stage != plan.stage:
        values |= _moved(plan, where, today + timedelta(days=1))
        params = {"stage": where.stage, "restart": where.restart}
        reasons.append({"code": "supervision_stage", "source": "PD", "params": params})
    return PlanEvent.Kind.SUPERVISED, values, reasons


def lapse_supervision(
    client_id: int, *, by: User | None = None, now: datetime | None = None
) -> PlanEvent | None:
    """Drop the stages a coach confirmed from the client's current plan, inside the caller's
    transaction (the one that ends the link). None when there were none to drop."""
    plan_id = (
        Plan.objects.current().filter(client_id=client_id).values_list("pk", flat=True).first()
    )
    if plan_id is None:
        return None
    plan = locked_plan(plan_id)
    if not plan.supervised_stages:
        return None
    now = now or timezone.now()
    today = plan.client.local_today(now)
    kind, values, reasons = lapse_values(plan, today)
    if by is None:
        source = PlanEvent.Source.SYSTEM
    elif by.pk == client_id:
        source = PlanEvent.Source.CLIENT
    else:
        source = PlanEvent.Source.COACH
    change = Change(kind=kind, source=source, reasons=tuple(reasons), values=values)
    return transition(plan, change, today=today, by=by, now=now)


def lapse_unlinked(now: datetime | None = None) -> int:
    """Old data: lapse the confirmed stages of every current plan whose client has no coach
    now (links that ended before supervision followed the link). Returns how many."""
    linked = CoachLink.objects.current().values("client_id")
    plans = Plan.objects.current().exclude(client_id__in=linked)
    lapsed = 0
    for client_id, supervised in plans.values_list("client_id", "supervised_stages"):
        if supervised:
            with transaction.atomic():
                lapsed += lapse_supervision(client_id, now=now) is not None
    return lapsed


def stage_confirmed(plan: Plan) -> bool:
    """Whether the plan's stage may be walked with the stages a coach confirms now: a
    clearance restarts a plan only then (after a lapse left no stage to walk alone)."""
    locked = engine.supervised_only(plan_state.answers_of(plan), plan.tier)
    return plan.stage not in locked - set(plan.supervised_stages)
