"""`{{ kmh|speed:user }}`: a speed in the reader's unit (accounts.units)."""

from django import template

from accounts.units import speed_words

register = template.Library()


@register.filter
def speed(kmh, user=None) -> str:
    return speed_words(kmh, getattr(user, "speed_unit", "kmh") or "kmh")
