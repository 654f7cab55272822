"""Plans made under older rules, checked once against the current ones (domain v2).

A plan the new rules would pause is paused with the need the new rules give; a plan on a
stage that now needs someone beside the person (and no coach confirmed it) moves to the
nearest stage that does not; tier and skipped stages follow the new bands. Each change is an
event that says why. A plan is re-checked once: it then carries the current RULES_VERSION.

It reads and writes stored words as codes only ({code, params}, plans.said): there is no
older data in English to convert, as the migrations start fresh with no production database.
"""

from datetime import date
from typing import Any

from django.db import transaction

from plans import engine, rules
from plans.models import Plan, PlanEvent
from plans.screening import pause_need, screen
from plans.services import state as plan_state
from plans.services.transitions import Change, locked_plan, transition


def _values(plan: Plan, today: date) -> tuple[dict, list[dict]]:
    answers = plan_state.answers_of(plan)
    supervised = frozenset(plan.supervised_stages)
    tests_at_risk = plan_state.tests_at_risk(plan.client_id, today)
    result = screen(answers, supervised=supervised, tests_at_risk=tests_at_risk)
    values: dict = {"rules_version": rules.RULES_VERSION}
    reasons: list[dict] = []
    need = pause_need(result.outcome)
    current = plan.pause_needs or ("" if plan.status == Plan.Status.ACTIVE else "self")
    if need is not None and (
        plan.status == Plan.Status.ACTIVE
        or rules.CLEARANCE_RANK[need] > rules.CLEARANCE_RANK[current or "self"]
    ):
        if plan.status == Plan.Status.ACTIVE:
            values["status"] = Plan.Status.PAUSED
            values["pause_reason"] = [result.outcome_said]
        # The answers' own cause, added to any open one (the one writer keeps the stack, §9.4).
        values["paused_for"] = "screening"
        values["pause_needs"] = need
        reasons.append({"code": "recheck_pause", "source": "S12"})
    tier = result.tier or plan.tier
    stages, skipped = engine.usable_stages(answers, tier, supervised, tests_at_risk=tests_at_risk)
    if tier != plan.tier or list(stages) != list(plan.stages):
        values |= {"tier": tier, "stages": list(stages), "skipped": dict(skipped)}
        reasons.append({"code": "recheck_stages", "source": "PD"})
    if stages and plan.stage not in stages:
        values["stage"] = plan_state.nearest_easier_stage(stages, plan.stage) or stages[0]
        values["speed_kmh"] = None
        values["speed_locked"] = False
        reason: dict[str, Any] = {"code": "recheck_supervised", "source": "PD"}
        if plan.stage not in engine.awaiting_supervision(answers, tier, stages):
            # v3 §9.2 / §9.14: no coach can add it back (no land stage first, or pregnancy).
            reason["params"] = {"why": skipped[plan.stage]}
        reasons.append(reason)
    return values, reasons


def recheck(plan_id: int, today: date) -> bool:
    """Re-check one plan; True when it changed more than its rules version."""
    with transaction.atomic():
        plan = locked_plan(plan_id)
        if plan.rules_version == rules.RULES_VERSION or plan.status == Plan.Status.ENDED:
            return False
        values, reasons = _values(plan, today)
        transition(
            plan,
            Change(
                kind=PlanEvent.Kind.RECHECK,
                source=PlanEvent.Source.SYSTEM,
                reasons=tuple(reasons),
                values=values,
            ),
            today=today,
        )
        return bool(reasons)
