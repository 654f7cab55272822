"""Screening: from self-reported answers to an outcome, a risk tier and plain-words flags.

Pure functions, no database. The mapping follows domain.md §2e: the first rule that matches
wins, and the tier is always worked out "as it will be once cleared", so a paused person can
see the plan waiting for them.

Acute illness is treated as a physician pause with `reask_in_days = 7`: ask the questions again
in a week, or a physician can clear it sooner. While someone has chest pain, an acute illness or
severe pain right now, `show_dose` is False so pages do not put a dose in front of them.
"""

from dataclasses import asdict, dataclass
from typing import Any

from plans import rules
from plans.rules import Reason

Flag = Reason

PARQ_PHYSICIAN = ("parq_heart", "parq_chest_pain", "parq_dizzy", "parq_supervised")
PARQ_REVIEW = ("parq_chronic", "parq_meds", "parq_msk")
PARQ_KEYS = PARQ_PHYSICIAN + PARQ_REVIEW
STEADI_ONE_POINT = (
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
)
STEADI_KEYS = ("steadi_aid_advised", *STEADI_ONE_POINT)
ABC_KEYS = (
    "abc_tiptoe",
    "abc_chair",
    "abc_bumped",
    "abc_escalator_rail",
    "abc_escalator_parcels",
    "abc_ice",
)
HEALTH_BOOLS = ("knee_oa", "parkinsons", "vision_uncorrected", "pregnant", "acute_illness")
ACCESS_KEYS = ("access_pool", "access_handrail", "access_treadmill", "access_track")
OPTIONAL_INTS = ("stroke_months_ago", "replacement_weeks_ago", "surgery_weeks_ago")
BOOL_KEYS = (
    *PARQ_KEYS,
    *STEADI_KEYS,
    "can_walk_10_min",
    "can_stand_unaided",
    "fall_injury",
    *HEALTH_BOOLS,
    *ACCESS_KEYS,
    "treadmill_supervised",
)
# (key, low, high, step)
INT_RANGES = (
    ("age", rules.AGE_MIN, rules.AGE_MAX, 1),
    *((key, 0, 100, 10) for key in ABC_KEYS),
    ("pain_now", 0, 10, 1),
    ("pain_walking", 0, 10, 1),
    ("falls_12m", 0, 365, 1),
    ("minutes", rules.MINUTES_MIN, rules.MINUTES_MAX, 1),
)
ANSWER_KEYS = frozenset(
    (*BOOL_KEYS, *(key for key, *_ in INT_RANGES), *OPTIONAL_INTS, "walking_aid", "days")
)


@dataclass(frozen=True, slots=True)
class Answers:
    """One person's questionnaire, keyed as in domain.md §7."""

    age: int
    parq_heart: bool
    parq_chest_pain: bool
    parq_dizzy: bool
    parq_chronic: bool
    parq_meds: bool
    parq_msk: bool
    parq_supervised: bool
    steadi_aid_advised: bool
    steadi_unsteady: bool
    steadi_furniture: bool
    steadi_worried: bool
    steadi_chair: bool
    steadi_curb: bool
    steadi_toilet: bool
    steadi_numb_feet: bool
    steadi_dizzy_meds: bool
    steadi_sleep_mood_meds: bool
    steadi_sad: bool
    abc_tiptoe: int
    abc_chair: int
    abc_bumped: int
    abc_escalator_rail: int
    abc_escalator_parcels: int
    abc_ice: int
    pain_now: int
    pain_walking: int
    can_walk_10_min: bool
    can_stand_unaided: bool
    walking_aid: str
    falls_12m: int
    fall_injury: bool
    knee_oa: bool
    parkinsons: bool
    vision_uncorrected: bool
    pregnant: bool
    acute_illness: bool
    stroke_months_ago: int | None
    replacement_weeks_ago: int | None
    surgery_weeks_ago: int | None
    access_pool: bool
    access_handrail: bool
    access_treadmill: bool
    access_track: bool
    days: tuple[str, ...]
    minutes: int
    treadmill_supervised: bool

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Answers":
        """Check every key at once; one ValueError lists each missing or bad key."""
        problems: list[str] = []
        missing = sorted(ANSWER_KEYS - data.keys())
        problems += [f"{key}: missing" for key in missing]
        problems += [f"{key}: unexpected key" for key in sorted(data.keys() - ANSWER_KEYS)]
        for key in BOOL_KEYS:
            if key in data and not isinstance(data[key], bool):
                problems.append(f"{key}: must be true or false")
        for key, low, high, step in INT_RANGES:
            if key in data and not _is_int_in(data[key], low, high, step):
                steps = f" in steps of {step}" if step > 1 else ""
                problems.append(f"{key}: must be a whole number from {low} to {high}{steps}")
        for key in OPTIONAL_INTS:
            value = data.get(key)
            if key in data and value is not None and not _is_int_in(value, 0, 1200, 1):
                problems.append(f"{key}: must be empty or a whole number from 0")
        if "walking_aid" in data and data["walking_aid"] not in rules.WALKING_AIDS:
            problems.append(f"walking_aid: must be one of {', '.join(rules.WALKING_AIDS)}")
        days = data.get("days")
        if "days" in data and not _valid_days(days):
            problems.append("days: must list at least one of mon..sun, each once")
        if data.get("fall_injury") is True and data.get("falls_12m") == 0:
            problems.append("fall_injury: cannot be true with no falls in 12 months")
        if problems:
            raise ValueError("Invalid answers: " + "; ".join(problems))
        values = {key: data[key] for key in ANSWER_KEYS}
        values["days"] = tuple(day for day in rules.WEEKDAYS if day in days)
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        """The §7 dict form; `Answers.from_dict(a.to_dict()) == a`."""
        data = asdict(self)
        data["days"] = list(self.days)
        return data


def _is_int_in(value: object, low: int, high: int, step: int) -> bool:
    return (
        isinstance(value, int)
        and not isinstance(value, bool)
        and low <= value <= high
        and value % step == 0
    )


def _valid_days(days: object) -> bool:
    if not isinstance(days, list | tuple) or not days:
        return False
    return len(set(days)) == len(days) and all(day in rules.WEEKDAYS for day in days)


@dataclass(frozen=True, slots=True)
class Screening:
    outcome: str
    tier: str | None  # as it will be once cleared; None when no plan fits at all
    steadi_score: int
    abc6: float
    flags: tuple[Flag, ...]
    outcome_once_cleared: str  # what the outcome becomes once every clearance is given
    show_dose: bool
    reask_in_days: int | None

    @property
    def message(self) -> str:
        return OUTCOME_MESSAGES[self.outcome]


OUTCOME_MESSAGES: dict[str, str] = {
    "ready": "You are ready to start. Your plan begins gently and grows as you do.",
    "paused_physician": (
        "Please talk to your doctor before you start. Once they say it is fine, your plan is "
        "ready and waiting."
    ),
    "paused_review": (
        "A coach, physio or doctor needs to look over your answers first. Your plan is ready "
        "for when they do."
    ),
    "paused_support": (
        "To start safely you need something steady to hold: a fixed rail, a wall or a counter "
        "with 5 metres of clear floor behind you, or a pool. Let us know when you have one."
    ),
    "no_plan": (
        "This program is for people who can stand and walk without help, so we cannot offer "
        "you a plan. A physiotherapist can suggest exercises that suit you."
    ),
}


def steadi_score(answers: Answers) -> int:
    """CDC STEADI Stay Independent score, 0-14 (S11)."""
    score = sum(getattr(answers, key) for key in STEADI_ONE_POINT)
    if answers.falls_12m >= 1:
        score += rules.STEADI_FALL_POINTS
    if answers.steadi_aid_advised or answers.walking_aid in ("cane", "walker"):
        score += rules.STEADI_AID_POINTS
    return score


def abc6_score(answers: Answers) -> float:
    """ABC-6 balance confidence: the mean of six 0-100 answers (S15)."""
    return sum(getattr(answers, key) for key in ABC_KEYS) / len(ABC_KEYS)


def _physician_flags(a: Answers) -> list[Flag]:
    found = [Flag(key, PARQ_MESSAGES[key], "S12") for key in PARQ_PHYSICIAN if getattr(a, key)]
    if a.pregnant:
        found.append(Flag("pregnant", "You told us you are pregnant.", "S12"))
    if a.surgery_weeks_ago is not None and a.surgery_weeks_ago < rules.SURGERY_CLEAR_WEEKS:
        found.append(Flag("recent_surgery", "You had surgery in the last 12 weeks.", "PD"))
    if a.replacement_weeks_ago is not None and (
        a.replacement_weeks_ago < rules.SURGERY_CLEAR_WEEKS
    ):
        found.append(
            Flag("recent_replacement", "Your joint replacement was under 12 weeks ago.", "PD")
        )
    if a.stroke_months_ago is not None and a.stroke_months_ago < rules.STROKE_CLEAR_MONTHS:
        found.append(Flag("recent_stroke", "Your stroke was under 6 months ago.", "PD"))
    if a.falls_12m >= rules.PAUSE_FALLS:
        found.append(Flag("falls_repeated", "You have fallen more than once this year.", "PD"))
    if a.falls_12m >= 1 and a.fall_injury:
        found.append(Flag("fall_injury", "You were hurt in a fall this year.", "PD"))
    if a.pain_now >= rules.PAUSE_PAIN_NOW:
        found.append(Flag("pain_now_severe", "You are in a lot of pain right now.", "PD"))
    if a.acute_illness:
        found.append(
            Flag(
                "acute_illness",
                "You are unwell right now. Rest up; we will ask again in a week.",
                "S12",
            )
        )
    return found


PARQ_MESSAGES = {
    "parq_heart": "You have a heart condition or high blood pressure.",
    "parq_chest_pain": "You get chest pain.",
    "parq_dizzy": "You have lost your balance from dizziness, or fainted, this year.",
    "parq_supervised": "You were told to exercise only with medical supervision.",
    "parq_chronic": "You live with another long-term health condition.",
    "parq_meds": "You take prescribed medicine for a health condition.",
    "parq_msk": "You have a bone, joint or muscle problem that activity could make worse.",
}


def _no_plan_flags(a: Answers) -> list[Flag]:
    found = []
    if a.walking_aid == "wheelchair":
        found.append(Flag("wheelchair", "You use a wheelchair.", "PD"))
    if not a.can_stand_unaided:
        found.append(Flag("cannot_stand", "You need help to stand up.", "PD"))
    return found


def tier_for(answers: Answers, steadi: int, abc6: float) -> str:
    """Risk tier once cleared (PD): the first band with any match."""
    a = answers
    if (
        steadi >= rules.STEADI_AT_RISK
        or a.falls_12m >= 1
        or a.walking_aid in ("cane", "walker")
        or abc6 < rules.ABC6_LOW
        or a.stroke_months_ago is not None
        or a.parkinsons
        or not a.can_walk_10_min
        or a.vision_uncorrected
        or a.pain_walking >= rules.HIGH_WALKING_PAIN
    ):
        return "high"
    if (
        abc6 < rules.ABC6_HIGH
        or steadi >= rules.MOD_STEADI
        or a.pain_walking >= rules.MOD_WALKING_PAIN
        or a.knee_oa
        or a.replacement_weeks_ago is not None
        or a.age >= rules.MOD_AGE
    ):
        return "mod"
    return "low"


def needs_support(answers: Answers, tier: str) -> bool:
    """Rule 4: nothing steady to start with (PD)."""
    a = answers
    if tier == "high" and not (a.access_pool or a.access_handrail):
        return True
    return not (a.access_pool or a.access_handrail or a.access_treadmill)


def screen(answers: Answers, clearance: str | None = None) -> Screening:
    """Outcome, tier and flags for one person; `clearance` lifts the pauses it may lift.

    "coach" lifts a review pause; "physician" lifts review and physician pauses. Neither can
    lift "needs support" or "no plan".
    """
    if clearance not in (None, *rules.CLEARANCES):
        raise ValueError(f"clearance must be one of {rules.CLEARANCES} or None")
    steadi = steadi_score(answers)
    abc6 = abc6_score(answers)
    physician = _physician_flags(answers)
    review = [Flag(k, PARQ_MESSAGES[k], "S12") for k in PARQ_REVIEW if getattr(answers, k)]
    no_plan = _no_plan_flags(answers)
    tier = None if no_plan else tier_for(answers, steadi, abc6)
    support = tier is not None and needs_support(answers, tier)
    once_cleared = "no_plan" if no_plan else "paused_support" if support else "ready"

    if physician and clearance != "physician":
        outcome = "paused_physician"
    elif review and clearance is None:
        outcome = "paused_review"
    else:
        outcome = once_cleared

    flags = [*physician, *review, *no_plan]
    if support:
        flags.append(Flag("needs_support", OUTCOME_MESSAGES["paused_support"], "PD"))
    if steadi >= rules.STEADI_AT_RISK:
        flags.append(Flag("steadi_at_risk", "Your answers show a higher chance of a fall.", "S11"))
    if abc6 < rules.ABC6_LOW:
        flags.append(Flag("abc6_low", "You told us you often feel unsure of your balance.", "S15"))
    symptoms_now = (
        answers.parq_chest_pain or answers.acute_illness or answers.pain_now >= rules.PAUSE_PAIN_NOW
    )
    return Screening(
        outcome=outcome,
        tier=tier,
        steadi_score=steadi,
        abc6=abc6,
        flags=tuple(flags),
        outcome_once_cleared=once_cleared,
        show_dose=not (symptoms_now and outcome == "paused_physician"),
        reask_in_days=(
            rules.ACUTE_ILLNESS_REASK_DAYS
            if answers.acute_illness and outcome == "paused_physician"
            else None
        ),
    )
