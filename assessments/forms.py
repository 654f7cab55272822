"""Forms for entering a functional test's result (by hand, or filled in by the timer)."""

from datetime import date

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from assessments import readings as assessments
from plans.forms.fields import TypedDecimalField

SECONDS = {
    "min_value": 0,
    "max_value": 999,
    "decimal_places": 2,
    "max_digits": 5,
    "error_messages": {
        "invalid": _("Type the seconds as a number, such as 6.4."),
        "max_decimal_places": _("Use at most two decimal places, such as 6.45."),
    },
}


class ResultForm(forms.Form):
    taken_on = forms.DateField(
        label=_("Date of the test"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        error_messages={"invalid": _("Type a date, for example 2026-05-01.")},
    )
    # Each form's fields, in the words of record_result's values, and the form field a
    # service complaint about a value belongs to.
    FIELD_OF = {}

    def __init__(self, *args, today: date, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("taken_on", today)
        super().__init__(*args, **kwargs)
        self.fields["taken_on"].widget.attrs["max"] = today.isoformat()
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def values(self) -> dict:
        raise NotImplementedError

    def field_for(self, name: str | None) -> str | None:
        if name in self.fields:
            return name
        return self.FIELD_OF.get(name)


class BackwardWalkForm(ResultForm):
    walk_1 = TypedDecimalField(label=_("First timed walk (seconds)"), **SECONDS)
    walk_2 = TypedDecimalField(
        label=_("Second timed walk (seconds)"),
        required=False,
        help_text=_("We keep the faster of the two."),
        **SECONDS,
    )
    FIELD_OF = {"seconds": "walk_1"}

    def values(self) -> dict:
        data = self.cleaned_data
        return {"walks": [w for w in (data["walk_1"], data.get("walk_2")) if w is not None]}


class TugForm(ResultForm):
    seconds = TypedDecimalField(label=_("Time (seconds)"), **SECONDS)

    def values(self) -> dict:
        return {"seconds": self.cleaned_data["seconds"]}


class ChairStandForm(ResultForm):
    stands = forms.IntegerField(
        label=_("Full stands in 30 seconds"),
        min_value=0,
        max_value=assessments.MAX_STANDS,
        error_messages={
            "max_value": _("Nobody does more than %(limit_value)s stands in 30 seconds."),
        },
    )
    used_hands = forms.BooleanField(
        label=_("I had to push up with my hands (this scores 0)"), required=False
    )
    sex = forms.ChoiceField(
        label=_("Sex"),
        choices=[
            (assessments.FEMALE, _("Woman")),
            (assessments.MALE, _("Man")),
            (assessments.NOT_SAID, _("I prefer not to say")),
        ],
        initial=assessments.NOT_SAID,
        widget=forms.RadioSelect,
        help_text=_(
            "The usual counts differ for women and men. If you prefer not to say, we compare "
            "with the stricter of the two. The age comes from the health questions."
        ),
        error_messages={"required": _("Choose woman, man, or prefer not to say.")},
    )

    def values(self) -> dict:
        data = self.cleaned_data
        return {k: data.get(k) for k in ("stands", "used_hands", "sex")}


class BalanceForm(ResultForm):
    FIELD_OF = {"held": "stance_1"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number, stance in enumerate(assessments.STANCES, start=1):
            self.fields[f"stance_{number}"] = TypedDecimalField(
                label=_("%(stance)s: seconds held (0 to 10)") % {"stance": stance},
                required=False,
                min_value=0,
                max_value=assessments.STANCE_SECONDS,
                decimal_places=1,
                max_digits=3,
                error_messages={
                    "invalid": _("Type the seconds as a number, such as 6.4."),
                    "max_decimal_places": _("Use one decimal place, such as 6.4."),
                },
            )

    def values(self) -> dict:
        held = [self.cleaned_data.get(f"stance_{n}") for n in range(1, 5)]
        return {"held": [h if h is not None else 0 for h in held]}


FORMS = {
    assessments.BACKWARD_WALK: BackwardWalkForm,
    assessments.TUG: TugForm,
    assessments.CHAIR_STAND: ChairStandForm,
    assessments.BALANCE: BalanceForm,
}
