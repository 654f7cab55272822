"""Progression: what the plan does next, from what the person logged (domain.md §3, v2).

Pure and deterministic: `today` (and `now` for `resume`) are arguments; no clock, no randomness.

Order of rules: PAUSE > break > STEP BACK > HOLD > ADVANCE.

- PAUSE looks at every log marked `is_new` (entered, or given its next-morning pain, since the
  plan's last decision) whatever its date or level, and at the logs of the current dose. A paused
  plan stays paused; new entries can only make its need stronger (§2f: the strongest need wins).
- Window: the last 3 planned sessions (logs of any status, "missed" included) dated from
  `level_started` to today. A change decided today starts tomorrow (`level_started = today + 1`),
  so the logs that caused it are never counted twice.
- Breaks (§9.9) follow the plan's own rhythm: they are counted in its planned sessions not
  walked in a row since the last done or partly done session dated before today (so before the
  new log counts), not in calendar days. 2-3 missed: same level, 80 % of the minutes; 4-7: also
  one level down; 8 or more, or 28 days or more since the last session: pause until the health
  questions are answered again. A once-a-week plan that keeps its week misses nothing. A band
  already applied (seen from the date of the last change) is not applied again, so
  `break_dose` gives the same dose however often it is called; Today shows it on read, and
  `decide` uses it too.
- Escalation: a third rule step-back within 28 days, or 28 days holding at one level, sets
  `needs_review`. At the easiest dose of the plan the rules hold instead of stepping back.
- Resume: a pause is a stack of causes (plans.pauses, §9.4), each lifted only by its own
  clearance (`rules.CLEARANCE_RANK`): after an unhurt fall the person waits 48 hours, after an
  illness 7 days; a health change or a long break is lifted only by answering the questionnaire
  again. The plan restarts when every cause is cleared: one stage down after a fall.
- Falls (§9.8): the second fall in 12 months (the questionnaire's count plus the falls logged
  since) needs a physician, whatever the first fall allowed.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from statistics import median_low
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from backward_walk.formats import local_date
from plans import engine, pauses, rules, said
from plans.pauses import RESCREEN_CAUSES, PauseCause
from plans.rules import Reason

LOG_STATUSES = ("done", "partial", "skipped", "missed")
UNLIMITED_MINUTES = 10_000


def usual_morning_pain(morning_pains: Sequence[int], pain_now: int) -> int:
    """The person's usual next-morning pain (v2): the median of the last 6 entries, or the
    screening's pain at rest until there are 3. With an even count the lower middle value is
    taken, the cautious side: a lower usual makes a rise count sooner."""
    if len(morning_pains) < rules.MORNING_PAIN_MIN_ENTRIES:
        return pain_now
    return median_low(morning_pains[-rules.MORNING_PAIN_ENTRIES :])


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
    pause_needs: str | None = None  # a key of rules.CLEARANCE_RANK while paused
    paused_for: str | None = None  # one of PAUSE_CAUSES (or a service's own code, e.g. "coach")
    minutes_available: int | None = None  # None: no time limit to fit
    last_session_on: date | None = None  # last done or partial session before today, if known
    started_on: date | None = None  # the plan's first day
    paused_at: datetime | None = None  # when the pause was saved; the service stamps it
    paused_on: date | None = None  # the person's local day the pause began
    anticoagulants: bool = False  # on blood thinners: any fall needs a physician
    step_backs: tuple[date, ...] = ()  # days of rule step-backs, oldest first
    needs_review: bool = False  # a coach or physiotherapist should look at the plan
    # Next-morning pain entries already seen by an earlier decision, oldest first. Leave out
    # the `is_new` ones, so a new entry is judged against the usual before it.
    morning_pains: tuple[int, ...] = ()
    pain_now: int = 0  # pain at rest from the questionnaire
    rescreen_due: bool = False  # only a new questionnaire lifts the pause
    # Why it is paused (§9.4): every cause with its own clearance; the summary fields above
    # (status, pause_needs, paused_for, paused_on, paused_at) follow from the open ones.
    causes: tuple[PauseCause, ...] = ()
    falls_12m: int = 0  # the questionnaire's falls in 12 months plus the falls logged since

    @property
    def usual_morning_pain(self) -> int:
        return usual_morning_pain(self.morning_pains, self.pain_now)


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
    fall_head_strike: bool = False
    health_changed: bool = False  # "anything new with your health?" answered yes
    is_new: bool = False  # this log, or its next-morning pain, came in since the last decision

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

    @property
    def fell(self) -> bool:
        # An injury or a head strike means a fall even if the box itself was left unticked.
        return self.fall or self.fall_injury or self.fall_head_strike


@dataclass(frozen=True, slots=True)
class Decision:
    code: str  # advance, hold, step_back, pause or resume
    reasons: tuple[Reason, ...]
    new_state: PlanState
    # What to do now, as stored words (plans.said): the pause's words while paused.
    todo: tuple[dict[str, Any], ...]
    needs_clearance: str | None = None  # for a pause: a key of rules.CLEARANCE_RANK
    needs_rescreen: bool = False  # answer the health questions again before resuming
    notify_coach: bool = False
    needs_review: bool = False  # escalate: a coach or physiotherapist should look

    @property
    def what_to_do(self) -> str:
        """What to do now, in the active language."""
        return said.render_all(self.todo)


# --- Words ---------------------------------------------------------------------------------------

AFTER_A_FALL = gettext_lazy(
    "First, keep still for a moment and check yourself for injury. If you are not hurt, roll "
    "onto your side, come up onto your hands and knees, crawl to a sturdy chair, and rise "
    "slowly to sit down. If you are hurt or cannot get up, call for help, keep warm, and keep "
    "moving your arms and legs gently while you wait. Tell your doctor about the fall even if "
    "you feel fine. If you hit your head or take blood thinners, get medical care today."
)
FALL_SEE_DOCTOR = gettext_lazy(
    "Because you were hurt, hit your head, or take blood thinners, your plan waits until a "
    "doctor has checked you and says you can carry on."
)
FALL_WAIT = gettext_lazy(
    "Rest for at least two days (48 hours). If you still feel well then, you can restart "
    "yourself, one stage easier than before."
)
AFTER_RED_FLAG = gettext_lazy(
    "Stop and rest. If chest pain, or a sudden weakness, numbness, or trouble speaking or "
    "seeing, has not gone after a few minutes of rest, call your local emergency number now. "
    "Otherwise, see your doctor before your next session; your plan waits for their all-clear."
)
AFTER_PAIN = gettext_lazy(
    "Stop for today and rest the sore spot. If the pain is sharp, does not ease within a day "
    "or two, or keeps you awake, see your doctor. When it has settled, tell us and we will "
    "restart a little easier."
)
AFTER_HEALTH_CHANGE = gettext_lazy(
    "Something about your health has changed, so your plan waits for now. Please answer the "
    "health questions again before your next session, so your plan still suits you."
)
AFTER_LONG_BREAK = gettext_lazy(
    "Welcome back! After a long break (8 planned sessions missed, or four weeks or more), "
    "please answer the health questions again before your next session. If you were unwell "
    "while you were away, check with your doctor or coach first. Your plan then restarts "
    "gently."
)
AFTER_ILLNESS = gettext_lazy(
    "Rest and get well first. Once 7 days have passed since you told us, and you feel back to "
    "normal, you can restart yourself. If you are not sure, ask your doctor or coach."
)
AFTER_SCREENING = gettext_lazy("Your plan is ready and waits for the clearance your answers need.")
NEEDS_REVIEW_WITH_COACH = gettext_lazy(
    "Your plan has had to be made easier several times, or has stayed at the same level for "
    "four weeks. We have asked your coach to look at it with you. Until then, keep to the "
    "sessions as they are, and stop if anything hurts."
)
NEEDS_REVIEW_NO_COACH = gettext_lazy(
    "Your plan has had to be made easier several times, or has stayed at the same level for "
    "four weeks. A physiotherapist can check what is holding you back; please try to see one. "
    "Until then, keep to the sessions as they are, and stop if anything hurts."
)
WHAT_TO_DO = {
    "advance": gettext_lazy("Well done! Your next sessions are a little longer or a step harder."),
    "hold": gettext_lazy("Keep going at the same level for now."),
    "step_back": gettext_lazy(
        "We have made your next sessions a little easier. That is normal and fine."
    ),
    "resume": gettext_lazy(
        "Welcome back. We restart a little easier so you can find your feet again."
    ),
    "floor": (
        gettext_lazy(
            "Your sessions are already as easy as this plan goes, so we keep them as they are. "
            "Stop if anything hurts."
        )
    ),
}
WHAT_TO_DO_PAUSED = {
    "fall": AFTER_A_FALL,
    "red_flag": AFTER_RED_FLAG,
    "pain": AFTER_PAIN,
    "health_change": AFTER_HEALTH_CHANGE,
    "long_break": AFTER_LONG_BREAK,
    "illness": AFTER_ILLNESS,
    "screening": AFTER_SCREENING,
}


# Each sentence above as a stored code (plans.reason_words puts them into words).
TODO = {key: (said.said(f"do.{key}"),) for key in WHAT_TO_DO}
PAUSED_TODO = {cause: f"do.after_{cause}" for cause in WHAT_TO_DO_PAUSED}


def review_todo(has_coach: bool) -> tuple[dict[str, Any], ...]:
    """What to do once a plan needs review: the service knows whether a coach is linked."""
    return (said.said("do.review_with_coach" if has_coach else "do.review_no_coach"),)


def review_words(has_coach: bool) -> str:
    return said.render_all(review_todo(has_coach))


def cause_todo(
    causes: Sequence[PauseCause], rescreen_due: bool = False
) -> tuple[dict[str, Any], ...]:
    """What to do about these causes, most telling first; every cause says its own (a fall
    added to a pain pause brings the after-a-fall advice, §9.5)."""
    codes: list[str] = []
    for cause in sorted(causes, key=pauses.order):
        code = PAUSED_TODO.get(cause.cause)
        if code is None:
            continue  # a coach's pause: their own words say it
        found = [code]
        if cause.cause == "fall":
            found.append("do.fall_see_doctor" if cause.needs == "physician" else "do.fall_wait")
        codes += [c for c in found if c not in codes]
    if rescreen_due and not any(c.cause in RESCREEN_CAUSES for c in causes):
        codes += [c for c in [PAUSED_TODO["health_change"]] if c not in codes]
    return tuple(said.said(code) for code in codes or [PAUSED_TODO["pain"]])


def cause_words(causes: Sequence[PauseCause], rescreen_due: bool = False) -> str:
    return said.render_all(cause_todo(causes, rescreen_due))


def paused_todo(state: PlanState) -> tuple[dict[str, Any], ...]:
    """What to do while this plan is paused."""
    return cause_todo(open_causes(state), state.rescreen_due)


def paused_words(state: PlanState) -> str:
    return said.render_all(paused_todo(state))


# --- The pause's causes (§9.4) ------------------------------------------------------------------


def all_causes(state: PlanState) -> tuple[PauseCause, ...]:
    """Every cause of this pause, closed ones too. A paused state made without causes (a plan
    saved before they were kept) reads as one cause from its summary fields."""
    if state.causes or state.status == "active":
        return state.causes
    cause = PauseCause(
        state.paused_for or "pain", state.pause_needs or "self", state.paused_on, state.paused_at
    )
    return (cause,)


def open_causes(state: PlanState) -> tuple[PauseCause, ...]:
    """The causes still waiting for their clearance."""
    return pauses.open_only(all_causes(state))


def with_causes(state: PlanState, causes: Sequence[PauseCause]) -> PlanState:
    """The state paused for these causes, its summary fields read from the open ones."""
    on, at = pauses.began(causes)
    return replace(
        state,
        status="paused",
        causes=tuple(causes),
        pause_needs=pauses.strongest_need(causes) or "self",
        paused_for=pauses.headline(causes),
        paused_on=on,
        paused_at=at,
    )


def stamped(state: PlanState, now: datetime, today: date) -> PlanState:
    """The state with each new cause's start filled in, as the one writer saves it."""
    if not state.causes:
        return state
    return with_causes(state, pauses.stamped(state.causes, now, today))


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


def _same_dose(a: PlanState, b: PlanState) -> bool:
    return (a.stage, a.level, a.backward_minutes) == (b.stage, b.level, b.backward_minutes)


def _window(state: PlanState, logs: Sequence[LogEntry], today: date) -> list[LogEntry]:
    """Logs of the current dose, oldest first."""
    return sorted(
        (log for log in logs if state.level_started <= log.date <= today), key=lambda x: x.date
    )


def _last_session(state: PlanState, logs: Sequence[LogEntry], today: date) -> date | None:
    """The last done or partly done session before today (a log dated today is the new one)."""
    done = [log.date for log in logs if log.active and log.date < today]
    if state.last_session_on and state.last_session_on < today:
        done.append(state.last_session_on)
    return max(done, default=None)


@dataclass(frozen=True, slots=True)
class TimeAway:
    """Time without walking before a day (§9.9): the planned sessions in a row not walked
    since the last session walked, and the calendar days since it."""

    missed: int
    days: int

    @property
    def band(self) -> int:
        return break_band(self.missed, self.days)


def time_away(state: PlanState, logs: Sequence[LogEntry], today: date) -> TimeAway:
    """Time away before today, counted in the plan's own rhythm: `logs` are its planned
    sessions (any status, "missed" included), so a once-a-week plan that keeps its week
    misses nothing. A session logged as skipped counts as missed here: it was not walked.
    Never walked at all: counted from the plan's first day, its first session included."""
    return _away_until(state, logs, today, _last_session(state, logs, today))


def _away_until(
    state: PlanState, logs: Sequence[LogEntry], until: date, last: date | None
) -> TimeAway:
    """Time away before `until`, since `last` (the last session walked, or None)."""
    since = _away_since(state, last)
    first_counts = last is None  # the plan's first day had a session nobody walked yet

    def not_walked(log: LogEntry) -> bool:
        after = log.date > since or (first_counts and log.date == since)
        return not log.active and after and log.date < until

    return TimeAway(missed=sum(map(not_walked, logs)), days=(until - since).days)


def _away_since(state: PlanState, last: date | None) -> date:
    return last or state.started_on or state.level_started


def _gap(state: PlanState, logs: Sequence[LogEntry], today: date) -> int:
    return time_away(state, logs, today).days


def break_band(missed: int, days: int) -> int:
    """0 none; 1 for 2-3 planned sessions missed in a row; 2 for 4-7; 3 for 8 or more, or for
    28 days or more since the last session (§9.9, PD)."""
    limits = (rules.BREAK_SHORT_MISSED, rules.BREAK_LONG_MISSED, rules.BREAK_RESCREEN_MISSED)
    by_sessions = sum(missed >= limit for limit in limits)
    return max(by_sessions, 3 if days >= rules.BREAK_RESCREEN_DAYS else 0)


def _break_bands(state: PlanState, logs: Sequence[LogEntry], today: date) -> tuple[TimeAway, int]:
    """Time away now, and the band already applied: a dose change decided after the last
    session (the day before `level_started`) took the time away until then into account."""
    last = _last_session(state, logs, today)
    away = _away_until(state, logs, today, last)
    changed_on = state.level_started - timedelta(days=1)
    applied = 0
    if changed_on >= _away_since(state, last):
        applied = _away_until(state, logs, changed_on, last).band
    return away, applied


def _unique(reasons: Sequence[Reason]) -> tuple[Reason, ...]:
    seen: dict[str, Reason] = {}
    for reason in reasons:
        seen.setdefault(reason.code, reason)
    return tuple(seen.values())


def _review_reason() -> Reason:
    return Reason("needs_review", "PD")


# --- Break ---------------------------------------------------------------------------------------


def _long_break_reason(away: TimeAway) -> Reason:
    if away.missed >= rules.BREAK_RESCREEN_MISSED:
        # The rules read a few weeks of sessions, so the count is said as the band's own.
        return Reason("break_long", "PD", {"count": rules.BREAK_RESCREEN_MISSED})
    return Reason("break_long", "PD", {"days": away.days})


def break_dose(
    plan_state: PlanState, recent_logs: Sequence[LogEntry], today: date
) -> tuple[PlanState, tuple[Reason, ...]]:
    """The dose after time away (§9.9), before any new log counts: what Today shows (computed
    on read, nothing written) and where `decide` starts from. `recent_logs` are the planned
    sessions, missed ones included. The same state and no reasons when there is no break, or
    when its band was already applied; a paused state, waiting for new answers, after 8
    sessions missed or 28 days."""
    state = plan_state
    if state.status != "active":
        return state, ()
    away, applied = _break_bands(state, recent_logs, today)
    band = away.band
    if band <= applied:
        return state, ()
    if band >= 3:
        reasons = (
            _long_break_reason(away),
            Reason("rescreen", "S12"),
        )
        paused = with_causes(
            replace(state, rescreen_due=True), (PauseCause("long_break", "self", today),)
        )
        return paused, reasons
    new_state, found = state, []
    if applied < 1:
        minutes = rules.percent_of_minutes(state.backward_minutes, rules.BREAK_SHORT_PERCENT)
        new_state = replace(
            state,
            backward_minutes=min(minutes, state.backward_minutes),
            level_started=today + timedelta(days=1),
        )
        found.append(Reason("break_missed", "PD", {"count": away.missed}))
    if band >= 2:
        new_state = _shift(new_state, today, "step_back")
        found.append(Reason("break_level", "PD"))
        found.append(Reason("illness_check", "S9"))
    return new_state, tuple(found)


def apply_break(
    plan_state: PlanState, recent_logs: Sequence[LogEntry], today: date
) -> Decision | None:
    """The break rule alone as a Decision; None when there is nothing to change."""
    new_state, reasons = break_dose(plan_state, recent_logs, today)
    if not reasons:
        return None
    coach = _gap(plan_state, recent_logs, today) >= rules.COACH_ALERT_DAYS
    if new_state.status == "paused":
        return _pause_decision(new_state, reasons, notify_coach=coach)
    return Decision("resume", reasons, new_state, TODO["resume"], notify_coach=coach)


# --- Pause ---------------------------------------------------------------------------------------


def _pause_triggers(
    state: PlanState, logs: Sequence[LogEntry], today: date
) -> tuple[list[Reason], list[PauseCause]]:
    """Reasons and causes (each with its need) found in these logs; nothing found: no pause."""
    reasons: list[Reason] = []
    causes: list[PauseCause] = []
    falls = [log for log in logs if log.fell]
    if falls:
        reasons.append(Reason("fall", "S17"))
        serious = False
        if any(log.fall_head_strike for log in falls):
            reasons.append(Reason("fall_head_strike", "S17"))
            serious = True
        if any(log.fall_injury for log in falls):
            reasons.append(Reason("fall_injury", "S17"))
            serious = True
        if state.anticoagulants:
            reasons.append(Reason("fall_anticoagulants", "PD"))
            serious = True
        # §9.8: falls already counted (questionnaire + logged) plus the new ones (a log can
        # be both new and in the window: count it once).
        new_falls = len({log for log in falls if log.is_new})
        if state.falls_12m + new_falls >= rules.PAUSE_FALLS:
            reasons.append(Reason("fall_second", "S11"))
            serious = True
        causes.append(PauseCause("fall", "physician" if serious else "self", today))
    if any(log.red_flag for log in logs):
        reasons.append(Reason("red_flag", "S16"))
        causes.append(PauseCause("red_flag", "physician", today))
    if any(log.health_changed for log in logs):
        reasons.append(Reason("health_change", "S12"))
        causes.append(PauseCause("health_change", "self", today))
    pain = [p for log in logs for p in (log.pain_during, log.pain_next_morning) if p is not None]
    if pain and max(pain) >= rules.PAUSE_PAIN:
        reasons.append(Reason("pain_severe", "S13"))
        causes.append(PauseCause("pain", "self", today))
    return reasons, causes


def _pause_decision(
    new_state: PlanState, reasons: Sequence[Reason], *, notify_coach: bool = True
) -> Decision:
    return Decision(
        "pause",
        _unique(reasons),
        new_state,
        paused_todo(new_state),
        needs_clearance=new_state.pause_needs,
        needs_rescreen=_rescreen(new_state),
        notify_coach=notify_coach,
    )


def _paused(
    state: PlanState,
    reasons: Sequence[Reason],
    causes: Sequence[PauseCause],
    today: date,
    rescreen: bool = False,
) -> Decision:
    """Pause the plan, or add the new causes to its pause (§9.4): each keeps its own need and
    start, so a fall added to a pain pause brings its own 48-hour wait (§9.5)."""
    new = list(causes)
    if rescreen:
        new.append(PauseCause("long_break", "self", today))
    stack = pauses.merge_all(all_causes(state), new)
    rescreen_due = state.rescreen_due or any(c.cause in RESCREEN_CAUSES for c in new)
    new_state = with_causes(replace(state, rescreen_due=rescreen_due), stack)
    return _pause_decision(new_state, reasons)


def _rescreen(state: PlanState) -> bool:
    return state.rescreen_due or any(c.cause in RESCREEN_CAUSES for c in open_causes(state))


def only_still_paused(decision: Decision) -> bool:
    """True when a paused plan's decision adds nothing: no new cause, the same pause."""
    return [reason.code for reason in decision.reasons] == ["still_paused"]


def _still_paused(state: PlanState) -> Decision:
    reason = Reason("still_paused", "PD")
    return Decision(
        "pause",
        (reason,),
        state,
        paused_todo(state),
        state.pause_needs,
        _rescreen(state),
    )


# --- Step back, hold, advance --------------------------------------------------------------------


def _step_back_reasons(
    state: PlanState, window: Sequence[LogEntry], new: Sequence[LogEntry]
) -> list[Reason]:
    found = []
    if any((log.pain_during or 0) > rules.STEP_BACK_PAIN_DURING for log in window):
        found.append(Reason("pain_during", "S13"))
    # A next-morning entry counts whenever it arrives, even after the dose it followed changed.
    morning_limit = state.usual_morning_pain + rules.STEP_BACK_MORNING_RISE
    if any((log.pain_next_morning or 0) >= morning_limit for log in [*window, *new]):
        found.append(Reason("pain_next_morning", "S13"))
    if sum((log.rpe or 0) >= rules.STEP_BACK_RPE for log in window) >= rules.STEP_BACK_RPE_COUNT:
        found.append(Reason("rpe_high", "PD"))
    if sum(log.near_fall for log in window) >= rules.STEP_BACK_NEAR_FALLS:
        found.append(Reason("near_falls", "S17"))
    return found


def _step_back(state: PlanState, reasons: Sequence[Reason], today: date, coach: bool) -> Decision:
    moved = _shift(state, today, "step_back")
    if _same_dose(moved, state):
        # The easiest dose of the plan: stepping back again would change nothing.
        floor = Reason("at_floor", "PD")
        new_state = replace(state, needs_review=True)
        return Decision(
            "hold",
            _unique([*reasons, floor, _review_reason()]),
            new_state,
            TODO["floor"],
            notify_coach=True,
            needs_review=True,
        )
    step_backs = (*state.step_backs, today)
    recent = [day for day in step_backs if 0 <= (today - day).days < rules.ESCALATION_DAYS]
    escalate = len(recent) >= rules.ESCALATION_STEP_BACKS
    found = list(reasons)
    if escalate:
        found.append(Reason("step_backs_28_days", "PD"))
        found.append(_review_reason())
    new_state = replace(moved, step_backs=step_backs, needs_review=state.needs_review or escalate)
    return Decision(
        "step_back",
        _unique(found),
        new_state,
        TODO["step_back"],
        notify_coach=coach or escalate,
        needs_review=escalate,
    )


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
        found.append(Reason("pain_some", "S13"))
    if any((log.pain_next_morning or 0) > state.usual_morning_pain for log in window):
        found.append(Reason("morning_pain_up", "S13"))
    if _weekly_pain_rise(logs, today):
        found.append(Reason("pain_trend", "S13"))
    if any((log.rpe or 0) > rpe_high for log in window):
        found.append(Reason("rpe_above_target", "PD"))
    if sum(log.counts_as_done for log in window) < rules.HOLD_MIN_DONE:
        found.append(Reason("few_done", "PD"))
    if (today - state.level_started).days < rules.MIN_DAYS_AT_LEVEL:
        found.append(Reason("too_soon", "PD"))
    if any(log.active and (log.rpe is None or log.pain_during is None) for log in window):
        found.append(Reason("missing_ratings", "PD"))
    return found


def _advance_blockers(state: PlanState, window: list[LogEntry]) -> list[Reason]:
    rpe_high = rules.TIER_DOSE[state.tier].rpe_high
    found = []
    if len(window) < rules.WINDOW_SESSIONS or not all(log.counts_as_done for log in window):
        found.append(Reason("not_three_done", "PD"))
    if any(
        log.rpe is not None
        and log.pain_during is not None
        and (log.rpe > rpe_high or log.pain_during > rules.ADVANCE_MAX_PAIN)
        for log in window
    ):
        found.append(Reason("not_easy_yet", "S13"))
    if any(log.near_fall for log in window):
        found.append(Reason("near_fall", "PD"))
    return found


def _hold(state: PlanState, reasons: Sequence[Reason], today: date, coach: bool) -> Decision:
    held_long = (today - state.level_started).days >= rules.ESCALATION_DAYS
    if not held_long:
        return Decision("hold", _unique(reasons), state, TODO["hold"], notify_coach=coach)
    long_hold = Reason("held_28_days", "PD")
    return Decision(
        "hold",
        _unique([*reasons, long_hold, _review_reason()]),
        replace(state, needs_review=True),
        TODO["hold"],
        # Tell the coach once; the flag stays on the plan until someone has looked.
        notify_coach=coach or not state.needs_review,
        needs_review=True,
    )


# --- Public API ----------------------------------------------------------------------------------


def decide(plan_state: PlanState, recent_logs: Sequence[LogEntry], today: date) -> Decision:
    """The next step for this plan, from its recent logs (any status, any date)."""
    state = plan_state
    new = [log for log in recent_logs if log.is_new]
    if state.status != "active":
        reasons, causes = _pause_triggers(state, new, today)
        if reasons:
            return _paused(state, reasons, causes, today)
        return _still_paused(state)

    window_all = _window(state, recent_logs, today)
    reasons, causes = _pause_triggers(state, [*new, *window_all], today)
    broke, break_reasons = break_dose(state, recent_logs, today)
    long_break = broke.status != "active"
    if reasons:
        return _paused(state, reasons, causes, today, rescreen=long_break)
    coach = _gap(state, recent_logs, today) >= rules.COACH_ALERT_DAYS
    if long_break:
        return _pause_decision(broke, break_reasons, notify_coach=coach)
    if break_reasons:
        # The break is measured before the new log; the new log still counts for stepping back.
        backs = _step_back_reasons(broke, new, new)
        if not backs:
            return Decision("resume", break_reasons, broke, TODO["resume"], notify_coach=coach)
        stepped = _step_back(broke, [*break_reasons, *backs], today, coach)
        if stepped.code == "step_back":
            return stepped
        # At the easiest dose already: keep the break's trim and say why it goes no lower.
        return replace(stepped, code="resume")

    window = window_all[-rules.WINDOW_SESSIONS :]
    backs = _step_back_reasons(state, window, new)
    if backs:
        return _step_back(state, backs, today, coach)
    holds = _hold_reasons(state, window, recent_logs, today) + _advance_blockers(state, window)
    if holds:
        return _hold(state, holds, today, coach)
    new_state = _shift(state, today, "advance")
    if _same_dose(new_state, state):
        top = Reason("top", "PD")
        return Decision("hold", (top,), state, TODO["hold"], notify_coach=coach)
    why = Reason("advance", "S14")
    if new_state.stage != state.stage:
        why = Reason("next_stage", "PD", {"stage": new_state.stage})
    return Decision("advance", (why,), new_state, TODO["advance"])


def resume(
    plan_state: PlanState,
    clearance: str | None,
    today: date,
    now: datetime,
    cleared_on: date | None = None,
) -> Decision:
    """A clearance closes every open cause it can (its rank, the cause's wait, and for a
    dated clearance the day the cause began, §2f, §9.4). When none is left open the plan
    restarts: one stage down after a fall (one level down within the first stage), the
    planned dose after a questionnaire pause, otherwise one level down.

    Code "resume" restarts; code "pause" keeps the plan paused: with the state unchanged when
    the clearance closed nothing (the reasons say why), or with the closed causes marked when
    others are still open (the reasons say which)."""
    state = plan_state
    if state.status == "active":
        reason = Reason("not_paused", "PD")
        return Decision("hold", (reason,), state, TODO["hold"])
    causes = all_causes(state)
    if state.rescreen_due:
        return _refused(state, [pauses.rescreen_refusal()])
    stack, closed, refusals = [], [], []
    for cause in causes:
        why = None if cause.cleared else pauses.refusal(cause, clearance, today, now, cleared_on)
        if cause.cleared or why is not None:
            stack.append(cause)
            refusals += [why] if why else []
        else:
            stack.append(replace(cause, cleared=clearance or ""))
            closed.append(cause)
    if not closed:
        return _refused(state, refusals)
    if refusals:
        cleared = Reason("cleared_some", "PD", {"causes": pauses.cause_codes(closed)})
        still = Reason("still_open", "PD", {"causes": pauses.cause_codes(pauses.open_only(stack))})
        new_state = with_causes(state, stack)
        return Decision(
            "pause",
            _unique([cleared, still, *refusals]),
            new_state,
            paused_todo(new_state),
            new_state.pause_needs,
            _rescreen(new_state),
        )
    return _restart(state, stack, today)


def _refused(state: PlanState, reasons: Sequence[Reason]) -> Decision:
    return Decision(
        "pause",
        _unique(reasons),
        state,
        paused_todo(state),
        state.pause_needs or "self",
        _rescreen(state),
    )


def _restart(state: PlanState, causes: Sequence[PauseCause], today: date) -> Decision:
    codes = {cause.cause for cause in causes}
    starts = today + timedelta(days=1)
    first_stage = not state.stages or state.stage == state.stages[0]
    if codes <= {"screening"}:
        # The plan never ran: it starts as built, from tomorrow.
        moved, how = replace(state, level_started=starts, stage_started=starts), "as_planned"
    elif "fall" in codes and not first_stage:
        moved, how = _shift(state, today, "stage_down"), "stage_easier"
    else:
        moved, how = _shift(state, today, "step_back"), "level_easier"
    new_state = replace(
        moved,
        status="active",
        pause_needs=None,
        paused_for=None,
        paused_at=None,
        paused_on=None,
        rescreen_due=False,
        causes=(),
    )
    # One whole sentence for each way of restarting (plans.reason_words).
    reason = Reason("resume", "PD", {"how": how})
    return Decision("resume", (reason,), new_state, TODO["resume"])


# --- Words for the person: what comes next --------------------------------------------------------

# Hold reasons that only say "not yet" (too few sessions, too soon, ratings still to come):
# on their own they are no failure, so the person is told what moves the plan up instead.
NOT_YET_CODES = frozenset({"few_done", "too_soon", "not_three_done", "missing_ratings"})


def _good_session(log: LogEntry, rpe_high: int) -> bool:
    """A session that counts towards moving up: done, rated, comfortable, no near-fall."""
    return (
        log.counts_as_done
        and log.rpe is not None
        and log.pain_during is not None
        and log.rpe <= rpe_high
        and log.pain_during <= rules.ADVANCE_MAX_PAIN
        and not log.near_fall
    )


def next_step_words(plan_state: PlanState, recent_logs: Sequence[LogEntry], today: date) -> str:
    """One line on what moves an active plan up next, from the advance rules' own numbers.

    Empty while paused. The count is of good sessions in a row at the current dose; the date
    is the first day the level is old enough (rules.MIN_DAYS_AT_LEVEL).
    """
    state = plan_state
    if state.status != "active":
        return ""
    if _same_dose(_shift(state, today, "advance"), state):
        return _("You are at the top of your plan. Keep your sessions as they are.")
    rpe_high = rules.TIER_DOSE[state.tier].rpe_high
    window = _window(state, recent_logs, today)[-rules.WINDOW_SESSIONS :]
    streak = 0
    for log in reversed(window):
        if not _good_session(log, rpe_high):
            break
        streak += 1
    needed = rules.WINDOW_SESSIONS - streak
    earliest = state.level_started + timedelta(days=rules.MIN_DAYS_AT_LEVEL)
    words = {
        "n": needed,
        "rpe": rpe_high,
        "pain": rules.ADVANCE_MAX_PAIN,
        "day": local_date(earliest, "WEEKDAY_DATE"),
    }
    if needed and earliest > today:
        return (
            ngettext(
                "To move up: %(n)s more good session (done, effort up to %(rpe)s, pain up to "
                "%(pain)s), on or after %(day)s.",
                "To move up: %(n)s more good sessions in a row (done, effort up to %(rpe)s, pain "
                "up to %(pain)s), the last on or after %(day)s.",
                needed,
            )
            % words
        )
    if needed:
        return (
            ngettext(
                "To move up: %(n)s more good session (done, effort up to %(rpe)s, pain up to "
                "%(pain)s).",
                "To move up: %(n)s more good sessions in a row (done, effort up to %(rpe)s, pain "
                "up to %(pain)s).",
                needed,
            )
            % words
        )
    if earliest > today:
        return _("To move up: one more good session on or after %(day)s.") % words
    return _("Your next good session can move your plan up.")


def levels_explained(tier: str) -> str:
    """What "Level 1 of 4" means, in the advance rules' own numbers for this tier."""
    words = {
        "levels": len(rules.LEVELS),
        "n": rules.WINDOW_SESSIONS,
        "rpe": rules.TIER_DOSE[tier].rpe_high,
        "pain": rules.ADVANCE_MAX_PAIN,
        "days": rules.MIN_DAYS_AT_LEVEL,
        "weeks": engine.stage_exit_days(tier) // 7,
    }
    return (
        _(
            "Each place has %(levels)s levels. You move up a level after %(n)s good sessions in "
            "a row (done, effort up to %(rpe)s, pain up to %(pain)s) and at least %(days)s days "
            "at your level. Each level adds a little backward walking. After level %(levels)s "
            "and %(weeks)s weeks in a place, you move on to the next place, starting again at "
            "level 1."
        )
        % words
    )


def pause_steps(paused_for: str | None, pause_needs: str | None, rescreen_due: bool) -> list[str]:
    """What to do now while paused, as a few short steps (the full words stay in
    WHAT_TO_DO_PAUSED). The steps follow the same cause and need as the resume rules."""
    cause = paused_for or ""
    if cause == "fall":
        steps = [
            _("Keep still and check yourself for injury."),
            _("If you are hurt or cannot get up, call for help."),
            _("Tell your doctor about the fall, even if you feel fine."),
        ]
        if pause_needs == "physician":
            steps.append(_("See a doctor before you walk backward again, then record it here."))
        else:
            steps.append(_("Rest for two days (48 hours), then restart here, one stage easier."))
    elif cause == "red_flag":
        steps = [
            _("Stop and rest."),
            _(
                "If chest pain or stroke signs last more than a few minutes, call your emergency "
                "number."
            ),
            _("See your doctor before your next session, then record their all-clear here."),
        ]
    elif cause in RESCREEN_CAUSES:
        steps = [
            _("Answer the health questions again."),
            _("Your plan then restarts gently, to suit you now."),
        ]
    elif cause == "illness":
        steps = [
            _("Rest and get well."),
            _("After 7 days, once you feel back to normal, restart here."),
        ]
    elif cause == "screening":
        steps = [_("Get the check your answers need: see why and what to do below.")]
    elif cause == "coach":
        steps = [_("Your coach paused your plan. Talk with them before you go on.")]
    elif cause == "supervision":
        steps = [
            _("Your stage needs someone trained with you every time."),
            _("A coach can confirm that once it is arranged; your plan then restarts."),
        ]
    else:
        steps = [
            _("Stop for today and rest the sore spot."),
            _(
                "See your doctor if the pain is sharp, lasts more than a day or two, or keeps "
                "you awake."
            ),
            _("When it has settled, restart here: a little easier than before."),
        ]
    if rescreen_due and cause not in RESCREEN_CAUSES:
        steps.append(_("Answer the health questions again before you restart."))
    return steps


def cause_steps(causes: Sequence[PauseCause], rescreen_due: bool) -> list[str]:
    """What to do now about every open cause, most telling first, each step once (§9.4)."""
    steps: list[str] = []
    for cause in sorted(pauses.open_only(causes), key=pauses.order):
        for step in pause_steps(cause.cause, cause.needs, False):
            if step not in steps:
                steps.append(step)
    if rescreen_due and not any(c.cause in RESCREEN_CAUSES for c in causes):
        steps.append(_("Answer the health questions again before you restart."))
    return steps
