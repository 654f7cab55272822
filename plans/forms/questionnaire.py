"""The questionnaire's five step forms.

Every answer field is named by its key in domain.md §7, so a form's cleaned_data is already a
slice of the answers dict. Yes/no questions are radio pairs (a checkbox cannot tell "no" from
"not answered"), and every error message is written for the person, not the developer.
"""

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from plans import rules
from plans.forms.scale import ScaleRadioSelect, scale_choices

REQUIRED = _("Please answer this question.")
CONFIDENCE_CHOICES = scale_choices(
    _("0 – not at all confident"), _("100 – completely confident"), top=100, step=10
)
PAIN_CHOICES = scale_choices(_("0 – no pain"), _("10 – the worst pain you can imagine"))
WALKING_AID_CHOICES = (
    ("none", _("No, I walk without one")),
    ("cane", _("A cane or walking stick")),
    ("walker", _("A walker or frame")),
    ("wheelchair", _("A wheelchair")),
)
DAY_CHOICES = (
    ("mon", _("Monday")),
    ("tue", _("Tuesday")),
    ("wed", _("Wednesday")),
    ("thu", _("Thursday")),
    ("fri", _("Friday")),
    ("sat", _("Saturday")),
    ("sun", _("Sunday")),
)


class YesNoRadioSelect(forms.RadioSelect):
    """Yes and No side by side (the step page lays them out by this class, since an extra
    `class` attribute on each radio would clash with the one crispy writes)."""


def yes_no(label: str, help_text: str = "", no_label: str = _("No")) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=(("yes", _("Yes")), ("no", no_label)),
        coerce=lambda value: value == "yes",
        widget=YesNoRadioSelect,
        error_messages={"required": REQUIRED, "invalid_choice": _("Please choose Yes or No.")},
    )


def confidence(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=CONFIDENCE_CHOICES,
        coerce=int,
        widget=ScaleRadioSelect,
        error_messages={
            "required": _("Please choose how confident you are, from 0 to 100."),
            "invalid_choice": _("Please choose one of the numbers in the list: 0, 10, 20 … 100."),
        },
    )


def pain(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=PAIN_CHOICES,
        coerce=int,
        widget=ScaleRadioSelect,
        error_messages={
            "required": _("Please choose a number from 0 (no pain) to 10."),
            "invalid_choice": _("Please choose a number from 0 (no pain) to 10."),
        },
    )


# Whole sentences per unit, so each can be translated with its own grammar.
UNIT_ERRORS = {
    "months": {
        "invalid": _(
            "Please write the number of months as a whole number, such as 6, or leave it empty."
        ),
        "min_value": _("The number of months cannot be below 0. Leave it empty if never."),
        "max_value": _("That is more months than we can use; please check the number."),
    },
    "weeks": {
        "invalid": _(
            "Please write the number of weeks as a whole number, such as 6, or leave it empty."
        ),
        "min_value": _("The number of weeks cannot be below 0. Leave it empty if never."),
        "max_value": _("That is more weeks than we can use; please check the number."),
    },
}


def weeks_or_months_ago(label: str, unit: str, help_text: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        required=False,
        min_value=0,
        max_value=1200,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "q-short"}),
        error_messages=dict(UNIT_ERRORS[unit]),
    )


class StepForm(forms.Form):
    """A step of the questionnaire: fills from saved answers, returns §7 values."""

    @classmethod
    def initial_from(cls, answers: dict[str, Any]) -> dict[str, Any]:
        """Saved answers as the form shows them (True/False become the "yes"/"no" radios)."""
        initial = {}
        for name in cls.base_fields:
            if name not in answers:
                continue
            value = answers[name]
            initial[name] = ("yes" if value else "no") if isinstance(value, bool) else value
        return initial

    def answers(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.fields}


class HealthForm(StepForm):
    parq_heart = yes_no(
        _("Has a doctor ever said you have a heart condition or high blood pressure?")
    )
    parq_chest_pain = yes_no(
        _("Do you feel pain in your chest at rest, in your daily life, or when you are active?")
    )
    parq_dizzy = yes_no(
        _(
            "In the last 12 months, have you lost your balance because you felt dizzy, "
            "or have you fainted?"
        ),
        help_text=_("Answer No if the dizziness only came from breathing hard during exercise."),
    )
    parq_chronic = yes_no(
        _(
            "Has a doctor told you that you have another long-term health condition "
            "(other than a heart condition or high blood pressure)?"
        )
    )
    parq_meds = yes_no(_("Do you take prescribed medicine for a long-term health condition?"))
    parq_msk = yes_no(
        _(
            "Do you have a problem with a bone, joint or muscle (now or in the last 12 months) "
            "that being more active could make worse?"
        )
    )
    parq_supervised = yes_no(
        _("Has a doctor told you to be active only under medical supervision?")
    )
    age = forms.IntegerField(
        label=_("How old are you?"),
        help_text=_("In years."),
        min_value=rules.AGE_MIN,
        max_value=rules.AGE_MAX,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "q-short"}),
        error_messages={
            "required": _("Please tell us your age in years."),
            "invalid": _("Please write your age as a number, such as 67."),
            "min_value": format_lazy(
                _("This programme is for adults: it is for people aged {age} or over."),
                age=rules.AGE_MIN,
            ),
            "max_value": format_lazy(
                _("Please check your age: we can take ages up to {age}."), age=rules.AGE_MAX
            ),
        },
    )
    pregnant = yes_no(_("Are you pregnant?"), no_label=_("No, or this does not apply to me"))
    acute_illness = yes_no(_("Are you unwell right now, for example with a cold, flu or fever?"))
    anticoagulants = yes_no(
        _("Do you take a blood thinner (an anticoagulant)?"),
        help_text=(
            _(
                "For example warfarin, apixaban, rivaroxaban, dabigatran or edoxaban. "
                "If you are not sure, ask your pharmacist."
            )
        ),
    )
    dizzy_on_standing = yes_no(
        _("Do you feel light-headed or dizzy when you stand up, for example from a bed or a chair?")
    )


class FallsForm(StepForm):
    falls_12m = forms.IntegerField(
        label=_("How many times have you fallen in the last 12 months?"),
        help_text=_("Write 0 if you have not fallen."),
        min_value=0,
        max_value=365,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "q-short"}),
        error_messages={
            "required": _("Please write how many times you have fallen; write 0 if none."),
            "invalid": _("Please write the number of falls as a whole number, such as 0 or 2."),
            "min_value": _("The number of falls cannot be below 0."),
            "max_value": _("Please check the number of falls."),
        },
    )
    fall_injury = yes_no(_("Were you hurt in any of those falls?"), no_label=_("No, or no falls"))
    walking_aid = forms.ChoiceField(
        label=_("Do you use anything to help you walk?"),
        choices=WALKING_AID_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": REQUIRED, "invalid_choice": _("Please choose one answer.")},
    )
    can_stand_unaided = yes_no(_("Can you stand up from a chair without help from another person?"))
    can_walk_10_min = yes_no(_("Can you walk for 10 minutes without stopping?"))
    # CDC STEADI "Stay Independent" (the fall item comes from falls_12m).
    steadi_aid_advised = yes_no(
        _("Has anyone advised you to use a cane or walker to get around safely?"),
        help_text=_("Answer Yes if you already use one."),
    )
    steadi_unsteady = yes_no(_("Do you sometimes feel unsteady when you are walking?"))
    steadi_furniture = yes_no(_("Do you steady yourself by holding onto furniture at home?"))
    steadi_worried = yes_no(_("Are you worried about falling?"))
    steadi_chair = yes_no(_("Do you need to push with your hands to stand up from a chair?"))
    steadi_curb = yes_no(_("Do you have some trouble stepping up onto a curb?"))
    steadi_toilet = yes_no(_("Do you often have to rush to the toilet?"))
    steadi_numb_feet = yes_no(_("Have you lost some feeling in your feet?"))
    steadi_dizzy_meds = yes_no(
        _(
            "Do you take medicine that sometimes makes you feel light-headed or more tired "
            "than usual?"
        )
    )
    steadi_sleep_mood_meds = yes_no(
        _("Do you take medicine to help you sleep or improve your mood?")
    )
    steadi_sad = yes_no(_("Do you often feel sad or down?"))
    # ABC-6: how sure are you that you will keep your balance when...
    abc_tiptoe = confidence(_("Standing on tiptoe and reaching for something above your head"))
    abc_chair = confidence(_("Standing on a chair and reaching for something"))
    abc_bumped = confidence(_("Being bumped by people as you walk through a crowd"))
    abc_escalator_rail = confidence(_("Stepping onto or off an escalator while holding the rail"))
    abc_escalator_parcels = confidence(
        _("Stepping onto or off an escalator holding parcels, so you cannot hold the rail")
    )
    abc_ice = confidence(_("Walking outside on an icy pavement"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("fall_injury") is True and cleaned.get("falls_12m") == 0:
            self.add_error(
                "fall_injury",
                _("You wrote 0 falls, so answer No here, or change the number of falls."),
            )
        return cleaned


class ConditionsForm(StepForm):
    pain_now = pain(_("How much pain do you have right now?"))
    pain_walking = pain(_("How much pain do you usually have when you walk?"))
    knee_oa = yes_no(_("Do you have arthritis in a knee (osteoarthritis)?"))
    osteoporosis = yes_no(
        _(
            "Has a doctor told you that you have osteoporosis (thin, weak bones), or have you "
            "broken a bone in a minor fall since the age of 50?"
        ),
        help_text=_("A minor fall means from standing height or less, such as a trip or a slip."),
    )
    parkinsons = yes_no(_("Do you have Parkinson's disease?"))
    seizures_12m = yes_no(_("Have you had a seizure (a fit) in the last 12 months?"))
    vestibular = yes_no(
        _(
            "Has a doctor told you that you have an inner-ear balance problem (a vestibular "
            "disorder)?"
        ),
        help_text=_("For example Ménière's disease, or vertigo that keeps coming back."),
    )
    vision_uncorrected = yes_no(
        _("Do you have trouble seeing that glasses or contact lenses do not fix?")
    )
    memory_problems = yes_no(
        _("Do memory problems make it hard for you to learn and follow new instructions?")
    )
    stroke_months_ago = weeks_or_months_ago(
        _("If you have had a stroke, how many months ago was it?"),
        "months",
        _("Leave this empty if you have never had a stroke. Write 0 if it was this month."),
    )
    replacement_weeks_ago = weeks_or_months_ago(
        _("If you have had a hip or knee replacement, how many weeks ago was it?"),
        "weeks",
        _("Leave this empty if you have not had one. If more than one, give the most recent."),
    )
    surgery_weeks_ago = weeks_or_months_ago(
        _("Have you had any other operation in the last 12 weeks? If so, how many weeks ago?"),
        "weeks",
        _("Leave this empty if you have not had an operation in the last 12 weeks."),
    )


class PlacesForm(StepForm):
    access_pool = yes_no(
        _("Can you use a swimming pool where you can stand in waist- to chest-deep water?")
    )
    access_handrail = yes_no(
        _(
            "Do you have a fixed rail, a wall or a counter to hold, with 5 metres (about 16 feet) "
            "of clear floor behind you?"
        ),
        help_text=(
            _(
                "Any fixed support counts: a handrail, a kitchen counter, a corridor wall or "
                "parallel "
                "bars. It must not move, so a chair does not count."
            )
        ),
    )
    access_treadmill = yes_no(_("Can you use a treadmill with handrails on both sides?"))
    access_track = yes_no(
        _("Can you use a flat, dry and clear indoor track or path?"),
        help_text=_("Nobody starts here; you may move on to it later."),
    )
    helper_available = yes_no(
        _(
            "Is there someone who could walk with you during your sessions, such as a family "
            "member, a friend or a trained helper?"
        ),
        help_text=(
            _(
                "This only tells your coach. It never adds a stage to your plan by itself: only "
                "your coach can do that, once they have confirmed someone trained will be there."
            )
        ),
        no_label=_("No, or not usually"),
    )


class TimeForm(StepForm):
    days = forms.MultipleChoiceField(
        label=_("Which days could you practise?"),
        help_text=_("Tick every day you could. We plan rest days for you."),
        choices=DAY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Please tick at least one day."),
            "invalid_choice": _("Please tick days from the list."),
        },
    )
    minutes = forms.IntegerField(
        label=_("How many minutes can you give each time?"),
        help_text=format_lazy(
            _("From {low} to {high} minutes, including a warm-up and a cool-down."),
            low=rules.MINUTES_MIN,
            high=rules.MINUTES_MAX,
        ),
        min_value=rules.MINUTES_MIN,
        max_value=rules.MINUTES_MAX,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "q-short"}),
        error_messages={
            "required": _("Please write how many minutes you have each time."),
            "invalid": _("Please write the minutes as a whole number, such as 30."),
            "min_value": format_lazy(
                _(
                    "A session needs at least {low} minutes, with the warm-up and cool-down. "
                    "Please write 10 or more."
                ),
                low=rules.MINUTES_MIN,
            ),
            "max_value": format_lazy(
                _("Please write {high} minutes or fewer; more is not needed."),
                high=rules.MINUTES_MAX,
            ),
        },
    )

    def clean_days(self) -> list[str]:
        chosen = set(self.cleaned_data["days"])
        return [day for day in rules.WEEKDAYS if day in chosen]
