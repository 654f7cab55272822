from django import forms
from django.utils.translation import gettext_lazy as _

from api.models import SCOPES_FOR_ROLE


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=80,
        help_text=_("Something to tell it apart, such as the app or clinic system using it."),
        error_messages={"required": _("Give the token a name, such as the app that will use it.")},
    )
    scope = forms.ChoiceField(
        label=_("What it may do"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what the token may do.")},
    )

    def __init__(self, *args, role: str, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(scope.value, scope.label) for scope in SCOPES_FOR_ROLE[role]]
        self.fields["scope"].choices = choices
        self.fields["scope"].initial = choices[0][0]
