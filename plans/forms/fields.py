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


class TypedDecimalField(forms.DecimalField):
    """A number a person types with a decimal part (a test's seconds, a treadmill speed).

    Either mark works in every language: "6.4" and "6,4" are both six point four (a Spanish
    speaker writes a comma, a phone's keyboard may offer only a point). The box is a text box
    with the decimal keyboard, not `type=number`: a browser's number box shows and accepts only
    its own locale's mark, and empties what it cannot read. Shown in the page's language
    ("6,4" in Spanish). Thousands are never typed here, so a single comma is always decimal.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
        )
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(" ", "")
            if value.count(",") == 1 and "." not in value:
                value = value.replace(",", ".")
        return super().to_python(value)
