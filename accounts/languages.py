"""The language each person reads: one place that says which one, for pages and for mail.

A signed-in person's pages use the language stored on their account (accounts/middleware.py);
a visitor's use Django's LocaleMiddleware (the language cookie, then the browser's
Accept-Language). Whatever is made for a person while they are not looking (emails, reminders,
push texts, the calendar feed) is made inside `speaking(user)`.
"""

from contextlib import AbstractContextManager

from django.conf import settings
from django.utils import translation


def supported(code: str | None) -> str:
    """`code` as one of settings.LANGUAGES ("es-MX" -> "es"), or the site's default."""
    if code:
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            pass
    return settings.LANGUAGE_CODE


def current() -> str:
    """The language of what is being made now, as an account stores it."""
    return supported(translation.get_language())


def of(user) -> str:
    return supported(getattr(user, "language", None))


def speaking(user) -> AbstractContextManager:
    """Everything translated inside the block is in `user`'s language (the site's default for
    nobody)."""
    return translation.override(of(user) if user is not None else settings.LANGUAGE_CODE)
