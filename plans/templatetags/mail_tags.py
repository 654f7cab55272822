from django import template

from plans.forms.mail import form_for

register = template.Library()


@register.inclusion_tag("partials/_mail_choices.html", takes_context=True)
def mail_choices(context, next_page=""):
    """The person's email choices, for /account/ and the end of the questionnaire."""
    request = context["request"]
    return {
        "form": form_for(request.user),
        "request": request,
        "user": request.user,
        "csrf_token": context.get("csrf_token"),
        "next_page": next_page,
    }
