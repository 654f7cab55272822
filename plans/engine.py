"""The staged plan: where a person starts, each session's dose, and the weeks ahead.

Pure functions, no database. A `Prescription` is the current state of someone's plan (stage,
level, minutes); `session_for` and `week_for` turn it into dated sessions, and `build_plan` strings
weeks together from `initial_prescription`. The web app uses the same building blocks to write
later weeks after each progression decision.

Choices worth knowing:
- Session days: of the days a person offers, the engine takes `sessions_per_week` of them,
  spread as evenly around the week as possible (largest gaps between sessions, counting the
  wrap into next week); ties go to the earliest days.
- Time (§1 v2): a session never runs longer than the minutes available. The main block is cut
  first, in its back:forward ratio, down to 3 backward minutes; then the warm-up down to 3 and
  the cool-down down to 2. The floor is warm-up 3 + 3 backward minutes with their easy walking
  or sitting at the level's ratio + cool-down 2 (`rules.shortest_session_minutes`); when that
  does not fit, the session is marked `fits=False` and there is no plan: `build_plan` returns
  None and the screening says "needs_more_time" with the minutes needed (v3 §9.12).
- v3 §9.2: for HIGH (and anyone with supervised-only stages, see screening.open_stages) the
  open track comes only from a land stage, after 21 days on it; no land stage, no track.
- v3 §9.14: a plan that starts on the open track has its first two sessions with someone
  beside the person (TRACK_START_CUE); pregnancy keeps the plan to the pool and the handrail.
- v3 §9.15: the stop cue and the walking-aid cue are the person's own (`stop_cue`, `aid_cue`).
- Stored minutes are the minutes actually walked (after any cut), so each week's rise is
  measured from what the person really did.
- Supervised-only stages (§1 v2) are in a plan only when a linked coach has confirmed them
  (`supervised`); the person's own `helper_available` answer never unlocks one. When no stage
  is left to start on, `build_plan` returns None and the screening outcome is "paused_support"
  with a "needs_supervision" flag that says why.
- Seated rest (§1 v2): each backward bout is followed by 1 minute sitting; the session's
  `bout_forward_seconds` and `forward_minutes` then describe the sitting. v3 §9.16: the
  warm-up's last minute is sitting too, so no walking runs past 5 minutes before the first
  sit (plans.player lays it out).
- A coach-set treadmill speed (`speed_locked`) stays across levels and stages until the coach
  clears it (`set_coach_speed(p, None)`).
- The weeks after the first are a preview that assumes each check says "advance" as early as
  the rules allow (3 sessions and 7 days at a level; leaving a stage after 14 days in it, 21 for
  HIGH). The real plan moves only with `plans.progression.decide`.
- If the first calendar week has no session left on or after the start date, the plan starts
  the next Monday.
- Sessions a week are a ceiling (§9.10): `within_weekly_ceiling` keeps any 7 days in a row to
  the plan's sessions a week when the days change mid-week.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from itertools import combinations
from typing import Any

from django.utils.translation import gettext, gettext_lazy

from backward_walk.text import Text
from plans import rules
from plans.rules import Reason
from plans.said import listed, said
from plans.screening import (
    SUPERVISED_CONDITIONS,
    Answers,
    ScreeningResult,
    accessible_stages,
    check_supervised,
    no_land_before_track,
    open_stages,
    ruled_out,
    start_stage_from,
)

# supervised_only and needs_seated_rest are also for callers of the engine (re-exported: the
# `as` says so to mypy): the rules live in screening, beside needs_support and minutes_needed,
# which must see them too.
from plans.screening import needs_seated_rest as needs_seated_rest
from plans.screening import supervised_only as supervised_only

RULES_VERSION = rules.RULES_VERSION

LAND_SHOES = gettext_lazy("Wear good, closed shoes.")
# §9.3: on a treadmill nobody turns round between bouts; they stay facing the back, on the belt.
TREADMILL_REST_CUE = gettext_lazy(
    "Between backward bouts, keep both hands on the rails. Slow the belt, or stop it, before "
    "you rest, and step off only once it has stopped."
)
TREADMILL_SEATED_REST_CUE = gettext_lazy(
    "After each backward bout, stop the belt. Once it has stopped, step off to the side and sit "
    "down for 1 minute on a chair placed beside the treadmill."
)
STAGE_CUES: dict[str, tuple[Text, ...]] = {
    "pool": (
        gettext_lazy("Stay where you can stand, with the water between your waist and your chest."),
        gettext_lazy("Keep a hand on the edge or the lane rope at first."),
        gettext_lazy("Have someone nearby, such as a lifeguard or a friend."),
        gettext_lazy("Wear non-slip pool shoes; they matter most if your feet feel numb."),
        gettext_lazy(
            "Use the steps and the rail to get in and out. Climb out slowly: leaving the water can "
            "make you light-headed."
        ),
    ),
    "handrail": (
        gettext_lazy("Slide one hand along a fixed rail, wall or counter as you go."),
        gettext_lazy("Never hold on to anything that can move, such as a chair."),
        gettext_lazy("Keep 5 metres of clear floor behind you."),
        gettext_lazy("At the end of the rail, stop, turn to face forward, then walk back."),
        LAND_SHOES,
    ),
    "treadmill": (
        gettext_lazy(
            "Set up facing the back of the treadmill, so the console and stop button are behind "
            "you, and clip the safety key to your clothing."
        ),
        gettext_lazy(
            "Stand with a foot on each side of the belt, start it at its lowest speed, then hold "
            "both rails and step on."
        ),
        gettext_lazy("Keep both hands on the rails the whole time."),
        TREADMILL_REST_CUE,
        gettext_lazy(
            "To finish, stop the belt first, then step off. Never step off a moving belt."
        ),
        LAND_SHOES,
    ),
    "track": (
        gettext_lazy("Choose a flat, dry, clear indoor track or path."),
        gettext_lazy("Look over your shoulder every few steps, or have someone walk beside you."),
        gettext_lazy("To turn, stop, turn to face forward, then walk back."),
        LAND_SHOES,
    ),
}
# The stop cue (v3 §9.15: the person's own). "Pain above 5 out of 10" is only for knee
# arthritis, where mild aches are expected (§4); everyone else stops on any sharp pain or pain
# that makes them limp. The "Staying safe" box shows the longer list, with the same pain line.
STOP_CUE = gettext_lazy(
    "Stop straight away if you feel chest pain or dizziness, any sharp pain, or pain that makes "
    "you limp, or if you lose your balance."
)
STOP_CUE_KNEE_OA = gettext_lazy(
    "Stop straight away if you feel chest pain or dizziness, sharp pain or knee pain above 5 out "
    "of 10, or pain that makes you limp, or if you lose your balance."
)
STOP_PAIN = gettext_lazy("any sharp pain, or pain that makes you limp")
STOP_PAIN_KNEE_OA = gettext_lazy(
    "knee pain above 5 out of 10, any sharp pain, or pain that makes you limp"
)
COMMON_CUES = (
    gettext_lazy(
        "Warm up with a few minutes of easy walking, then leg swings and ankle circles while you "
        "hold the rail, a counter or the pool edge."
    ),
    gettext_lazy("No headphones, so you can hear what is around you."),
)
SEATED_REST_CUES = (
    gettext_lazy(
        "After each backward bout, sit down for 1 minute: on a chair placed at the end of the "
        "rail, or on the pool steps."
    ),
    gettext_lazy(
        "Never walk for more than 5 minutes without sitting down: your warm-up ends with a "
        "minute sitting down, before the first backward bout."
    ),
)
# v3 §9.15: the person's own aid, named.
AID_CUES = {
    "cane": gettext_lazy(
        "Walk backward holding the rail (in the pool, the edge), not with your cane. Keep your "
        "cane within reach for the walk back."
    ),
    "walker": gettext_lazy(
        "Walk backward holding the rail (in the pool, the edge), not with your walker. Keep "
        "your walker within reach for the walk back."
    ),
}
# v3 §9.14 [PD]: a fit adult who starts on the open track has someone beside them at first.
TRACK_START_CUE = gettext_lazy(
    "For your first two sessions on the track, have someone walk beside you."
)


def stop_cue(knee_oa: bool) -> str:
    """The stop rule in one sentence, for this person (v3 §9.15)."""
    return str(STOP_CUE_KNEE_OA if knee_oa else STOP_CUE)


def stop_pain_words(knee_oa: bool) -> str:
    """The pain line of the "Stop straight away" list, for this person (v3 §9.15)."""
    return str(STOP_PAIN_KNEE_OA if knee_oa else STOP_PAIN)


def aid_cue(walking_aid: str) -> str:
    """How a cane or walker user walks backward (v3 §9.15); empty without one."""
    cue = AID_CUES.get(walking_aid)
    return "" if cue is None else str(cue)


def stage_cues(
    stage: str,
    *,
    seated_rest: bool = False,
    walking_aid: str = "none",
    knee_oa: bool = False,
    with_someone: bool = False,
) -> tuple[str, ...]:
    """The safety cues shown with every session on this stage, in this person's words.

    `with_someone`: one of the first sessions of a plan that starts on the track (§9.14).
    """
    extra: tuple[Text, ...] = SEATED_REST_CUES if seated_rest else ()
    if seated_rest and stage == "treadmill":  # the chair is beside the treadmill (§9.3)
        extra = (TREADMILL_SEATED_REST_CUE, *SEATED_REST_CUES[1:])
    if walking_aid in AID_CUES:
        extra += (AID_CUES[walking_aid],)
    if with_someone:
        extra += (TRACK_START_CUE,)
    # Plain text in the language active now (the constants are lazy: set at import time).
    cues = (*STAGE_CUES[stage], *extra, *COMMON_CUES)
    return (*(str(cue) for cue in cues), stop_cue(knee_oa))


# Effort in words (v3 §9.17, Borg CR10 talk test): 4 to 6 is "hard enough that you can speak
# only in short sentences"; lower ranges still leave full sentences.
TALK_SHORT = gettext_lazy("hard enough that you can speak only in short sentences")
TALK_FULL = gettext_lazy("you can still talk in full sentences")


def talk_test_words(rpe_low: int) -> str:
    """What the effort range feels like when talking (v3 §9.17)."""
    return str(TALK_SHORT if rpe_low >= 4 else TALK_FULL)


@dataclass(frozen=True, slots=True)
class Prescription:
    """Where someone is in their plan: enough to write any future session."""

    tier: str
    stages: tuple[str, ...]  # usable stages, easiest first
    stage: str
    level: int
    backward_minutes: int
    speed_kmh: float | None  # None off the treadmill, unless a coach has locked a speed
    days: tuple[str, ...]  # the days the person offered
    sessions_per_week: int
    minutes_available: int
    seated_rest: bool = False  # 1 minute sitting after each backward bout (§1 v2)
    speed_locked: bool = False  # a coach set speed_kmh; kept across levels until cleared

    def __post_init__(self) -> None:
        if self.speed_locked and not _coach_speed_ok(self.speed_kmh):
            raise ValueError(
                f"a coach's speed must be {rules.COACH_SPEED_MIN_KMH} to "
                f"{rules.COACH_SPEED_MAX_KMH} km/h"
            )


def _coach_speed_ok(kmh: float | None) -> bool:
    return kmh is not None and rules.COACH_SPEED_MIN_KMH <= kmh <= rules.COACH_SPEED_MAX_KMH


@dataclass(frozen=True, slots=True)
class SessionPlan:
    date: date
    stage: str
    level: int
    warmup_minutes: int
    backward_minutes: int
    forward_minutes: int  # sitting minutes when seated_rest
    cooldown_minutes: int
    bout_backward_seconds: int
    bout_forward_seconds: int  # seconds sitting after each bout when seated_rest
    total_minutes: int
    rpe_range: tuple[int, int]
    speed_kmh: float | None
    cues: tuple[str, ...]
    fits: bool  # False only when even the 3 + 3 + 2 floor is longer than the time available
    seated_rest: bool


@dataclass(frozen=True, slots=True)
class Week:
    start: date  # a Monday
    sessions: tuple[SessionPlan, ...]

    @property
    def backward_minutes(self) -> int:
        return sum(session.backward_minutes for session in self.sessions)


@dataclass(frozen=True, slots=True)
class PlanDraft:
    tier: str
    stages: tuple[str, ...]
    skipped: dict[str, dict[str, Any]]
    start_stage: str
    sessions_per_week: int
    session_days: tuple[str, ...]
    minutes_available: int
    weeks: tuple[Week, ...]
    reasons: tuple[Reason, ...]
    prescription: Prescription  # the first week's; later weeks are a preview
    rules_version: str = rules.RULES_VERSION


# --- Dose of one session ------------------------------------------------------------------------


def bouts_for(tier: str, level: int, *, seated_rest: bool = False) -> tuple[int, int]:
    """(backward s, forward s) of one bout: the level's ratio, never easier than the tier's.

    With seated rest the second number is the minute of sitting after each bout.
    """
    dose = rules.TIER_DOSE[tier]
    start = (dose.bout_backward_seconds, dose.bout_forward_seconds)
    if level == 1:
        bouts = start
    else:
        back, fwd = rules.LEVEL_BOUTS[level]
        bouts = start if start[0] * fwd > back * start[1] else (back, fwd)
    return (bouts[0], rules.SEATED_REST_SECONDS) if seated_rest else bouts


def forward_minutes_for(backward: int, bouts: tuple[int, int]) -> int:
    """Forward minutes that go with `backward` minutes at this ratio, rounded up."""
    back, fwd = bouts
    return -(-backward * fwd // back)


def fitted_backward_minutes(
    tier: str, level: int, target: int, minutes_available: int, *, seated_rest: bool = False
) -> int:
    """The most backward minutes, up to `target`, whose session fits with a full warm-up and
    cool-down; never under the floor (the session then trims its warm-up and cool-down)."""
    bouts = bouts_for(tier, level, seated_rest=seated_rest)
    main = minutes_available - rules.WARMUP_MINUTES - rules.COOLDOWN_MINUTES
    backward = min(target, max(0, main) * bouts[0] // sum(bouts))
    while backward > 0 and backward + forward_minutes_for(backward, bouts) > main:
        backward -= 1
    return max(rules.MIN_BACKWARD_MINUTES, backward)


def session_ends(main_minutes: int, minutes_available: int) -> tuple[int, int]:
    """(warm-up, cool-down) minutes: full when they fit, else trimmed to 3 and 2 (§1 v2)."""
    warm, cool = rules.WARMUP_MINUTES, rules.COOLDOWN_MINUTES
    over = warm + main_minutes + cool - minutes_available
    cut = min(max(0, over), warm - rules.WARMUP_MIN_MINUTES)
    warm, over = warm - cut, over - cut
    cool -= min(max(0, over), cool - rules.COOLDOWN_MIN_MINUTES)
    return warm, cool


def treadmill_speed(tier: str, level: int) -> float:
    """Default belt speed: the tier's start plus 0.2 km/h a level, capped (PD)."""
    start = rules.TIER_DOSE[tier].treadmill_start_kmh
    return round(min(rules.TREADMILL_CAP_KMH, start + rules.TREADMILL_STEP_KMH * (level - 1)), 1)


def set_coach_speed(p: Prescription, kmh: float | None) -> Prescription:
    """A coach sets the belt speed (0.5-3.0 km/h), kept until cleared with None (§1 v2)."""
    if kmh is None:
        default = treadmill_speed(p.tier, p.level) if p.stage == "treadmill" else None
        return replace(p, speed_kmh=default, speed_locked=False)
    if not _coach_speed_ok(kmh):
        raise ValueError(
            f"speed must be {rules.COACH_SPEED_MIN_KMH} to {rules.COACH_SPEED_MAX_KMH} km/h"
        )
    return replace(p, speed_kmh=round(kmh, 1), speed_locked=True)


def session_for(prescription: Prescription, day: date) -> SessionPlan:
    p = prescription
    bouts = bouts_for(p.tier, p.level, seated_rest=p.seated_rest)
    backward = fitted_backward_minutes(
        p.tier, p.level, p.backward_minutes, p.minutes_available, seated_rest=p.seated_rest
    )
    forward = forward_minutes_for(backward, bouts)
    warmup, cooldown = session_ends(backward + forward, p.minutes_available)
    total = warmup + backward + forward + cooldown
    dose = rules.TIER_DOSE[p.tier]
    return SessionPlan(
        date=day,
        stage=p.stage,
        level=p.level,
        warmup_minutes=warmup,
        backward_minutes=backward,
        forward_minutes=forward,
        cooldown_minutes=cooldown,
        bout_backward_seconds=bouts[0],
        bout_forward_seconds=bouts[1],
        total_minutes=total,
        rpe_range=(dose.rpe_low, dose.rpe_high),
        speed_kmh=p.speed_kmh if p.stage == "treadmill" else None,
        cues=stage_cues(p.stage, seated_rest=p.seated_rest),
        fits=total <= p.minutes_available,
        seated_rest=p.seated_rest,
    )


# --- Days of a week -----------------------------------------------------------------------------


@lru_cache(maxsize=512)
def spread_days(days: tuple[str, ...], count: int) -> tuple[str, ...]:
    """Pick `count` of `days`, spread out: the sorted gaps between them as large as possible."""
    indexes = sorted(rules.WEEKDAYS.index(day) for day in days)
    best: tuple[int, ...] = ()
    best_gaps: tuple[int, ...] = ()
    for combo in combinations(indexes, count):
        gaps = tuple(sorted(b - a for a, b in zip(combo, (*combo[1:], combo[0] + 7), strict=True)))
        if gaps > best_gaps:
            best, best_gaps = combo, gaps
    return tuple(rules.WEEKDAYS[i] for i in best)


def week_for(prescription: Prescription, week_start: date, not_before: date | None = None) -> Week:
    """One week of sessions on the chosen days, none before `not_before`."""
    if week_start.weekday() != 0:
        raise ValueError("week_start must be a Monday")
    chosen = spread_days(prescription.days, prescription.sessions_per_week)
    sessions = []
    for day in chosen:
        when = week_start + timedelta(days=rules.WEEKDAYS.index(day))
        if not_before is None or when >= not_before:
            sessions.append(session_for(prescription, when))
    return Week(start=week_start, sessions=tuple(sessions))


def within_weekly_ceiling(
    wanted: Iterable[date], staying: Iterable[date], per_week: int
) -> tuple[date, ...]:
    """The `wanted` session days that keep any 7 days in a row to at most `per_week`
    sessions, counted with the sessions that stay as they are (`staying`: logged, or outside
    the days being written) (§9.10: sessions a week are a ceiling). Earliest first: a day
    is kept while every 7-day span around it has room. A plan that keeps its days loses none,
    as any 7 days in a row hold each weekday once; after a change of days mid-week, the
    first days of the new pattern give way to the sessions already in those 7 days."""
    held = set(staying)
    allowed = []
    for day in sorted(set(wanted)):
        if day not in held:
            spans = (day - timedelta(days=back) for back in range(7))
            if any(_sessions_in_span(held, start) >= per_week for start in spans):
                continue
            held.add(day)
        allowed.append(day)
    return tuple(allowed)


def _sessions_in_span(days: set[date], start: date) -> int:
    end = start + timedelta(days=6)
    return sum(start <= day <= end for day in days)


# --- Where a person starts ----------------------------------------------------------------------

ACCESS_REASONS = {
    "pool": gettext_lazy("You told us you cannot get to a pool."),
    "handrail": gettext_lazy("You told us there is no fixed rail, wall or counter to use."),
    "treadmill": gettext_lazy("You told us you cannot use a treadmill."),
    "track": gettext_lazy("You told us there is no flat, clear track or path to use."),
}


def _supervision_reason(
    answers: Answers, tier: str, stage: str, tests_at_risk: bool
) -> dict[str, Any]:
    """Why a stage needs someone with the person, as a stored code (a whole sentence each, so
    each can be translated with its own grammar: plans.reason_words)."""
    condition = answers.stroke_months_ago is not None or any(
        getattr(answers, key) for key in SUPERVISED_CONDITIONS
    )
    if stage == "pool":
        return said("supervision_seizure_pool")
    if condition or answers.seizures_12m:
        return said("supervision_condition")
    if tests_at_risk and tier != "high":
        return said("supervision_tests")
    return said("supervision_high")


PREGNANCY_REASON = gettext_lazy(
    "While you are pregnant, your plan keeps to the pool and the handrail, where you always "
    "have something to hold."
)
NO_LAND_REASON = gettext_lazy(
    "For you, the open track comes only after three weeks on a handrail or a treadmill. With "
    "neither in your plan, your plan ends in the pool."
)


def usable_stages(
    answers: Answers,
    tier: str,
    supervised: frozenset[str] = frozenset(),
    *,
    tests_at_risk: bool = False,
) -> tuple[tuple[str, ...], dict[str, dict[str, Any]]]:
    """Stages the person can use, in order, and a plain reason for each one skipped (stored
    as a code: plans.said).

    A supervised-only stage (§1 v2) is usable only when it is in `supervised`, the stages a
    linked coach has confirmed. A functional test at risk (`tests_at_risk`) makes the
    treadmill and the track supervised-only, as for HIGH (§9.13). Pregnancy keeps to the pool
    and the handrail (v3 §9.14); for HIGH or anyone with supervised-only stages, no land stage
    means no track (v3 §9.2).
    """
    supervised = check_supervised(supervised)
    usable = open_stages(answers, tier, supervised, tests_at_risk=tests_at_risk)
    return usable, {
        stage: _skipped_reason(answers, tier, stage, usable, tests_at_risk)
        for stage in rules.STAGES
        if stage not in usable
    }


def awaiting_supervision(
    answers: Answers, tier: str, stages: tuple[str, ...], *, tests_at_risk: bool = False
) -> list[str]:
    """Stages left out only until a linked coach confirms someone trained will be there: not
    those the person cannot reach, may not use (pregnancy), or that have no land stage before
    them (v3 §9.2), which no coach can add."""
    return [
        stage
        for stage in rules.STAGES
        if stage not in stages
        and _skip_cause(answers, tier, stage, stages, tests_at_risk) == "supervision"
    ]


def _skip_cause(
    answers: Answers, tier: str, stage: str, usable: tuple[str, ...], tests_at_risk: bool = False
) -> str:
    """Why a stage is not in the plan: "access", "pregnancy", "no_land" or "supervision"."""
    if stage not in accessible_stages(answers):
        return "access"
    if stage in ruled_out(answers):
        return "pregnancy"
    # Before "needs someone with you": a coach's confirmation would not add it either.
    if stage == "track" and no_land_before_track(
        answers, tier, usable, tests_at_risk=tests_at_risk
    ):
        return "no_land"
    return "supervision"


def _skipped_reason(
    answers: Answers, tier: str, stage: str, usable: tuple[str, ...], tests_at_risk: bool = False
) -> dict[str, Any]:
    cause = _skip_cause(answers, tier, stage, usable, tests_at_risk)
    if cause == "access":
        return said(f"access_{stage}")
    if cause == "pregnancy":
        return said("pregnancy_stages")
    if cause == "no_land":
        return said("no_land_before_track")
    return _supervision_reason(answers, tier, stage, tests_at_risk)


def nearest_easier_stage(stages: Sequence[str], current: str) -> str | None:
    """The hardest of `stages` that is easier than `current` (which is no longer usable)."""
    easier = [s for s in stages if rules.STAGES.index(s) < rules.STAGES.index(current)]
    return easier[-1] if easier else None


@dataclass(frozen=True)
class StagesNow:
    """Where a plan walks after the stages it may use changed (supervision lapsed, §9.1)."""

    stages: tuple[str, ...]
    skipped: dict[str, dict[str, Any]]
    stage: str | None  # None: no stage is left that the person may walk on alone
    restart: bool  # True: moved on to the tier's start stage, so level 1 at its first dose


def stages_now(
    answers: Answers,
    tier: str,
    stage: str,
    supervised: frozenset[str] = frozenset(),
    *,
    tests_at_risk: bool = False,
) -> StagesNow:
    """The usable stages for this supervision, and the stage to walk on: the current one while
    it is usable; else the nearest easier usable one (same level, as "one stage down"); else,
    with nothing easier, the tier's start stage among them (where a new plan would start)."""
    stages, skipped = usable_stages(answers, tier, supervised, tests_at_risk=tests_at_risk)
    if stage in stages:
        return StagesNow(stages, skipped, stage, restart=False)
    easier = nearest_easier_stage(stages, stage)
    if easier is not None:
        return StagesNow(stages, skipped, easier, restart=False)
    start = start_stage(answers, tier, stages)
    return StagesNow(stages, skipped, start, restart=start is not None)


def start_stage(answers: Answers, tier: str, stages: tuple[str, ...]) -> str | None:
    """The tier's first preferred stage the person can use; never the track (PD)."""
    return start_stage_from(answers, tier, stages)


def sessions_per_week(tier: str, days: tuple[str, ...]) -> int:
    return min(len(days), rules.TIER_DOSE[tier].sessions_cap)


def initial_prescription(
    answers: Answers,
    result: ScreeningResult,
    supervised: frozenset[str] = frozenset(),
    *,
    tests_at_risk: bool = False,
) -> Prescription | None:
    """The first prescription, as it will be once cleared; None when no stage fits."""
    tier = result.tier
    if tier is None:
        return None
    stages, _ = usable_stages(answers, tier, supervised, tests_at_risk=tests_at_risk)
    stage = start_stage(answers, tier, stages)
    if stage is None:
        return None
    seated = needs_seated_rest(answers, tier)
    target = rules.TIER_DOSE[tier].backward_minutes
    return Prescription(
        tier=tier,
        stages=stages,
        stage=stage,
        level=1,
        backward_minutes=fitted_backward_minutes(
            tier, 1, target, answers.minutes, seated_rest=seated
        ),
        speed_kmh=treadmill_speed(tier, 1) if stage == "treadmill" else None,
        days=answers.days,
        sessions_per_week=sessions_per_week(tier, answers.days),
        minutes_available=answers.minutes,
        seated_rest=seated,
    )


# --- Moving through levels and stages (shared with plans.progression) ---------------------------


def stage_exit_days(tier: str) -> int:
    """Days in a stage before leaving it from L4: three weeks for HIGH, two otherwise (§1 v2)."""
    return rules.STAGE_EXIT_DAYS_HIGH if tier == "high" else rules.STAGE_EXIT_DAYS


def may_leave_stage(p: Prescription, days_in_stage: int) -> bool:
    """From L4, the next stage after 14 days in this one (21 for HIGH). For HIGH, the open track
    only from a land stage after 21 days on it (v3 §9.2): never straight from the pool."""
    later = p.stages[p.stages.index(p.stage) + 1 :]
    if not later or days_in_stage < stage_exit_days(p.tier):
        return False
    if later[0] == "track" and p.tier == "high":
        return p.stage in rules.LAND_STAGES and days_in_stage >= rules.TRACK_AFTER_LAND_DAYS
    return True


def advance(p: Prescription, days_in_stage: int) -> Prescription:
    """One step up: the next level, or from L4 once `may_leave_stage` the next stage at L1."""
    stage, level, minutes = p.stage, p.level, p.backward_minutes
    if level < 4:
        level, minutes = level + 1, rules.next_backward_minutes(minutes)
    elif may_leave_stage(p, days_in_stage):
        stage = p.stages[p.stages.index(stage) + 1]
        level, minutes = 1, rules.next_stage_minutes(minutes)
    else:
        minutes = rules.next_backward_minutes(minutes)
    return refit(p, stage, level, minutes)


def step_back(p: Prescription) -> Prescription:
    """One step down: the level below; from L1 the previous stage's L4; at the very first, fewer
    minutes."""
    stage, level, minutes = p.stage, p.level, p.backward_minutes
    earlier = p.stages[: p.stages.index(stage)]
    if level > 1:
        level -= 1
    elif earlier:
        stage, level = earlier[-1], 4
    else:
        minutes = rules.percent_of_minutes(minutes, rules.FIRST_STAGE_STEP_BACK_PERCENT)
    return refit(p, stage, level, minutes)


def stage_down(p: Prescription) -> Prescription:
    """One stage down at the same level; at the first stage, back to L1 with fewer minutes."""
    earlier = p.stages[: p.stages.index(p.stage)]
    if earlier:
        return refit(p, earlier[-1], p.level, p.backward_minutes)
    minutes = rules.percent_of_minutes(p.backward_minutes, rules.FIRST_STAGE_STEP_BACK_PERCENT)
    return refit(p, p.stage, 1, minutes)


def refit(p: Prescription, stage: str, level: int, minutes: int) -> Prescription:
    """`p` at this stage, level and dose: the minutes capped to fit `p.minutes_available`
    (never raised), the belt speed following the stage (a coach's speed kept)."""
    fitted = fitted_backward_minutes(
        p.tier, level, minutes, p.minutes_available, seated_rest=p.seated_rest
    )
    minutes = min(minutes, fitted)
    if p.speed_locked:
        speed = p.speed_kmh  # a coach's speed holds across levels and stages until cleared
    elif stage != "treadmill":
        speed = None
    elif p.stage == "treadmill" and p.speed_kmh is not None and level == p.level:
        speed = p.speed_kmh
    else:
        speed = treadmill_speed(p.tier, level)
    return replace(p, stage=stage, level=level, backward_minutes=minutes, speed_kmh=speed)


# --- The plan -----------------------------------------------------------------------------------


def build_plan(
    answers: Answers,
    result: ScreeningResult,
    start_date: date,
    supervised: frozenset[str] = frozenset(),
    weeks: int = 4,
    *,
    tests_at_risk: bool = False,
) -> PlanDraft | None:
    """The plan as it will be once cleared; None when no plan or no stage fits.

    `supervised` holds the stages a linked coach has confirmed someone trained will attend.
    None also when every stage the person could start on needs such a confirmation: the
    screening outcome is then "paused_support" with a "needs_supervision" flag. None too when
    even the shortest safe session is longer than the time given (v3 §9.12): the outcome is
    then "needs_more_time", and no session is ever longer than the time given.
    `tests_at_risk`: a functional test brings HIGH's supervised-only stages (§9.13).
    """
    supervised = check_supervised(supervised)
    first = initial_prescription(answers, result, supervised, tests_at_risk=tests_at_risk)
    if first is None:
        return None
    opening = session_for(first, start_date)
    if not opening.fits:
        return None
    monday = start_date - timedelta(days=start_date.weekday())
    if not week_for(first, monday, start_date).sessions:
        monday += timedelta(days=7)

    built: list[Week] = []
    p = first
    level_since: date | None = None
    stage_since: date | None = None  # set and cleared together with level_since
    at_level = 0
    for index in range(weeks):
        week_start = monday + timedelta(days=7 * index)
        if (
            level_since is not None
            and stage_since is not None
            and at_level >= rules.WINDOW_SESSIONS
            and (week_start - level_since).days >= rules.MIN_DAYS_AT_LEVEL
        ):
            moved = advance(p, (week_start - stage_since).days)
            if moved.stage != p.stage:
                stage_since = None
            if moved != p:
                level_since, at_level = None, 0
            p = moved
        week = _with_someone_beside(week_for(p, week_start, start_date), first, earlier=built)
        for session in week.sessions:
            level_since = level_since or session.date
            stage_since = stage_since or session.date
            at_level += 1
        built.append(week)

    _, skipped = usable_stages(answers, first.tier, supervised, tests_at_risk=tests_at_risk)
    return PlanDraft(
        tier=first.tier,
        stages=first.stages,
        skipped=skipped,
        start_stage=first.stage,
        sessions_per_week=first.sessions_per_week,
        session_days=spread_days(first.days, first.sessions_per_week),
        minutes_available=first.minutes_available,
        weeks=tuple(built),
        reasons=_reasons(answers, result, first, skipped, opening),
        prescription=first,
    )


def _with_someone_beside(week: Week, first: Prescription, earlier: list[Week]) -> Week:
    """A plan that starts on the open track (v3 §9.14): its first two sessions, with someone
    walking beside the person. `earlier` holds the weeks built before this one."""
    before = sum(len(built.sessions) for built in earlier)
    helped = rules.TRACK_START_HELPED_SESSIONS - before
    if first.stage != "track" or helped <= 0:
        return week
    sessions = tuple(
        replace(session, cues=(*session.cues, str(TRACK_START_CUE))) if index < helped else session
        for index, session in enumerate(week.sessions)
    )
    return replace(week, sessions=sessions)


TIER_WORDS = {
    "high": gettext_lazy("We start gently, because your answers show a higher chance of a fall."),
    "mod": gettext_lazy("We start at a steady pace that suits your answers."),
    "low": gettext_lazy("Your answers show a good base, so we start a little stronger."),
}


def tier_explained(tier: str) -> str:
    """What the tier means for the plan, from the tier's own dose (TIER_DOSE)."""
    dose = rules.TIER_DOSE[tier]
    return gettext(
        "%(start)s In this group we plan at most %(times)s sessions a week, at an effort of "
        "%(low)s to %(high)s out of 10."
    ) % {
        "start": TIER_WORDS[tier],
        "times": dose.sessions_cap,
        "low": dose.rpe_low,
        "high": dose.rpe_high,
    }


# The start place, said after the person's own answer that led to it (a whole sentence each,
# so translators keep their own grammar).
STAGE_WORDS = {
    "pool": gettext_lazy(
        "That is why you start in the pool: the water holds you up and softens any wobble."
    ),
    "handrail": gettext_lazy(
        "That is why you start along a fixed rail or wall, so you always have a hand on support."
    ),
    # v3 §9.17: no "slowest speed"; the person's own speed is the "treadmill_speed" reason.
    "treadmill": gettext_lazy("That is why you start on a treadmill, holding both rails."),
    "track": gettext_lazy(
        "That is why you start on the open track, at level 1, with someone beside you for your "
        "first two sessions."
    ),
}
# The person's own answers, most telling first, that a start place is explained by.
STAGE_BECAUSE_CODES = (
    "tier_replacement",
    "tier_stroke",
    "tier_fall_12m",
    "tier_walking_pain",
    "tier_walking_pain_some",
    "tier_knee_oa",
    "tier_walking_aid",
    "tier_parkinsons",
    "tier_abc6_low",
    "tier_abc6_moderate",
)
EFFORT_WORDS = gettext_lazy("On this scale 3 is moderate, 5 is hard and 7 is very hard.")
TREADMILL_SPEED_STORED = gettext_lazy(
    "The belt runs at your own speed, shown with each session, and goes a little faster at "
    "each level."
)


def treadmill_speed_words(speed: str) -> str:
    """The "treadmill_speed" reason with the person's own speed, in their unit (v3 §9.17).
    Pages show this; the stored reason has no number, as the unit is the reader's choice."""
    return gettext(
        "Your belt speed is %(speed)s, your own speed for now; it goes a little faster at each "
        "level."
    ) % {"speed": speed}


def _reasons(
    answers: Answers,
    result: ScreeningResult,
    p: Prescription,
    skipped: dict[str, dict[str, Any]],
    opening: SessionPlan,
) -> tuple[Reason, ...]:
    dose = rules.TIER_DOSE[p.tier]
    tier_source = "S11" if result.steadi_score >= rules.STEADI_AT_RISK else "PD"
    because = _start_because(answers, result, p, skipped)
    # The answer that sets the start place is said once, in the start place's sentence.
    tier_reasons = [
        reason
        for reason in (result.tier_reasons if result.tier == p.tier else ())
        if said(reason.code, **reason.params) != because
    ]
    found = [
        Reason(f"tier_start_{p.tier}", tier_source),
        *tier_reasons,
        Reason(f"start_{p.stage}", "S10" if p.stage == "pool" else "S9", {"because": because}),
        # The opening session's own minutes (after any cut to fit the time), so the reason,
        # the result page and the sessions give one number.
        Reason(
            "dose",
            "S14",
            {"minutes": opening.backward_minutes, "most": rules.MAX_BACKWARD_MINUTES},
        ),
        Reason("effort", "PD", {"low": dose.rpe_low, "high": dose.rpe_high}),
        Reason("warm_up", "S9"),
        _track_reason(p),
    ]
    if p.stage == "treadmill":
        # No number here: this reason is stored, and pages show it with the person's own
        # speed in the unit they chose (treadmill_speed_words).
        found.append(Reason("treadmill_speed", "PD"))
    locked = awaiting_supervision(answers, p.tier, p.stages)
    if locked:
        found.append(_supervision_reason_for_plan(answers, locked))
    if p.seated_rest:
        found.append(Reason("seated_rest", "PD"))
    if answers.walking_aid in AID_CUES:
        found.append(Reason("walking_aid", "PD", {"aid": answers.walking_aid}))
    found.extend(routine_reasons(answers, p, opening, dose.backward_minutes))
    return tuple(found)


# The reasons that follow from the person's routine (days and minutes): the plan's "why" is
# refreshed with these when the routine changes (plans.services.routine).
ROUTINE_REASON_CODES = frozenset({"sessions_per_week", "needs_more_time", "cut_to_fit"})


def routine_reasons(
    answers: Answers, p: Prescription, opening: SessionPlan, usual_minutes: int
) -> tuple[Reason, ...]:
    """Sessions a week on the chosen days, and whether the session (`opening`) was shortened
    to fit the time (fewer than `usual_minutes` backward, or a shorter warm-up or cool-down).
    "needs_more_time" stays a routine code so an older plan's sentence is replaced."""
    shortened = (
        opening.backward_minutes < usual_minutes
        or opening.warmup_minutes < rules.WARMUP_MINUTES
        or opening.cooldown_minutes < rules.COOLDOWN_MINUTES
    )
    found = [Reason("sessions_per_week", "S1", {"count": p.sessions_per_week})]
    # A session that does not fit is never planned (v3 §9.12: "needs more time", no plan).
    if shortened:
        found.append(Reason("cut_to_fit", "PD", {"minutes": answers.minutes}))
    return tuple(found)


def _start_because(
    answers: Answers, result: ScreeningResult, p: Prescription, skipped: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    """The person's own answer that put them on their start place, as a stored code: the
    place the tier would choose first when they cannot use it, else the most telling answer
    behind their tier."""
    preferred = start_stage_from(answers, p.tier, rules.STAGES)
    if preferred != p.stage and preferred in skipped:
        return skipped[preferred]
    reasons = {reason.code: said(reason.code, **reason.params) for reason in result.tier_reasons}
    if p.stage == "pool" and "tier_walking_pain_some" in reasons:
        return reasons["tier_walking_pain_some"]  # the pain that sends MOD to the pool
    code = next((code for code in STAGE_BECAUSE_CODES if code in reasons), None)
    if code is not None:
        return reasons[code]
    return next(iter(reasons.values()), said(f"tier_start_{p.tier}"))


def _track_reason(p: Prescription) -> Reason:
    if p.stage == "track":
        return Reason("track_start", "PD")
    # Two whole sentences: the track later in the plan, or not in it for now.
    return Reason("no_track_first", "PD", {"later": "track" in p.stages})


def _supervision_reason_for_plan(answers: Answers, locked: list[str]) -> Reason:
    """The stages that wait for a coach, named as a list in the reader's language."""
    return Reason(
        "needs_supervision",
        "PD",
        {"stages": list(locked), "helper": bool(answers.helper_available)},
    )


STAGE_NAMES = {
    "pool": gettext_lazy("the pool"),
    "handrail": gettext_lazy("the handrail"),
    "treadmill": gettext_lazy("the treadmill"),
    "track": gettext_lazy("the open track"),
}


def stage_names(stages: Iterable[str]) -> str:
    """ "the pool, the handrail and the treadmill", in the reader's language (plans.said)."""
    return listed(str(STAGE_NAMES[stage]) for stage in stages)
