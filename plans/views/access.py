"""Fetch-and-check helpers: each returns only what the asking person may see."""

from datetime import date
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from coaching.models import CoachLink
from plans.models import PlannedSession


def client_only(view):
    """Pages for the person walking; a coach gets 403 (wrong role), not someone else's data."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_coach:
            raise PermissionDenied(_("This page is for clients."))
        return view(request, *args, **kwargs)

    return wrapper


def coach_only(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_coach:
            raise PermissionDenied(_("This page is for coaches."))
        return view(request, *args, **kwargs)

    return wrapper


def own_planned_session(user, day: date) -> PlannedSession:
    """The asking client's session on `day` in their current plan, or 404."""
    return get_object_or_404(
        PlannedSession.objects.select_related("plan", "log").exclude(plan__status="ended"),
        client=user,
        date=day,
    )


def linked_client(coach, public_id) -> CoachLink:
    """The coach's current link to this client (with the client), or 404."""
    return get_object_or_404(
        CoachLink.objects.current().select_related("client"),
        coach=coach,
        client__public_id=public_id,
    )
