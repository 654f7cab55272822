"""Words for codes stored in JSON (a plan event's before/after, a plan's reasons), in the active
language."""

from django import template

from accounts.units import speed_words
from plans import engine
from plans.models.choices import Stage

register = template.Library()


@register.filter
def stage_label(code: str) -> str:
    """ "handrail" -> "Handrail" (Stage's translated label); an unknown code is shown as it is."""
    try:
        return Stage(code).label
    except ValueError:
        return code


@register.filter
def why_this_plan(plan, user=None) -> list[str]:
    """The plan's stored reasons as the person reads them: the treadmill's speed is their own,
    in their unit (v3 §9.17), where the stored sentence has no number."""
    on_belt = plan.stage == "treadmill" or plan.speed_locked
    speed = speed_words(plan.speed_kmh, getattr(user, "speed_unit", "kmh") or "kmh")
    return [
        engine.treadmill_speed_words(speed)
        if reason.get("code") == "treadmill_speed" and on_belt and speed
        else reason.get("message", "")
        for reason in plan.reasons
    ]
