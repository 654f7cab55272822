"""Lets Today offer the monthly test through a single {% include %} (no change to its view)."""

from django import template

from assessments.selectors import backward_walk_due

register = template.Library()


@register.simple_tag
def backward_walk_due_for(user) -> bool:
    """No 3-metre backward walk in the last four weeks, counted on the person's own date."""
    return backward_walk_due(user, user.local_today())
