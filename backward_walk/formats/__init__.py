"""Dates as each language writes them (settings.FORMAT_MODULE_PATH).

Pages and mail never give a date a pattern of their own ("j F Y" reads "25 noviembre 2026" in
Spanish, which says "25 de noviembre de 2026"): they name one of the patterns below, and each
language's `<code>/formats.py` says how it writes it. Django's own names (DATE_FORMAT, ...)
keep Django's patterns; these are the app's. A language without a formats module of ours (or a
pattern missing from it) gets the English pattern, with its own month and day names.

In templates: `{{ day|local_date:"WEEKDAY_DATE" }}` (a built-in filter, ./tags.py); in Python:
`local_date(day, "WEEKDAY_DATE")`.
"""

from django.utils.formats import date_format, get_format

# The English patterns, which are also every pattern's fallback.
PATTERNS = {
    "LONG_DATE": "j F Y",  # 25 November 2026
    "DAY_MONTH": "j F",  # 25 November
    "MONTH_YEAR": "F Y",  # November 2026
    "SHORT_DATE": "j M Y",  # 25 Nov 2026
    "SHORT_DAY_MONTH": "j M",  # 25 Nov
    "WEEKDAY_DATE": "l j F",  # Wednesday 25 November
    "WEEKDAY_DATE_TIME": "l j F, H:i",  # Wednesday 25 November, 08:30
    "SHORT_DATE_TIME": "j M Y, H:i",  # 25 Nov 2026, 08:30
    "SHORT_WEEKDAY": "D j M",  # Wed 25 Nov
    "SHORT_WEEKDAY_DATE": "D j M Y",  # Wed 25 Nov 2026
}


def pattern(name: str) -> str:
    """The active language's pattern called `name` (a key of PATTERNS)."""
    if name not in PATTERNS:
        raise ValueError(f"{name!r} is not one of the app's date patterns")
    found = get_format(name)
    return PATTERNS[name] if found == name else found


def local_date(value, name: str) -> str:
    """`value` (a date or datetime, shown in the active time zone) written as the active
    language writes the pattern `name`; "" for None."""
    if value in (None, ""):
        return ""
    return date_format(value, pattern(name))
