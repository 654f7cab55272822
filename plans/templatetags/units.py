"""Speeds in the unit the reader prefers (km/h unless they chose mph)."""

from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

register = template.Library()

KM_PER_MILE = Decimal("1.609344")


def speed_words(kmh, unit: str = "kmh") -> str:
    """'1.5 km/h' or '0.9 mph', one decimal, for a speed stored in km/h."""
    if kmh in (None, ""):
        return ""
    value = Decimal(str(kmh))
    if unit == "mph":
        return _("%(speed)s mph") % {"speed": f"{value / KM_PER_MILE:.1f}"}
    return _("%(speed)s km/h") % {"speed": f"{value:.1f}"}


@register.filter
def speed(kmh, user=None) -> str:
    return speed_words(kmh, getattr(user, "speed_unit", "kmh") or "kmh")
