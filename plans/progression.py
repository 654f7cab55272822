"""Progression: what the plan does next, from what the person logged (domain.md §3).

Pure and deterministic: `today` is an argument, there is no clock and no randomness.

Order of rules: PAUSE > break rules > STEP BACK > HOLD > ADVANCE.

- Window: the last 3 planned sessions (logs of any status, "missed" included) dated from
  `level_started` to today. A change decided today starts tomorrow (`level_started = today + 1`),
  so the logs that caused it are never counted twice.
- Breaks: counted from the last done or partly done session (from the logs, or
  `PlanState.last_session_on`, or the plan's start). 7-13 days: same level, 80 % of the minutes;
  14-27 days: also one level down; 28+ days: pause until the health questions are answered
  again, then resume one stage down. The bands add up, and a band already applied (seen from
  the date of the last change) is not applied twice, so the result does not depend on how often
  `decide` runs. No session for 14+ days also sets `notify_coach`.
- Clearance to resume: "physician" after a red flag or a fall with injury; otherwise the
  person's own word is enough ("self"; a coach or physician also can).
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from plans import engine, rules
from plans.rules import Reason

LOG_STATUSES = ("done", "partial", "skipped", "missed")
CLEARANCE_RANK = {"self": 0, "coach": 1, "physician": 2}
UNLIMITED_MINUTES = 10_000


@dataclass(frozen=True, slots=True)
class PlanState:
    tier: str
    stages: tuple[str, ...]  # usable stages, easiest first
    stage: str
    level: int
    backward_minutes: int
    level_started: date  # first day of the current dose
    stage_started: date
    status: str = "active"  # or "paused"
    pause_needs: str | None = None  # "physician" or "self" while paused
    paused_for: str | None = None  # "fall", "red_flag", "pain", "health_change", "long_break"
    usual_morning_pain: int = 0
    minutes_available: int | None = None  # None: no time limit to fit
    last_session_on: date | None = None  # last done or partial session, if known
    started_on: date | None = None  # the plan's first day


@dataclass(frozen=True, slots=True)
class LogEntry:
    date: date
    status: str  # done, partial, skipped or missed
    planned_backward_minutes: int
    backward_minutes_done: int = 0
    rpe: int | None = None
    pain_during: int | None = None
    pain_next_morning: int | None = None
    fall: bool = False
    near_fall: bool = False
    red_flag: bool = False
    fall_injury: bool = False
    new_parq_yes: bool = False

    def __post_init__(self) -> None:
        if self.status not in LOG_STATUSES:
            raise ValueError(f"status must be one of {LOG_STATUSES}")
        for name in ("rpe", "pain_during", "pain_next_morning"):
            value = getattr(self, name)
            if value is not None and not 0 <= value <= 10:
                raise ValueError(f"{name} must be 0-10")

    @property
    def counts_as_done(self) -> bool:
        """Done, or partly done with at least 90 % of the planned backward minutes."""
        planned = self.planned_backward_minutes * rules.ADVANCE_DONE_PERCENT
        return self.status in ("done", "partial") and self.backward_minutes_done * 100 >= planned

    @property
    def active(self) -> bool:
        return self.status in ("done", "partial")


@dataclass(frozen=True, slots=True)
class Decision:
    code: str  # advance, hold, step_back, pause or resume
    reasons: tuple[Reason, ...]
    new_state: PlanState
    what_to_do: str
    needs_clearance: str | None = None  # for a pause: "physician" or "self"
    needs_rescreen: bool = False  # answer the health questions again before resuming
    notify_coach: bool = False


AFTER_A_FALL = (
    "First, keep still for a moment and check yourself for injury. If you are not hurt, roll "
    "onto your side, come up onto your hands and knees, crawl to a sturdy chair, and rise "
    "slowly to sit down. If you are hurt or cannot get up, call for help, keep warm, and keep "
    "moving your arms and legs gently while you wait. Tell your doctor about the fall even if "
    "you feel fine. If you hit your head or take blood thinners, get medical care today."
)
AFTER_RED_FLAG = (
    "Stop and rest. If chest pain, or a sudden weakness, numbness, or trouble speaking or "
    "seeing, has not gone after a few minutes of rest, call your local emergency number now. "
    "Otherwise, see your doctor before your next session; your plan waits for their all-clear."
)
AFTER_PAIN = (
    "Stop for today and rest the sore spot. If the pain is sharp, does not ease within a day "
    "or two, or keeps you awake, see your doctor. When it has settled, tell us and we will "
    "restart a little easier."
)
AFTER_HEALTH_CHANGE = (
    "Something about your health has changed. Please answer the health questions again "
    "before your next session, so your plan still suits you."
)
AFTER_LONG_BREAK = (
    "Welcome back! After four weeks or more away, please answer the health questions again. "
    "If you were unwell, check with your coach too. We will restart one stage easier."
)
WHAT_TO_DO = {
    "advance": "Well done! Your next sessions are a little longer or a step harder.",
    "hold": "Keep going at the same level for now.",
    "step_back": "We have made your next sessions a little easier. That is normal and fine.",
    "resume": "Welcome back. We restart a little easier so you can find your feet again.",
}


# --- Helpers -------------------------------------------------------------------------------------


def prescription_for(
    state: PlanState, days: tuple[str, ...], speed_kmh: float | None = None
) -> engine.Prescription:
    """The engine's Prescription for this state, to write its weeks with `engine.week_for`."""
    minutes = state.minutes_available or UNLIMITED_MINUTES
    default_speed = engine.treadmill_speed(state.tier, state.level)
    return engine.Prescription(
        tier=state.tier,
        stages=state.stages,
        stage=state.stage,
        level=state.level,
        backward_minutes=state.backward_minutes,
        speed_kmh=(speed_kmh or default_speed) if state.stage == "treadmill" else None,
        days=days,
        sessions_per_week=engine.sessions_per_week(state.tier, days),
        minutes_available=minutes,
    )


def _moved(state: PlanState, moved: engine.Prescription, today: date) -> PlanState:
    starts = today + timedelta(days=1)
    return replace(
        state,
        stage=moved.stage,
        level=moved.level,
        backward_minutes=moved.backward_minutes,
        level_started=starts,
        stage_started=starts if moved.stage != state.stage else state.stage_started,
    )


def _shift(state: PlanState, today: date, how: str) -> PlanState:
    p = prescription_for(state, ("mon",))
    if how == "step_back":
        moved = engine.step_back(p)
    elif how == "stage_down":
        moved = engine.stage_down(p)
    else:
        moved = engine.advance(p, (today - state.stage_started).days)
    return _moved(state, moved, today)


def _window(state: PlanState, logs: Sequence[LogEntry], today: date) -> list[LogEntry]:
    """Logs of the current dose, oldest first."""
    return sorted(
        (log for log in logs if state.level_started <= log.date <= today), key=lambda x: x.date
    )


def _last_session(state: PlanState, logs: Sequence[LogEntry], today: date) -> date:
    done = [log.date for log in logs if log.active and log.date <= today]
    if state.last_session_on:
        done.append(state.last_session_on)
    if done:
        return max(done)
    return state.started_on or state.level_started


def break_band(days: int) -> int:
    """0 none, 1 for 7-13 days, 2 for 14-27 days, 3 for 28 days or more (PD)."""
    thresholds = (rules.BREAK_SHORT_DAYS, rules.BREAK_LONG_DAYS, rules.BREAK_RESCREEN_DAYS)
    return sum(days >= limit for limit in thresholds)


# --- Rules ---------------------------------------------------------------------------------------


def _pause(state: PlanState, new: list[LogEntry]) -> Decision | None:
    reasons: list[Reason] = []
    needs, why, what = "self", None, AFTER_PAIN
    if any(log.new_parq_yes for log in new):
        reasons.append(Reason("health_change", "You told us your health has changed.", "S12"))
        why, what = "health_change", AFTER_HEALTH_CHANGE
    pain = [p for log in new for p in (log.pain_during, log.pain_next_morning) if p is not None]
    if pain and max(pain) >= rules.PAUSE_PAIN:
        reasons.append(Reason("pain_severe", "You had strong pain (7 or more out of 10).", "S13"))
        why, what = "pain", AFTER_PAIN
    if any(log.fall for log in new):
        reasons.append(Reason("fall", "You had a fall.", "S17"))
        why, what = "fall", AFTER_A_FALL
        if any(log.fall and log.fall_injury for log in new):
            needs = "physician"
    if any(log.red_flag for log in new):
        reasons.append(
            Reason("red_flag", "You noticed a warning sign, like chest pain or dizziness.", "S16")
        )
        needs, why, what = "physician", "red_flag", AFTER_RED_FLAG
    if not reasons:
        return None
    new_state = replace(state, status="paused", pause_needs=needs, paused_for=why)
    return Decision("pause", tuple(reasons), new_state, what, needs_clearance=needs)


def _break(state: PlanState, logs: Sequence[LogEntry], today: date) -> tuple[Decision | None, int]:
    last = _last_session(state, logs, today)
    gap = (today - last).days
    changed_on = state.level_started - timedelta(days=1)
    applied = break_band((changed_on - last).days) if changed_on >= last else 0
    band = break_band(gap)
    if band <= applied:
        return None, gap
    coach = gap >= rules.COACH_ALERT_DAYS
    if band >= 3:
        reasons = (
            Reason("break_28_days", "Four weeks or more since your last session.", "PD"),
            Reason("rescreen", "Health answers go out of date when health changes.", "S12"),
        )
        new_state = replace(state, status="paused", pause_needs="self", paused_for="long_break")
        return Decision(
            "pause", reasons, new_state, AFTER_LONG_BREAK, "self", True, notify_coach=coach
        ), gap
    new_state, reasons = state, []
    if applied < 1:
        minutes = rules.percent_of_minutes(state.backward_minutes, rules.BREAK_SHORT_PERCENT)
        new_state = replace(
            state,
            backward_minutes=min(minutes, state.backward_minutes),
            level_started=today + timedelta(days=1),
        )
        reasons.append(
            Reason("break_7_days", "After a week or more away, we trim your minutes.", "PD")
        )
    if band >= 2:
        new_state = _shift(new_state, today, "step_back")
        reasons.append(
            Reason("break_14_days", "After two weeks or more away, we go one level easier.", "PD")
        )
        reasons.append(
            Reason("illness_check", "If you were unwell, check with your coach first.", "S9")
        )
    return Decision(
        "resume", tuple(reasons), new_state, WHAT_TO_DO["resume"], notify_coach=coach
    ), gap


def _step_back_reasons(state: PlanState, window: list[LogEntry]) -> list[Reason]:
    found = []
    if any((log.pain_during or 0) > rules.STEP_BACK_PAIN_DURING for log in window):
        found.append(Reason("pain_during", "You had pain above 5 out of 10 while walking.", "S13"))
    morning_limit = state.usual_morning_pain + rules.STEP_BACK_MORNING_RISE
    if any((log.pain_next_morning or 0) >= morning_limit for log in window):
        found.append(
            Reason("pain_next_morning", "Your pain was up the morning after a session.", "S13")
        )
    if sum((log.rpe or 0) >= rules.STEP_BACK_RPE for log in window) >= rules.STEP_BACK_RPE_COUNT:
        found.append(Reason("rpe_high", "Two sessions felt very hard (8 or more).", "PD"))
    if sum(log.near_fall for log in window) >= rules.STEP_BACK_NEAR_FALLS:
        found.append(Reason("near_falls", "You nearly fell more than once.", "S17"))
    return found


def _weekly_pain_rise(logs: Sequence[LogEntry], today: date) -> bool:
    def mean(first: int, last: int) -> float | None:
        pains = [
            log.pain_during
            for log in logs
            if log.pain_during is not None and first <= (today - log.date).days <= last
        ]
        return sum(pains) / len(pains) if pains else None

    this_week, last_week = mean(0, 6), mean(7, 13)
    if this_week is None or last_week is None:
        return False
    return this_week - last_week >= rules.HOLD_WEEKLY_PAIN_RISE


def _hold_reasons(
    state: PlanState, window: list[LogEntry], logs: Sequence[LogEntry], today: date
) -> list[Reason]:
    rpe_high = rules.TIER_DOSE[state.tier].rpe_high
    found = []
    if any((log.pain_during or 0) >= rules.HOLD_PAIN_LOW for log in window):
        found.append(Reason("pain_some", "You had some pain (3 to 5 out of 10).", "S13"))
    if any((log.pain_next_morning or 0) > state.usual_morning_pain for log in window):
        found.append(Reason("morning_pain_up", "Your pain was a little up next morning.", "S13"))
    if _weekly_pain_rise(logs, today):
        found.append(Reason("pain_trend", "Your pain this week is up on last week.", "S13"))
    if any((log.rpe or 0) > rpe_high for log in window):
        found.append(Reason("rpe_above_target", "Some sessions felt harder than planned.", "PD"))
    if sum(log.counts_as_done for log in window) < rules.HOLD_MIN_DONE:
        found.append(Reason("few_done", "Fewer than 2 of the last 3 sessions were done.", "PD"))
    if (today - state.level_started).days < rules.MIN_DAYS_AT_LEVEL:
        found.append(Reason("too_soon", "Each level gets at least a week.", "PD"))
    return found


def _advance_blockers(state: PlanState, window: list[LogEntry]) -> list[Reason]:
    rpe_high = rules.TIER_DOSE[state.tier].rpe_high
    found = []
    if len(window) < rules.WINDOW_SESSIONS or not all(log.counts_as_done for log in window):
        found.append(Reason("not_three_done", "We move up after 3 sessions in a row.", "PD"))
    if any(log.rpe is None or log.pain_during is None for log in window):
        found.append(
            Reason("missing_ratings", "Tell us how hard it felt and any pain, to move up.", "PD")
        )
    elif any(log.rpe > rpe_high or log.pain_during > rules.ADVANCE_MAX_PAIN for log in window):
        found.append(Reason("not_easy_yet", "It is not quite comfortable yet.", "S13"))
    if any(log.near_fall for log in window):
        found.append(Reason("near_fall", "You had a near-fall, so we wait.", "PD"))
    return found


# --- Public API ----------------------------------------------------------------------------------


def decide(plan_state: PlanState, recent_logs: Sequence[LogEntry], today: date) -> Decision:
    """The next step for this plan, from its recent logs."""
    state = plan_state
    if state.status == "paused":
        reason = Reason("still_paused", "Your plan is paused until you are cleared.", "PD")
        return Decision(
            "pause",
            (reason,),
            state,
            WHAT_TO_DO_PAUSED.get(state.paused_for or "", AFTER_PAIN),
            state.pause_needs,
            state.paused_for == "long_break",
        )
    window_all = _window(state, recent_logs, today)
    paused = _pause(state, window_all)
    if paused:
        return paused
    broke, gap = _break(state, recent_logs, today)
    if broke:
        return broke
    coach = gap >= rules.COACH_ALERT_DAYS
    window = window_all[-rules.WINDOW_SESSIONS :]
    backs = _step_back_reasons(state, window)
    if backs:
        new_state = _shift(state, today, "step_back")
        return Decision(
            "step_back", tuple(backs), new_state, WHAT_TO_DO["step_back"], notify_coach=coach
        )
    holds = _hold_reasons(state, window, recent_logs, today) + _advance_blockers(state, window)
    if holds:
        return Decision("hold", _unique(holds), state, WHAT_TO_DO["hold"], notify_coach=coach)
    new_state = _shift(state, today, "advance")
    dose = (new_state.stage, new_state.level, new_state.backward_minutes)
    if dose == (state.stage, state.level, state.backward_minutes):
        top = Reason("top", "You are at the top of your plan. Keep it up!", "PD")
        return Decision("hold", (top,), state, WHAT_TO_DO["hold"])
    why = Reason("advance", "Three good sessions in a row, and at least a week at it.", "S14")
    if new_state.stage != state.stage:
        why = Reason("next_stage", f"Ready for the next stage: {new_state.stage}.", "PD")
    return Decision("advance", (why,), new_state, WHAT_TO_DO["advance"])


WHAT_TO_DO_PAUSED = {
    "fall": AFTER_A_FALL,
    "red_flag": AFTER_RED_FLAG,
    "pain": AFTER_PAIN,
    "health_change": AFTER_HEALTH_CHANGE,
    "long_break": AFTER_LONG_BREAK,
}


def _unique(reasons: list[Reason]) -> tuple[Reason, ...]:
    seen: dict[str, Reason] = {}
    for reason in reasons:
        seen.setdefault(reason.code, reason)
    return tuple(seen.values())


def apply_break(
    plan_state: PlanState, recent_logs: Sequence[LogEntry], today: date
) -> Decision | None:
    """The break rule alone, for when someone opens the app after time away; None if no break.

    `decide` applies the same rule; this is for showing the right dose before any new log.
    """
    if plan_state.status == "paused":
        return None
    return _break(plan_state, recent_logs, today)[0]


def resume(plan_state: PlanState, clearance: str | None, today: date) -> Decision:
    """Lift a pause once the right person has cleared it: one level down, or one stage down
    after a long break. Without enough clearance, the plan stays paused."""
    state = plan_state
    if state.status != "paused":
        reason = Reason("not_paused", "Your plan is not paused.", "PD")
        return Decision("hold", (reason,), state, WHAT_TO_DO["hold"])
    needs = state.pause_needs or "self"
    if clearance not in CLEARANCE_RANK or CLEARANCE_RANK[clearance] < CLEARANCE_RANK[needs]:
        who = "your doctor" if needs == "physician" else "you, your coach or your doctor"
        reason = Reason("needs_clearance", f"This pause can be lifted by {who}.", "S12")
        return Decision(
            "pause",
            (reason,),
            state,
            WHAT_TO_DO_PAUSED.get(state.paused_for or "", AFTER_PAIN),
            needs,
            state.paused_for == "long_break",
        )
    how = "stage_down" if state.paused_for == "long_break" else "step_back"
    moved = _shift(state, today, how)
    new_state = replace(moved, status="active", pause_needs=None, paused_for=None)
    words = "one stage easier" if how == "stage_down" else "one level easier"
    reason = Reason("resume", f"Cleared to go on. We restart {words}.", "PD")
    return Decision("resume", (reason,), new_state, WHAT_TO_DO["resume"])
