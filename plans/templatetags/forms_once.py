"""`{{ field|field_html }}`: a form field through crispy, rendered once per language.

An empty form looks the same for everyone who reads it in one language: the session log
form, the morning pain question, the coach's adjustment forms. Crispy's templates cost most of
a page such as Today (31 % of it, issue 26), so an unbound field's HTML is kept in the cache
under everything it shows: the language, the code (`code_version`), the form, its prefix and
ids, and the field's label, help, choices, widget attributes and starting value (a hidden
`row_version`, a coach's current dose). A bound form (an answer with its errors) is rendered
afresh every time, as are fields whose choices come from the database and forms with a crispy
helper.
"""

import hashlib

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import template
from django.core.cache import cache
from django.utils import translation
from django.utils.safestring import mark_safe

from plans.selectors.cache_keys import FRAGMENT_SECONDS, code_version

register = template.Library()


def _key(bound) -> str | None:
    """The cache key of an unbound field's HTML, or None when it must be rendered afresh."""
    form, field = bound.form, bound.field
    if form.is_bound or getattr(form, "helper", None) is not None:
        return None
    choices = getattr(field, "choices", ())
    if not isinstance(choices, list | tuple):
        return None  # from the database (a queryset) or a callable: may change at any time
    widget = field.widget
    parts = (
        code_version(),
        translation.get_language() or "-",
        f"{type(form).__module__}.{type(form).__qualname__}",
        form.prefix,
        form.auto_id,
        form.label_suffix,
        form.use_required_attribute,
        bound.name,
        type(field).__name__,
        type(widget).__name__,
        str(bound.label),
        str(field.help_text),
        field.required,
        field.disabled,
        field.show_hidden_initial,
        repr(bound.value()),
        repr(sorted(widget.attrs.items())),
        repr([(str(value), str(words)) for value, words in choices]),
    )
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
    return f"field-html:{digest}"


@register.filter
def field_html(bound) -> str:
    key = _key(bound)
    if key is None:
        return as_crispy_field(bound)
    html = cache.get(key)
    if html is None:
        html = str(as_crispy_field(bound))
        cache.set(key, html, FRAGMENT_SECONDS)
    return mark_safe(html)  # noqa: S308 - crispy's own output, escaped when it was rendered
