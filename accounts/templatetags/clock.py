"""Clock times in the viewer's own zone, with the zone named: `{% local_time moment user %}`."""

from django import template
from django.conf import settings

from accounts.time_zones import clock_words

register = template.Library()


@register.simple_tag
def local_time(moment, person=None, fmt: str = "H:i") -> str:
    """'08:00 (London time)', or with a date pattern such as "SHORT_DATE_TIME" the day too.

    `person` is whoever reads the page (the signed-in user); without one, the server's zone."""
    if moment in (None, ""):
        return ""
    zone = getattr(person, "time_zone", "") or settings.TIME_ZONE
    return clock_words(moment, zone, fmt)
