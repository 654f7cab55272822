"""The client's side of lifting a pause: the fields follow what the pause needs.

- their own re-check (three questions) when their own word is enough;
- a physiotherapist's or doctor's review (name, profession, date) for a review pause;
- a doctor's clearance (name, date, "it was a doctor") for a physician pause.
The service (plans.services.clearances) checks the rank, the dates and the time limits.
"""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from plans.services.clearances import Clearance

YES_NO = [("no", _("No")), ("yes", _("Yes"))]
DATE_WIDGET = forms.DateInput(attrs={"type": "date"})
DATE_ERRORS = {
    "required": _("Type the date you were cleared."),
    "invalid": _("Type the date like 2026-11-25."),
}


class ResumeForm(forms.Form):
    pain_ok = forms.ChoiceField(
        label=_("Is your pain now 3 out of 10 or less, at rest and when you walk normally?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Please answer yes or no.")},
    )
    warning_signs = forms.ChoiceField(
        label=(
            _(
                "Since the pause, have you had chest pain, dizziness, fainting, unusual "
                "breathlessness, or sudden weakness or numbness?"
            )
        ),
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please answer yes or no.")},
    )
    new_fall = forms.ChoiceField(
        label=_("Have you fallen since the pause?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please answer yes or no.")},
    )
    kind = forms.ChoiceField(
        label=_("Who looked at your plan?"),
        choices=[
            ("review", _("A physiotherapist or a doctor reviewed it")),
            ("physician", _("A doctor cleared me")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose one answer.")},
    )
    name = forms.CharField(
        label=_("Their name"),
        max_length=120,
        error_messages={"required": _("Type the name of the person who cleared you.")},
    )
    profession = forms.ChoiceField(
        label=_("They are a"),
        choices=[
            ("", _("Choose…")),
            ("physiotherapist", _("Physiotherapist")),
            ("doctor", _("Doctor")),
        ],
        required=False,
    )
    cleared_on = forms.DateField(
        label=_("Date they cleared you"), widget=DATE_WIDGET, error_messages=DATE_ERRORS
    )
    confirmed_doctor = forms.BooleanField(
        label=_("I confirm a doctor (physician) cleared me to exercise."),
        required=False,
    )

    def __init__(
        self, *args, needs: str, today: date | None = None, recheck: bool = True, **kwargs
    ):
        """`recheck=False` leaves out the three "since the pause" questions: a plan waiting
        for its first clearance has not been walked yet."""
        super().__init__(*args, **kwargs)
        self.needs = needs or "self"
        self.today = today
        own = ("pain_ok", "warning_signs", "new_fall") if recheck else ()
        review = ("kind", "name", "profession", "cleared_on", "confirmed_doctor")
        if self.needs == "self":
            keep = own
        elif self.needs == "coach":
            keep = (*own, *review)
        else:  # physician
            keep = (*own, "name", "cleared_on", "confirmed_doctor")
            self.fields["name"].label = _("Your doctor's name")
            self.fields["cleared_on"].label = _("Date your doctor cleared you")
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("pain_ok") == "no":
            self.add_error(
                "pain_ok", _("Please rest until the pain settles to 3 or less, or see your doctor.")
            )
        if cleaned.get("warning_signs") == "yes":
            self.add_error(
                "warning_signs",
                _(
                    "Please see a doctor before walking backward again. If it is happening now, "
                    "call your local emergency number."
                ),
            )
        if cleaned.get("new_fall") == "yes":
            self.add_error(
                "new_fall",
                _(
                    "Please tell us about the fall first (“I had a fall”, on Today or in the "
                    "menu), tell your doctor, and get checked."
                ),
            )
        kind = self.clearance_kind()
        if kind == "review" and not cleaned.get("profession"):
            self.add_error("profession", _("Choose physiotherapist or doctor."))
        if kind == "physician" and not cleaned.get("confirmed_doctor"):
            self.add_error("confirmed_doctor", _("Please confirm that a doctor cleared you."))
        day = cleaned.get("cleared_on")
        if day and self.today and day > self.today:
            self.add_error("cleared_on", _("The date cannot be in the future."))
        return cleaned

    def clearance_kind(self) -> str:
        if self.needs == "self":
            return "self"
        if self.needs == "physician":
            return "physician"
        return self.cleaned_data.get("kind") or "review"

    def clearance(self) -> Clearance:
        data = self.cleaned_data
        return Clearance(
            kind=self.clearance_kind(),
            name=data.get("name", ""),
            profession=data.get("profession", "")
            or ("doctor" if self.clearance_kind() == "physician" else ""),
            cleared_on=data.get("cleared_on"),
            confirmed_doctor=bool(data.get("confirmed_doctor")),
            checked="pain_ok" in self.fields,
        )
