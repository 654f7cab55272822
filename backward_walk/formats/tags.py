"""The `local_date` filter, built into every template (settings.TEMPLATES builtins)."""

from django import template
from django.template.defaultfilters import date as date_filter

from backward_walk.formats import pattern

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def local_date(value, name: str) -> str:
    """`{{ day|local_date:"WEEKDAY_DATE" }}`: the date as the page's language writes it."""
    if value in (None, ""):
        return ""
    return date_filter(value, pattern(name))
