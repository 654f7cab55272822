"""The one seam between Plan rows and the rules' plain values (Prescription, PlanState, LogEntry).

The rules never see a model; the models never run a rule. Every field of the rules' input is
filled here explicitly (no dataclass default is relied on), and tests/test_rules_seam.py checks
that each field is filled from the database.
"""

import copy
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import cast

from django.db.models import Q
from django.utils.translation import gettext

from assessments import readings as assessments
from assessments.models import AssessmentResult
from backward_walk.text import Text
from plans import engine, pauses, progression, rules
from plans.models import FallReport, Plan, PlanEvent, PlannedSession, SessionLog
from plans.models.choices import Stage
from plans.progress import monday_of, next_session
from plans.said import render
from plans.screening import Answers

# The rules' escalation looks back this far at step-backs (domain §3 v2: 3 within 4 weeks).
STEP_BACK_LOOKBACK_DAYS = 28
# Next-morning pain entries read for the "usual" pain (the rule uses the last 6).
MORNING_PAINS_READ = 6
SESSION_DOSE_FIELDS = (
    "stage",
    "level",
    "warmup_minutes",
    "backward_minutes",
    "forward_minutes",
    "cooldown_minutes",
    "bout_backward_seconds",
    "bout_forward_seconds",
    "total_minutes",
    "rpe_low",
    "rpe_high",
    "speed_kmh",
    "seated_rest",
)


def cues_for(
    stage: str, *, seated_rest: bool = False, walking_aid: str = "none"
) -> tuple[str, ...]:
    return engine.stage_cues(stage, seated_rest=seated_rest, walking_aid=walking_aid)


def session_cues(
    plan: Plan, session: PlannedSession, *, with_someone: bool | None = None
) -> tuple[str, ...]:
    """One session's safety cues in the person's own words (v3 §9.14-9.16): their stop rule,
    their walking aid, seated rest, and someone beside them on a track start (`with_someone`,
    worked out here when not given). Reads the plan's answers (no query once loaded) and, on a
    track start only, the sessions done there."""
    answers = plan.screening.answers
    if with_someone is None:
        with_someone = with_someone_beside(plan, session)
    return engine.stage_cues(
        session.stage,
        seated_rest=session.seated_rest,
        walking_aid=answers.get("walking_aid") or "none",
        knee_oa=bool(answers.get("knee_oa")),
        with_someone=with_someone,
    )


def with_someone_beside(plan: Plan, session: PlannedSession) -> bool:
    """v3 §9.14 [PD]: a plan that starts on the open track asks for someone beside the person
    until they have walked there twice (done or partly done)."""
    if session.stage != Stage.TRACK or list(plan.stages[:1]) != [Stage.TRACK]:
        return False
    walked = SessionLog.objects.filter(
        client_id=plan.client_id,
        planned__stage=Stage.TRACK,
        status__in=["done", "partial"],
        date__lt=session.date,
    ).count()
    return walked < rules.TRACK_START_HELPED_SESSIONS


def _speed(value) -> Decimal | None:
    return None if value is None else Decimal(str(round(value, 1)))


def answers_of(plan: Plan) -> Answers:
    """The answers behind the plan, with falls logged since then added to falls_12m (§3 v2)."""
    data = dict(plan.screening.answers)
    data["falls_12m"] = data.get("falls_12m", 0) + plan.falls_logged
    return Answers.from_dict(data)


nearest_easier_stage = engine.nearest_easier_stage


def tests_at_risk(client_id: int, today: date) -> bool:
    """Whether a functional test brings HIGH's supervised-only stages (§9.13): any result of
    the last year read in the at-risk range. Read again from the values, so a result saved
    before the readings changed (a chair stand with the hands) counts as it reads now."""
    since = today - timedelta(days=assessments.SUPERVISION_DAYS)
    results = AssessmentResult.objects.filter(client_id=client_id, taken_on__gt=since)
    return assessments.raises_supervision(
        (kind, values) for kind, values in results.values_list("kind", "values")
    )


def prescription_for(plan: Plan) -> engine.Prescription:
    """The engine's Prescription for the plan as it stands."""
    stored = None if plan.speed_kmh is None else float(plan.speed_kmh)
    if plan.speed_locked:
        speed = stored  # a coach's speed, kept on every stage until they clear it
    elif plan.stage == "treadmill":
        speed = stored or engine.treadmill_speed(plan.tier, plan.level)
    else:
        speed = None
    return engine.Prescription(
        tier=plan.tier,
        stages=tuple(plan.stages),
        stage=plan.stage,
        level=plan.level,
        backward_minutes=plan.backward_minutes,
        speed_kmh=speed,
        days=tuple(plan.days),
        sessions_per_week=engine.sessions_per_week(plan.tier, tuple(plan.days)),
        minutes_available=plan.minutes_available,
        seated_rest=engine.needs_seated_rest(answers_of(plan), plan.tier),
        speed_locked=plan.speed_locked,
    )


def session_fields(session: engine.SessionPlan) -> dict:
    return {
        "date": session.date,
        "stage": session.stage,
        "level": session.level,
        "warmup_minutes": session.warmup_minutes,
        "backward_minutes": session.backward_minutes,
        "forward_minutes": session.forward_minutes,
        "cooldown_minutes": session.cooldown_minutes,
        "bout_backward_seconds": session.bout_backward_seconds,
        "bout_forward_seconds": session.bout_forward_seconds,
        "total_minutes": session.total_minutes,
        "rpe_low": session.rpe_range[0],
        "rpe_high": session.rpe_range[1],
        "speed_kmh": _speed(session.speed_kmh),
        "seated_rest": session.seated_rest,
    }


def session_after_break(plan: Plan, row: PlannedSession, level: int, minutes: int):
    """Today's planned session as it is done after time away (§3 v2): the same day and place
    at the break's level and backward minutes, refitted by the engine. An unsaved copy for
    showing and logging; the stored session is not changed."""
    p = engine.refit(prescription_for(plan), row.stage, level, minutes)
    fitted = engine.session_for(p, row.date)
    shown = copy.copy(row)
    for name, value in session_fields(fitted).items():
        setattr(shown, name, value)
    return shown


def snapshot(plan: Plan) -> dict:
    """What an audit entry records before and after a change."""
    return {
        "status": plan.status,
        "stage": plan.stage,
        "level": plan.level,
        "backward_minutes": plan.backward_minutes,
        "speed_kmh": None if plan.speed_kmh is None else str(plan.speed_kmh),
        "pause_needs": plan.pause_needs,
        "needs_review": plan.needs_review,
        "supervised_stages": list(plan.supervised_stages),
    }


# --- Rules' input, read from the database --------------------------------------------------


def plan_causes(plan: Plan) -> tuple[pauses.PauseCause, ...]:
    """Why the plan is paused, cause by cause (§9.4). A plan paused before causes were kept
    reads as one cause from its single fields."""
    if plan.pause_causes:
        return pauses.from_json(plan.pause_causes)
    if plan.status not in (Plan.Status.PAUSED, Plan.Status.NEEDS_CLEARANCE):
        return ()
    never_started = plan.status == Plan.Status.NEEDS_CLEARANCE
    cause = plan.paused_for or ("screening" if never_started else "pain")
    return (
        pauses.PauseCause(
            cause,
            plan.pause_needs or "self",
            plan.paused_on or plan.created_at.date(),
            plan.paused_at,
        ),
    )


def last_session_on(plan: Plan) -> date | None:
    """The last done or partly done session of any version (a break spans re-screens)."""
    return (
        SessionLog.objects.filter(client_id=plan.client_id, status__in=["done", "partial"])
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )


def recent_step_backs(plan: Plan, today: date) -> tuple[date, ...]:
    """The rules' step-backs of the last 4 weeks, on any version of the plan: a new
    questionnaire keeps what the rules learned (§9.6)."""
    since = today - timedelta(days=STEP_BACK_LOOKBACK_DAYS)
    return tuple(
        PlanEvent.objects.filter(
            plan__client_id=plan.client_id,
            kind=PlanEvent.Kind.STEP_BACK,
            source=PlanEvent.Source.RULES,
            effective_on__gte=since,
        )
        .order_by("effective_on")
        .values_list("effective_on", flat=True)
    )


def morning_pains(plan: Plan) -> tuple[int, ...]:
    """The person's latest next-morning pain entries, oldest first, made before the plan's
    last decision: a new entry is judged against the usual pain before it, not with it."""
    entries = SessionLog.objects.filter(client_id=plan.client_id, pain_next_morning__isnull=False)
    if plan.decided_at is not None:
        entries = entries.filter(
            Q(morning_pain_at__lte=plan.decided_at)
            | Q(morning_pain_at__isnull=True, logged_at__lte=plan.decided_at)
        )
    values = entries.order_by("-date").values_list("pain_next_morning", flat=True)[
        :MORNING_PAINS_READ
    ]
    # pain_next_morning__isnull=False above: no None among them.
    return tuple(reversed(cast("list[int]", list(values))))


def plan_state(plan: Plan, today: date) -> progression.PlanState:
    """The rules' view of the plan, every field from the database. Four small queries."""
    answers = answers_of(plan)
    return progression.PlanState(
        tier=plan.tier,
        stages=tuple(plan.stages),
        stage=plan.stage,
        level=plan.level,
        backward_minutes=plan.backward_minutes,
        level_started=plan.level_started,
        stage_started=plan.stage_started,
        status="active" if plan.status == Plan.Status.ACTIVE else "paused",
        pause_needs=plan.pause_needs or None,
        paused_for=plan.paused_for or None,
        minutes_available=plan.minutes_available,
        last_session_on=last_session_on(plan),
        started_on=plan.start_date,
        paused_at=plan.paused_at,
        paused_on=plan.paused_on,
        anticoagulants=bool(answers.anticoagulants),
        step_backs=recent_step_backs(plan, today),
        needs_review=plan.needs_review,
        morning_pains=morning_pains(plan),
        pain_now=answers.pain_now,
        rescreen_due=plan.rescreen_due,
        causes=plan_causes(plan),
        falls_12m=answers.falls_12m,
    )


def log_entry(
    planned: PlannedSession, log: SessionLog | None, since: datetime | None
) -> progression.LogEntry:
    """A past planned session as the rules see it; no log means missed.

    `since` is the plan's last decision: a log, or its next-morning pain, entered after it is
    new, and the pause rules read every new entry whatever its date (domain §3 v2).
    """
    if log is None:
        return progression.LogEntry(
            date=planned.date,
            status="missed",
            planned_backward_minutes=planned.backward_minutes,
            backward_minutes_done=0,
            rpe=None,
            pain_during=None,
            pain_next_morning=None,
            fall=False,
            near_fall=False,
            red_flag=False,
            fall_injury=False,
            fall_head_strike=False,
            health_changed=False,
            is_new=False,
        )
    entered = max(t for t in (log.logged_at, log.morning_pain_at, log.updated_at) if t)
    return progression.LogEntry(
        date=planned.date,
        status=log.status,
        planned_backward_minutes=planned.backward_minutes,
        backward_minutes_done=log.backward_minutes,
        rpe=log.rpe,
        pain_during=log.pain_during,
        pain_next_morning=log.pain_next_morning,
        fall=log.fall,
        near_fall=log.near_fall,
        red_flag=log.red_flag,
        fall_injury=log.fall_injury,
        fall_head_strike=log.fall_head_strike,
        health_changed=log.health_changed,
        is_new=since is None or entered > since,
    )


def fall_entry(report: FallReport, day: date) -> progression.LogEntry:
    """A fall told on its own (domain §9.7) as the rules see it: a new entry on the fall's
    local `day` with its follow-ups, so the same pause rules read it as a fall in a log.

    It is not a session: an inactive status and no planned minutes, so no session rule
    (window, break, adherence) counts it, and it is handed to the rules once, when told.
    """
    return progression.LogEntry(
        date=day,
        status="skipped",
        planned_backward_minutes=0,
        backward_minutes_done=0,
        rpe=None,
        pain_during=None,
        pain_next_morning=None,
        fall=True,
        near_fall=False,
        red_flag=False,
        fall_injury=report.injury,
        fall_head_strike=report.head_strike,
        health_changed=False,
        is_new=True,
    )


# Logs the rules look back over (the window is the last 3; the weekly pain trend needs two
# weeks' worth; a break counts up to 8 planned sessions missed in a row, §9.9).
HISTORY_SESSIONS = 14


def history(plan: Plan, today: date) -> list[progression.LogEntry]:
    """The client's due sessions up to today as LogEntry values, oldest first, plus any older
    session whose log changed since the last decision. Cancelled sessions were never due.

    Today's session counts only once it is logged: the day is not over. One query, plus one
    when an old session was logged late.
    """
    base = PlannedSession.objects.filter(
        client_id=plan.client_id, cancelled=False, date__lte=today
    ).select_related("log")
    recent = list(base.order_by("-date")[:HISTORY_SESSIONS])
    sessions = {s.pk: s for s in recent}
    if plan.decided_at is not None and recent:
        oldest = recent[-1].date
        late = base.filter(date__lt=oldest, log__isnull=False).filter(
            _changed_since(plan.decided_at)
        )
        sessions.update({s.pk: s for s in late})
    entries = []
    for session in sorted(sessions.values(), key=lambda s: s.date):
        log = getattr(session, "log", None)
        if log is None and session.date == today:
            continue
        entries.append(log_entry(session, log, plan.decided_at))
    return entries


def with_new_log(
    inputs: tuple[progression.PlanState, list[progression.LogEntry]],
    planned: PlannedSession,
    log: SessionLog,
    since: datetime | None,
    today: date,
) -> tuple[progression.PlanState, list[progression.LogEntry]] | None:
    """The rules' input (`plan_state`, `history`) after `log` was saved for `planned`, from the
    input read just before it in the same locked transaction: what reading again would give
    (tests/test_read_once.py compares the two). `since` is the plan's last decision.

    A log changes two things there: its session's entry (missed, or not yet counted on its own
    day, becomes the log; one session a day, and this week's are among the recent ones read),
    and the last session walked. None, so the caller reads again, for anything else: a log
    that also gives next-morning pain (it joins the usual pain by its own moment), or a
    session the input did not hold (older than the sessions read, or not today's).
    """
    if log.pain_next_morning is not None or planned.cancelled or planned.date > today:
        return None
    state, entries = inputs
    kept = [entry for entry in entries if entry.date != planned.date]
    if len(kept) == len(entries) and planned.date != today:
        return None
    walked = log.status in (SessionLog.Status.DONE, SessionLog.Status.PARTIAL)
    last = state.last_session_on
    if walked and (last is None or planned.date > last):
        last = planned.date
    after = sorted([*kept, log_entry(planned, log, since)], key=lambda entry: entry.date)
    return replace(state, last_session_on=last), after


def break_now(plan: Plan, today: date) -> tuple[progression.PlanState, tuple]:
    """The dose after time away today (§9.9), counted in the plan's planned sessions missed in
    a row: computed on read, nothing written. The plan's state and no reasons when there is
    no break (or the plan is not active)."""
    state = plan_state(plan, today)
    if plan.status != Plan.Status.ACTIVE:
        return state, ()
    return progression.break_dose(state, history(plan, today), today)


def _changed_since(moment: datetime):
    return (
        Q(log__logged_at__gt=moment)
        | Q(log__morning_pain_at__gt=moment)
        | Q(log__updated_at__gt=moment)
    )


# --- The rules' output, back onto the plan -------------------------------------------------


def state_values(plan: Plan, state: progression.PlanState) -> dict:
    """The plan fields a new PlanState sets (the dose and its dates; status is the caller's)."""
    on_treadmill = state.stage == "treadmill"
    moved = (state.stage, state.level) != (plan.stage, plan.level)
    if plan.speed_locked and plan.speed_kmh is not None:
        speed = plan.speed_kmh  # a coach's speed stays across levels until they clear it
    elif not on_treadmill:
        speed = None
    elif moved or plan.speed_kmh is None:
        speed = _speed(engine.treadmill_speed(state.tier, state.level))
    else:
        speed = plan.speed_kmh
    return {
        "stage": state.stage,
        "level": state.level,
        "backward_minutes": state.backward_minutes,
        "speed_kmh": speed,
        "level_started": state.level_started,
        "stage_started": state.stage_started,
        "usual_morning_pain": progression.usual_morning_pain(state.morning_pains, state.pain_now),
    }


@dataclass(frozen=True)
class StageStep:
    code: str
    label: Text
    state: str  # behind | current | next | skipped
    skipped_reason: str = ""


def stage_timeline(plan: Plan) -> list[StageStep]:
    steps = []
    position = plan.stages.index(plan.stage) if plan.stage in plan.stages else 0
    for code, label in Stage.choices:
        if code in plan.skipped or code not in plan.stages:
            reason = render(plan.skipped.get(code)) or gettext("Not part of your plan.")
            steps.append(StageStep(code, label, "skipped", reason))
            continue
        index = plan.stages.index(code)
        state = "behind" if index < position else "current" if index == position else "next"
        steps.append(StageStep(code, label, state))
    return steps


def plan_history(plan: Plan, *, since: date | None = None):
    """The plan's changes, newest first, as its pages and the API list them: holds are kept
    for the coach's audit but are not changes to show; with `since`, none before that day."""
    events = plan.events.exclude(kind="hold").select_related("made_by")
    if since is not None:
        events = events.filter(effective_on__gte=since)
    return events


def plan_page_context(plan: Plan, today: date, *, since: date | None = None) -> dict:
    """This week and next, the stage timeline, the reasons and the history. Two queries.

    `since` leaves out sessions and history before that day (a coach's view when the client
    did not share their history)."""
    monday = monday_of(today)
    # Sessions a pause called off are not shown: they were never due, so never "not logged".
    sessions = list(
        PlannedSession.objects.filter(
            client_id=plan.client_id,
            date__gte=max(monday, since) if since else monday,
            date__lt=monday + timedelta(weeks=2),
        )
        .exclude(cancelled=True, log__isnull=True)
        .select_related("log")
    )
    events = plan_history(plan, since=since)
    this_week = [s for s in sessions if s.date < monday + timedelta(weeks=1)]
    next_week = [s for s in sessions if s.date >= monday + timedelta(weeks=1)]
    return {
        "plan": plan,
        "today": today,
        "timeline": stage_timeline(plan),
        # The session the "Now:" line names: the same row Today shows on its day.
        "next_session": next_session(sessions, today),
        "this_week": this_week,
        "next_week": next_week,
        "week_start": monday,
        "cues": cues_for(plan.stage),
        "events": list(events[:30]),
    }


__all__ = [
    "HISTORY_SESSIONS",
    "break_now",
    "SESSION_DOSE_FIELDS",
    "answers_of",
    "fall_entry",
    "history",
    "log_entry",
    "with_new_log",
    "plan_causes",
    "plan_state",
    "prescription_for",
    "session_cues",
    "session_fields",
    "with_someone_beside",
    "snapshot",
    "state_values",
    "tests_at_risk",
]
