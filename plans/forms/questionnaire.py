"""The questionnaire's five step forms.

Every answer field is named by its key in domain.md §7, so a form's cleaned_data is already a
slice of the answers dict. Yes/no questions are radio pairs (a checkbox cannot tell "no" from
"not answered"), and every error message is written for the person, not the developer.
"""

from typing import Any

from django import forms

from plans import rules
from plans.forms.scale import ScaleRadioSelect, scale_choices

REQUIRED = "Please answer this question."
CONFIDENCE_CHOICES = scale_choices(
    "0 – not at all confident", "100 – completely confident", top=100, step=10
)
PAIN_CHOICES = scale_choices("0 – no pain", "10 – the worst pain you can imagine")
WALKING_AID_CHOICES = (
    ("none", "No, I walk without one"),
    ("cane", "A cane or walking stick"),
    ("walker", "A walker or frame"),
    ("wheelchair", "A wheelchair"),
)
DAY_CHOICES = (
    ("mon", "Monday"),
    ("tue", "Tuesday"),
    ("wed", "Wednesday"),
    ("thu", "Thursday"),
    ("fri", "Friday"),
    ("sat", "Saturday"),
    ("sun", "Sunday"),
)


def yes_no(label: str, help_text: str = "", no_label: str = "No") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=(("yes", "Yes"), ("no", no_label)),
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect(attrs={"class": "q-yes-no"}),
        error_messages={"required": REQUIRED, "invalid_choice": "Please choose Yes or No."},
    )


def confidence(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=CONFIDENCE_CHOICES,
        coerce=int,
        widget=ScaleRadioSelect,
        error_messages={
            "required": "Please choose how confident you are, from 0 to 100.",
            "invalid_choice": "Please choose one of the numbers in the list: 0, 10, 20 … 100.",
        },
    )


def pain(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=PAIN_CHOICES,
        coerce=int,
        widget=ScaleRadioSelect,
        error_messages={
            "required": "Please choose a number from 0 (no pain) to 10.",
            "invalid_choice": "Please choose a number from 0 (no pain) to 10.",
        },
    )


def weeks_or_months_ago(label: str, unit: str, help_text: str) -> forms.IntegerField:
    whole = f"Please write the number of {unit} as a whole number, such as 6, or leave it empty."
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        required=False,
        min_value=0,
        max_value=1200,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "q-short"}),
        error_messages={
            "invalid": whole,
            "min_value": f"The number of {unit} cannot be below 0. Leave it empty if never.",
            "max_value": f"That is more {unit} than we can use; please check the number.",
        },
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
    parq_heart = yes_no("Has a doctor ever said you have a heart condition or high blood pressure?")
    parq_chest_pain = yes_no(
        "Do you feel pain in your chest at rest, in your daily life, or when you are active?"
    )
    parq_dizzy = yes_no(
        "In the last 12 months, have you lost your balance because you felt dizzy, "
        "or have you fainted?",
        help_text="Answer No if the dizziness only came from breathing hard during exercise.",
    )
    parq_chronic = yes_no(
        "Has a doctor told you that you have another long-term health condition "
        "(other than a heart condition or high blood pressure)?"
    )
    parq_meds = yes_no("Do you take prescribed medicine for a long-term health condition?")
    parq_msk = yes_no(
        "Do you have a problem with a bone, joint or muscle (now or in the last 12 months) "
        "that being more active could make worse?"
    )
    parq_supervised = yes_no("Has a doctor told you to be active only under medical supervision?")
    age = forms.IntegerField(
        label="How old are you?",
        help_text="In years.",
        min_value=rules.AGE_MIN,
        max_value=rules.AGE_MAX,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "q-short"}),
        error_messages={
            "required": "Please tell us your age in years.",
            "invalid": "Please write your age as a number, such as 67.",
            "min_value": (
                f"This programme is for adults: it is for people aged {rules.AGE_MIN} or over."
            ),
            "max_value": f"Please check your age: we can take ages up to {rules.AGE_MAX}.",
        },
    )
    pregnant = yes_no("Are you pregnant?", no_label="No, or this does not apply to me")
    acute_illness = yes_no("Are you unwell right now, for example with a cold, flu or fever?")
    anticoagulants = yes_no(
        "Do you take a blood thinner (an anticoagulant)?",
        help_text=(
            "For example warfarin, apixaban, rivaroxaban, dabigatran or edoxaban. "
            "If you are not sure, ask your pharmacist."
        ),
    )
    dizzy_on_standing = yes_no(
        "Do you feel light-headed or dizzy when you stand up, for example from a bed or a chair?"
    )


class FallsForm(StepForm):
    falls_12m = forms.IntegerField(
        label="How many times have you fallen in the last 12 months?",
        help_text="Write 0 if you have not fallen.",
        min_value=0,
        max_value=365,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "q-short"}),
        error_messages={
            "required": "Please write how many times you have fallen; write 0 if none.",
            "invalid": "Please write the number of falls as a whole number, such as 0 or 2.",
            "min_value": "The number of falls cannot be below 0.",
            "max_value": "Please check the number of falls.",
        },
    )
    fall_injury = yes_no("Were you hurt in any of those falls?", no_label="No, or no falls")
    walking_aid = forms.ChoiceField(
        label="Do you use anything to help you walk?",
        choices=WALKING_AID_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": REQUIRED, "invalid_choice": "Please choose one answer."},
    )
    can_stand_unaided = yes_no("Can you stand up from a chair without help from another person?")
    can_walk_10_min = yes_no("Can you walk for 10 minutes without stopping?")
    # CDC STEADI "Stay Independent" (the fall item comes from falls_12m).
    steadi_aid_advised = yes_no(
        "Has anyone advised you to use a cane or walker to get around safely?",
        help_text="Answer Yes if you already use one.",
    )
    steadi_unsteady = yes_no("Do you sometimes feel unsteady when you are walking?")
    steadi_furniture = yes_no("Do you steady yourself by holding onto furniture at home?")
    steadi_worried = yes_no("Are you worried about falling?")
    steadi_chair = yes_no("Do you need to push with your hands to stand up from a chair?")
    steadi_curb = yes_no("Do you have some trouble stepping up onto a curb?")
    steadi_toilet = yes_no("Do you often have to rush to the toilet?")
    steadi_numb_feet = yes_no("Have you lost some feeling in your feet?")
    steadi_dizzy_meds = yes_no(
        "Do you take medicine that sometimes makes you feel light-headed or more tired than usual?"
    )
    steadi_sleep_mood_meds = yes_no("Do you take medicine to help you sleep or improve your mood?")
    steadi_sad = yes_no("Do you often feel sad or down?")
    # ABC-6: how sure are you that you will keep your balance when...
    abc_tiptoe = confidence("Standing on tiptoe and reaching for something above your head")
    abc_chair = confidence("Standing on a chair and reaching for something")
    abc_bumped = confidence("Being bumped by people as you walk through a crowd")
    abc_escalator_rail = confidence("Stepping onto or off an escalator while holding the rail")
    abc_escalator_parcels = confidence(
        "Stepping onto or off an escalator holding parcels, so you cannot hold the rail"
    )
    abc_ice = confidence("Walking outside on an icy pavement")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("fall_injury") is True and cleaned.get("falls_12m") == 0:
            self.add_error(
                "fall_injury",
                "You wrote 0 falls, so answer No here, or change the number of falls.",
            )
        return cleaned


class ConditionsForm(StepForm):
    pain_now = pain("How much pain do you have right now?")
    pain_walking = pain("How much pain do you usually have when you walk?")
    knee_oa = yes_no("Do you have arthritis in a knee (osteoarthritis)?")
    osteoporosis = yes_no(
        "Has a doctor told you that you have osteoporosis (thin, weak bones), or have you "
        "broken a bone in a minor fall since the age of 50?",
        help_text="A minor fall means from standing height or less, such as a trip or a slip.",
    )
    parkinsons = yes_no("Do you have Parkinson's disease?")
    seizures_12m = yes_no("Have you had a seizure (a fit) in the last 12 months?")
    vestibular = yes_no(
        "Has a doctor told you that you have an inner-ear balance problem (a vestibular disorder)?",
        help_text="For example Ménière's disease, or vertigo that keeps coming back.",
    )
    vision_uncorrected = yes_no(
        "Do you have trouble seeing that glasses or contact lenses do not fix?"
    )
    memory_problems = yes_no(
        "Do memory problems make it hard for you to learn and follow new instructions?"
    )
    stroke_months_ago = weeks_or_months_ago(
        "If you have had a stroke, how many months ago was it?",
        "months",
        "Leave this empty if you have never had a stroke. Write 0 if it was this month.",
    )
    replacement_weeks_ago = weeks_or_months_ago(
        "If you have had a hip or knee replacement, how many weeks ago was it?",
        "weeks",
        "Leave this empty if you have not had one. If more than one, give the most recent.",
    )
    surgery_weeks_ago = weeks_or_months_ago(
        "Have you had any other operation in the last 12 weeks? If so, how many weeks ago?",
        "weeks",
        "Leave this empty if you have not had an operation in the last 12 weeks.",
    )


class PlacesForm(StepForm):
    access_pool = yes_no(
        "Can you use a swimming pool where you can stand in waist- to chest-deep water?"
    )
    access_handrail = yes_no(
        "Do you have a fixed rail, a wall or a counter to hold, with 5 metres (about 16 feet) "
        "of clear floor behind you?",
        help_text=(
            "Any fixed support counts: a handrail, a kitchen counter, a corridor wall or parallel "
            "bars. It must not move, so a chair does not count."
        ),
    )
    access_treadmill = yes_no("Can you use a treadmill with handrails on both sides?")
    access_track = yes_no(
        "Can you use a flat, dry and clear indoor track or path?",
        help_text="Nobody starts here; you may move on to it later.",
    )
    helper_available = yes_no(
        "Is there someone who could walk with you during your sessions, such as a family "
        "member, a friend or a trained helper?",
        help_text=(
            "This only tells your coach. It never adds a stage to your plan by itself: only "
            "your coach can do that, once they have confirmed someone trained will be there."
        ),
        no_label="No, or not usually",
    )


class TimeForm(StepForm):
    days = forms.MultipleChoiceField(
        label="Which days could you practise?",
        help_text="Tick every day you could. We plan rest days for you.",
        choices=DAY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Please tick at least one day.",
            "invalid_choice": "Please tick days from the list.",
        },
    )
    minutes = forms.IntegerField(
        label="How many minutes can you give each time?",
        help_text=(
            f"From {rules.MINUTES_MIN} to {rules.MINUTES_MAX} minutes, including "
            "a warm-up and a cool-down."
        ),
        min_value=rules.MINUTES_MIN,
        max_value=rules.MINUTES_MAX,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "q-short"}),
        error_messages={
            "required": "Please write how many minutes you have each time.",
            "invalid": "Please write the minutes as a whole number, such as 30.",
            "min_value": (
                f"A session needs at least {rules.MINUTES_MIN} minutes, with the warm-up "
                "and cool-down. Please write 10 or more."
            ),
            "max_value": f"Please write {rules.MINUTES_MAX} minutes or fewer; more is not needed.",
        },
    )

    def clean_days(self) -> list[str]:
        chosen = set(self.cleaned_data["days"])
        return [day for day in rules.WEEKDAYS if day in chosen]
