"""Every threshold and product default of the plan rules, in one place.

Numbers come from ../shared/domain.md; each group names its source key. "PD" marks a
product default picked to be cautious where the evidence is thin. Change a number here and the
table-driven tests in tests/engine say which rule moved.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final, overload

from django.utils.translation import gettext_lazy as _

from backward_walk.text import Text
from plans import said

# 2026.3: domain §9 (v3); recheck_plans re-reads plans made before it once.
RULES_VERSION: Final = "2026.3"


@dataclass(frozen=True, slots=True)
class Reason:
    """One explanation, as a code with its parameters and the source it rests on (a key of
    SOURCES). It is stored as that code (`as_json`) and put into words in the reader's
    language when shown (plans.said; the words are in plans.reason_words)."""

    code: str
    source: str
    params: Mapping[str, Any] = field(default_factory=dict)
    # The catalogue's part the code is read from: "" for reasons, "flag." for a screening's
    # flags (a flag and a reason may share a code with different words).
    prefix: str = ""

    @property
    def message(self) -> str:
        """The words, in the language active now."""
        return said.render(self.as_json(), self.prefix)

    def as_json(self) -> dict[str, Any]:
        stored: dict[str, Any] = {"code": self.code, "source": self.source}
        if self.params:
            stored["params"] = dict(self.params)
        return stored


SOURCES: Final[dict[str, Text]] = {
    "S1": _("Alghadir 2019, backward walking in knee osteoarthritis"),
    "S3": _("Yang 2005, backward walking after stroke"),
    "S4": _("Rose 2018, backward walking training"),
    "S5": _("Frontiers in Neurology 2022 and 2024 trials, backward walking after stroke"),
    "S8": _("2011 Compendium of Physical Activities"),
    "S9": _("Otago Exercise Programme"),
    "S10": _("Adegoke 2014; Haupenthal 2010, walking in water"),
    "S11": _("CDC STEADI Stay Independent checklist"),
    "S12": _("PAR-Q+ Collaboration"),
    "S13": _("Silbernagel and Thomee 2007, pain-monitoring model"),
    "S14": _("Nielsen 2014; Fredette 2022, the 10 % rule of thumb"),
    "S15": _("ABC-6 balance confidence scale"),
    "S16": _("Nelson 2007 and stop-exercise guidance"),
    "S17": _("NHS Inform, falls"),
    "PD": _("Product default, chosen to be cautious"),
}

# Codes shared by code, tests and pages (domain.md §7).
OUTCOMES: Final = (
    "ready",
    "paused_physician",
    "paused_review",
    "paused_support",
    "no_plan",
    "paused_illness",
    "needs_more_time",  # v3 §9.12: the shortest safe session does not fit the minutes given
)
TIERS: Final = ("low", "mod", "high")  # easiest person first: rank = risk
STAGES: Final = ("pool", "handrail", "treadmill", "track")  # easiest stage first
LEVELS: Final = (1, 2, 3, 4)
DECISIONS: Final = ("advance", "hold", "step_back", "pause", "resume")
CLEARANCES: Final = ("self", "coach", "review", "physician")
CLEARANCE_RANK: Final[dict[str, int]] = {"self": 0, "coach": 1, "review": 1, "physician": 2}
WEEKDAYS: Final = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WALKING_AIDS: Final = ("none", "cane", "walker", "wheelchair")

# --- Screening, §2 --------------------------------------------------------------------------
STEADI_FALL_POINTS: Final = 2  # S11
STEADI_AID_POINTS: Final = 2  # S11
STEADI_AT_RISK: Final = 4  # S11: a score of 4 or more
ABC6_HIGH: Final = 80  # PD: 80+ is high confidence
ABC6_LOW: Final = 50  # PD: under 50 is low confidence
AGE_MIN: Final = 18
AGE_MAX: Final = 110
MINUTES_MIN: Final = 10
MINUTES_MAX: Final = 90

# Physician pause (PD thresholds on S12 questions).
PAUSE_PAIN_NOW: Final = 7  # pain now at or above this
PAUSE_FALLS: Final = 2  # this many falls in 12 months
SURGERY_CLEAR_WEEKS: Final = 12  # surgery or joint replacement under this many weeks ago
STROKE_CLEAR_MONTHS: Final = 6  # stroke under this many months ago
ACUTE_ILLNESS_REASK_DAYS: Final = 7  # S12
# v3 §9.11, S13: walking pain at or above this needs a review (it was 7 in v2): it matches the
# step-back line (pain during above 5). Rest pain of 6 with it is a review too; rest pain of 7
# or more is the physician's (PAUSE_PAIN_NOW).
REVIEW_WALKING_PAIN: Final = 6

# Tier once cleared (PD).
HIGH_WALKING_PAIN: Final = 5
MOD_WALKING_PAIN: Final = 3
MOD_STEADI: Final = 2
MOD_AGE: Final = 75
MOD_POOL_WALKING_PAIN: Final = 4  # MOD starts in the pool at this walking pain, when there is one
ABC6_HIGH_RISK: Final = 60  # v2 PD: ABC-6 under 60 is HIGH (about 7 under ABC-16's 67)
HIGH_AGE: Final = 85  # v2 PD

# v3 §9.14 [PD]: a fit adult whose only place is an open track may start there, at level 1,
# with someone beside them for the first sessions.
TRACK_START_AGE_BELOW: Final = 65
TRACK_START_MIN_ABC6: Final = 80
TRACK_START_HELPED_SESSIONS: Final = 2
PREGNANCY_STAGES: Final = ("pool", "handrail")  # v3 §9.14 [PD]: after clearance, these only


# --- Dose, §1 -------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class TierDose:
    start_stages: tuple[str, ...]  # preferred start stages, best first
    sessions_cap: int
    backward_minutes: int
    bout_backward_seconds: int
    bout_forward_seconds: int
    rpe_low: int
    rpe_high: int
    treadmill_start_kmh: float


TIER_DOSE: Final[dict[str, TierDose]] = {
    "high": TierDose(("pool", "handrail"), 3, 5, 30, 60, 3, 4, 1.0),
    "mod": TierDose(("handrail", "pool", "treadmill"), 3, 8, 60, 60, 3, 5, 1.0),
    "low": TierDose(("treadmill", "handrail", "pool"), 4, 10, 120, 60, 4, 6, 1.5),
}
# High-risk people never start on a treadmill; the table gives them no speed, so they share
# the cautious MOD speed when they reach it later (PD).

# Bouts (backward s, forward s) per level; L1 is the tier's own ratio. A level never uses an
# easier ratio than the tier started with, so LOW stays 2:1 at L2 (PD).
LEVEL_BOUTS: Final[dict[int, tuple[int, int]]] = {2: (60, 60), 3: (120, 60), 4: (180, 60)}

WARMUP_MINUTES: Final = 5
COOLDOWN_MINUTES: Final = 3
MIN_BACKWARD_MINUTES: Final = 3  # PD: a session is cut to fit time, never below this
MAX_BACKWARD_MINUTES: Final = 30  # S3-S5
WEEKLY_RISE_PERCENT: Final = 10  # S14: at most 10 % more each week...
WEEKLY_RISE_MIN_MINUTES: Final = 1  # ...but always at least one more minute

TREADMILL_STEP_KMH: Final = 0.2  # PD: per level
TREADMILL_CAP_KMH: Final = 3.0  # PD: unless a coach raises it

STAGE_EXIT_DAYS: Final = 14  # PD: two weeks in a stage before leaving it from L4
NEXT_STAGE_MIN_MINUTES: Final = 5  # PD: next stage starts at max(5, 60 %) ...
NEXT_STAGE_PERCENT: Final = 60
FIRST_STAGE_STEP_BACK_PERCENT: Final = 80  # PD: stepping back at the very first level
STAGE_EXIT_DAYS_HIGH: Final = 21  # v2 PD: HIGH spends three weeks in a stage, as Otago paced (S9)
# v3 §9.2: for HIGH or anyone with supervised-only stages, the open track only after this many
# days on a land stage; with no land stage the plan ends at the pool.
LAND_STAGES: Final = ("handrail", "treadmill")
TRACK_AFTER_LAND_DAYS: Final = 21
WARMUP_MIN_MINUTES: Final = 3  # v2 PD: a session too long for the time is cut to these...
COOLDOWN_MIN_MINUTES: Final = 2  # ...once the main block is down to its floor
SEATED_REST_SECONDS: Final = 60  # v2 PD: one minute sitting after each backward bout
MAX_WALKING_BLOCK_MINUTES: Final = 5  # v2 PD: with seated rest, no longer walk without sitting
COACH_SPEED_MIN_KMH: Final = 0.5  # v2 PD: a linked coach may set any belt speed in this range
COACH_SPEED_MAX_KMH: Final = 3.0


# --- Progression, §3 ------------------------------------------------------------------------
WINDOW_SESSIONS: Final = 3
PAUSE_PAIN: Final = 7  # pain during or next morning at or above this
STEP_BACK_PAIN_DURING: Final = 5  # S13: pain during above this
STEP_BACK_MORNING_RISE: Final = 2  # S13: next-morning pain this far above usual
STEP_BACK_RPE: Final = 8
STEP_BACK_RPE_COUNT: Final = 2
STEP_BACK_NEAR_FALLS: Final = 2
HOLD_PAIN_LOW: Final = 4  # v2: pain during 4-5 holds; S13 calls 3 or less safe
HOLD_WEEKLY_PAIN_RISE: Final = 1.0  # S13
ADVANCE_MAX_PAIN: Final = 3  # v2: S13's safe zone
ADVANCE_DONE_PERCENT: Final = 90
ADVANCE_MIN_DONE: Final = 3  # of the 3 in the window
HOLD_MIN_DONE: Final = 2  # fewer done than this holds
MIN_DAYS_AT_LEVEL: Final = 7

# §9.9: a break is counted in the plan's own rhythm, in planned sessions missed in a row (a
# once-a-week plan keeping to its week is never on a break); only the longest band also has a
# calendar limit.
BREAK_SHORT_MISSED: Final = 2  # PD: 2-3 missed in a row: same level, 80 % of minutes
BREAK_SHORT_PERCENT: Final = 80
BREAK_LONG_MISSED: Final = 4  # PD: 4-7 missed in a row: one level down
BREAK_RESCREEN_MISSED: Final = 8  # PD: 8+ missed in a row, or...
BREAK_RESCREEN_DAYS: Final = 28  # ...28+ days since the last session: the health questions again
COACH_ALERT_DAYS: Final = 14  # no sessions for two weeks running

# v2 (§2f, §3): clearances, falls, illness, usual pain and escalation.
# Who may lift a pause: a clearance lifts every pause that needs the same rank or less
# (CLEARANCE_RANK, with the codes above).
FALL_SELF_WAIT_HOURS: Final = 48  # PD: a fall without injury, lifted by the person at the earliest
ILLNESS_SELF_LIFT_DAYS: Final = 7  # S12/PD: acute illness, lifted by the person at the earliest
# v3 §9.4 [PD]: a doctor's or physio's clearance for a pause the questionnaire itself made may be
# dated up to this many days before the answers (the person saw their doctor, then signed up);
# every other cause needs a clearance dated on or after the day it began (§2f).
SCREENING_CLEARANCE_LOOKBACK_DAYS: Final = 90
MORNING_PAIN_ENTRIES: Final = 6  # usual next-morning pain = median of this many latest entries...
MORNING_PAIN_MIN_ENTRIES: Final = 3  # ...once there are this many; before that, pain at rest
ESCALATION_STEP_BACKS: Final = 3  # this many rule step-backs...
ESCALATION_DAYS: Final = 28  # ...within this many days, or this many days holding: needs review


@overload
def stronger_need(a: str, b: str | None) -> str: ...
@overload
def stronger_need(a: str | None, b: str) -> str: ...
@overload
def stronger_need(a: None, b: None) -> None: ...
def stronger_need(a: str | None, b: str | None) -> str | None:
    """The need with the higher rank (None < self < coach/review < physician)."""
    if a is None:
        return b
    if b is None:
        return a
    return a if CLEARANCE_RANK[a] >= CLEARANCE_RANK[b] else b


def shortest_session_minutes(tier: str, seated_rest: bool) -> int:
    """The shortest safe session (§1 v2, v3 §9.12): a 3-minute warm-up, 3 backward minutes with
    the tier's level-1 rests (easy walking, or a minute sitting after each bout), and a
    2-minute cool-down. Less time than this gets no plan: "needs more time"."""
    dose = TIER_DOSE[tier]
    rest = SEATED_REST_SECONDS if seated_rest else dose.bout_forward_seconds
    rests = -(-MIN_BACKWARD_MINUTES * rest // dose.bout_backward_seconds)  # rounded up
    return WARMUP_MIN_MINUTES + MIN_BACKWARD_MINUTES + rests + COOLDOWN_MIN_MINUTES


def next_backward_minutes(minutes: int) -> int:
    """One week's rise: at most 10 %, at least one minute, never past the cap (S14)."""
    if minutes >= MAX_BACKWARD_MINUTES:
        return minutes
    rise = max(WEEKLY_RISE_MIN_MINUTES, minutes * WEEKLY_RISE_PERCENT // 100)
    return min(MAX_BACKWARD_MINUTES, minutes + rise)


def next_stage_minutes(minutes: int) -> int:
    """Minutes on entering the next stage: max(5, 60 %), and never more than now (PD)."""
    return min(minutes, max(NEXT_STAGE_MIN_MINUTES, minutes * NEXT_STAGE_PERCENT // 100))


def percent_of_minutes(minutes: int, percent: int) -> int:
    """A cut dose, rounded down, never under the backward floor."""
    return max(MIN_BACKWARD_MINUTES, minutes * percent // 100)
