from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core import validators as django_validators
from django.utils.translation import gettext_lazy as _

from accounts.forms.passwords import NEW_PASSWORD_HELP
from accounts.models import User
from accounts.time_zones import zone_choices
from plans.forms.fields import EmailAddressField

PASSWORD_MAX_LENGTH = 128


def time_zone_field() -> forms.ChoiceField:
    """Common zones by country first; accounts/static/js/time-zone.js picks the browser's zone when
    nothing is chosen yet. No default: a person who chooses nothing is asked, never put on UTC."""
    return forms.ChoiceField(
        label=_("Your time zone"),
        choices=zone_choices,
        help_text=_("So that “today” means your today. Not listed? See “Other zones” at the end."),
        error_messages={"required": _("Choose your time zone, so that “today” means your today.")},
        widget=forms.Select(attrs={"data-browser-zone": "", "autocomplete": "off"}),
    )


class EmailLoginForm(AuthenticationForm):
    """Django's login form with the email label and plain-words errors.

    An account waiting for its email to be confirmed, with the right password, is told so
    (accounts/backends.py hands it here); `awaiting_confirmation` then holds it, for the "send
    the link again" button.
    """

    error_messages = {
        "invalid_login": (
            _(
                "That email and password do not match an account. Check both and try again; "
                "capital letters matter in the password."
            )
        ),
        "inactive": _("This account is switched off. Ask your coach or the site's staff."),
        "unconfirmed": _(
            "Please confirm your email first: we sent a link to %(email)s. Open it to switch "
            "your account on."
        ),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.awaiting_confirmation = None
        self.fields["username"] = EmailAddressField(
            label=_("Email address"),
            widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
        )
        # A megabyte-long password is refused before it is hashed.
        self.fields["password"].max_length = PASSWORD_MAX_LENGTH
        self.fields["password"].validators.append(
            django_validators.MaxLengthValidator(PASSWORD_MAX_LENGTH)
        )

    def confirm_login_allowed(self, user: User) -> None:
        if user.awaits_confirmation:
            self.awaiting_confirmation = user
            raise forms.ValidationError(
                self.error_messages["unconfirmed"],
                code="unconfirmed",
                params={"email": user.email},
            )
        super().confirm_login_allowed(user)


class SignupForm(forms.ModelForm):
    # Not a model field here: a taken address is no form error (see
    # _get_validation_exclusions).
    email = EmailAddressField(label=_("Email address"))
    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=NEW_PASSWORD_HELP,
    )
    password2 = forms.CharField(
        label=_("Type the password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    time_zone = time_zone_field()
    role = forms.ChoiceField(
        label=_("I am here because"),
        choices=User.Role.choices,
        widget=forms.RadioSelect,
        initial=User.Role.CLIENT,
    )
    accept_disclaimer = forms.BooleanField(
        label=(
            _(
                "I understand this is general exercise guidance, not medical advice, and that "
                "I should ask my doctor before starting."
            )
        ),
        error_messages={"required": _("Please tick this box to go on.")},
    )
    accept_health_data = forms.BooleanField(
        label=(
            _(
                "I agree that backward-walk keeps my health answers, pain and falls to make and "
                "adjust my plan, and shows them to me and my current coach only."
            )
        ),
        help_text=_("Read what is kept and for how long on the privacy page (link below)."),
        error_messages={"required": _("Please tick this box: the plan cannot work without it.")},
    )

    class Meta:
        model = User
        fields = ["display_name", "email", "time_zone", "role"]
        widgets = {"display_name": forms.TextInput(attrs={"autocomplete": "name"})}
        help_texts = {"display_name": _("The name your coach will see.")}

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords are not the same."))
        elif p1:
            user = User(
                email=cleaned.get("email", ""), display_name=cleaned.get("display_name", "")
            )
            try:
                password_validation.validate_password(p1, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned

    def _get_validation_exclusions(self):
        # The model's case-insensitive unique email is checked by the service, which must
        # answer the same whether or not the address is taken.
        return {*super()._get_validation_exclusions(), "email"}


class AccountForm(forms.ModelForm):
    """Name, time zone and speed unit; the email changes through EmailChangeForm and a mailed
    link."""

    time_zone = time_zone_field()
    speed_unit = forms.ChoiceField(
        label=_("Show speeds in"),
        choices=User.SpeedUnit.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose km/h or mph.")},
    )

    class Meta:
        model = User
        fields = ["display_name", "time_zone", "speed_unit"]


class CurrentPasswordForm(forms.Form):
    """Asks for the password again before something that cannot be undone by accident."""

    current_password = forms.CharField(
        label=_("Your current password"),
        strip=False,
        max_length=PASSWORD_MAX_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Please type your current password.")},
    )

    def __init__(self, user: User, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_current_password(self) -> str:
        password = self.cleaned_data["current_password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your current password. Please try again."))
        return password


class EmailChangeForm(CurrentPasswordForm):
    new_email = EmailAddressField(
        label=_("New email address"),
        help_text=_("We email a link to the new address. The change happens when you open it."),
        error_messages={"invalid": _("That does not look like an email address. Check it.")},
    )
    field_order = ["new_email", "current_password"]

    def clean_new_email(self) -> str:
        email = self.cleaned_data["new_email"]
        if email == self.user.email:
            raise forms.ValidationError(_("That is already your email address."))
        return email


class DeleteAccountForm(CurrentPasswordForm):
    confirm = forms.BooleanField(
        label=_("I understand that my account and everything in it will be deleted for good."),
        error_messages={"required": _("Please tick this box to delete your account.")},
    )
