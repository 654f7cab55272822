"""Time zone choices a person can find: common zones by country with plain names first, then
every other zone the server knows, so nobody scrolls 600 entries and nobody is left on UTC."""

import zoneinfo

from django.utils.translation import gettext_lazy as _

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
