"""`{% language_choices as choices %}`: the languages a person can choose, each named in its
own words ("English", "Español": settings.LANGUAGES, never translated)."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def language_choices() -> list[tuple[str, str]]:
    return list(settings.LANGUAGES)
