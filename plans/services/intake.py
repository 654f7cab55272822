"""From finished questionnaire answers to the client's next plan version.

Re-screening never clears a pause (domain §2f v2): while a plan is paused, the new version is
paused with the stronger of the two needs, and keeps the day the pause began. The only pauses
a new questionnaire lifts are the ones whose clearance *is* a new questionnaire (after four
weeks away, or a change in health).
"""

from dataclasses import replace
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from plans import engine, rules
from plans.models import CoachLink, FallReport, Plan, PlanEvent, Screening, SessionLog, User
from plans.screening import Answers, ScreeningResult, pause_need, screen
from plans.services import falls
from plans.services import state as plan_state
from plans.services.decisions import stronger
from plans.services.transitions import PAUSED, Change, create_plan, reasons_as_json, transition

# Pauses whose own clearance is answering the questions again.
LIFTED_BY_RESCREEN = ("long_break", "health_change")


def logged_falls(client: User, today: date) -> int:
    """Falls the person logged in the last 12 months, on any plan version, and the falls
    they told on their own (§9.7)."""
    since = today - timedelta(days=365)
    in_logs = SessionLog.objects.filter(client=client, fall=True, date__gt=since).count()
    first_moment = datetime.combine(since + timedelta(days=1), time.min, tzinfo=client.tz)
    told = FallReport.objects.filter(client=client, happened_at__gte=first_moment).count()
    return in_logs + told


def _save_screening(client: User, answers: Answers, result: ScreeningResult, now) -> Screening:
    return Screening.objects.create(
        client=client,
        answers=answers.to_dict(),
        rules_version=rules.RULES_VERSION,
        outcome=result.outcome,
        tier=result.tier or "",
        steadi_score=result.steadi_score,
        abc6=result.abc6,
        flags=list(reasons_as_json(result.flags)),
        created_at=now,
    )


def _carried_pause(old: Plan | None) -> Plan | None:
    """The old version's pause, if a new questionnaire does not lift it."""
    if old is None or old.status not in PAUSED:
        return None
    if old.paused_for in LIFTED_BY_RESCREEN and (old.pause_needs or "self") == "self":
        return None
    return old


def _supervised(client: User, old: Plan | None) -> frozenset[str]:
    """Supervision a coach confirmed carries over while that coach is still linked."""
    if old is None or not old.supervised_stages:
        return frozenset()
    linked = CoachLink.objects.has_coach(client)
    return frozenset(old.supervised_stages) if linked else frozenset()


def _status(result: ScreeningResult, carried: Plan | None, today: date, now: datetime) -> dict:
    need = pause_need(result.outcome)
    paused_for = {"paused_illness": "illness"}.get(result.outcome, "screening")
    values = {"paused_at": None, "paused_on": None, "pause_reason": "", "paused_for": ""}
    if need is None and carried is None:
        return {**values, "status": Plan.Status.ACTIVE, "pause_needs": ""}
    if carried is not None:
        old_need = carried.pause_needs or "self"
        need = stronger(old_need, need or "self")
        if need == old_need:
            paused_for = carried.paused_for
        return {
            "status": Plan.Status.PAUSED,
            "pause_needs": need,
            "paused_for": paused_for,
            "pause_reason": carried.pause_reason,
            # Clearances must be dated after the first pause began.
            "paused_at": carried.paused_at or now,
            "paused_on": carried.paused_on or today,
        }
    return {
        "status": Plan.Status.NEEDS_CLEARANCE,
        "pause_needs": {"coach": Plan.PauseNeeds.COACH}.get(need, need),
        "paused_for": paused_for,
        "pause_reason": result.message,
        "paused_at": now,
        "paused_on": today,
    }


@transaction.atomic
def start_plan(
    client: User, answers: dict, today: date, now: datetime | None = None
) -> Plan | None:
    """Screen the answers and make the client's next plan version; ends the current one.

    Returns None (after keeping the screening) when no plan fits. Raises ValueError, naming
    each bad key, when the answers are incomplete.
    """
    now = now or timezone.now()
    parsed = Answers.from_dict(answers)
    # Lock the client's row so two finishing submits make one version, not two.
    User.objects.select_for_update().filter(pk=client.pk).first()
    # Falls logged in the app count even if the answer forgot them (domain §3 v2).
    parsed = replace(parsed, falls_12m=max(parsed.falls_12m, logged_falls(client, today)))
    old_id = Plan.objects.current().filter(client=client).values_list("pk", flat=True).first()
    old = Plan.objects.select_for_update().get(pk=old_id) if old_id else None
    supervised = _supervised(client, old)
    # A functional test at risk brings HIGH's supervised-only stages (§9.13).
    tests_at_risk = plan_state.tests_at_risk(client.pk, today)
    # The same confirmed stages for both, or "needs support" and the plan could disagree.
    result = screen(parsed, supervised=supervised, tests_at_risk=tests_at_risk)
    screening = _save_screening(client, parsed, result, now)
    carried = _carried_pause(old)
    if old is not None:
        transition(
            old,
            Change(
                kind=PlanEvent.Kind.RESCREEN,
                source=PlanEvent.Source.CLIENT,
                reasons=(
                    {
                        "code": "rescreen",
                        "message": _(
                            "Health questions answered again; a new plan replaces this one."
                        ),
                        "source": "S12",
                    },
                ),
                values={"status": Plan.Status.ENDED, "ended_at": now},
            ),
            today=today,
            by=client,
            now=now,
        )
    draft = engine.build_plan(
        parsed, result, today, supervised=supervised, tests_at_risk=tests_at_risk
    )
    if draft is None:
        return None
    last_version = Plan.objects.filter(client=client).aggregate(v=Max("version"))["v"] or 0
    first = draft.prescription
    values = {
        "client": client,
        "screening": screening,
        "version": last_version + 1,
        **_status(result, carried, today, now),
        "tier": draft.tier,
        "stages": list(draft.stages),
        "skipped": dict(draft.skipped),
        "reasons": list(reasons_as_json(draft.reasons)),
        "days": list(parsed.days),
        "minutes_available": parsed.minutes,
        "treadmill_supervised": bool(parsed.helper_available),
        "supervised_stages": sorted(supervised),
        "stage": draft.start_stage,
        "level": first.level,
        "backward_minutes": first.backward_minutes,
        "speed_kmh": first.speed_kmh,
        "start_date": today,
        "level_started": today,
        "stage_started": today,
        "usual_morning_pain": parsed.pain_now,
        "rules_version": rules.RULES_VERSION,
    }
    reasons = ({"code": "new_plan", "message": _("A new plan from your answers."), "source": "PD"},)
    plan = create_plan(
        values, today=today, source=PlanEvent.Source.CLIENT, by=client, reasons=reasons, now=now
    )
    # A fall told while there was no plan pauses the new one as it would have (§9.7).
    falls.hand_over_told_falls(plan, today, now)
    return plan


def minutes_short(client: User, answers: dict, today: date) -> int | None:
    """v3 §9.12: the minutes the shortest safe session takes for these answers, when they give
    fewer; None when it fits (or no plan could start anyway). Read only: the questionnaire's
    last step asks for more time before anything is saved."""
    parsed = Answers.from_dict(answers)
    parsed = replace(parsed, falls_12m=max(parsed.falls_12m, logged_falls(client, today)))
    supervised = _supervised(client, current_plan(client))
    return screen(parsed, supervised=supervised).minutes_needed


def current_plan(client: User) -> Plan | None:
    return Plan.objects.current().filter(client=client).first()
