"""The calendar: the secret feed (no session needed), the one-off download and a new link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST, require_safe

from feeds import services as calendar_feed
from feeds.forms import CalendarLinkForm
from notifications import limits
from plans.views.access import client_only

ICS = "text/calendar; charset=utf-8"


def account_context(request) -> dict:
    """What the account page's calendar section needs: the link (if made) and its button."""
    if request.user.is_coach:
        return {}
    feed = calendar_feed.feed_of(request.user)
    url = request.build_absolute_uri(calendar_feed.feed_path(feed)) if feed else ""
    return {
        "calendar_feed_url": url,
        "calendar_link_form": CalendarLinkForm(has_link=feed is not None),
    }


@require_safe
def feed(request, key, token):
    """The feed a calendar app subscribes to: the link is the only credential."""
    found = calendar_feed.feed_for_link(key, token)
    if found is None:
        raise Http404("No such calendar.")
    try:
        calendar_feed.count_fetch(found)
    except limits.LimitReached:
        response = HttpResponse(
            _("This calendar link was read too often today. Please try again tomorrow."),
            status=429,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = "3600"
        return response
    body = calendar_feed.calendar_bytes(
        found.user, link=request.build_absolute_uri(reverse("today"))
    )
    etag = f'"{calendar_feed.etag_for(body)}"'
    response = get_conditional_response(request, etag=etag) or HttpResponse(body, content_type=ICS)
    response["ETag"] = etag
    response["Content-Disposition"] = 'inline; filename="backward-walk.ics"'
    # A secret link: no shared cache keeps it; the app may reuse it for an hour, then asks
    # again with If-None-Match and gets 304 when nothing changed.
    patch_cache_control(response, private=True, max_age=int(calendar_feed.REFRESH.total_seconds()))
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


@login_required
@client_only
@require_GET
@never_cache
def download(request):
    """The next weeks as a file to open once; it does not update by itself."""
    user = request.user
    body = calendar_feed.calendar_bytes(user, link=request.build_absolute_uri(reverse("today")))
    response = HttpResponse(body, content_type=ICS)
    stamp = user.local_today().isoformat()
    response["Content-Disposition"] = f'attachment; filename="backward-walk-sessions-{stamp}.ics"'
    return response


@login_required
@client_only
@require_POST
def new_link(request):
    """Make the person's calendar link, or replace it: the old one stops working at once."""
    had_link = calendar_feed.feed_of(request.user) is not None
    calendar_feed.new_link(request.user)
    if had_link:
        messages.success(
            request,
            _(
                "Here is your new calendar link. The old one no longer works: add the new "
                "one to your calendar in its place."
            ),
        )
    else:
        messages.success(request, _("Here is your calendar link. Copy it into your calendar."))
    return redirect(f"{reverse('account')}#calendar")
