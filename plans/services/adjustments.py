"""A coach's changes to a client's plan, each through the one writer.

Every change is one transaction: the plan row is locked and its row_version checked first, so
a coach's change and a client's log at the same moment are applied one after the other and
neither is lost. Any change by the coach also clears the "needs review" flag: the review
happened. Clearances go through plans.services.clearances (the coach's side of it).
"""

from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from coaching.models import CoachLink
from plans import engine, rules
from plans.models import Plan, PlanEvent, PlannedSession
from plans.said import said
from plans.services import clearances
from plans.services import state as plan_state
from plans.services.errors import ClearanceNotEnough, CoachingError, PlanChanged
from plans.services.transitions import Change, locked_current_plan, transition

MIN_DOSE_MINUTES, MAX_DOSE_MINUTES = 3, 30
ADJUSTMENTS = (
    "stage_up",
    "stage_down",
    "dose",
    "pause",
    "resume",
    "clearance",
    "supervise",
    "speed",
)


@dataclass(frozen=True)
class Adjustment:
    """What the coach asked for; `kind` is one of ADJUSTMENTS."""

    kind: str
    reason: str
    row_version: int
    level: int | None = None
    backward_minutes: int | None = None
    cleared_by: str = ""
    cleared_on: date | None = None
    clearance: str = "physician"
    supervised_stages: tuple[str, ...] = ()  # supervise: every stage now supervised
    speed_kmh: Decimal | None = None  # speed: None clears the coach's speed


def _coach_event(kind: str, **params) -> tuple[dict, ...]:
    """The event's reason as stored: a code and its parameters (plans.service_words)."""
    reason = {"code": f"coach_{kind}", "source": "coach"}
    return ({**reason, "params": params} if params else reason,)


def adjust_plan(client: User, coach: User, change: Adjustment) -> Plan:
    """Apply one coach adjustment to the client's current plan; raises CoachingError.

    Nothing is written when it raises: the whole change is one transaction.
    """
    if change.kind not in ADJUSTMENTS:
        raise CoachingError(_("Unknown change."))
    reason = change.reason.strip()
    if not reason:
        raise CoachingError(_("Please give a reason; the client sees it with the change."))
    if not CoachLink.objects.coaches(coach, client):
        raise CoachingError(_("You can change plans only for your current clients."))
    today = client.local_today()
    with transaction.atomic():
        try:
            plan = locked_current_plan(client, change.row_version)
        except PlanChanged:
            raise
        except Exception as problem:  # no current plan
            raise CoachingError(_("This client has no current plan to change.")) from problem
        if change.kind in ("resume", "clearance"):
            return _clear(plan, client, coach, change, reason)
        if change.kind == "pause":
            built = _pause(plan, reason)
        else:
            if "adjust" not in plan.allowed_actions() and change.kind != "supervise":
                raise CoachingError(
                    _(
                        "This plan is waiting for a clearance; record the clearance before "
                        "changing it."
                    )
                )
            built = {
                "stage_up": lambda: _stage_move(plan, 1, today),
                "stage_down": lambda: _stage_move(plan, -1, today),
                "dose": lambda: _dose(plan, change, today),
                "supervise": lambda: _supervise(plan, change, today),
                "speed": lambda: _speed(plan, change, client.speed_unit),
            }[change.kind]()
        if plan.needs_review:
            built = Change(
                kind=built.kind,
                source=built.source,
                reasons=built.reasons,
                values={**built.values, "needs_review": False, "needs_review_reason": ""},
            )
        if not _moves(plan, built):
            raise CoachingError(_("That is the plan as it is already; nothing to change."))
        transition(plan, built, today=today, by=coach, note=reason)
    return plan


def _moves(plan: Plan, change: Change) -> bool:
    ignored = {"usual_morning_pain", "level_started", "stage_started"}
    return any(
        getattr(plan, name) != value for name, value in change.values.items() if name not in ignored
    )


def applies_today(client: User, today: date) -> bool:
    """Whether a dose change reaches today's session: one is planned and not logged yet."""
    return PlannedSession.objects.filter(
        client=client, date=today, cancelled=False, log__isnull=True
    ).exists()


def _moved_values(
    plan: Plan, stage: str, level: int, minutes: int, today: date, starts: date | None = None
) -> dict:
    """The plan at a new stage / level / dose, fitted to the client's time, from `starts`
    (tomorrow unless said)."""
    fitted = engine.fitted_backward_minutes(plan.tier, level, minutes, plan.minutes_available)
    starts = starts or today + timedelta(days=1)
    state = replace(
        plan_state.plan_state(plan, today),
        stage=stage,
        level=level,
        backward_minutes=min(minutes, fitted),
        level_started=starts if (stage, level) != (plan.stage, plan.level) else plan.level_started,
        stage_started=starts if stage != plan.stage else plan.stage_started,
    )
    return plan_state.state_values(plan, state)


def _stage_move(plan: Plan, step: int, today: date) -> Change:
    stages = list(plan.stages)
    index = stages.index(plan.stage) if plan.stage in stages else 0
    target = index + step
    if not 0 <= target < len(stages):
        raise CoachingError(
            _("The client is already on the last stage their plan can use.")
            if step > 0
            else _("The client is already on the first stage their plan can use.")
        )
    stage = stages[target]
    if step > 0:
        level, minutes, kind = 1, rules.next_stage_minutes(plan.backward_minutes), "advance"
    else:
        level, minutes, kind = plan.level, plan.backward_minutes, "step_back"
    return Change(
        kind=kind,
        source=PlanEvent.Source.COACH,
        reasons=_coach_event(kind, stage=stage),
        values=_moved_values(plan, stage, level, minutes, today),
    )


def _dose(plan: Plan, change: Adjustment, today: date) -> Change:
    level, minutes = change.level, change.backward_minutes
    if level is None or not 1 <= level <= 4:
        raise CoachingError(_("Choose a level from 1 to 4."))
    if minutes is None or not MIN_DOSE_MINUTES <= minutes <= MAX_DOSE_MINUTES:
        raise CoachingError(
            _("Backward minutes must be from %(low)s to %(high)s.")
            % {"low": MIN_DOSE_MINUTES, "high": MAX_DOSE_MINUTES}
        )
    # Today's session takes the new dose while it is still unlogged; a logged one stays as
    # it was walked, and the change starts tomorrow.
    starts = today if applies_today(plan.client, today) else today + timedelta(days=1)
    values = _moved_values(plan, plan.stage, level, minutes, today, starts)
    # A session never runs longer than the minutes the client gave (domain §1 v2): the
    # coach's minutes are fitted to that time like the rules' own.
    return Change(
        kind=PlanEvent.Kind.ADJUST,
        source=PlanEvent.Source.COACH,
        reasons=_coach_event(
            "adjust", level=level, minutes=values["backward_minutes"], today=starts == today
        ),
        values=values,
        schedule_from=starts,
    )


def _pause(plan: Plan, reason: str) -> Change:
    if plan.status != Plan.Status.ACTIVE:
        raise CoachingError(_("The plan is not active, so it cannot be paused."))
    return Change(
        kind=PlanEvent.Kind.PAUSE,
        source=PlanEvent.Source.COACH,
        reasons=_coach_event("pause"),
        values={
            "status": Plan.Status.PAUSED,
            "pause_needs": Plan.PauseNeeds.COACH,
            # The coach's own words, as they typed them, inside the client's sentence.
            "pause_reason": [said("do.coach_paused", reason=reason)],
            "paused_for": "coach",
        },
    )


def _supervise(plan: Plan, change: Adjustment, today: date) -> Change:
    """The coach confirms which stages someone trained will attend; the plan is rebuilt from
    tomorrow with those stages in it (domain §1 v2)."""
    supervised = frozenset(change.supervised_stages)
    unknown = supervised - set(rules.STAGES)
    if unknown:
        raise CoachingError(_("Choose stages from the list."))
    answers = plan_state.answers_of(plan)
    tests_at_risk = plan_state.tests_at_risk(plan.client_id, today)
    stages, skipped = engine.usable_stages(
        answers, plan.tier, supervised, tests_at_risk=tests_at_risk
    )
    values = {
        "supervised_stages": sorted(supervised),
        "stages": list(stages),
        "skipped": dict(skipped),
    }
    if plan.stage not in stages:
        easier = plan_state.nearest_easier_stage(stages, plan.stage)
        if easier is None:
            raise CoachingError(_("The client would have no stage left to walk on."))
        values.update(_moved_values(plan, easier, 4, plan.backward_minutes, today))
    return Change(
        kind=PlanEvent.Kind.SUPERVISED,
        source=PlanEvent.Source.COACH,
        reasons=_coach_event("supervised", stages=sorted(supervised, key=rules.STAGES.index)),
        values=values,
    )


def _speed(plan: Plan, change: Adjustment, unit: str) -> Change:
    """`unit` is the client's: the history line is written for them to read."""
    speed = change.speed_kmh
    if speed is None:
        default = (
            engine.treadmill_speed(plan.tier, plan.level) if plan.stage == "treadmill" else None
        )
        values = {
            "speed_locked": False,
            "speed_kmh": None if default is None else Decimal(str(default)),
        }
        params = {}
    else:
        if plan.stage != "treadmill":
            raise CoachingError(
                _("Set a treadmill speed once the client is on the treadmill stage.")
            )
        low, high = rules.COACH_SPEED_MIN_KMH, rules.COACH_SPEED_MAX_KMH
        if not Decimal(str(low)) <= speed <= Decimal(str(high)):
            raise CoachingError(
                _("Choose a speed from %(low)s to %(high)s km/h.") % {"low": low, "high": high}
            )
        values = {"speed_locked": True, "speed_kmh": speed.quantize(Decimal("0.1"))}
        # The client's unit, as the history line is written for them to read.
        params = {"speed_kmh": str(values["speed_kmh"]), "unit": unit}
    return Change(
        kind=PlanEvent.Kind.ADJUST,
        source=PlanEvent.Source.COACH,
        reasons=_coach_event("speed", **params),
        values=values,
    )


def _clear(plan: Plan, client: User, coach: User, change: Adjustment, reason: str) -> Plan:
    if change.kind == "resume":
        clearance = clearances.Clearance(kind="coach", note=reason)
    else:
        clearance = clearances.Clearance(
            kind=change.clearance if change.clearance in ("coach", "physician") else "physician",
            name=change.cleared_by,
            cleared_on=change.cleared_on,
            confirmed_doctor=True,
            note=reason,
        )
    try:
        return clearances.clear(client, clearance, by=coach, now=timezone.now())
    except ClearanceNotEnough as problem:
        raise CoachingError(str(problem)) from problem
