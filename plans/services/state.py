"""Translation between Plan rows and the rules' plain values (Prescription, PlanState, LogEntry).

The rules never see a model; the models never run a rule. This module is the one seam.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from plans import engine, progression
from plans.models import Plan, PlannedSession, SessionLog
from plans.models.choices import Stage
from plans.progress import monday_of


def cues_for(stage: str) -> tuple[str, ...]:
    return engine.STAGE_CUES.get(stage, ()) + engine.COMMON_CUES


def _speed(value) -> Decimal | None:
    return None if value is None else Decimal(str(round(value, 1)))


def prescription_for(plan: Plan) -> engine.Prescription:
    speed = None if plan.speed_kmh is None else float(plan.speed_kmh)
    return progression.prescription_for(plan_state(plan), tuple(plan.days), speed)


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
    }


def snapshot(plan: Plan) -> dict:
    """What an audit entry records before and after a change."""
    return {
        "status": plan.status,
        "stage": plan.stage,
        "level": plan.level,
        "backward_minutes": plan.backward_minutes,
        "speed_kmh": None if plan.speed_kmh is None else str(plan.speed_kmh),
    }


def plan_state(plan: Plan, last_session_on: date | None = None) -> progression.PlanState:
    return progression.PlanState(
        tier=plan.tier,
        stages=tuple(plan.stages),
        stage=plan.stage,
        level=plan.level,
        backward_minutes=plan.backward_minutes,
        level_started=plan.level_started,
        stage_started=plan.stage_started,
        status="paused" if plan.status == Plan.Status.PAUSED else "active",
        pause_needs=plan.pause_needs or None,
        paused_for=plan.paused_for or None,
        usual_morning_pain=plan.usual_morning_pain or 0,
        minutes_available=plan.minutes_available,
        last_session_on=last_session_on,
        started_on=plan.start_date,
    )


def log_entry(planned: PlannedSession, log: SessionLog | None) -> progression.LogEntry:
    """A past planned session as the rules see it; no log means missed."""
    if log is None:
        return progression.LogEntry(
            date=planned.date, status="missed", planned_backward_minutes=planned.backward_minutes
        )
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
    )


def apply(plan: Plan, state) -> set[str]:
    """Copy a new PlanState onto the plan; returns the names of the fields that changed."""
    on_treadmill = state.stage == "treadmill"
    moved = (state.stage, state.level) != (plan.stage, plan.level)
    if not on_treadmill:
        speed = None
    elif moved or plan.speed_kmh is None:
        speed = _speed(engine.treadmill_speed(state.tier, state.level))
    else:
        speed = plan.speed_kmh  # a coach's chosen speed stays until the level changes
    new = {
        "stage": state.stage,
        "level": state.level,
        "backward_minutes": state.backward_minutes,
        "speed_kmh": speed,
        "level_started": state.level_started,
        "stage_started": state.stage_started,
        "usual_morning_pain": state.usual_morning_pain,
        "paused_for": state.paused_for or "",
    }
    changed = set()
    for field, value in new.items():
        if getattr(plan, field) != value:
            setattr(plan, field, value)
            changed.add(field)
    return changed


@dataclass(frozen=True)
class StageStep:
    code: str
    label: str
    state: str  # behind | current | next | skipped
    skipped_reason: str = ""


def stage_timeline(plan: Plan) -> list[StageStep]:
    steps = []
    position = plan.stages.index(plan.stage) if plan.stage in plan.stages else 0
    for code, label in Stage.choices:
        if code in plan.skipped or code not in plan.stages:
            reason = plan.skipped.get(code, "Not part of your plan.")
            steps.append(StageStep(code, label, "skipped", reason))
            continue
        index = plan.stages.index(code)
        state = "behind" if index < position else "current" if index == position else "next"
        steps.append(StageStep(code, label, state))
    return steps


def plan_page_context(plan: Plan, today: date) -> dict:
    """This week and next, the stage timeline, the reasons and the history. Two queries."""
    monday = monday_of(today)
    sessions = list(
        plan.sessions.filter(date__gte=monday, date__lt=monday + timedelta(weeks=2)).select_related(
            "log"
        )
    )
    this_week = [s for s in sessions if s.date < monday + timedelta(weeks=1)]
    next_week = [s for s in sessions if s.date >= monday + timedelta(weeks=1)]
    return {
        "plan": plan,
        "today": today,
        "timeline": stage_timeline(plan),
        "this_week": this_week,
        "next_week": next_week,
        "week_start": monday,
        "cues": cues_for(plan.stage),
        # Holds are kept for the coach's audit but are not changes to show the client.
        "events": list(plan.events.exclude(kind="hold").select_related("made_by")[:30]),
    }
