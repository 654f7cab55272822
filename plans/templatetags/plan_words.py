"""Words for codes stored in JSON (a plan event's before/after, a plan's reasons, its pause's
words, a screening's flags), in the reader's language (plans.said)."""

from django import template

from accounts.units import speed_words
from plans import engine, said
from plans.models.choices import Stage

register = template.Library()


@register.filter
def stage_label(code: str) -> str:
    """ "handrail" -> "Handrail" (Stage's translated label); an unknown code is shown as it is."""
    try:
        return Stage(code).label
    except ValueError:
        return code


@register.filter(name="said")
def said_words(item) -> str:
    """One stored item ({code, params}) or a list of them, as whole sentences."""
    if isinstance(item, list | tuple):
        return said.render_all(item)
    return said.render(item)


@register.filter
def flag_words(flag) -> str:
    """A screening's stored flag ({code, params, source}), in words."""
    return said.render(flag, "flag.")


@register.filter
def why_this_plan(plan, user=None) -> list[str]:
    """The plan's stored reasons as the person reads them: the treadmill's speed is their own,
    in their unit (v3 §9.17), where the stored sentence has no number."""
    on_belt = plan.stage == "treadmill" or plan.speed_locked
    speed = speed_words(plan.speed_kmh, getattr(user, "speed_unit", "kmh") or "kmh")
    return [
        engine.treadmill_speed_words(speed)
        if reason.get("code") == "treadmill_speed" and on_belt and speed
        else said.render(reason)
        for reason in plan.reasons
    ]
