"""The questionnaire's steps: number, title, form, and which §7 answer keys each one collects.

This is the one place that maps forms to answer keys; a test checks that the three steps
together collect exactly the keys `Answers.from_dict` takes, each once (a tick list
stands for one key per line). The legacy
`treadmill_supervised` is no longer asked (plans.screening reads it from old answers).
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext, gettext_lazy

from plans.forms.questionnaire import (
    PARENT_ITEMS,
    FallsForm,
    HealthForm,
    PlacesForm,
    StepForm,
    question_labels,
)
from plans.said import render


@dataclass(frozen=True, slots=True)
class Section:
    """A group of questions shown under one plain heading on a step's page.

    `fields` are the form fields shown; `source` names the instrument in small print.
    """

    title: str
    intro: str
    fields: tuple[str, ...]
    source: str = ""


@dataclass(frozen=True, slots=True)
class Step:
    number: int
    title: str
    intro: str
    form_class: type[StepForm]
    sections: tuple[Section, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        """The §7 answer keys this step collects."""
        return tuple(key for section in self.sections for key in section_keys(self, section))


def section_keys(step: Step, section: Section) -> tuple[str, ...]:
    """The §7 answer keys behind a section's fields (a tick list stands for all its lines)."""
    form_class = step.form_class
    durations = {number: key for key, (number, _u, _c) in form_class.durations.items()}
    keys: list[str] = []
    for name in section.fields:
        if name in form_class.tick_lists:
            keys += [i.key for i in form_class.tick_lists[name] if i.key not in PARENT_ITEMS]
        elif name in durations:
            keys.append(durations[name])
        elif form_class._is_answer_field(name) and name in form_class.base_fields:
            keys.append(name)
    return tuple(keys)


STEPS: tuple[Step, ...] = (
    Step(
        1,
        gettext_lazy("Your health"),
        gettext_lazy("A few health questions first, so we only suggest what is safe for you."),
        HealthForm,
        (
            Section(
                gettext_lazy("About you"),
                gettext_lazy(
                    "Most people tick only a few lines, or none. If you tick a line that needs "
                    "more detail, we ask one more short question."
                ),
                (
                    "age",
                    "health",
                    "stroke_ago",
                    "stroke_unit",
                    "replacement_ago",
                    "replacement_unit",
                    "surgery_ago",
                    "surgery_unit",
                ),
                gettext_lazy(
                    "Includes the PAR-Q+ health check used before people become more active."
                ),
            ),
        ),
    ),
    Step(
        2,
        gettext_lazy("Falls and balance"),
        gettext_lazy("These questions tell us how much support to give you at the start."),
        FallsForm,
        (
            Section(
                gettext_lazy("Falls and steadiness"),
                "",
                ("falls_12m", "fall_injury", "walking_aid", "balance"),
                gettext_lazy(
                    "Includes the STEADI “Stay Independent” checklist of the US Centers for "
                    "Disease Control and Prevention."
                ),
            ),
            Section(
                gettext_lazy("How sure are you of your balance?"),
                gettext_lazy(
                    "How sure are you that you would keep your balance in each of these moments? "
                    "Choose 0 if you are not at all confident, 100 if you are completely "
                    "confident, "
                    "or a number in between. If you never do this, imagine how sure you would be."
                ),
                (
                    "abc_tiptoe",
                    "abc_chair",
                    "abc_bumped",
                    "abc_escalator_rail",
                    "abc_escalator_parcels",
                    "abc_ice",
                ),
                gettext_lazy("Balance confidence: the ABC-6 scale."),
            ),
        ),
    ),
    Step(
        3,
        gettext_lazy("Pain, places and time"),
        gettext_lazy("Last step: pain, where you can practise, and when."),
        PlacesForm,
        (
            Section(
                gettext_lazy("Pain"),
                gettext_lazy("0 means no pain, 10 the worst you can imagine."),
                ("pain_any", "pain_now", "pain_walking"),
            ),
            Section(gettext_lazy("Places and people"), "", ("places",)),
            Section(gettext_lazy("Days and minutes"), "", ("days", "minutes")),
        ),
    ),
)
STEP_COUNT = len(STEPS)
ALL_KEYS: tuple[str, ...] = tuple(key for step in STEPS for key in step.keys)

# Which answer raised each screening flag (flag codes from plans/screening.py), for the
# physician's page. STEADI and ABC-6 flags come from a score, not from one answer.
FLAG_ANSWER_KEYS: dict[str, tuple[str, ...]] = {
    "parq_heart": ("parq_heart",),
    "parq_chest_pain": ("parq_chest_pain",),
    "parq_dizzy": ("parq_dizzy",),
    "parq_supervised": ("parq_supervised",),
    "parq_chronic": ("parq_chronic",),
    "parq_meds": ("parq_meds",),
    "parq_msk": ("parq_msk",),
    "pregnant": ("pregnant",),
    "recent_surgery": ("surgery_weeks_ago",),
    "recent_replacement": ("replacement_weeks_ago",),
    "recent_stroke": ("stroke_months_ago",),
    "falls_repeated": ("falls_12m",),
    "fall_injury": ("falls_12m", "fall_injury"),
    "pain_now_severe": ("pain_now",),
    "dizzy_on_standing": ("dizzy_on_standing",),
    "walking_pain_severe": ("pain_walking",),
    "acute_illness": ("acute_illness",),
    "wheelchair": ("walking_aid",),
    "cannot_stand": ("can_stand_unaided",),
    "needs_more_time": ("minutes",),
}


# Each flag as the physician's page names it: third person, in clinical words.
LETTER_TITLES: dict[str, str] = {
    "parq_heart": gettext_lazy(
        "A heart condition or high blood pressure diagnosed by a doctor (PAR-Q+)"
    ),
    "parq_chest_pain": gettext_lazy("Chest pain at rest, in daily life or when active (PAR-Q+)"),
    "parq_dizzy": gettext_lazy(
        "Loss of balance from dizziness, or loss of consciousness, in the last 12 months (PAR-Q+)"
    ),
    "parq_supervised": gettext_lazy("Advised to exercise only under medical supervision (PAR-Q+)"),
    "parq_chronic": gettext_lazy("Another chronic condition (PAR-Q+)"),
    "parq_meds": gettext_lazy("Prescribed medicine for a chronic condition (PAR-Q+)"),
    "parq_msk": gettext_lazy(
        "A bone, joint or soft-tissue problem that activity could worsen (PAR-Q+)"
    ),
    "pregnant": gettext_lazy("Pregnant"),
    "recent_surgery": gettext_lazy("Surgery in the last 12 weeks"),
    "recent_replacement": gettext_lazy("Hip or knee replacement less than 12 weeks ago"),
    "recent_stroke": gettext_lazy("Stroke less than 6 months ago"),
    "falls_repeated": gettext_lazy("Two or more falls in the last 12 months"),
    "fall_injury": gettext_lazy("Injured in a fall in the last 12 months"),
    "pain_now_severe": gettext_lazy("Pain now of 7/10 or more"),
    "dizzy_on_standing": gettext_lazy(
        "Light-headed on standing up (possible orthostatic hypotension)"
    ),
    "walking_pain_severe": gettext_lazy("Pain when walking of 6/10 or more"),  # v3 §9.11
    "acute_illness": gettext_lazy("Unwell now with an acute illness"),
    "wheelchair": gettext_lazy("Uses a wheelchair"),
    "cannot_stand": gettext_lazy("Cannot stand up from a chair without help"),
    "needs_support": gettext_lazy("No pool and no fixed rail, wall or counter available"),
    "needs_supervision": gettext_lazy("Every stage available needs a trained person present"),
    "needs_more_time": gettext_lazy(
        "The shortest safe session is longer than the time available for each session"
    ),
    "steadi_at_risk": gettext_lazy(
        "CDC STEADI Stay Independent score of 4 or more (higher fall risk)"
    ),
    "abc6_low": gettext_lazy("Low balance confidence (ABC-6 below 50)"),
}

# Answers about how the person is right now: asked afresh, never filled in from last time.
ASKED_AFRESH = ("acute_illness", "pain_now")
# "How long ago" answers that age with the calendar: (key, days in one unit, still asked after).
AGEING = (
    ("stroke_months_ago", 31, None),
    ("replacement_weeks_ago", 7, None),
    ("surgery_weeks_ago", 7, 12),  # the question only asks about the last 12 weeks
)


def earlier_answers(answers: dict[str, Any], answered_on: date, today: date) -> dict[str, Any]:
    """Saved answers that still apply, to fill in a new questionnaire.

    Questions never answered (the v2 ones, for answers saved before v2) stay empty, as do
    answers about how the person is right now. "How long ago" answers have the time passed
    since added, counted in whole units so they never look longer ago than they are. The old
    treadmill question fills in `helper_available` only when it was a yes: its "no" also meant
    "I have no treadmill".
    """
    filled = {
        key: value
        for key, value in answers.items()
        if key in ALL_KEYS and key not in ASKED_AFRESH and value is not None
    }
    if answers.get("helper_available") is None and answers.get("treadmill_supervised") is True:
        filled["helper_available"] = True
    passed = max(0, (today - answered_on).days)
    for key, unit_days, asked_below in AGEING:
        if key not in filled:
            continue
        value = filled[key] + passed // unit_days
        if asked_below is not None and value >= asked_below:
            del filled[key]  # no longer "in the last 12 weeks": the box is left empty
        else:
            filled[key] = min(value, 1200)
    return filled


# "How long ago" answers and the unit they are saved in.
DURATION_UNITS = {
    key: canonical
    for step in STEPS
    for key, (_number, _unit, canonical) in step.form_class.durations.items()
}


def get_step(number: int) -> Step | None:
    if 1 <= number <= STEP_COUNT:
        return STEPS[number - 1]
    return None


def question(key: str) -> str:
    """The question (or tick-list line) as the person saw it."""
    return str(question_labels()[key])


def answer_in_words(key: str, value: Any) -> str:
    """A saved answer as the person chose it ("Yes", "A cane or walking stick", "8")."""
    if value is None:
        return gettext("Not applicable")
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if key in DURATION_UNITS:
        words = {"weeks": gettext("%(count)s weeks ago"), "months": gettext("%(count)s months ago")}
        return words[DURATION_UNITS[key]] % {"count": value}
    for step in STEPS:
        field = step.form_class.base_fields.get(key)
        if field is None or key not in step.keys:
            continue
        labels = dict(getattr(field, "choices", ()))
        if isinstance(value, list):
            return ", ".join(str(labels.get(item, item)) for item in value)
        return str(labels.get(value, labels.get(str(value), value)))
    return str(value)


def flagged_answers(flags: list[dict[str, Any]], answers: dict[str, Any]) -> list[dict[str, Any]]:
    """For each flag: its name for the physician and the answers behind it, as question and
    answer (the person's own words for a flag the letter has no name for)."""
    rows = []
    for flag in flags:
        code = flag.get("code", "")
        keys = FLAG_ANSWER_KEYS.get(code, ())
        rows.append(
            {
                "message": LETTER_TITLES.get(code) or render(flag, "flag."),
                "answers": [
                    {"question": question(key), "answer": answer_in_words(key, answers.get(key))}
                    for key in keys
                    if key in answers
                ],
            }
        )
    return rows
