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


# Characters that draw nothing: format characters (category Cf: zero-width space and joiners,
# the byte-order mark, direction marks, soft hyphen), control characters, separators, private and
# unassigned code points, and the few "letters" and marks that are blank by design.
_HIDDEN_CATEGORIES = {"Cf", "Cc", "Zl", "Zp", "Co", "Cn"}
_BLANK_LETTERS = {"\u034f", "\u115f", "\u1160", "\u3164", "\uffa0"}


def normalise_email(value: str) -> str:
    """The one spelling of an address a person typed, as it is stored and compared.

    NFKC turns look-alike forms into plain ones (full-width "ｒｏｓａ＠ｅｘ．ｏｒｇ" becomes
    "rosa@ex.org"). The whole address is lower-cased, not only the domain as Django's
    BaseUserManager.normalize_email does: this app stores and compares addresses lower-case
    (the unique constraint is on Lower(email)), so "Rosa@" and "rosa@" are one account.
    """
    return unicodedata.normalize("NFKC", value).strip().lower()


def validate_no_hidden_characters(value: str) -> None:
    """An address with a character nobody can see looks like someone else's: refuse it."""
    if any(
        unicodedata.category(char) in _HIDDEN_CATEGORIES or char in _BLANK_LETTERS for char in value
    ):
        raise ValidationError(
            gettext(
                "This email address has a hidden character in it (such as a zero-width "
                "space, often copied along with the address). Please type the address again."
            ),
            code="hidden_characters",
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
