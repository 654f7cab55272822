"""Form fields shared by several forms."""

from django import forms

from accounts.validators import normalise_email, validate_no_hidden_characters

EMAIL_MAX_LENGTH = 254  # the User.email column's length


class EmailAddressField(forms.EmailField):
    """Every field where a person types an email address (sign-up, invite sign-up, login,
    password reset, email change, the coach's invite form).

    The address is normalised (validators.normalise_email) before it is checked, so the
    full-width or upper-case spelling of an address is that address; one with a hidden
    character is refused with its own message before the format check.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", EMAIL_MAX_LENGTH)
        kwargs.setdefault("widget", forms.EmailInput(attrs={"autocomplete": "email"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return value
        value = normalise_email(value)
        validate_no_hidden_characters(value)
        return value
