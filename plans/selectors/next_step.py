"""What moves the person's plan up next, read from the rules (no writes)."""

from datetime import date

from plans import progression
from plans.models import Plan
from plans.services import state as plan_state


def next_step(plan: Plan, today: date) -> str:
    """One line from progression.next_step_words for this plan; empty unless active."""
    if plan.status != Plan.Status.ACTIVE:
        return ""
    return progression.next_step_words(
        plan_state.plan_state(plan, today), plan_state.history(plan, today), today
    )
