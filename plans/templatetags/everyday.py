"""Small tags for everyday pages (issue 17): the words come from the rules' own modules."""

from django import template

from plans import progression
from plans.services import state as plan_state

register = template.Library()


@register.simple_tag
def pause_steps(plan) -> list[str]:
    """What to do now while this plan is paused, as short steps for every open cause (§9.4)."""
    return progression.cause_steps(plan_state.plan_causes(plan), plan.rescreen_due)
