"""Screening: from self-reported answers to an outcome, a risk tier and plain-words flags.

Pure functions, no database. The mapping follows domain.md §2e (version 2): the first rule that
matches wins, and the tier is always worked out "as it will be once cleared", so a paused person
can see the plan waiting for them.

Choices worth knowing:
- The v2 questions (`V2_KEYS`) may be unanswered (None) in answers saved before v2; the rules
  read None as "no", and `Answers.unanswered` lists them so the person is asked before their next
  plan change.
- Pauses stack: each one is lifted only by a clearance of its rank or higher
  (self < coach/review < physician, rules.CLEARANCE_RANK); the outcome is the strongest pause
  still standing. Acute illness is its own pause ("paused_illness"), lifted by the person
  (the 7-day wait is a service/progression rule).
- "Needs support" (rule 4) counts only the stages a person may use: a supervised-only stage
  (§1 v2) counts once a linked coach has confirmed it (`supervised`). So someone whose only
  stage needs a helper (a pool after a seizure) is "paused_support" until a coach confirms it,
  and the message says so.
- v3 (domain §9): walking pain of 6 or more needs a review (§9.11); pregnancy keeps the plan
  to the pool and the handrail (§9.14); a fit adult whose only place is an open track may start
  there (§9.14); for HIGH or anyone with supervised-only stages the track needs a land stage
  before it (§9.2); and when the shortest safe session does not fit the minutes given, the
  outcome once cleared is "needs_more_time", with the minutes needed (§9.12).
- While someone has chest pain, an acute illness or severe pain right now, `show_dose` is False
  so pages do not put a dose in front of them.
"""

from dataclasses import asdict, dataclass
from typing import Any

from django.utils.translation import gettext, gettext_lazy, ngettext

from backward_walk.text import Text
from plans import rules
from plans.rules import Reason
from plans.said import render, said

Flag = Reason  # a screening's flag: a Reason read from the catalogue's "flag." part


def flag(code: str, source: str, params: dict[str, Any] | None = None) -> Flag:
    """A flag on the answers, stored as its code (plans.reason_words says it)."""
    return Reason(code, source, params or {}, prefix="flag.")


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
# Required true/false answers (every version of the questionnaire asked them).
BOOL_KEYS = (
    *PARQ_KEYS,
    *STEADI_KEYS,
    "can_walk_10_min",
    "can_stand_unaided",
    "fall_injury",
    *HEALTH_BOOLS,
    *ACCESS_KEYS,
)
# v2 questions: true, false, or None when the answers were saved before v2 asked them.
V2_KEYS = (
    "anticoagulants",
    "osteoporosis",
    "dizzy_on_standing",
    "seizures_12m",
    "vestibular",
    "memory_problems",
    "helper_available",
)
# Old answers may carry it; it is read as helper_available and never written again.
LEGACY_KEYS = frozenset({"treadmill_supervised"})
# (key, low, high, step)
INT_RANGES = (
    ("age", rules.AGE_MIN, rules.AGE_MAX, 1),
    *((key, 0, 100, 10) for key in ABC_KEYS),
    ("pain_now", 0, 10, 1),
    ("pain_walking", 0, 10, 1),
    ("falls_12m", 0, 365, 1),
    ("minutes", rules.MINUTES_MIN, rules.MINUTES_MAX, 1),
)
REQUIRED_KEYS = frozenset(
    (*BOOL_KEYS, *(key for key, *_ in INT_RANGES), *OPTIONAL_INTS, "walking_aid", "days")
)
ANSWER_KEYS = REQUIRED_KEYS | frozenset(V2_KEYS)  # every key `to_dict` writes


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
    anticoagulants: bool | None
    osteoporosis: bool | None
    dizzy_on_standing: bool | None
    seizures_12m: bool | None
    vestibular: bool | None
    memory_problems: bool | None
    helper_available: bool | None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Answers":
        """Check every key at once; one ValueError lists each missing or bad key.

        A v2 key that is missing reads as None (unanswered); the legacy `treadmill_supervised`
        is read as `helper_available` when that is absent.
        """
        problems: list[str] = []
        problems += [f"{key}: missing" for key in sorted(REQUIRED_KEYS - data.keys())]
        unexpected = data.keys() - ANSWER_KEYS - LEGACY_KEYS
        problems += [f"{key}: unexpected key" for key in sorted(unexpected)]
        for key in BOOL_KEYS:
            if key in data and not isinstance(data[key], bool):
                problems.append(f"{key}: must be true or false")
        for key in (*V2_KEYS, *LEGACY_KEYS):
            if data.get(key) is not None and not isinstance(data[key], bool):
                problems.append(f"{key}: must be true, false or empty")
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
        days: Any = data.get("days")  # checked by _valid_days just below
        if "days" in data and not _valid_days(days):
            problems.append("days: must list at least one of mon..sun, each once")
        if data.get("fall_injury") is True and data.get("falls_12m") == 0:
            problems.append("fall_injury: cannot be true with no falls in 12 months")
        if problems:
            raise ValueError("Invalid answers: " + "; ".join(problems))
        values: dict[str, Any] = {key: data.get(key) for key in ANSWER_KEYS}
        if "helper_available" not in data:
            values["helper_available"] = data.get("treadmill_supervised")
        values["days"] = tuple(day for day in rules.WEEKDAYS if day in days)
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        """The §7 dict form (v2 keys included, None kept); `from_dict(a.to_dict()) == a`."""
        data = asdict(self)
        data["days"] = list(self.days)
        return data

    @property
    def unanswered(self) -> tuple[str, ...]:
        """The v2 questions this person has not answered yet (answers saved before v2)."""
        return tuple(key for key in V2_KEYS if getattr(self, key) is None)


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
class ScreeningResult:
    outcome: str
    tier: str | None  # as it will be once cleared; None when no plan fits at all
    steadi_score: int
    abc6: float
    flags: tuple[Flag, ...]
    outcome_once_cleared: str  # what the outcome becomes once every clearance is given
    show_dose: bool
    reask_in_days: int | None
    tier_reasons: tuple[Reason, ...]  # the person's own answers that set the tier
    # v3 §9.12: the minutes the shortest safe session needs, when more than the person gave.
    minutes_needed: int | None

    @property
    def outcome_said(self) -> dict[str, Any]:
        """The outcome's words as stored (a paused plan's words): a code and its numbers."""
        if self.outcome == "paused_support" and any(
            flag.code == "needs_supervision" for flag in self.flags
        ):
            return said("outcome.supervision")
        if self.outcome == "needs_more_time" and self.minutes_needed is not None:
            return said("outcome.more_time", needed=self.minutes_needed)
        return said(f"outcome.{self.outcome}")

    @property
    def message(self) -> str:
        return render(self.outcome_said)


OUTCOME_MESSAGES: dict[str, Text] = {
    "ready": gettext_lazy("You are ready to start. Your plan begins gently and grows as you do."),
    "paused_physician": (
        gettext_lazy(
            "Please talk to your doctor before you start. Once they say it is fine, your plan is "
            "ready and waiting."
        )
    ),
    "paused_review": (
        gettext_lazy(
            "A coach, physio or doctor needs to look over your answers first. Your plan is ready "
            "for when they do."
        )
    ),
    "paused_support": (
        gettext_lazy(
            "To start safely you need something steady to hold: a fixed rail, a wall or a counter "
            "with 5 metres of clear floor behind you, or a pool. Let us know when you have one."
        )
    ),
    "no_plan": (
        gettext_lazy(
            "This program is for people who can stand and walk without help, so we cannot offer "
            "you a plan. A physiotherapist can suggest exercises that suit you."
        )
    ),
    "paused_illness": (
        gettext_lazy(
            "You are unwell right now, so rest first. Once a week has passed and you feel back to "
            "normal, tell us and your plan starts."
        )
    ),
    "needs_more_time": (
        gettext_lazy(
            "Even the shortest safe session needs more time than you have, so there is no plan "
            "yet. Give a few more minutes each time and your plan starts."
        )
    ),
}
SUPERVISION_MESSAGE = gettext_lazy(
    "The places you can walk backward all need someone trained with you for now. Your coach "
    "can add one once that is arranged; until then there is no session to do on your own."
)

# The need that lifts each paused outcome (rules.CLEARANCE_RANK orders them).
PAUSE_NEEDS: dict[str, str] = {
    "paused_physician": "physician",
    "paused_review": "coach",
    "paused_illness": "self",
}


def more_time_words(needed: int) -> str:
    """v3 §9.12: "needs more time", with the minutes the shortest safe session takes."""
    return gettext(
        "A safe session for you takes at least %(needed)s minutes: a short warm-up, 3 minutes of "
        "backward walking with its rests, and a short cool-down. There is no plan until you can "
        "give %(needed)s minutes or more each time."
    ) % {"needed": needed}


def pause_need(outcome: str) -> str | None:
    """The clearance a paused outcome waits for; None for outcomes no clearance lifts."""
    return PAUSE_NEEDS.get(outcome)


def steadi_score(answers: Answers) -> int:
    """CDC STEADI Stay Independent score, 0-14 (S11)."""
    score: int = sum(getattr(answers, key) for key in STEADI_ONE_POINT)
    if answers.falls_12m >= 1:
        score += rules.STEADI_FALL_POINTS
    if answers.steadi_aid_advised or answers.walking_aid in ("cane", "walker"):
        score += rules.STEADI_AID_POINTS
    return score


def abc6_score(answers: Answers) -> float:
    """ABC-6 balance confidence: the mean of six 0-100 answers (S15)."""
    total: int = sum(getattr(answers, key) for key in ABC_KEYS)
    return total / len(ABC_KEYS)


def weeks_ago_words(weeks: int) -> str:
    """ "5 weeks ago", "about 3 months ago": how long ago, in the words a person would use."""
    if weeks < 1:
        return gettext("less than a week ago")
    if weeks < 9:
        return ngettext("%(n)s week ago", "%(n)s weeks ago", weeks) % {"n": weeks}
    months = round(weeks * 12 / 52)
    return ngettext("about %(n)s month ago", "about %(n)s months ago", months) % {"n": months}


def months_ago_words(months: int) -> str:
    """ "less than a month ago", "4 months ago", "about 2 years ago"."""
    if months < 1:
        return gettext("less than a month ago")
    if months < 24:
        return ngettext("%(n)s month ago", "%(n)s months ago", months) % {"n": months}
    return gettext("about %(n)s years ago") % {"n": months // 12}


def falls_words(falls: int) -> str:
    """The person's own count of falls, said back to them."""
    return ngettext(
        "You told us you fell once in the last year.",
        "You told us you fell %(count)s times in the last year.",
        falls,
    ) % {"count": falls}


def _physician_flags(a: Answers) -> list[Flag]:
    found = [flag(key, "S12") for key in PARQ_PHYSICIAN if getattr(a, key)]
    if a.pregnant:
        found.append(flag("pregnant", "S12"))
    if a.surgery_weeks_ago is not None and a.surgery_weeks_ago < rules.SURGERY_CLEAR_WEEKS:
        found.append(
            flag(
                "recent_surgery",
                "PD",
                {"ago_weeks": a.surgery_weeks_ago, "weeks": rules.SURGERY_CLEAR_WEEKS},
            )
        )
    if a.replacement_weeks_ago is not None and (
        a.replacement_weeks_ago < rules.SURGERY_CLEAR_WEEKS
    ):
        found.append(
            flag(
                "recent_replacement",
                "PD",
                {"ago_weeks": a.replacement_weeks_ago, "weeks": rules.SURGERY_CLEAR_WEEKS},
            )
        )
    if a.stroke_months_ago is not None and a.stroke_months_ago < rules.STROKE_CLEAR_MONTHS:
        found.append(
            flag(
                "recent_stroke",
                "PD",
                {"ago_months": a.stroke_months_ago, "months": rules.STROKE_CLEAR_MONTHS},
            )
        )
    if a.falls_12m >= rules.PAUSE_FALLS:
        found.append(flag("falls_repeated", "PD", {"count": a.falls_12m}))
    if a.falls_12m >= 1 and a.fall_injury:
        found.append(flag("fall_injury", "PD"))
    if a.pain_now >= rules.PAUSE_PAIN_NOW:
        found.append(flag("pain_now_severe", "PD"))
    if a.dizzy_on_standing:
        found.append(flag("dizzy_on_standing", "PD"))
    return found


def _review_flags(a: Answers) -> list[Flag]:
    found = [flag(key, "S12") for key in PARQ_REVIEW if getattr(a, key)]
    if a.pain_walking >= rules.REVIEW_WALKING_PAIN:  # v3 §9.11: 6 or more
        # Two whole sentences (plans.reason_words): walking only, or resting too.
        params = {"walking": a.pain_walking}
        if a.pain_now >= rules.REVIEW_WALKING_PAIN:
            params["rest"] = a.pain_now
        found.append(flag("walking_pain_severe", "S13", params))
    return found


def _illness_flags(a: Answers) -> list[Flag]:
    if not a.acute_illness:
        return []
    return [flag("acute_illness", "S12")]


PARQ_MESSAGES = {
    "parq_heart": gettext_lazy("You have a heart condition or high blood pressure."),
    "parq_chest_pain": gettext_lazy("You get chest pain."),
    "parq_dizzy": gettext_lazy("You have lost your balance from dizziness, or fainted, this year."),
    "parq_supervised": gettext_lazy("You were told to exercise only with medical supervision."),
    "parq_chronic": gettext_lazy("You live with another long-term health condition."),
    "parq_meds": gettext_lazy("You take prescribed medicine for a health condition."),
    "parq_msk": gettext_lazy(
        "You have a bone, joint or muscle problem that activity could make worse."
    ),
}


def _no_plan_flags(a: Answers) -> list[Flag]:
    found = []
    if a.walking_aid == "wheelchair":
        found.append(flag("wheelchair", "PD"))
    if not a.can_stand_unaided:
        found.append(flag("cannot_stand", "PD"))
    return found


# --- Tier once cleared ---------------------------------------------------------------------------


def _high_reasons(a: Answers, steadi: int, abc6: float) -> list[Reason]:
    aid = a.walking_aid if a.walking_aid in ("cane", "walker") else None
    rows: list[tuple[bool, str, str, dict[str, Any]]] = [
        (
            steadi >= rules.STEADI_AT_RISK,
            "steadi_at_risk",
            "S11",
            {"score": steadi},
        ),
        (a.falls_12m >= 1, "fall_12m", "S11", {"count": a.falls_12m}),
        (aid is not None, "walking_aid", "S11", {"aid": aid or ""}),
        (
            abc6 < rules.ABC6_HIGH_RISK,
            "abc6_low",
            "S15",
            {"abc": f"{abc6:.0f}"},
        ),
        (
            a.stroke_months_ago is not None,
            "stroke",
            "S3",
            {"months": a.stroke_months_ago or 0},
        ),
        (
            a.parkinsons,
            "parkinsons",
            "PD",
            {},
        ),
        (
            not a.can_walk_10_min,
            "cannot_walk_10_min",
            "PD",
            {},
        ),
        (
            a.vision_uncorrected,
            "vision_uncorrected",
            "PD",
            {},
        ),
        (
            a.pain_walking >= rules.HIGH_WALKING_PAIN,
            "walking_pain",
            "S13",
            {"pain": a.pain_walking},
        ),
        (
            a.age >= rules.HIGH_AGE,
            "age_85",
            "PD",
            {},
        ),
        (
            bool(a.anticoagulants),
            "anticoagulants",
            "PD",
            {},
        ),
        (
            bool(a.osteoporosis),
            "osteoporosis",
            "PD",
            {},
        ),
        (
            bool(a.vestibular),
            "vestibular",
            "PD",
            {},
        ),
        (
            bool(a.memory_problems),
            "memory_problems",
            "PD",
            {},
        ),
        (
            bool(a.seizures_12m),
            "seizures_12m",
            "PD",
            {},
        ),
    ]
    return [Reason(f"tier_{code}", source, params) for hit, code, source, params in rows if hit]


AID_REASONS: dict[str | None, Text] = {
    "cane": gettext_lazy("You walk with a cane."),
    "walker": gettext_lazy("You walk with a walker."),
}


def _mod_reasons(a: Answers, steadi: int, abc6: float) -> list[Reason]:
    rows: list[tuple[bool, str, str, dict[str, Any]]] = [
        (
            abc6 < rules.ABC6_HIGH,
            "abc6_moderate",
            "S15",
            {"abc": f"{abc6:.0f}"},
        ),
        (
            steadi >= rules.MOD_STEADI,
            "steadi_some",
            "S11",
            {"score": steadi},
        ),
        (
            a.pain_walking >= rules.MOD_WALKING_PAIN,
            "walking_pain_some",
            "S13",
            {"pain": a.pain_walking},
        ),
        (
            a.knee_oa,
            "knee_oa",
            "S1",
            {},
        ),
        (
            a.replacement_weeks_ago is not None,
            "replacement",
            "PD",
            {"weeks": a.replacement_weeks_ago or 0},
        ),
        (
            a.age >= rules.MOD_AGE,
            "age_75",
            "PD",
            {},
        ),
    ]
    return [Reason(f"tier_{code}", source, params) for hit, code, source, params in rows if hit]


def tier_and_reasons(answers: Answers, steadi: int, abc6: float) -> tuple[str, tuple[Reason, ...]]:
    """Risk tier once cleared (§2e v2) and the person's own answers that set it."""
    high = _high_reasons(answers, steadi, abc6)
    if high:
        return "high", tuple(high)
    mod = _mod_reasons(answers, steadi, abc6)
    if mod:
        return "mod", tuple(mod)
    return "low", (Reason("tier_low", "PD"),)


def tier_for(answers: Answers, steadi: int, abc6: float) -> str:
    """Risk tier once cleared (PD): the first band with any match."""
    return tier_and_reasons(answers, steadi, abc6)[0]


# --- Stages a person may use (§1 v2) -------------------------------------------------------------

SUPERVISED_CONDITIONS = ("parkinsons", "vision_uncorrected", "vestibular", "memory_problems")
OPEN_GROUND = frozenset({"treadmill", "track"})


def supervised_only(answers: Answers, tier: str, *, tests_at_risk: bool = False) -> frozenset[str]:
    """Stages this person may use only once a linked coach confirms someone trained is there.

    The person's own `helper_available` answer never changes this (§1 v2). A functional test
    in the at-risk range (`tests_at_risk`, assessments.readings) brings HIGH's rule (§9.13).
    """
    stages: set[str] = set()
    condition = answers.stroke_months_ago is not None or any(
        getattr(answers, key) for key in SUPERVISED_CONDITIONS
    )
    if tier == "high" or condition or tests_at_risk:
        stages |= OPEN_GROUND
    if answers.seizures_12m:
        stages |= {"pool", *OPEN_GROUND}
    return frozenset(stages)


def accessible_stages(answers: Answers) -> tuple[str, ...]:
    return tuple(stage for stage in rules.STAGES if getattr(answers, f"access_{stage}"))


def ruled_out(answers: Answers) -> frozenset[str]:
    """Stages this person may not use at all, whoever is with them: in pregnancy, after the
    physician's clearance, only the pool and the handrail (v3 §9.14, PD)."""
    if answers.pregnant:
        return frozenset(rules.STAGES) - frozenset(rules.PREGNANCY_STAGES)
    return frozenset()


def track_needs_land_first(answers: Answers, tier: str, *, tests_at_risk: bool = False) -> bool:
    """v3 §9.2: for HIGH, or anyone with supervised-only stages (§9.13: an at-risk functional
    test too), the open track comes only after time on a land stage (handrail or treadmill)."""
    return tier == "high" or bool(supervised_only(answers, tier, tests_at_risk=tests_at_risk))


def open_stages(
    answers: Answers,
    tier: str,
    supervised: frozenset[str] = frozenset(),
    *,
    tests_at_risk: bool = False,
) -> tuple[str, ...]:
    """Stages the person can reach and may use: supervised-only ones only once confirmed, none
    ruled out (pregnancy), and the track only after a land stage where §9.2 asks for one."""
    locked = supervised_only(answers, tier, tests_at_risk=tests_at_risk) - supervised
    closed = locked | ruled_out(answers)
    stages = tuple(stage for stage in accessible_stages(answers) if stage not in closed)
    if "track" in stages and no_land_before_track(
        answers, tier, stages, tests_at_risk=tests_at_risk
    ):
        stages = tuple(stage for stage in stages if stage != "track")
    return stages


def no_land_before_track(
    answers: Answers, tier: str, stages: tuple[str, ...], *, tests_at_risk: bool = False
) -> bool:
    """v3 §9.2: the track would follow the pool with no land stage between (the plan then ends
    at the pool)."""
    return track_needs_land_first(answers, tier, tests_at_risk=tests_at_risk) and not set(
        stages
    ) & set(rules.LAND_STAGES)


def may_start_on_track(answers: Answers, tier: str) -> bool:
    """v3 §9.14 [PD]: a fit adult (LOW, under 65, no falls, ABC-6 80 or more) whose only place
    is an open track may start there."""
    return (
        tier == "low"
        and answers.age < rules.TRACK_START_AGE_BELOW
        and answers.falls_12m == 0
        and abc6_score(answers) >= rules.TRACK_START_MIN_ABC6
        and "track" not in ruled_out(answers)
    )


def start_stage_from(answers: Answers, tier: str, stages: tuple[str, ...]) -> str | None:
    """The tier's first preferred start stage among `stages`; the track only for a fit adult
    with nothing else (v3 §9.14)."""
    prefs = rules.TIER_DOSE[tier].start_stages
    if tier == "mod" and answers.pain_walking >= rules.MOD_POOL_WALKING_PAIN:
        prefs = ("pool", *prefs)
    stage = next((stage for stage in prefs if stage in stages), None)
    if stage is None and "track" in stages and may_start_on_track(answers, tier):
        return "track"
    return stage


def needs_seated_rest(answers: Answers, tier: str) -> bool:
    """Seated rest (§1 v2): anyone who cannot walk 10 minutes, or HIGH with a cane or walker."""
    return not answers.can_walk_10_min or (
        tier == "high" and answers.walking_aid in ("cane", "walker")
    )


def minutes_needed(answers: Answers, tier: str) -> int | None:
    """v3 §9.12: the minutes the shortest safe session takes, when that is more than the person
    gave; None when it fits."""
    needed = rules.shortest_session_minutes(tier, needs_seated_rest(answers, tier))
    return needed if needed > answers.minutes else None


def needs_support(
    answers: Answers,
    tier: str,
    supervised: frozenset[str] = frozenset(),
    *,
    tests_at_risk: bool = False,
) -> bool:
    """Rule 4: no stage this person may start on (PD)."""
    usable = open_stages(answers, tier, supervised, tests_at_risk=tests_at_risk)
    return start_stage_from(answers, tier, usable) is None


def check_supervised(supervised: frozenset[str]) -> frozenset[str]:
    """The confirmed stages as a frozenset; refuses a number (weeks passed in its place)."""
    if not isinstance(supervised, set | frozenset | list | tuple):
        raise TypeError("supervised must be a collection of stage names")
    unknown = set(supervised) - set(rules.STAGES)
    if unknown:
        raise ValueError(f"supervised: unknown stages {sorted(unknown)}")
    return frozenset(supervised)


# --- The result ----------------------------------------------------------------------------------


def screen(
    answers: Answers,
    clearance: str | None = None,
    *,
    supervised: frozenset[str] = frozenset(),
    tests_at_risk: bool = False,
) -> ScreeningResult:
    """Outcome, tier and flags for one person; `clearance` lifts the pauses of its rank or lower.

    Ranks (rules.CLEARANCE_RANK): "self" lifts an illness pause; "coach" or "review" also a
    review pause; "physician" any pause. No clearance lifts "needs support" or "no plan".
    `supervised` is the stages a linked coach has confirmed, and `tests_at_risk` whether a
    functional test brings HIGH's supervised-only rule (§9.13); only rule 4 looks at them.
    """
    if clearance not in (None, *rules.CLEARANCES):
        raise ValueError(f"clearance must be one of {rules.CLEARANCES} or None")
    supervised = check_supervised(supervised)
    rank = -1 if clearance is None else rules.CLEARANCE_RANK[clearance]
    steadi = steadi_score(answers)
    abc6 = abc6_score(answers)
    physician = _physician_flags(answers)
    review = _review_flags(answers)
    illness = _illness_flags(answers)
    no_plan = _no_plan_flags(answers)
    tier, tier_reasons = (None, ()) if no_plan else tier_and_reasons(answers, steadi, abc6)
    support = tier is not None and needs_support(
        answers, tier, supervised, tests_at_risk=tests_at_risk
    )
    needed = None if tier is None or support else minutes_needed(answers, tier)
    once_cleared = "ready"
    if no_plan:
        once_cleared = "no_plan"
    elif support:
        once_cleared = "paused_support"
    elif needed:
        once_cleared = "needs_more_time"  # v3 §9.12

    # The strongest pause still standing wins (§2f).
    outcome = once_cleared
    for paused, found in (
        ("paused_illness", illness),
        ("paused_review", review),
        ("paused_physician", physician),
    ):
        if found and rank < rules.CLEARANCE_RANK[PAUSE_NEEDS[paused]]:
            outcome = paused

    flags = [*physician, *review, *illness, *no_plan]
    if support and tier is not None:  # support implies a tier; said again for mypy
        flags.append(_support_flag(answers, tier))
    if needed:
        flags.append(flag("needs_more_time", "PD", {"minutes": needed}))
    if steadi >= rules.STEADI_AT_RISK:
        flags.append(flag("steadi_at_risk", "S11"))
    if abc6 < rules.ABC6_LOW:
        flags.append(flag("abc6_low", "S15"))
    symptoms_now = (
        answers.parq_chest_pain or answers.acute_illness or answers.pain_now >= rules.PAUSE_PAIN_NOW
    )
    paused_now = outcome in PAUSE_NEEDS
    return ScreeningResult(
        outcome=outcome,
        tier=tier,
        steadi_score=steadi,
        abc6=abc6,
        flags=tuple(flags),
        outcome_once_cleared=once_cleared,
        show_dose=not (symptoms_now and outcome in ("paused_physician", "paused_illness")),
        reask_in_days=(
            rules.ACUTE_ILLNESS_REASK_DAYS if answers.acute_illness and paused_now else None
        ),
        tier_reasons=tier_reasons,
        minutes_needed=needed,
    )


def _support_flag(answers: Answers, tier: str) -> Flag:
    """Why there is no stage to start on: nothing steady at all, or only stages needing a helper."""
    allowed = tuple(s for s in accessible_stages(answers) if s not in ruled_out(answers))
    if start_stage_from(answers, tier, allowed) is None:
        return flag("needs_support", "PD")
    return flag("needs_supervision", "PD")
