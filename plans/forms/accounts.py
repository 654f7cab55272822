import zoneinfo

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm

from plans.models import User

TIME_ZONE_CHOICES = [(tz, tz.replace("_", " ")) for tz in sorted(zoneinfo.available_timezones())]


class EmailLoginForm(AuthenticationForm):
    """Django's login form with the email label and plain-words errors."""

    error_messages = {
        "invalid_login": (
            "That email and password do not match an account. Check both and try again; "
            "capital letters matter in the password."
        ),
        "inactive": "This account is switched off. Ask your coach or the site's staff.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Email address"
        self.fields["username"].widget = forms.EmailInput(
            attrs={"autocomplete": "email", "autofocus": True}
        )


class SignupForm(forms.ModelForm):
    password1 = forms.CharField(
        label="Choose a password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 8 characters. A short sentence is easy to remember and hard to guess.",
    )
    password2 = forms.CharField(
        label="Type the password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    time_zone = forms.ChoiceField(
        label="Your time zone",
        choices=TIME_ZONE_CHOICES,
        help_text="So that “today” means your today.",
    )
    role = forms.ChoiceField(
        label="I am here because",
        choices=User.Role.choices,
        widget=forms.RadioSelect,
        initial=User.Role.CLIENT,
    )
    accept_disclaimer = forms.BooleanField(
        label=(
            "I understand this is general exercise guidance, not medical advice, and that "
            "I should ask my doctor before starting."
        ),
        error_messages={"required": "Please tick this box to go on."},
    )

    class Meta:
        model = User
        fields = ["display_name", "email", "time_zone", "role"]
        widgets = {
            "display_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }
        help_texts = {"display_name": "The name your coach will see."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].initial = settings.TIME_ZONE

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email=email).exists():
            raise forms.ValidationError(
                "There is already an account with this email. Log in, or reset the password."
            )
        return email

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "The two passwords are not the same.")
        elif p1:
            user = User(
                email=cleaned.get("email", ""), display_name=cleaned.get("display_name", "")
            )
            try:
                password_validation.validate_password(p1, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned

    def save(self, commit: bool = True) -> User:
        user = super().save(commit=False)
        user.set_password(self.cleaned_data["password1"])
        if commit:
            user.save()
        return user


class AccountForm(forms.ModelForm):
    time_zone = forms.ChoiceField(label="Your time zone", choices=TIME_ZONE_CHOICES)

    class Meta:
        model = User
        fields = ["display_name", "email", "time_zone"]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("Another account already uses this email.")
        return email
