"""The questionnaire's steps: number, title, form, and which §7 answer keys each one collects.

This is the one place that maps forms to answer keys; a test checks that the five steps
together collect exactly the keys `Answers.from_dict` takes, each once.
"""

from dataclasses import dataclass
from typing import Any

from plans.forms.questionnaire import (
    ConditionsForm,
    FallsForm,
    HealthForm,
    PlacesForm,
    StepForm,
    TimeForm,
)


@dataclass(frozen=True, slots=True)
class Section:
    """A group of questions shown under one heading on a step's page."""

    title: str
    intro: str
    keys: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Step:
    number: int
    title: str
    intro: str
    form_class: type[StepForm]
    sections: tuple[Section, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(key for section in self.sections for key in section.keys)


STEPS: tuple[Step, ...] = (
    Step(
        1,
        "Your health",
        "A few health questions first, so we only suggest what is safe for you.",
        HealthForm,
        (
            Section(
                "Health check (PAR-Q+)",
                "These seven questions come from the PAR-Q+, a health check used before "
                "people become more active.",
                (
                    "parq_heart",
                    "parq_chest_pain",
                    "parq_dizzy",
                    "parq_chronic",
                    "parq_meds",
                    "parq_msk",
                    "parq_supervised",
                ),
            ),
            Section("About you", "", ("age", "pregnant", "acute_illness")),
        ),
    ),
    Step(
        2,
        "Falls and balance",
        "These questions tell us how much support to give you at the start.",
        FallsForm,
        (
            Section(
                "Falls and walking",
                "",
                ("falls_12m", "fall_injury", "walking_aid", "can_stand_unaided", "can_walk_10_min"),
            ),
            Section(
                "Staying independent (CDC STEADI)",
                "These questions come from the STEADI “Stay Independent” checklist of the US "
                "Centers for Disease Control and Prevention.",
                (
                    "steadi_aid_advised",
                    "steadi_unsteady",
                    "steadi_furniture",
                    "steadi_worried",
                    "steadi_chair",
                    "steadi_curb",
                    "steadi_toilet",
                    "steadi_numb_feet",
                    "steadi_dizzy_meds",
                    "steadi_sleep_mood_meds",
                    "steadi_sad",
                ),
            ),
            Section(
                "Balance confidence (ABC-6)",
                "How sure are you that you would keep your balance in each of these moments? "
                "Choose 0 if you are not at all confident, 100 if you are completely confident, "
                "or a number in between. If you never do this, imagine how sure you would be.",
                (
                    "abc_tiptoe",
                    "abc_chair",
                    "abc_bumped",
                    "abc_escalator_rail",
                    "abc_escalator_parcels",
                    "abc_ice",
                ),
            ),
        ),
    ),
    Step(
        3,
        "Pain and conditions",
        "Pain and some health conditions change where and how gently you start.",
        ConditionsForm,
        (
            Section(
                "Pain",
                "0 means no pain, 10 the worst you can imagine.",
                ("pain_now", "pain_walking"),
            ),
            Section("Conditions", "", ("knee_oa", "parkinsons", "vision_uncorrected")),
            Section(
                "Stroke and operations",
                "Leave a box empty if it does not apply to you.",
                ("stroke_months_ago", "replacement_weeks_ago", "surgery_weeks_ago"),
            ),
        ),
    ),
    Step(
        4,
        "Places and equipment",
        "Backward walking starts somewhere steady: a pool, a handrail, then a treadmill, then "
        "open ground. Tell us what you can use.",
        PlacesForm,
        (
            Section(
                "What you can use",
                "",
                (
                    "access_pool",
                    "access_handrail",
                    "access_treadmill",
                    "access_track",
                    "treadmill_supervised",
                ),
            ),
        ),
    ),
    Step(
        5,
        "Your time",
        "Last step: when you can practise and for how long.",
        TimeForm,
        (Section("Days and minutes", "", ("days", "minutes")),),
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
    "acute_illness": ("acute_illness",),
    "wheelchair": ("walking_aid",),
    "cannot_stand": ("can_stand_unaided",),
}


def get_step(number: int) -> Step | None:
    if 1 <= number <= STEP_COUNT:
        return STEPS[number - 1]
    return None


def question(key: str) -> str:
    """The question as the person saw it."""
    for step in STEPS:
        if key in step.form_class.base_fields:
            return str(step.form_class.base_fields[key].label)
    raise KeyError(key)


def answer_in_words(key: str, value: Any) -> str:
    """A saved answer as the person chose it ("Yes", "A cane or walking stick", "8")."""
    if value is None:
        return "Not applicable"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    for step in STEPS:
        field = step.form_class.base_fields.get(key)
        if field is None:
            continue
        labels = dict(getattr(field, "choices", ()))
        if isinstance(value, list):
            return ", ".join(str(labels.get(item, item)) for item in value)
        return str(labels.get(value, labels.get(str(value), value)))
    return str(value)


def flagged_answers(flags: list[dict[str, Any]], answers: dict[str, Any]) -> list[dict[str, Any]]:
    """For each flag: its message and the answers behind it, as question and answer."""
    rows = []
    for flag in flags:
        keys = FLAG_ANSWER_KEYS.get(flag.get("code", ""), ())
        rows.append(
            {
                "message": flag.get("message", ""),
                "answers": [
                    {"question": question(key), "answer": answer_in_words(key, answers.get(key))}
                    for key in keys
                    if key in answers
                ],
            }
        )
    return rows
