"""Creating a plan from answers, clearing a pause, and writing out its weeks.

The rules live in plans.screening / plans.engine; this module only moves their results in
and out of the database, inside transactions.
"""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from plans import engine, rules
from plans.models import Plan, PlanEvent, PlannedSession, Screening, User
from plans.progress import monday_of
from plans.screening import Answers, screen
from plans.services import state as plan_state

# How far ahead planned sessions are written: this week and the next.
WEEKS_AHEAD = 2
PAUSE_NEEDS_FOR_OUTCOME = {
    "paused_physician": Plan.PauseNeeds.PHYSICIAN,
    "paused_review": Plan.PauseNeeds.COACH,
}


class ClearanceNotEnough(Exception):
    """The clearance given cannot lift this pause; the message says who can."""


def reasons_as_json(reasons) -> list[dict]:
    return [{"code": r.code, "message": r.message, "source": r.source} for r in reasons]


def current_plan(client: User) -> Plan | None:
    return Plan.objects.filter(client=client).exclude(status=Plan.Status.ENDED).first()


def _save_screening(client: User, answers: Answers, result) -> Screening:
    return Screening.objects.create(
        client=client,
        answers=answers.to_dict(),
        rules_version=rules.RULES_VERSION,
        outcome=result.outcome,
        tier=result.tier or "",
        steadi_score=result.steadi_score,
        abc6=result.abc6,
        flags=reasons_as_json(result.flags),
    )


@transaction.atomic
def start_plan(client: User, answers: dict, today: date) -> Plan | None:
    """Screen the answers and make the client's next plan version; ends the current one.

    Returns None (after keeping the screening) when no plan fits. Raises ValueError, naming
    each bad key, when the answers are incomplete.
    """
    parsed = Answers.from_dict(answers)
    result = screen(parsed)
    # Lock the client's row so two finishing submits make one version, not two.
    User.objects.select_for_update().filter(pk=client.pk).first()
    screening = _save_screening(client, parsed, result)
    Plan.objects.filter(client=client).exclude(status=Plan.Status.ENDED).update(
        status=Plan.Status.ENDED, ended_at=timezone.now(), row_version=F("row_version") + 1
    )
    draft = engine.build_plan(parsed, result, today)
    if draft is None:
        return None
    last_version = Plan.objects.filter(client=client).aggregate(v=Max("version"))["v"] or 0
    prescription = draft.prescription
    plan = Plan.objects.create(
        client=client,
        screening=screening,
        version=last_version + 1,
        status=Plan.Status.ACTIVE if result.outcome == "ready" else Plan.Status.NEEDS_CLEARANCE,
        pause_needs=PAUSE_NEEDS_FOR_OUTCOME.get(result.outcome, Plan.PauseNeeds.NONE),
        tier=draft.tier,
        stages=list(draft.stages),
        skipped=dict(draft.skipped),
        reasons=reasons_as_json(draft.reasons),
        days=list(parsed.days),
        minutes_available=parsed.minutes,
        treadmill_supervised=False,  # v2: only a linked coach confirms supervision
        stage=draft.start_stage,
        level=prescription.level,
        backward_minutes=prescription.backward_minutes,
        speed_kmh=prescription.speed_kmh,
        start_date=today,
        level_started=today,
        stage_started=today,
        # "Usual" next-morning pain is the pain the person reported at rest when screened.
        usual_morning_pain=parsed.pain_now,
        rules_version=rules.RULES_VERSION,
    )
    write_weeks(plan, today)
    return plan


def write_weeks(plan: Plan, today: date, *, replace_future: bool = False) -> int:
    """Write planned sessions through next week from the plan's current state.

    Weeks skipped while nobody opened the app are written too (those sessions count as
    missed). With replace_future, sessions after today that nobody logged are rewritten
    first, so a changed dose shows from tomorrow on. Returns how many sessions were written.
    """
    if replace_future:
        plan.sessions.filter(date__gt=today, log__isnull=True).delete()
    first_week = monday_of(today)
    if plan.written_through and not replace_future:
        first_week = min(first_week, monday_of(plan.written_through + timedelta(days=1)))
    horizon = monday_of(today) + timedelta(weeks=WEEKS_AHEAD)
    prescription = plan_state.prescription_for(plan)
    existing = set(plan.sessions.filter(date__gte=first_week).values_list("date", flat=True))
    not_before = max(plan.start_date, today) if replace_future else plan.start_date
    rows = []
    week_start = first_week
    while week_start < horizon:
        for session in engine.week_for(prescription, week_start, not_before=not_before).sessions:
            if session.date not in existing:
                rows.append(PlannedSession(plan=plan, **plan_state.session_fields(session)))
        week_start += timedelta(weeks=1)
    PlannedSession.objects.bulk_create(rows, ignore_conflicts=True)
    plan.written_through = horizon - timedelta(days=1)
    plan.save(update_fields=["written_through"])
    return len(rows)


def ensure_weeks(plan: Plan, today: date) -> None:
    """Called by pages: writes next week's sessions once this week has begun. One query
    when nothing is missing."""
    if plan.status == Plan.Status.ENDED:
        return
    horizon = monday_of(today) + timedelta(weeks=WEEKS_AHEAD) - timedelta(days=1)
    if plan.written_through is None or plan.written_through < horizon:
        write_weeks(plan, today)


@transaction.atomic
def record_clearance(
    client: User, kind: str, cleared_by: str, cleared_on: date, recorded_by: User
) -> Plan:
    """Record that a physician (or a coach, for a review pause) cleared the client."""
    plan = (
        Plan.objects.select_for_update()
        .select_related("screening")
        .filter(client=client)
        .exclude(status=Plan.Status.ENDED)
        .first()
    )
    if plan is None or plan.status == Plan.Status.ACTIVE:
        raise ClearanceNotEnough("There is no paused plan to clear.")
    today = client.local_today()
    screening = plan.screening
    if plan.status == Plan.Status.NEEDS_CLEARANCE:
        result = screen(Answers.from_dict(screening.answers), clearance=kind)
        if result.outcome != "ready":
            raise ClearanceNotEnough(_who_can_clear(plan.pause_needs))
        screening.clearance, screening.cleared_by, screening.cleared_on = (
            kind,
            cleared_by,
            cleared_on,
        )
        screening.clearance_recorded_by = recorded_by
        screening.save(
            update_fields=["clearance", "cleared_by", "cleared_on", "clearance_recorded_by"]
        )
        before = plan_state.snapshot(plan)
        plan.status, plan.pause_needs = Plan.Status.ACTIVE, Plan.PauseNeeds.NONE
        plan.start_date = plan.level_started = plan.stage_started = today
        plan.row_version += 1
        plan.save(
            update_fields=[
                "status",
                "pause_needs",
                "start_date",
                "level_started",
                "stage_started",
                "row_version",
            ]
        )
        PlanEvent.objects.create(
            plan=plan,
            kind=PlanEvent.Kind.CLEARANCE,
            source=PlanEvent.Source.COACH if recorded_by.is_coach else PlanEvent.Source.CLIENT,
            made_by=recorded_by,
            effective_on=today,
            note=f"Cleared by {cleared_by} ({kind}) on {cleared_on:%d %b %Y}.",
            before=before,
            after=plan_state.snapshot(plan),
        )
        write_weeks(plan, today, replace_future=True)
        return plan
    # A plan paused by a log (pain, a fall): resume one level down.
    from plans.services.logging import resume_plan

    return resume_plan(plan, clearance=kind, by=recorded_by, today=today, note=cleared_by)


def _who_can_clear(pause_needs: str) -> str:
    if pause_needs == Plan.PauseNeeds.PHYSICIAN:
        return "This pause needs a physician's clearance; a coach's cannot lift it."
    return "This pause needs a coach or physio to look at your answers first."


__all__ = [
    "ClearanceNotEnough",
    "current_plan",
    "ensure_weeks",
    "record_clearance",
    "start_plan",
    "write_weeks",
]
