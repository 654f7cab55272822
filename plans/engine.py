"""The staged plan: where a person starts, each session's dose, and the weeks ahead.

Pure functions, no database. A `Prescription` is the current state of someone's plan (stage,
level, minutes); `session_for` and `week_for` turn it into dated sessions, and `build_plan` strings
weeks together from `initial_prescription`. The web app uses the same building blocks to write
later weeks after each progression decision.

Choices worth knowing:
- Session days: of the days a person offers, the engine takes `sessions_per_week` of them,
  spread as evenly around the week as possible (largest gaps between sessions, counting the
  wrap into next week); ties go to the earliest days.
- Time: if a session is longer than the minutes available, the main block is cut in its
  back:forward ratio. A backward dose never drops under 3 minutes; if even that does not fit,
  the session keeps the 3 minutes, is marked `fits=False`, and the plan says `needs_more_time`.
- Stored minutes are the minutes actually walked (after any cut), so each week's rise is
  measured from what the person really did.
- The weeks after the first are a preview that assumes each check says "advance" as early as
  the rules allow (3 sessions and 7 days at a level; leaving a stage after 14 days in it). The
  real plan moves only with `plans.progression.decide`.
- If the first calendar week has no session left on or after the start date, the plan starts
  the next Monday.
"""

from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from itertools import combinations

from plans import rules
from plans.rules import Reason
from plans.screening import Answers, Screening

RULES_VERSION = rules.RULES_VERSION

STAGE_CUES: dict[str, tuple[str, ...]] = {
    "pool": (
        "Stay where the water is between your waist and chest, and where you can stand.",
        "Keep a hand on the edge or the lane rope at first.",
        "Make sure someone is nearby, such as a lifeguard or a friend.",
    ),
    "handrail": (
        "Slide one hand along a fixed rail, wall or counter as you go.",
        "Never hold on to anything that can move, such as a chair.",
        "Keep 5 metres of clear floor behind you.",
    ),
    "treadmill": (
        "Clip the safety key on and start at the lowest speed.",
        "Keep both hands on the rails the whole time.",
        "Never step off a moving belt: stop it first.",
    ),
    "track": (
        "Choose a flat, dry, clear indoor track or path.",
        "Look over your shoulder every few steps, or walk with a friend beside you.",
    ),
}
COMMON_CUES = (
    "Wear good, closed shoes.",
    "No headphones, so you can hear what is around you.",
    "Stop straight away if you feel chest pain, dizziness or sharp pain, or lose your balance.",
)


def stage_cues(stage: str) -> tuple[str, ...]:
    """The safety cues shown with every session on this stage."""
    return STAGE_CUES[stage] + COMMON_CUES


@dataclass(frozen=True, slots=True)
class Prescription:
    """Where someone is in their plan: enough to write any future session."""

    tier: str
    stages: tuple[str, ...]  # usable stages, easiest first
    stage: str
    level: int
    backward_minutes: int
    speed_kmh: float | None  # None off the treadmill
    days: tuple[str, ...]  # the days the person offered
    sessions_per_week: int
    minutes_available: int


@dataclass(frozen=True, slots=True)
class PlannedSession:
    date: date
    stage: str
    level: int
    warmup_minutes: int
    backward_minutes: int
    forward_minutes: int
    cooldown_minutes: int
    bout_backward_seconds: int
    bout_forward_seconds: int
    total_minutes: int
    rpe_range: tuple[int, int]
    speed_kmh: float | None
    cues: tuple[str, ...]
    fits: bool  # False only when even the 3-minute floor is longer than the time available


@dataclass(frozen=True, slots=True)
class Week:
    start: date  # a Monday
    sessions: tuple[PlannedSession, ...]

    @property
    def backward_minutes(self) -> int:
        return sum(session.backward_minutes for session in self.sessions)


@dataclass(frozen=True, slots=True)
class PlanDraft:
    tier: str
    stages: tuple[str, ...]
    skipped: dict[str, str]
    start_stage: str
    sessions_per_week: int
    session_days: tuple[str, ...]
    minutes_available: int
    weeks: tuple[Week, ...]
    reasons: tuple[Reason, ...]
    needs_more_time: bool
    prescription: Prescription  # the first week's; later weeks are a preview
    rules_version: str = rules.RULES_VERSION


# --- Dose of one session ------------------------------------------------------------------------


def bouts_for(tier: str, level: int) -> tuple[int, int]:
    """(backward s, forward s) of one bout: the level's ratio, never easier than the tier's."""
    dose = rules.TIER_DOSE[tier]
    start = (dose.bout_backward_seconds, dose.bout_forward_seconds)
    if level == 1:
        return start
    back, fwd = rules.LEVEL_BOUTS[level]
    return start if start[0] * fwd > back * start[1] else (back, fwd)


def forward_minutes_for(backward: int, bouts: tuple[int, int]) -> int:
    """Forward minutes that go with `backward` minutes at this ratio, rounded up."""
    back, fwd = bouts
    return -(-backward * fwd // back)


def fitted_backward_minutes(tier: str, level: int, target: int, minutes_available: int) -> int:
    """The most backward minutes, up to `target`, whose session fits; never under the floor."""
    bouts = bouts_for(tier, level)
    main = minutes_available - rules.WARMUP_MINUTES - rules.COOLDOWN_MINUTES
    backward = min(target, max(0, main) * bouts[0] // sum(bouts))
    while backward > 0 and backward + forward_minutes_for(backward, bouts) > main:
        backward -= 1
    return max(rules.MIN_BACKWARD_MINUTES, backward)


def treadmill_speed(tier: str, level: int) -> float:
    """Default belt speed: the tier's start plus 0.2 km/h a level, capped (PD)."""
    start = rules.TIER_DOSE[tier].treadmill_start_kmh
    return round(min(rules.TREADMILL_CAP_KMH, start + rules.TREADMILL_STEP_KMH * (level - 1)), 1)


def session_for(prescription: Prescription, day: date) -> PlannedSession:
    p = prescription
    bouts = bouts_for(p.tier, p.level)
    backward = fitted_backward_minutes(p.tier, p.level, p.backward_minutes, p.minutes_available)
    forward = forward_minutes_for(backward, bouts)
    total = rules.WARMUP_MINUTES + backward + forward + rules.COOLDOWN_MINUTES
    dose = rules.TIER_DOSE[p.tier]
    return PlannedSession(
        date=day,
        stage=p.stage,
        level=p.level,
        warmup_minutes=rules.WARMUP_MINUTES,
        backward_minutes=backward,
        forward_minutes=forward,
        cooldown_minutes=rules.COOLDOWN_MINUTES,
        bout_backward_seconds=bouts[0],
        bout_forward_seconds=bouts[1],
        total_minutes=total,
        rpe_range=(dose.rpe_low, dose.rpe_high),
        speed_kmh=p.speed_kmh if p.stage == "treadmill" else None,
        cues=stage_cues(p.stage),
        fits=total <= p.minutes_available,
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


# --- Where a person starts ----------------------------------------------------------------------


def usable_stages(answers: Answers) -> tuple[tuple[str, ...], dict[str, str]]:
    """Stages the person can use, in order, and a plain reason for each one skipped."""
    a = answers
    skipped: dict[str, str] = {}
    if not a.access_pool:
        skipped["pool"] = "You told us you cannot get to a pool."
    if not a.access_handrail:
        skipped["handrail"] = "You told us there is no fixed rail, wall or counter to use."
    if not a.access_treadmill:
        skipped["treadmill"] = "You told us you cannot use a treadmill."
    elif (a.stroke_months_ago is not None or a.parkinsons) and not a.treadmill_supervised:
        skipped["treadmill"] = (
            "After a stroke or with Parkinson's, use a treadmill only with a coach beside you. "
            "Your coach can add it once they can be there."
        )
    if not a.access_track:
        skipped["track"] = "You told us there is no flat, clear track or path to use."
    return tuple(s for s in rules.STAGES if s not in skipped), skipped


def start_stage(answers: Answers, tier: str, stages: tuple[str, ...]) -> str | None:
    """The tier's first preferred stage the person can use; never the track (PD)."""
    prefs = rules.TIER_DOSE[tier].start_stages
    if tier == "mod" and answers.pain_walking >= rules.MOD_POOL_WALKING_PAIN:
        prefs = ("pool", *prefs)
    return next((stage for stage in prefs if stage in stages), None)


def sessions_per_week(tier: str, days: tuple[str, ...]) -> int:
    return min(len(days), rules.TIER_DOSE[tier].sessions_cap)


def initial_prescription(answers: Answers, screening: Screening) -> Prescription | None:
    """The first prescription, as it will be once cleared; None when no stage fits."""
    tier = screening.tier
    if tier is None:
        return None
    stages, _ = usable_stages(answers)
    stage = start_stage(answers, tier, stages)
    if stage is None:
        return None
    target = rules.TIER_DOSE[tier].backward_minutes
    return Prescription(
        tier=tier,
        stages=stages,
        stage=stage,
        level=1,
        backward_minutes=fitted_backward_minutes(tier, 1, target, answers.minutes),
        speed_kmh=treadmill_speed(tier, 1) if stage == "treadmill" else None,
        days=answers.days,
        sessions_per_week=sessions_per_week(tier, answers.days),
        minutes_available=answers.minutes,
    )


# --- Moving through levels and stages (shared with plans.progression) ---------------------------


def advance(p: Prescription, days_in_stage: int) -> Prescription:
    """One step up: the next level, or from L4 after 14 days the next stage at L1."""
    stage, level, minutes = p.stage, p.level, p.backward_minutes
    later = p.stages[p.stages.index(stage) + 1 :]
    if level < 4:
        level, minutes = level + 1, rules.next_backward_minutes(minutes)
    elif days_in_stage >= rules.STAGE_EXIT_DAYS and later:
        stage, level, minutes = later[0], 1, rules.next_stage_minutes(minutes)
    else:
        minutes = rules.next_backward_minutes(minutes)
    return _refit(p, stage, level, minutes)


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
    return _refit(p, stage, level, minutes)


def stage_down(p: Prescription) -> Prescription:
    """One stage down at the same level; at the first stage, back to L1 with fewer minutes."""
    earlier = p.stages[: p.stages.index(p.stage)]
    if earlier:
        return _refit(p, earlier[-1], p.level, p.backward_minutes)
    minutes = rules.percent_of_minutes(p.backward_minutes, rules.FIRST_STAGE_STEP_BACK_PERCENT)
    return _refit(p, p.stage, 1, minutes)


def _refit(p: Prescription, stage: str, level: int, minutes: int) -> Prescription:
    minutes = min(minutes, fitted_backward_minutes(p.tier, level, minutes, p.minutes_available))
    if stage != "treadmill":
        speed = None
    elif p.stage == "treadmill" and p.speed_kmh is not None and level == p.level:
        speed = p.speed_kmh  # keep a speed a coach has set
    else:
        speed = treadmill_speed(p.tier, level)
    return replace(p, stage=stage, level=level, backward_minutes=minutes, speed_kmh=speed)


# --- The plan -----------------------------------------------------------------------------------


def build_plan(
    answers: Answers, screening: Screening, start_date: date, weeks: int = 4
) -> PlanDraft | None:
    """The plan as it will be once cleared; None when no plan or no stage fits."""
    first = initial_prescription(answers, screening)
    if first is None:
        return None
    monday = start_date - timedelta(days=start_date.weekday())
    if not week_for(first, monday, start_date).sessions:
        monday += timedelta(days=7)

    built: list[Week] = []
    p = first
    level_since = stage_since = None
    at_level = 0
    for index in range(weeks):
        week_start = monday + timedelta(days=7 * index)
        ready = level_since and at_level >= rules.WINDOW_SESSIONS
        if ready and (week_start - level_since).days >= rules.MIN_DAYS_AT_LEVEL:
            moved = advance(p, (week_start - stage_since).days)
            if moved.stage != p.stage:
                stage_since = None
            if moved != p:
                level_since, at_level = None, 0
            p = moved
        week = week_for(p, week_start, start_date)
        for session in week.sessions:
            level_since = level_since or session.date
            stage_since = stage_since or session.date
            at_level += 1
        built.append(week)

    _, skipped = usable_stages(answers)
    needs_more_time = not session_for(first, start_date).fits
    return PlanDraft(
        tier=first.tier,
        stages=first.stages,
        skipped=skipped,
        start_stage=first.stage,
        sessions_per_week=first.sessions_per_week,
        session_days=spread_days(first.days, first.sessions_per_week),
        minutes_available=first.minutes_available,
        weeks=tuple(built),
        reasons=_reasons(answers, screening, first, needs_more_time),
        needs_more_time=needs_more_time,
        prescription=first,
    )


TIER_WORDS = {
    "high": "We start gently, because your answers show a higher chance of a fall.",
    "mod": "We start at a steady pace that suits your answers.",
    "low": "Your answers show a good base, so we start a little stronger.",
}
STAGE_WORDS = {
    "pool": "You start in the pool: the water holds you up and softens any wobble.",
    "handrail": "You start along a fixed rail or wall, so you always have a hand on support.",
    "treadmill": "You start on a treadmill at its slowest speed, holding both rails.",
}


def _reasons(
    answers: Answers, screening: Screening, p: Prescription, needs_more_time: bool
) -> tuple[Reason, ...]:
    dose = rules.TIER_DOSE[p.tier]
    tier_source = "S11" if screening.steadi_score >= rules.STEADI_AT_RISK else "PD"
    found = [
        Reason(f"tier_{p.tier}", TIER_WORDS[p.tier], tier_source),
        Reason(f"start_{p.stage}", STAGE_WORDS[p.stage], "S10" if p.stage == "pool" else "S9"),
        Reason(
            "sessions_per_week",
            f"{p.sessions_per_week} sessions a week on your chosen days; studies used 3.",
            "S1",
        ),
        Reason(
            "dose",
            f"About {dose.backward_minutes} minutes walking backward to begin, growing by no more "
            "than a tenth each week, up to 30 minutes.",
            "S14",
        ),
        Reason(
            "effort",
            f"Aim for an effort of {dose.rpe_low} to {dose.rpe_high} out of 10: "
            "you can still talk as you go.",
            "PD",
        ),
        Reason("no_track_first", "Nobody starts on an open track; you will get there.", "PD"),
    ]
    if p.stage == "treadmill":
        found.append(
            Reason("treadmill_speed", f"The belt starts at {p.speed_kmh} km/h.", "PD"),
        )
    if answers.access_treadmill and "treadmill" not in p.stages:
        found.append(Reason("treadmill_supervised", usable_stages(answers)[1]["treadmill"], "PD"))
    if needs_more_time:
        found.append(
            Reason(
                "needs_more_time",
                "Even the shortest session needs a little more time than you have. Could you "
                "find a few more minutes?",
                "PD",
            )
        )
    elif p.backward_minutes < dose.backward_minutes:
        found.append(
            Reason(
                "cut_to_fit",
                f"We shortened the session to fit your {answers.minutes} minutes.",
                "PD",
            )
        )
    return tuple(found)
