from django import template
from django.conf import settings

from notifications import push
from notifications.forms import form_for

register = template.Library()


@register.inclusion_tag("partials/_mail_choices.html", takes_context=True)
def mail_choices(context, next_page=""):
    """The person's email choices and reminders on this phone, for /account/ and the end of
    the questionnaire."""
    request = context["request"]
    return {
        "form": form_for(request.user),
        "request": request,
        "user": request.user,
        "csrf_token": context.get("csrf_token"),
        "next_page": next_page,
        # The public key the browser subscribes with; none while push is off (all by email).
        "push_key": settings.VAPID_PUBLIC_KEY if push.enabled() else "",
    }
