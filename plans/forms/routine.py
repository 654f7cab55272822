"""The routine form: days, minutes and places, asked exactly as the questionnaire asks them.

The three fields are the questionnaire's own (PlacesForm), so the choices, the "None of
these" rule and every error message are the same; StepForm turns them into answers.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from plans.forms.questionnaire import PLACE_ITEMS, PlacesForm, StepForm


class RoutineForm(StepForm):
    places = PlacesForm.base_fields["places"]
    days = PlacesForm.base_fields["days"]
    minutes = PlacesForm.base_fields["minutes"]
    # The plan as it was when the form was shown: a second submit cannot apply twice.
    row_version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={"required": _("The form is out of date. Please reload the page.")},
    )

    tick_lists = {"places": PLACE_ITEMS}
    extra_fields = frozenset({"row_version"})
    clean_days = PlacesForm.clean_days

    def routine(self) -> dict:
        """Keyword arguments for plans.services.routine.change_routine."""
        answers = self.answers()
        return {
            "days": answers.pop("days"),
            "minutes_available": answers.pop("minutes"),
            "places": answers,
            "row_version": self.cleaned_data["row_version"],
        }
