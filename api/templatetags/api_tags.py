from django import template

from api import tokens
from api.forms import TokenForm

register = template.Library()


@register.inclusion_tag("api/_tokens.html", takes_context=True)
def api_tokens(context):
    """The account page's section: the person's API tokens and the form for a new one."""
    request = context["request"]
    return {
        "tokens": tokens.tokens_of(request.user),
        "form": TokenForm(role=request.user.role),
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }
