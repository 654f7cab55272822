"""The questionnaire's three step forms.

Most answers are yes/no, and most people answer "no" to most of them, so they are asked as tick
lists ("Which of these apply to you?"): each item is saved as its own yes/no answer, and a list
needs an explicit "None of these", so nothing turns into a silent "no". Questions that only
matter after a "yes" (how long since a stroke, a pain score) are follow-ups: required only then,
and hidden until needed by plans/static/js/questionnaire.js (the page works without it). Other
answer fields are named by their key in domain.md §7. Every error message is written for the
person, not the developer.
"""

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from plans import rules
from plans.forms.scale import scale_choices, scale_field

REQUIRED = _("Please answer this question.")
# Bare numbers, with what the ends mean in each question's help line: eleven buttons with
# words on the ends took five rows on a phone; bare numbers take two (and one on a computer).
CONFIDENCE_CHOICES = scale_choices("0", "100", top=100, step=10)
CONFIDENCE_ENDS = _("0 = not at all sure, 100 = completely sure")
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
    return scale_field(
        label,
        CONFIDENCE_CHOICES,
        help_text=CONFIDENCE_ENDS,
        required=True,
        error_messages={
            "required": _("Please choose how confident you are, from 0 to 100."),
            "invalid_choice": _("Please choose one of the numbers in the list: 0, 10, 20 … 100."),
        },
    )


def pain(label: str) -> forms.TypedChoiceField:
    return scale_field(
        label,
        PAIN_CHOICES,
        required=True,
        error_messages={
            "required": _("Please choose a number from 0 (no pain) to 10."),
            "invalid_choice": _("Please choose a number from 0 (no pain) to 10."),
        },
    )


NONE = "none"
UNIT_CHOICES = (("weeks", _("weeks ago")), ("months", _("months ago")))
# Months to weeks and back, rounded so that a time never looks longer ago than it was.
WEEKS_PER_MONTH = (13, 3)  # 4⅓ weeks in a month


def to_unit(value: int, given: str, wanted: str) -> int:
    """A "how long ago" number in the unit the rules use (rounded down: more recent is safer)."""
    if given == wanted:
        return value
    weeks, months = WEEKS_PER_MONTH
    if wanted == "weeks":
        return value * weeks // months
    return value * months // weeks


@dataclass(frozen=True, slots=True)
class Item:
    """One line of a tick list: the answer key it sets and what a tick means for it."""

    key: str
    label: Any
    ticked_means: bool = True  # False for lines in the negative ("I cannot ...")

    @property
    def value(self) -> str:
        return self.key if self.ticked_means else f"not_{self.key}"


@dataclass(frozen=True, slots=True)
class FollowUp:
    """A question asked only when its parent answer says so (a ticked item, a "yes", falls)."""

    name: str
    parent: str  # the form field it hangs on
    when: str  # that field's value that makes it needed (">0" for a number above 0)


def tick_list(label, items: tuple[Item, ...], help_text="") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        help_text=help_text or _("Tick every line that applies, or “None of these”."),
        choices=[*((item.value, item.label) for item in items), (NONE, _("None of these"))],
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Please tick every line that applies to you, or “None of these”."),
            "invalid_choice": _("Please tick lines from the list."),
        },
    )


def how_long_ago(label) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,  # required only when its line is ticked (StepForm.clean)
        min_value=0,
        max_value=1200,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "q-short"}),
        error_messages={
            "invalid": _("Please write how long ago as a whole number, such as 6."),
            "min_value": _("The number cannot be below 0. Write 0 if it was very recent."),
            "max_value": _("That is longer ago than we can use; please check the number."),
        },
    )


def unit_choice(initial: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Weeks or months?"),
        choices=UNIT_CHOICES,
        initial=initial,
        required=False,
        widget=YesNoRadioSelect,  # side by side, like Yes and No
        error_messages={"invalid_choice": _("Please choose weeks or months.")},
    )


class StepForm(forms.Form):
    """A step of the questionnaire: fills from saved answers, returns §7 values."""

    # Tick lists: form field -> its items. Each item is one answer key.
    tick_lists: dict[str, tuple[Item, ...]] = {}
    # "How long ago" answers: key -> (number field, unit field, unit the rules use).
    durations: dict[str, tuple[str, str, str]] = {}
    follow_ups: tuple[FollowUp, ...] = ()

    @classmethod
    def answer_keys(cls) -> tuple[str, ...]:
        """The §7 keys this step collects."""
        keys = [item.key for items in cls.tick_lists.values() for item in items]
        keys += list(cls.durations)
        keys += [name for name in cls.base_fields if cls._is_answer_field(name)]
        return tuple(keys)

    @classmethod
    def _is_answer_field(cls, name: str) -> bool:
        helpers = {number for number, _unit, _canon in cls.durations.values()}
        helpers |= {unit for _number, unit, _canon in cls.durations.values()}
        return name not in cls.tick_lists and name not in helpers and name not in cls.extra_fields

    extra_fields: frozenset[str] = frozenset()  # fields that are not answers themselves

    @classmethod
    def labels(cls) -> dict[str, str]:
        """Each answer key's question as the person saw it."""
        labels = {item.key: item.label for items in cls.tick_lists.values() for item in items}
        for key, (number, _unit, _canon) in cls.durations.items():
            labels[key] = cls.base_fields[number].label
        for name in cls.base_fields:
            if cls._is_answer_field(name):
                labels[name] = cls.base_fields[name].label
        return labels

    @classmethod
    def initial_from(cls, answers: dict[str, Any]) -> dict[str, Any]:
        """Saved answers as the form shows them: ticked lines, "yes"/"no" radios, numbers.

        "None of these" is ticked only when every line of its list is a known "no".
        """
        initial: dict[str, Any] = {}
        for name, items in cls.tick_lists.items():
            known = [item for item in items if answers.get(item.key) is not None]
            ticked = [item.value for item in known if answers[item.key] == item.ticked_means]
            if ticked or len(known) == len(items):
                initial[name] = ticked or [NONE]
        for key, (number, unit, canonical) in cls.durations.items():
            if answers.get(key) is not None:
                initial[number] = answers[key]
                initial[unit] = canonical
        for name in cls.base_fields:
            if cls._is_answer_field(name) and name in answers and answers[name] is not None:
                value = answers[name]
                initial[name] = ("yes" if value else "no") if isinstance(value, bool) else value
        return initial

    def needed(self, follow_up: FollowUp) -> bool:
        value = self.cleaned_data.get(follow_up.parent)
        if follow_up.when == ">0":
            return isinstance(value, int) and value > 0
        if isinstance(value, list):
            return follow_up.when in value
        return value == follow_up.when or (value is True and follow_up.when == "yes")

    def clean(self):
        cleaned = super().clean()
        for name in self.tick_lists:
            ticked = cleaned.get(name)
            if ticked and NONE in ticked and len(ticked) > 1:
                self.add_error(
                    name, _("You ticked “None of these” and another line: please untick one.")
                )
        for follow_up in self.follow_ups:
            if not self.needed(follow_up):
                continue
            if cleaned.get(follow_up.name) in (None, "") and follow_up.name not in self.errors:
                self.add_error(follow_up.name, REQUIRED)
        return cleaned

    def answers(self) -> dict[str, Any]:
        data = self.cleaned_data
        result: dict[str, Any] = {}
        for name, items in self.tick_lists.items():
            ticked = set(data[name])
            for item in items:
                result[item.key] = (item.value in ticked) == item.ticked_means
        for key, (number, unit, canonical) in self.durations.items():
            line = next(f for f in self.follow_ups if f.name == number)
            value = data.get(number) if self.needed(line) else None
            result[key] = (
                None if value is None else to_unit(value, data.get(unit) or canonical, canonical)
            )
        for name in self.fields:
            if self._is_answer_field(name):
                result[name] = data[name]
        return result


HEALTH_ITEMS = (
    Item("parq_heart", _("A doctor has said I have a heart condition or high blood pressure")),
    Item("parq_chest_pain", _("I feel pain in my chest at rest, in daily life or when active")),
    Item(
        "parq_dizzy",
        _(
            "In the last 12 months I lost my balance from dizziness, or I fainted (not just "
            "from breathing hard during exercise)"
        ),
    ),
    Item("parq_chronic", _("A doctor has told me I have another long-term health condition")),
    Item("parq_meds", _("I take prescribed medicine for a long-term health condition")),
    Item(
        "parq_msk",
        _(
            "I have a bone, joint or muscle problem (now or in the last 12 months) that "
            "being more active could make worse"
        ),
    ),
    Item("parq_supervised", _("A doctor has told me to be active only under medical supervision")),
    Item("pregnant", _("I am pregnant")),
    Item("acute_illness", _("I am unwell right now, for example with a cold, flu or fever")),
    Item(
        "anticoagulants",
        _("I take a blood thinner (an anticoagulant), such as warfarin, apixaban or rivaroxaban"),
    ),
    Item("dizzy_on_standing", _("I feel light-headed or dizzy when I stand up")),
    Item("knee_oa", _("I have arthritis in a knee (osteoarthritis)")),
    Item(
        "osteoporosis",
        _(
            "I have osteoporosis (thin, weak bones), or I broke a bone in a minor fall after "
            "the age of 50"
        ),
    ),
    Item("parkinsons", _("I have Parkinson's disease")),
    Item("seizures_12m", _("I had a seizure (a fit) in the last 12 months")),
    Item(
        "vestibular",
        _("A doctor has told me I have an inner-ear balance problem, such as Ménière's disease"),
    ),
    Item(
        "vision_uncorrected", _("I have trouble seeing that glasses or contact lenses do not fix")
    ),
    Item("memory_problems", _("Memory problems make it hard for me to learn new instructions")),
    Item("had_stroke", _("I have had a stroke")),
    Item("had_replacement", _("I have had a hip or knee replacement")),
    Item("had_surgery", _("I had another operation in the last 12 weeks")),
)
# Ticked lines that only lead to a follow-up (their answer is the "how long ago").
PARENT_ITEMS = ("had_stroke", "had_replacement", "had_surgery")

BALANCE_ITEMS = (
    Item("steadi_aid_advised", _("Someone has advised me to use a cane or walker (or I use one)")),
    Item("steadi_unsteady", _("I sometimes feel unsteady when I am walking")),
    Item("steadi_furniture", _("I steady myself by holding onto furniture at home")),
    Item("steadi_worried", _("I am worried about falling")),
    Item("steadi_chair", _("I need to push with my hands to stand up from a chair")),
    Item("steadi_curb", _("I have some trouble stepping up onto a curb")),
    Item("steadi_toilet", _("I often have to rush to the toilet")),
    Item("steadi_numb_feet", _("I have lost some feeling in my feet")),
    Item(
        "steadi_dizzy_meds",
        _("I take medicine that sometimes makes me light-headed or more tired than usual"),
    ),
    Item("steadi_sleep_mood_meds", _("I take medicine to help me sleep or improve my mood")),
    Item("steadi_sad", _("I often feel sad or down")),
    Item(
        "can_stand_unaided",
        _("I need another person's help to stand up from a chair"),
        ticked_means=False,
    ),
    Item("can_walk_10_min", _("I cannot walk for 10 minutes without stopping"), ticked_means=False),
)

PLACE_ITEMS = (
    Item("access_pool", _("A swimming pool where I can stand in waist- to chest-deep water")),
    Item(
        "access_handrail",
        _(
            "A fixed rail, wall or counter to hold, with 5 metres (16 feet) of clear floor "
            "behind me (a chair does not count)"
        ),
    ),
    Item("access_treadmill", _("A treadmill with handrails on both sides")),
    Item("access_track", _("A flat, dry and clear indoor track or path (for later stages)")),
    Item(
        "helper_available",
        _(
            "Someone who could walk with me during sessions, such as family, a friend or a "
            "trained helper"
        ),
    ),
)


class HealthForm(StepForm):
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
    health = tick_list(_("Which of these apply to you?"), HEALTH_ITEMS)
    stroke_ago = how_long_ago(_("How long ago was your stroke?"))
    stroke_unit = unit_choice("months")
    replacement_ago = how_long_ago(
        _("How long ago was your hip or knee replacement? If more than one, the most recent.")
    )
    replacement_unit = unit_choice("weeks")
    surgery_ago = how_long_ago(_("How long ago was the operation?"))
    surgery_unit = unit_choice("weeks")

    tick_lists = {"health": HEALTH_ITEMS}
    durations = {
        "stroke_months_ago": ("stroke_ago", "stroke_unit", "months"),
        "replacement_weeks_ago": ("replacement_ago", "replacement_unit", "weeks"),
        "surgery_weeks_ago": ("surgery_ago", "surgery_unit", "weeks"),
    }
    follow_ups = tuple(
        FollowUp(name, "health", parent)
        for parent, (number, unit) in zip(
            PARENT_ITEMS,
            (
                ("stroke_ago", "stroke_unit"),
                ("replacement_ago", "replacement_unit"),
                ("surgery_ago", "surgery_unit"),
            ),
            strict=True,
        )
        for name in (number, unit)
    )

    @classmethod
    def initial_from(cls, answers: dict[str, Any]) -> dict[str, Any]:
        # The "I have had a stroke" lines are ticked when there is a time for them.
        filled = dict(answers)
        for parent, key in zip(PARENT_ITEMS, cls.durations, strict=True):
            if key in answers:
                filled[parent] = answers[key] is not None
        return super().initial_from(filled)

    def answers(self) -> dict[str, Any]:
        result = super().answers()
        for parent in PARENT_ITEMS:
            del result[parent]
        return result

    @classmethod
    def answer_keys(cls) -> tuple[str, ...]:
        return tuple(key for key in super().answer_keys() if key not in PARENT_ITEMS)


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
    fall_injury = yes_no(_("Were you hurt in any of those falls?"))
    walking_aid = forms.ChoiceField(
        label=_("Do you use anything to help you walk?"),
        choices=WALKING_AID_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": REQUIRED, "invalid_choice": _("Please choose one answer.")},
    )
    balance = tick_list(_("Which of these apply to you?"), BALANCE_ITEMS)
    # ABC-6: how sure are you that you will keep your balance when...
    abc_tiptoe = confidence(_("Standing on tiptoe and reaching for something above your head"))
    abc_chair = confidence(_("Standing on a chair and reaching for something"))
    abc_bumped = confidence(_("Being bumped by people as you walk through a crowd"))
    abc_escalator_rail = confidence(_("Stepping onto or off an escalator while holding the rail"))
    abc_escalator_parcels = confidence(
        _("Stepping onto or off an escalator holding parcels, so you cannot hold the rail")
    )
    abc_ice = confidence(_("Walking outside on an icy pavement"))

    tick_lists = {"balance": BALANCE_ITEMS}
    follow_ups = (FollowUp("fall_injury", "falls_12m", ">0"),)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fall_injury"].required = False  # only after a fall (StepForm.clean)

    def answers(self) -> dict[str, Any]:
        result = super().answers()
        if not self.needed(self.follow_ups[0]):
            result["fall_injury"] = False  # no falls, so no injury from one
        return result


class PlacesForm(StepForm):
    pain_any = yes_no(_("Do you have pain now, or when you walk?"))
    pain_now = pain(_("How much pain do you have right now?"))
    pain_walking = pain(_("How much pain do you usually have when you walk?"))
    places = tick_list(
        _("Which of these could you use?"),
        PLACE_ITEMS,
        help_text=_(
            "Backward walking starts somewhere steady: a pool or a rail first. Someone with you "
            "only tells your coach; it never adds a stage by itself. Tick every line that "
            "applies, or “None of these”."
        ),
    )
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

    tick_lists = {"places": PLACE_ITEMS}
    extra_fields = frozenset({"pain_any"})
    follow_ups = (
        FollowUp("pain_now", "pain_any", "yes"),
        FollowUp("pain_walking", "pain_any", "yes"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for follow_up in self.follow_ups:
            self.fields[follow_up.name].required = False  # only after "yes" (StepForm.clean)

    @classmethod
    def initial_from(cls, answers: dict[str, Any]) -> dict[str, Any]:
        initial = super().initial_from(answers)
        scores = [answers.get("pain_now"), answers.get("pain_walking")]
        if None not in scores:
            initial["pain_any"] = "yes" if any(scores) else "no"
        return initial

    def answers(self) -> dict[str, Any]:
        result = super().answers()
        if self.cleaned_data.get("pain_any") is not True:
            result["pain_now"] = result["pain_walking"] = 0  # "no pain" is 0 on both scales
        return result

    def clean_days(self) -> list[str]:
        chosen = set(self.cleaned_data["days"])
        return [day for day in rules.WEEKDAYS if day in chosen]


def question_labels() -> dict[str, str]:
    """Every answer key's question, as the person saw it, across the three steps."""
    labels: dict[str, str] = {}
    for form_class in (HealthForm, FallsForm, PlacesForm):
        labels.update(form_class.labels())
    return labels
