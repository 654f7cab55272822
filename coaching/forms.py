"""Forms for coaches (dashboard filters, invites, plan changes, notes) and the invite sign-up."""

from decimal import Decimal

from django import forms
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.forms.account import SignupForm
from backward_walk.formats import local_date
from coaching.flags import FLAGS
from coaching.selectors.dashboard import SORTS
from coaching.services.links import MAX_NOTE_LENGTH
from plans import rules
from plans.forms.fields import EmailAddressField, TypedDecimalField
from plans.models import Clearance, Stage
from plans.services.adjustments import MAX_DOSE_MINUTES, MIN_DOSE_MINUTES

REASON_HELP = _("The client sees this with the change, so write it for them.")


class DashboardFilterForm(forms.Form):
    """GET filters; a bad value is ignored (it is only an edited link), not an error page."""

    q = forms.CharField(
        label=_("Search by name or email"),
        required=False,
        max_length=80,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    flag = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("", _("Everyone")), ("any", _("Anyone with a flag")), *FLAGS],
    )
    stage = forms.ChoiceField(
        label=_("Stage"),
        required=False,
        choices=[("", _("All stages")), *Stage.choices, ("none", _("No plan yet"))],
    )
    sort = forms.ChoiceField(label=_("Order"), required=False, choices=SORTS)
    walk_test = forms.ChoiceField(
        label=_("Backward walk test"),
        required=False,
        choices=[
            ("", _("Any result")),
            ("at_risk", _("Latest in the at-risk range")),
            ("none", _("Not done yet")),
        ],
    )

    def value(self, name: str) -> str:
        if not self.is_bound or not self.is_valid() and name in self.errors:
            return ""
        return (self.cleaned_data.get(name) or "").strip()

    def filter_words(self) -> str:
        """The filters in use, as the coach chose them ("“Paused”, “Pool”"); "" for none."""
        words = []
        for name in ("q", "flag", "stage", "walk_test"):
            value = self.value(name)
            if value:
                choices = dict(self.fields[name].choices) if name != "q" else {}
                words.append(_("“%(words)s”") % {"words": choices.get(value, value)})
        return ", ".join(str(w) for w in words)


class InviteForm(forms.Form):
    name = forms.CharField(
        label=_("A name for this invite (optional)"),
        required=False,
        max_length=80,
        help_text=_("Only you see it, in your list of invites: for example who it is for."),
    )
    email = EmailAddressField(
        label=_("Their email (optional)"),
        required=False,
        help_text=_("We email them the link. Leave it empty to copy the link yourself."),
        error_messages={"invalid": _("That does not look like an email address. Check it.")},
    )


class ReasonForm(forms.Form):
    """Every adjustment: a reason and the plan's row_version when the form was shown."""

    row_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        help_text=REASON_HELP,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": _("Please give a reason; the client sees it with the change."),
            "max_length": _("Please keep the reason to 500 characters or fewer."),
        },
    )

    def clean_row_version(self):
        value = self.cleaned_data.get("row_version")
        if value is None:
            raise forms.ValidationError(_("The form is out of date. Reload the page."))
        return value


class DoseForm(ReasonForm):
    level = forms.TypedChoiceField(
        label=_("Level"),
        coerce=int,
        choices=[(n, format_lazy(_("Level {n}"), n=n)) for n in range(1, 5)],
        error_messages={"invalid_choice": _("Choose a level from 1 to 4.")},
    )
    backward_minutes = forms.IntegerField(
        label=_("Backward minutes per session"),
        min_value=MIN_DOSE_MINUTES,
        max_value=MAX_DOSE_MINUTES,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": format_lazy(
                _("Give the minutes, from {low} to {high}."),
                low=MIN_DOSE_MINUTES,
                high=MAX_DOSE_MINUTES,
            ),
            "invalid": _("Write the minutes as a whole number, such as 10."),
            "min_value": format_lazy(_("At least {low} minutes."), low=MIN_DOSE_MINUTES),
            "max_value": format_lazy(_("At most {high} minutes."), high=MAX_DOSE_MINUTES),
        },
    )
    field_order = ["level", "backward_minutes", "reason", "row_version"]


class ClearanceForm(ReasonForm):
    clearance = forms.ChoiceField(
        label=_("Who cleared them"),
        choices=[
            (Clearance.PHYSICIAN, _("A physician")),
            (Clearance.COACH, _("Me, as their coach")),
        ],
        initial=Clearance.PHYSICIAN,
        widget=forms.RadioSelect,
    )
    cleared_by = forms.CharField(
        label=_("Their name"),
        max_length=120,
        error_messages={"required": _("Write the name of the person who cleared them.")},
    )
    cleared_on = forms.DateField(
        label=_("On what date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": _("Give the date of the clearance."),
            "invalid": _("Write the date as YYYY-MM-DD, such as 2025-03-14."),
        },
    )
    field_order = ["clearance", "cleared_by", "cleared_on", "reason", "row_version"]


class SuperviseForm(ReasonForm):
    """The coach confirms someone trained will attend every session on these stages."""

    supervised_stages = forms.MultipleChoiceField(
        label=_("Stages where someone trained will be with the client for every session"),
        choices=[(s, label) for s, label in Stage.choices],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    field_order = ["supervised_stages", "reason", "row_version"]


# A number in the reader's language (0,5 in Spanish), decided when the message is shown.
_number = lazy(lambda value: number_format(f"{value:.1f}"), str)


class SpeedForm(ReasonForm):
    speed_kmh = TypedDecimalField(
        label=_("Treadmill speed (km/h); leave empty to hand it back to the plan"),
        min_value=Decimal(str(rules.COACH_SPEED_MIN_KMH)),
        max_value=Decimal(str(rules.COACH_SPEED_MAX_KMH)),
        decimal_places=1,
        required=False,
        error_messages={
            "min_value": format_lazy(
                _("At least {low} km/h."), low=_number(rules.COACH_SPEED_MIN_KMH)
            ),
            "max_value": format_lazy(
                _("At most {high} km/h."), high=_number(rules.COACH_SPEED_MAX_KMH)
            ),
            "invalid": _("Write the speed as a number, such as 1.2."),
            "max_decimal_places": _("Use one decimal place, such as 1.2."),
        },
    )
    field_order = ["speed_kmh", "reason", "row_version"]


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=MAX_NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Please write something before sending."),
            "max_length": format_lazy(
                _("Please keep a note to {limit} characters or fewer."), limit=MAX_NOTE_LENGTH
            ),
        },
    )


def history_field(since=None) -> forms.TypedChoiceField:
    """The client's choice whether their coach also sees what they logged before the link
    began: before today (an invite), or before `since` (the account page). Nothing is shared
    unless they choose it: "no" is chosen at first, and a form sent without it (a page from
    before this choice existed) shares nothing."""
    if since is None:
        choices = [
            ("no", _("No: only what I log from today on")),
            ("yes", _("Yes: also what I logged before today")),
        ]
    else:
        day = local_date(since, "LONG_DATE")
        choices = [
            ("no", format_lazy(_("No: only what I logged from {day}, when we started"), day=day)),
            ("yes", format_lazy(_("Yes: also what I logged before {day}"), day=day)),
        ]
    return forms.TypedChoiceField(
        label=_("May your coach see what you logged before?"),
        choices=choices,
        coerce=lambda value: value == "yes",
        required=False,
        empty_value=False,
        initial="no",
        widget=forms.RadioSelect,
        help_text=_("You can change this at any time on your account page."),
        error_messages={
            "invalid_choice": _("Choose whether your coach may see what you logged before."),
        },
    )


class SharingForm(forms.Form):
    """The sharing choice on its own: accepting an invite, and the account page."""

    def __init__(self, *args, since=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shares_history"] = history_field(since)


class InviteSignupForm(SignupForm):
    """Sign-up from an invite: always a client account. Like /signup/, the account waits
    for its email to be confirmed, and the page answers the same whether or not the address
    has an account (services/accounts.py::start_signup).

    An emailed invite fixes the email to the address it was sent to.
    """

    def __init__(self, *args, invite_email: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["role"]
        # The client's sharing choice, held with the invite until it is accepted.
        self.fields["shares_history"] = history_field()
        if invite_email:
            self.fields["email"].initial = invite_email
            self.fields["email"].disabled = True
            self.fields["email"].help_text = _("The invite was sent to this address.")
