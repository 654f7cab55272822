"""Django's password forms in the site's plain words: short labels and one line of help
instead of the validators' list (the validators still run and say what is wrong)."""

from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

NEW_PASSWORD_HELP = _(
    "At least 8 characters. A short sentence is easy to remember and hard to guess."
)


def _plain_new_password(form) -> None:
    first, second = form.fields["new_password1"], form.fields["new_password2"]
    first.label = _("New password")
    first.help_text = NEW_PASSWORD_HELP
    first.error_messages["required"] = _("Type a new password.")
    second.label = _("Type the new password again")
    second.help_text = ""
    second.error_messages["required"] = _("Type the new password a second time.")


class PlainSetPasswordForm(auth_forms.SetPasswordForm):
    """A new password after a reset link."""

    error_messages = {
        **auth_forms.SetPasswordForm.error_messages,
        "password_mismatch": _("The two passwords are not the same."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _plain_new_password(self)


class PlainPasswordChangeForm(auth_forms.PasswordChangeForm):
    """A new password for someone signed in, who gives the current one first."""

    error_messages = {
        **PlainSetPasswordForm.error_messages,
        "password_incorrect": _("That is not the password you use now. Please try again."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Your password now")
        self.fields["old_password"].error_messages["required"] = _("Type the password you use now.")
        _plain_new_password(self)
