"""Logging a session and acting on it: save the log, ask the rules, apply what they say.

Everything happens inside one transaction that first locks the plan row, so a double
submit, a second tab, or a coach's adjustment at the same moment are applied one after the
other; the unique constraint on the log's planned session keeps the first log if two race.
"""

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction

from plans import progression
from plans.models import Plan, PlanEvent, PlannedSession, SessionLog, User
from plans.services import state as plan_state
from plans.services.plans import reasons_as_json, write_weeks

# Logs the rules look back over (the window is the last 3; the weekly pain trend needs two
# weeks' worth).
HISTORY_SESSIONS = 14


@dataclass(frozen=True)
class LogResult:
    log: SessionLog
    created: bool
    event: PlanEvent | None


def _estimate_backward(planned: PlannedSession, minutes: int, status: str) -> int:
    if status == SessionLog.Status.DONE:
        return min(planned.backward_minutes, minutes)
    if status == SessionLog.Status.SKIPPED or not planned.total_minutes:
        return 0
    share = planned.backward_minutes * minutes // planned.total_minutes
    return min(minutes, planned.backward_minutes, share)


def history(plan: Plan, today: date) -> list:
    """The plan's last planned sessions up to today as the rules' LogEntry list, oldest first.

    Today's session counts only once it is logged: the day is not over.
    """
    sessions = plan.sessions.filter(date__lte=today).select_related("log").order_by("-date")
    entries = []
    for session in sessions[:HISTORY_SESSIONS]:
        log = getattr(session, "log", None)
        if log is None and session.date == today:
            continue
        entries.append(plan_state.log_entry(session, log))
    return entries[::-1]


def last_session_on(plan: Plan) -> date | None:
    last = (
        SessionLog.objects.filter(planned__plan=plan, status__in=["done", "partial"])
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )
    return last


@transaction.atomic
def record_log(
    client: User, planned: PlannedSession, data: dict, today: date | None = None
) -> LogResult:
    """Save a log for `planned` (once) and apply the rules' decision to the plan.

    `today` is the client's local date; only the demo-data generator passes another one.
    """
    plan = Plan.objects.select_for_update().get(pk=planned.plan_id)
    status = data["status"]
    minutes = data.get("minutes") or 0
    try:
        with transaction.atomic():
            log = SessionLog.objects.create(
                planned=planned,
                client=client,
                date=planned.date,
                status=status,
                minutes=minutes,
                backward_minutes=_estimate_backward(planned, minutes, status),
                rpe=data.get("rpe"),
                pain_during=data.get("pain_during"),
                pain_next_morning=data.get("pain_next_morning"),
                fall=data.get("fall", False),
                near_fall=data.get("near_fall", False),
                red_flag=data.get("red_flag", False),
                note=data.get("note", ""),
            )
    except IntegrityError:
        # Already logged (double click, second tab, retry): keep the first, change nothing.
        return LogResult(SessionLog.objects.get(planned=planned), created=False, event=None)
    event = apply_rules(plan, today or client.local_today(), log=log)
    return LogResult(log, created=True, event=event)


@transaction.atomic
def add_morning_pain(client: User, log: SessionLog, pain: int) -> PlanEvent | None:
    """Next-morning pain is known a day late; it is added once, never overwritten."""
    plan = Plan.objects.select_for_update().get(pk=log.planned.plan_id)
    updated = SessionLog.objects.filter(pk=log.pk, pain_next_morning__isnull=True).update(
        pain_next_morning=pain
    )
    if not updated:
        return None
    log.pain_next_morning = pain
    return apply_rules(plan, client.local_today(), log=log)


def apply_rules(plan: Plan, today: date, *, log: SessionLog | None = None) -> PlanEvent | None:
    """Ask the rules about the plan now; save the decision and any change it makes."""
    if plan.status != Plan.Status.ACTIVE:
        return None
    state = plan_state.plan_state(plan, last_session_on(plan))
    decision = progression.decide(state, history(plan, today), today)
    return _apply(plan, decision, today, log=log, source=PlanEvent.Source.RULES, by=None)


def _apply(plan, decision, today, *, log, source, by, note="") -> PlanEvent:
    before = plan_state.snapshot(plan)
    changed = plan_state.apply(plan, decision.new_state)
    if decision.code == "pause":
        plan.status = Plan.Status.PAUSED
        plan.pause_needs = decision.needs_clearance or Plan.PauseNeeds.SELF
        plan.pause_reason = decision.what_to_do
        changed.update({"status", "pause_needs", "pause_reason"})
    elif decision.code == "resume":
        plan.status, plan.pause_needs, plan.pause_reason = Plan.Status.ACTIVE, "", ""
        plan.paused_for = ""
        changed.update({"status", "pause_needs", "pause_reason", "paused_for"})
    if changed:
        plan.row_version += 1
        plan.save(update_fields=sorted(changed | {"row_version"}))
        write_weeks(plan, today, replace_future=True)
    return PlanEvent.objects.create(
        plan=plan,
        log=log,
        kind=decision.code,
        source=source,
        made_by=by,
        effective_on=today,
        reasons=reasons_as_json(decision.reasons),
        note=note,
        before=before,
        after=plan_state.snapshot(plan),
    )


def resume_plan(plan: Plan, *, clearance: str | None, by: User, today: date, note: str = ""):
    """Resume a paused plan one level down, once the right person has cleared it."""
    decision = progression.resume(plan_state.plan_state(plan), clearance, today)
    if decision.code != "resume":
        from plans.services.plans import ClearanceNotEnough

        raise ClearanceNotEnough(" ".join(r.message for r in decision.reasons))
    source = PlanEvent.Source.COACH if by.is_coach else PlanEvent.Source.CLIENT
    _apply(plan, decision, today, log=None, source=source, by=by, note=note)
    return plan
