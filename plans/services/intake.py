"""From finished questionnaire answers to the client's next plan version.

Re-screening never clears a pause (domain §2f v2): while a plan is paused, the new version
keeps every open cause of the old pause, each with its own need and start, and adds the new
answers' own (§9.4). The only causes a new questionnaire lifts are the ones whose clearance
*is* a new questionnaire (after four weeks away, or a change in health). It also keeps what
the rules learned (§9.6): "needs review" (only a coach's change clears it), the step-backs of
the last four weeks (read across versions) and the logged falls (counted into falls_12m).
"""

from dataclasses import replace
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from coaching.models import CoachLink
from plans import engine, pauses, rules, said
from plans.models import FallReport, Plan, PlanEvent, Screening, SessionLog
from plans.screening import Answers, ScreeningResult, pause_need, screen
from plans.services import falls
from plans.services import state as plan_state
from plans.services.transitions import (
    PAUSED,
    Change,
    create_plan,
    pause_fields,
    reasons_as_json,
    transition,
)

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


def _carried_causes(old: Plan | None) -> tuple[pauses.PauseCause, ...]:
    """The old version's open pause causes that a new questionnaire does not lift."""
    if old is None or old.status not in PAUSED:
        return ()
    causes = pauses.open_only(plan_state.plan_causes(old))
    return tuple(c for c in causes if c.cause not in LIFTED_BY_RESCREEN)


def _supervised(client: User, old: Plan | None) -> frozenset[str]:
    """Supervision a coach confirmed carries over while that coach is still linked."""
    if old is None or not old.supervised_stages:
        return frozenset()
    linked = CoachLink.objects.has_coach(client)
    return frozenset(old.supervised_stages) if linked else frozenset()


def _status(result: ScreeningResult, old: Plan | None, today: date, now: datetime) -> dict:
    """The new version's status and pause: the old pause's open causes, each kept with its own
    need and start (clearances are dated against them), and the new answers' own cause."""
    carried = _carried_causes(old)
    new = _answer_causes(result, today, now)
    causes = pauses.merge_all(carried, new)
    if not causes:
        return {
            "status": Plan.Status.ACTIVE,
            "pause_needs": "",
            "pause_causes": [],
            "paused_for": "",
            "pause_reason": [],
            "paused_at": None,
            "paused_on": None,
        }
    # The pause's words as codes (plans.said): the old pause's, then the answers' own.
    words = list(old.pause_reason) if carried and old is not None else []
    words += [result.outcome_said] if new else []
    return {
        # An earlier pause carried over stays "paused" (§2f); the answers' own waits for its
        # first clearance.
        "status": Plan.Status.PAUSED if carried else Plan.Status.NEEDS_CLEARANCE,
        "pause_reason": said.unique(words),
        **pause_fields(causes, today=today, now=now),
    }


def _answer_causes(result: ScreeningResult, today: date, now: datetime) -> list[pauses.PauseCause]:
    """The answers' own pause causes. The outcome names the strongest; an illness is its own
    cause beside a review or a doctor's check, with its own 7 days (§9.4)."""
    causes = []
    need = pause_need(result.outcome)
    if need is not None and result.outcome != "paused_illness":
        causes.append(pauses.PauseCause("screening", need, today, now))
    unwell = any(flag.code == "acute_illness" for flag in result.flags)
    if unwell or result.outcome == "paused_illness":
        causes.append(pauses.PauseCause("illness", "self", today, now))
    return causes


def _learned(old: Plan | None) -> dict:
    """What the rules learned on the old version and a new questionnaire keeps (§9.6)."""
    if old is None or not old.needs_review:
        return {}
    return {"needs_review": True, "needs_review_reason": old.needs_review_reason}


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
    pause = _status(result, old, today, now)
    if old is not None:
        transition(
            old,
            Change(
                kind=PlanEvent.Kind.RESCREEN,
                source=PlanEvent.Source.CLIENT,
                reasons=({"code": "answered_again", "source": "S12"},),
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
        **pause,
        **_learned(old),
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
    reasons = ({"code": "new_plan", "source": "PD"},)
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


def current_plan(client: User, *, with_answers: bool = False) -> Plan | None:
    """The client's current plan; `with_answers` joins its screening (the answers behind it,
    state.answers_of) into the same query, for a page that reads them."""
    plans = Plan.objects.current().filter(client=client)
    if with_answers:
        plans = plans.select_related("screening")
    return plans.first()
