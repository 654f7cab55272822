"""Speeds in the unit the reader prefers (km/h unless they chose mph). Stored speeds are km/h."""

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

KM_PER_MILE = Decimal("1.609344")


def speed_words(kmh, unit: str = "kmh") -> str:
    """'1.5 km/h' or '0.9 mph' ('1,5 km/h' in Spanish), one decimal, for a speed stored in
    km/h."""
    if kmh in (None, ""):
        return ""
    value = Decimal(str(kmh))
    if unit == "mph":
        return _("%(speed)s mph") % {"speed": number_format(f"{value / KM_PER_MILE:.1f}")}
    return _("%(speed)s km/h") % {"speed": number_format(f"{value:.1f}")}
