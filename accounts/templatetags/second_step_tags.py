from django import template

from accounts.services import second_step

register = template.Library()


@register.inclusion_tag("account/_second_step.html", takes_context=True)
def second_step_status(context):
    """The account page's second-step section: on or off, and the recovery codes left."""
    user = context["request"].user
    return {
        "is_on": second_step.is_on(user),
        "codes_left": second_step.recovery_codes_left(user),
        "required": second_step.required_for(user),
    }
