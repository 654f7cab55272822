"""Logging a session, its next-morning pain and its one-tap ratings, and acting on each.

Each runs in one transaction that first locks the plan row, so a double submit, a second tab,
or a coach's change at the same moment are applied one after the other; the one-log-per-
session constraint keeps the first log if two race. Nothing logged is ever dropped: a log for
a session due before a pause is kept and its pause triggers still count.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from accounts.models import User
from coaching.models import CoachLink
from plans import progression
from plans.models import Plan, PlanEvent, PlannedSession, SessionLog
from plans.progress import monday_of
from plans.rules import Reason
from plans.services import state as plan_state
from plans.services.decisions import change_for
from plans.services.errors import LogRefused
from plans.services.locks import lock_current_plan
from plans.services.transitions import Change, locked_plan, transition
from plans.signals import client_changed_by


@dataclass(frozen=True)
class LogResult:
    """What a log did, for the page that says so: the decision (its event) and, after a hold of
    an active plan, the words on what moves it up next, from the same rules' input the decision
    read (the view asks nothing again)."""

    log: SessionLog
    created: bool
    event: PlanEvent | None
    next_step: str


@dataclass(frozen=True)
class RulesOutcome:
    event: PlanEvent | None
    next_step: str


def estimate_backward(planned: PlannedSession, minutes: int, status: str) -> int:
    if status == SessionLog.Status.DONE:
        return min(planned.backward_minutes, minutes)
    if status == SessionLog.Status.SKIPPED or not planned.total_minutes:
        return 0
    share = planned.backward_minutes * minutes // planned.total_minutes
    return min(minutes, planned.backward_minutes, share)


def loggable(day: date, today: date) -> bool:
    """Today and earlier days of this week can be logged; the future cannot. Asked by the
    pages, the offline queue (plans/views/queue.py) and the API."""
    return monday_of(today) <= day <= today


def can_log(plan: Plan, planned: PlannedSession) -> str | None:
    """Why this session cannot be logged now, or None. Asked by Today and by record_log."""
    if planned.cancelled:
        return gettext(
            "This session was called off while your plan was paused, so there is nothing to log."
        )
    actions = plan.allowed_actions()
    if "log" in actions:
        return None
    if plan.rescreen_due:
        return gettext("Please answer the health questions again before you log another session.")
    if "log_late" in actions and plan.paused_on and planned.date < plan.paused_on:
        return None  # due before the pause began: still worth keeping
    return gettext("Your plan is paused, so there is no session to log right now.")


def _locked_rules_plan(planned: PlannedSession) -> Plan:
    """The plan a log's rules act on, locked: the person's current plan, also for a session
    of an earlier version (a late log or a next-morning pain after answering the questions
    again still pauses the plan they follow now, §9.5); the session's own plan if none is
    current."""
    current = lock_current_plan(planned.client_id)
    if current is not None:
        return current
    # None current, or it ended while this waited for its lock: as before, in two steps.
    current_id = (
        Plan.objects.current()
        .filter(client_id=planned.client_id)
        .values_list("pk", flat=True)
        .first()
    )
    return locked_plan(current_id or planned.plan_id)


def run_rules(
    plan: Plan,
    today: date,
    *,
    now: datetime,
    log: SessionLog | None = None,
    extra: dict | None = None,
    correction: bool = False,
    reported: Sequence[progression.LogEntry] = (),
    reported_in_answers: bool = False,
) -> PlanEvent | None:
    """Ask the rules about the locked plan now and hand their decision to the one writer.
    Returns its event (see `_decide_and_write`)."""
    return _decide_and_write(
        plan,
        today,
        now=now,
        log=log,
        extra=extra,
        correction=correction,
        reported=reported,
        reported_in_answers=reported_in_answers,
    ).event


def _decide_and_write(
    plan: Plan,
    today: date,
    *,
    now: datetime,
    log: SessionLog | None = None,
    extra: dict | None = None,
    correction: bool = False,
    reported: Sequence[progression.LogEntry] = (),
    reported_in_answers: bool = False,
    inputs: tuple[progression.PlanState, list[progression.LogEntry]] | None = None,
) -> RulesOutcome:
    """Ask the rules about the locked plan now and hand their decision to the one writer.

    While paused, only new pause triggers count (a fall logged late adds its own cause, and
    can need a physician); nothing else moves a paused plan. `extra` adds plan fields that the same
    entry changes (a logged fall adds to `falls_logged`). A `correction` only makes the plan
    stricter: any other decision is dropped and a "correction" event is written instead.
    `reported` adds new entries that are not sessions (a fall told on its own, §9.7);
    `reported_in_answers`: their falls are in the plan's answers already (told before the plan
    was made), so the second-fall rule (§9.8) must not count them twice.
    """
    if inputs is None:
        inputs = (plan_state.plan_state(plan, today), plan_state.history(plan, today))
    state, history = inputs
    if reported_in_answers:
        told = sum(1 for entry in reported if entry.fell)
        state = replace(state, falls_12m=max(0, state.falls_12m - told))
    entries = sorted([*history, *reported], key=lambda e: e.date)
    if plan.status == Plan.Status.ACTIVE:
        decision = progression.decide(state, entries, today)
        if decision.code == "advance" and plan_state.answers_of(plan).unanswered:
            decision = replace(
                decision,
                code="hold",
                reasons=(NEW_QUESTIONS,),
                new_state=state,
                todo=progression.TODO["hold"],
            )
    else:
        # No break and no dose change while paused: only what the new entries report, added to
        # the open causes with their own needs (§9.4). The paused state itself goes to the
        # rules: an "active" stand-in once let a long break's pause replace the stack, so a late
        # log after weeks away dropped a head strike's need for a physician.
        decision = progression.decide(state, [e for e in entries if e.is_new], today)
        if decision.code != "pause" or progression.only_still_paused(decision):
            decision = None
    if correction and decision is not None and not _stricter(decision):
        decision = None
    if decision is None:
        if correction:
            change = Change(kind=PlanEvent.Kind.CORRECTION, source=PlanEvent.Source.CLIENT)
        elif not extra:
            return RulesOutcome(None, "")
        else:
            change = Change(kind=PlanEvent.Kind.HOLD, source=PlanEvent.Source.RULES)
    else:
        # A new cause while paused joins the open ones with its own start (§9.4): a fall
        # added by a correction waits its own 48 hours from now (§9.5).
        change = change_for(
            plan,
            decision,
            has_coach=CoachLink.objects.has_coach(plan.client_id),
            source=PlanEvent.Source.RULES,
        )
    if extra:
        change = replace(change, values={**change.values, **extra})
    event = transition(plan, change, today=today, log=log, now=now)
    words = ""
    if event.kind == PlanEvent.Kind.HOLD and plan.status == Plan.Status.ACTIVE:
        # What moves the plan up next, from the input just read: the writer has set the dose
        # the decision kept (new_state), so a fresh read would give the same.
        after = decision.new_state if decision is not None else state
        words = progression.next_step_words(after, entries, today)
    return RulesOutcome(event, words)


def _stricter(decision: progression.Decision) -> bool:
    """A pause, a step back or a call for review: what a corrected log may still cause."""
    return decision.code in ("pause", "step_back") or decision.needs_review


# Answers saved before v2 leave the new questions unanswered: the plan does not move up until
# they are answered (domain v2); pauses and step-backs still apply at once.
NEW_QUESTIONS = Reason("new_questions", "S12")


def _log_fields(planned: PlannedSession, data: dict) -> dict:
    """The log's answers from the form's data: one mapping for a new log and a correction."""
    status = data["status"]
    minutes = data.get("minutes") or 0
    fall = bool(data.get("fall"))
    return {
        "status": status,
        "minutes": minutes,
        "backward_minutes": _backward(planned, minutes, status, data.get("backward_minutes")),
        "rpe": data.get("rpe"),
        "pain_during": data.get("pain_during"),
        "fall": fall,
        "fall_injury": fall and bool(data.get("fall_injury")),
        "fall_head_strike": fall and bool(data.get("fall_head_strike")),
        "near_fall": bool(data.get("near_fall")),
        "red_flag": bool(data.get("red_flag")),
        "health_changed": bool(data.get("health_changed")),
        "note": data.get("note", ""),
    }


def same_as_logged(log: SessionLog, data: dict) -> bool:
    """Whether a log's answers (`data`, as for record_log) are what `log` already holds: the
    same log sent twice, not a different one that the first log kept out."""
    fields = _log_fields(log.planned, data)
    return all(getattr(log, name) == value for name, value in fields.items())


def _backward(planned: PlannedSession, minutes: int, status: str, done: int | None) -> int:
    """Backward minutes from the time given; `done` (the one-tap log after a break, which is
    shorter than the stored plan) caps the estimate."""
    estimate = estimate_backward(planned, minutes, status)
    return estimate if done is None else min(estimate, done)


@transaction.atomic
def record_log(
    client: User,
    planned: PlannedSession,
    data: dict | None,
    today: date | None = None,
    now: datetime | None = None,
    *,
    as_planned: bool = False,
) -> LogResult:
    """Save a log for `planned` (once) and act on it. Raises LogRefused, saving nothing, when
    the session cannot be logged now. `today` is the client's local date.

    `as_planned` (the one-tap "I did it as planned", `data` None): the session as it was to be
    done, after a break the shorter one the break rule sets (§9.9), worked out under the lock
    from the same rules' input the decision then reads, so the input is read once."""
    now = now or timezone.now()
    today = today or client.local_today(now)
    plan = _locked_rules_plan(planned)
    planned = PlannedSession.objects.select_related("log").get(pk=planned.pk)
    existing = getattr(planned, "log", None)
    if existing is not None:
        # Already logged (double click, second tab, retry): keep the first, change nothing.
        return LogResult(existing, created=False, event=None, next_step="")
    problem = can_log(plan, planned)
    if problem:
        raise LogRefused(problem)
    inputs = None
    if as_planned:
        inputs = (plan_state.plan_state(plan, today), plan_state.history(plan, today))
        data = _as_planned(plan, planned, today, inputs)
    if data is None:
        raise ValueError("record_log needs the log's answers unless as_planned is set")
    fields = _log_fields(planned, data)
    fall = fields["fall"]
    try:
        with transaction.atomic():
            log = SessionLog.objects.create(
                planned=planned,
                client=client,
                date=planned.date,
                **fields,
                pain_next_morning=data.get("pain_next_morning"),
                morning_pain_at=now if data.get("pain_next_morning") is not None else None,
                logged_at=now,
                updated_at=now,
            )
    except IntegrityError:
        existing = SessionLog.objects.get(planned=planned)
        return LogResult(existing, created=False, event=None, next_step="")
    User.objects.records_changed(client.pk)
    # Every logged fall adds to falls_12m for the next plan change (domain §3 v2).
    extra = {"falls_logged": plan.falls_logged + 1} if fall else None
    if inputs is not None:
        # The input after this log, from the one read before it (None: read again).
        inputs = plan_state.with_new_log(inputs, planned, log, plan.decided_at, today)
    outcome = _decide_and_write(plan, today, now=now, log=log, extra=extra, inputs=inputs)
    client_changed_by(client.pk, outcome.event)
    return LogResult(log, created=True, event=outcome.event, next_step=outcome.next_step)


def _as_planned(
    plan: Plan,
    planned: PlannedSession,
    today: date,
    inputs: tuple[progression.PlanState, list[progression.LogEntry]],
) -> dict:
    """A one-tap log's answers: the session as it was to be done. Today's session of the
    active plan after time away is the shorter one the break rule sets, as Today showed it
    (plans/selectors/dose.py `break_view` and `session_to_do`, from the same rules)."""
    shown = planned
    if planned.date == today and planned.plan_id == plan.pk and plan.status == Plan.Status.ACTIVE:
        after_break, reasons = progression.break_dose(*inputs, today)
        if reasons and after_break.status != "paused":
            shown = plan_state.session_after_break(
                plan, planned, after_break.level, after_break.backward_minutes
            )
    return {
        "status": SessionLog.Status.DONE,
        "minutes": shown.total_minutes,
        # What was done: after a break, fewer backward minutes than the stored plan's.
        "backward_minutes": shown.backward_minutes,
    }


def morning_pain_day(today: date) -> date:
    """Next-morning pain is asked the morning after: only yesterday's log takes it."""
    return today - timedelta(days=1)


@transaction.atomic
def add_morning_pain(
    client: User, log: SessionLog, pain: int, now: datetime | None = None
) -> PlanEvent | None:
    """Add next-morning pain to yesterday's log, once; never overwritten."""
    now = now or timezone.now()
    today = client.local_today(now)
    if log.date != morning_pain_day(today):
        raise LogRefused(
            gettext("Next-morning pain can be added only on the morning after a session.")
        )
    plan = _locked_rules_plan(log.planned)
    updated = SessionLog.objects.filter(pk=log.pk, pain_next_morning__isnull=True).update(
        pain_next_morning=pain, morning_pain_at=now
    )
    if not updated:
        return None
    User.objects.records_changed(log.client_id)
    event = run_rules(plan, today, now=now, log=log)
    client_changed_by(log.client_id, event)
    return event


@transaction.atomic
def add_ratings(
    client: User, log: SessionLog, rpe: int | None, pain: int | None, now: datetime | None = None
) -> PlanEvent | None:
    """The two one-tap questions after "I did it as planned": effort and pain, each once.

    Without them the rules hold the plan (domain §3 v2), so they are asked at once.
    """
    now = now or timezone.now()
    today = client.local_today(now)
    if log.date != today:
        raise LogRefused(gettext("Effort and pain can be added on the day of the session."))
    plan = _locked_rules_plan(log.planned)
    fields = {}
    if rpe is not None:
        fields["rpe"] = rpe
    if pain is not None:
        fields["pain_during"] = pain
    if not fields:
        return None
    current = SessionLog.objects.select_for_update().get(pk=log.pk)
    fields = {k: v for k, v in fields.items() if getattr(current, k) is None}
    if not fields:
        return None
    SessionLog.objects.filter(pk=log.pk).update(**fields, updated_at=now)
    User.objects.records_changed(log.client_id)
    event = run_rules(plan, today, now=now, log=log)
    client_changed_by(log.client_id, event)
    return event


@transaction.atomic
def correct_log(
    client: User, log: SessionLog, data: dict, now: datetime | None = None
) -> PlanEvent | None:
    """Change what was logged, on the log's own day, and re-run the rules on it.

    The rules may make the plan stricter (a pain or a fall added now still pauses it), but a
    correction never lifts a pause nor moves a plan up: those decisions are dropped and a
    "correction" event records the change for the coach. Raises LogRefused, saving nothing.
    """
    now = now or timezone.now()
    today = client.local_today(now)
    if log.client_id != client.pk:
        raise LogRefused(_("This is not your log."))
    if log.date != today:
        raise LogRefused(_("A log can be changed only on the day of the session."))
    plan = _locked_rules_plan(log.planned)
    current = SessionLog.objects.select_for_update().select_related("planned").get(pk=log.pk)
    fields = _log_fields(current.planned, data)
    fall = fields["fall"]
    SessionLog.objects.filter(pk=log.pk).update(**fields, updated_at=now)
    User.objects.records_changed(client.pk)
    # A fall added now counts like any logged fall; one taken back is kept (the cautious side).
    extra = {"falls_logged": plan.falls_logged + 1} if fall and not current.fall else None
    event = run_rules(plan, today, now=now, log=log, extra=extra, correction=True)
    client_changed_by(client.pk, event)
    return event
