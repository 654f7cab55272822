from django import template

from plans.pictures import picture_for

register = template.Library()


@register.simple_tag
def stage_picture(key: str) -> dict:
    """`{% stage_picture "pool" as pic %}`: the drawing's file, caption and alt text."""
    return picture_for(key)


# The pages the service worker keeps for offline use, which load plans/static/js/offline.js. Other
# pages (the doctor's letter, forms) stay script-free.
OFFLINE_PAGES = frozenset({"today", "plan", "progress", "session_player", "log_day"})


@register.filter
def kept_offline(request) -> bool:
    match = getattr(request, "resolver_match", None)
    return match is not None and match.url_name in OFFLINE_PAGES
