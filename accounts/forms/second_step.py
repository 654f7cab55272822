"""The code boxes of the second step at log-in (accounts/services/second_step.py checks them)."""

from django import forms
from django.utils.translation import gettext_lazy as _

# Recovery codes are 8 letters and digits; people add spaces. Anything longer is no code.
CODE_MAX_LENGTH = 20


def code_field(*, label, help_text, recovery_allowed: bool) -> forms.CharField:
    attrs = {
        "autocomplete": "one-time-code",
        "autocapitalize": "off",
        "spellcheck": "false",
        "autofocus": True,
        "class": "code-input",
    }
    if not recovery_allowed:
        attrs["inputmode"] = "numeric"
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=CODE_MAX_LENGTH,
        error_messages={
            "required": _("Type the code, please."),
            "max_length": _("That is longer than any code. Check it and try again."),
        },
        widget=forms.TextInput(attrs=attrs),
    )


class SetUpCodeForm(forms.Form):
    """The first code from the app, which proves it holds the key."""

    code = code_field(
        label=_("The 6-digit code your app shows now"),
        help_text=_("The code changes every 30 seconds. Type the one you see now."),
        recovery_allowed=False,
    )


class CodeForm(forms.Form):
    """A code from the app or a recovery code: at log-in, and to change or turn it off."""

    code = code_field(
        label=_("Your code"),
        help_text=_(
            "The 6-digit code from the app on your phone. No phone with you? Type one of "
            "your recovery codes instead."
        ),
        recovery_allowed=True,
    )
