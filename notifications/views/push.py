"""Reminders on this phone: the page's script (static/js/push.js in this app) saves or forgets
this browser's push subscription here, as JSON. Rules and writes: notifications/push.py."""

import json

from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from notifications import push


def _read_json(request) -> dict | None:
    try:
        data = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


def _refused(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def _not_read() -> JsonResponse:
    return _refused(
        _("We could not read what your browser sent. Nothing was changed; please try again.")
    )


@login_required
@require_POST
def subscribe(request):
    """{"subscription": PushSubscription.toJSON(), "asked": true when the person tapped}."""
    if not push.enabled():
        raise Http404("Web Push is not set up on this site.")
    data = _read_json(request)
    if data is None:
        return _not_read()
    try:
        push.subscribe(request.user, data.get("subscription"), asked=data.get("asked") is True)
    except push.DeviceTaken as problem:
        return _refused(str(problem), status=409)
    except push.SubscriptionError as problem:
        return _refused(str(problem))
    if request.user.is_coach:
        message = _("This phone now gets your alerts, instead of an email.")
    else:
        message = _("This phone now gets your reminders on your walking days, instead of an email.")
    return JsonResponse({"subscribed": True, "message": message})


@login_required
@require_POST
def unsubscribe(request):
    """{"endpoint": the subscription's endpoint}: only the person's own device is forgotten."""
    data = _read_json(request)
    if data is None:
        return _not_read()
    try:
        push.unsubscribe(request.user, data.get("endpoint"))
    except push.SubscriptionError as problem:
        return _refused(str(problem))
    if request.user.is_coach:
        message = _("This phone no longer gets your alerts. They come by email.")
    else:
        message = _(
            "This phone no longer gets reminders. If your reminders are on, they come by email."
        )
    return JsonResponse({"subscribed": False, "message": message})
