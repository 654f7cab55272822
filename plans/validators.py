"""Validators shared by models and forms."""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

# Categories that make no sense in a name: control characters (newline, tab, escape...),
# line and paragraph separators. A newline in a name broke the invite email's subject.
_REFUSED_CATEGORIES = {"Cc", "Zl", "Zp"}


def has_control_characters(value: str) -> bool:
    return any(unicodedata.category(char) in _REFUSED_CATEGORIES for char in value)


def validate_no_control_characters(value: str) -> None:
    if has_control_characters(value):
        raise ValidationError(
            gettext("Please use letters, spaces and punctuation only: no line breaks or tabs."),
            code="control_characters",
        )


class MaximumLengthValidator:
    """A password validator: hashing a very long password costs the server for nothing."""

    def __init__(self, max_length: int = 128):
        self.max_length = max_length

    def validate(self, password: str, user=None) -> None:
        if len(password) > self.max_length:
            raise ValidationError(
                gettext("Please choose a password of at most %(limit)s characters.")
                % {"limit": self.max_length},
                code="password_too_long",
            )

    def get_help_text(self) -> str:
        return gettext("Your password can be up to %(limit)s characters long.") % {
            "limit": self.max_length
        }
