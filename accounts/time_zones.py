"""Time zone choices a person can find: common zones by country with plain names first, then
every other zone the server knows, so nobody scrolls 600 entries and nobody is left on UTC."""

import zoneinfo
from datetime import datetime, time

from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from backward_walk.formats import PATTERNS, pattern

# (country, ((zone, plain name), ...)): the countries most of our readers live in, and one
# zone per distinct clock within each.
COMMON_ZONES = (
    (
        _("United Kingdom and Ireland"),
        (("Europe/London", _("UK")), ("Europe/Dublin", _("Ireland"))),
    ),
    (
        _("United States"),
        (
            ("America/New_York", _("Eastern time (New York)")),
            ("America/Chicago", _("Central time (Chicago)")),
            ("America/Denver", _("Mountain time (Denver)")),
            ("America/Phoenix", _("Arizona")),
            ("America/Los_Angeles", _("Pacific time (Los Angeles)")),
            ("America/Anchorage", _("Alaska")),
            ("Pacific/Honolulu", _("Hawaii")),
        ),
    ),
    (
        _("Canada"),
        (
            ("America/Halifax", _("Atlantic time (Halifax)")),
            ("America/Toronto", _("Eastern time (Toronto)")),
            ("America/Winnipeg", _("Central time (Winnipeg)")),
            ("America/Edmonton", _("Mountain time (Edmonton)")),
            ("America/Vancouver", _("Pacific time (Vancouver)")),
        ),
    ),
    (
        _("Europe"),
        (
            ("Europe/Paris", _("France")),
            ("Europe/Berlin", _("Germany")),
            ("Europe/Amsterdam", _("Netherlands")),
            ("Europe/Madrid", _("Spain")),
            ("Europe/Rome", _("Italy")),
            ("Europe/Lisbon", _("Portugal")),
            ("Europe/Stockholm", _("Sweden")),
            ("Europe/Helsinki", _("Finland")),
            ("Europe/Athens", _("Greece")),
            ("Europe/Warsaw", _("Poland")),
        ),
    ),
    (
        _("Australia and New Zealand"),
        (
            ("Australia/Sydney", _("Sydney, Melbourne, Canberra")),
            ("Australia/Brisbane", _("Brisbane")),
            ("Australia/Adelaide", _("Adelaide")),
            ("Australia/Perth", _("Perth")),
            ("Pacific/Auckland", _("New Zealand")),
        ),
    ),
    (
        _("Elsewhere"),
        (
            ("Asia/Kolkata", _("India")),
            ("Asia/Tokyo", _("Japan")),
            ("Asia/Singapore", _("Singapore")),
            ("Africa/Johannesburg", _("South Africa")),
            ("America/Sao_Paulo", _("Brazil (São Paulo)")),
            ("America/Mexico_City", _("Mexico (Mexico City)")),
        ),
    ),
)
COMMON = frozenset(zone for _country, zones in COMMON_ZONES for zone, _name in zones)


def zone_choices() -> list:
    """Grouped choices for a select: an empty first choice, the common zones, then the rest."""
    others = sorted(zoneinfo.available_timezones() - COMMON)
    return [
        ("", _("Choose your time zone…")),
        *((country, list(zones)) for country, zones in COMMON_ZONES),
        (_("Other zones"), [(zone, zone.replace("_", " ")) for zone in others]),
    ]


def zone_words(zone: str, moment: datetime | None = None) -> str:
    """The zone as a person names it: 'London time', 'New York time'; zones with no city
    (UTC, Etc/GMT+5) by their short name at `moment` ('UTC time')."""
    area, _slash, city = zone.rpartition("/")
    if area and area != "Etc":
        place = city.replace("_", " ")
    else:
        moment = moment or timezone.now()
        place = moment.astimezone(zoneinfo.ZoneInfo(zone)).tzname() or zone
    return gettext("%(place)s time") % {"place": place}


def clock_words(moment: datetime | time, zone: str, fmt: str = "H:i") -> str:
    """A clock time as the person reads it: '08:00 (London time)'.

    An aware datetime is first moved into `zone` (so a clock change is taken into account);
    a bare time of day (a reminder time) is already the person's own. `fmt` is a pattern or
    the name of one of the app's (backward_walk/formats: "WEEKDAY_DATE_TIME")."""
    if fmt in PATTERNS:
        fmt = pattern(fmt)
    if isinstance(moment, datetime):
        local = timezone.localtime(moment, zoneinfo.ZoneInfo(zone))
        shown = formats.date_format(local, fmt)
        words = zone_words(zone, moment)
    else:
        shown = formats.time_format(moment, fmt)
        words = zone_words(zone)
    return gettext("%(time)s (%(zone)s)") % {"time": shown, "zone": words}
