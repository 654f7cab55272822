"""Words for codes stored in JSON (a plan event's before/after), in the active language."""

from django import template

from plans.models.choices import Stage

register = template.Library()


@register.filter
def stage_label(code: str) -> str:
    """ "handrail" -> "Handrail" (Stage's translated label); an unknown code is shown as it is."""
    try:
        return Stage(code).label
    except ValueError:
        return code
