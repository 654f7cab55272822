"""Small tags for everyday pages (issue 17): the words come from the rules' own modules."""

from django import template

from plans import progression

register = template.Library()


@register.simple_tag
def pause_steps(plan) -> list[str]:
    """What to do now while this plan is paused, as short steps."""
    return progression.pause_steps(plan.paused_for, plan.pause_needs, plan.rescreen_due)
