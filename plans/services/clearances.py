"""Lifting a pause: only its own clearance does (domain §2f v2, §9.4).

Ranks: the person's own re-check < their linked coach, or a physio's or doctor's review the
person records < a physician. A physician's clearance names the doctor and is not dated in the
future. A coach's clearance comes only from the linked coach's own side. A pause is a stack of
causes: a clearance closes each cause it can (its rank, the cause's wait, a date on or after
the day the cause began, or up to SCREENING_CLEARANCE_LOOKBACK_DAYS before the answers for the
questionnaire's own pause), and the plan restarts only when none is open. Those per-cause
rules are the rules' own (progression.resume, plans.pauses).
"""

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from backward_walk.formats import local_date
from coaching.models import CoachLink
from plans import engine, pauses, progression, rules
from plans.models import Plan, PlanEvent, Stage
from plans.said import sentences
from plans.screening import screen
from plans.services import state as plan_state
from plans.services import supervision
from plans.services.decisions import change_for
from plans.services.errors import ClearanceNotEnough
from plans.services.transitions import Change, locked_current_plan, reasons_as_json, transition

KINDS = ("self", "review", "coach", "physician")


@dataclass(frozen=True)
class Clearance:
    kind: str  # one of KINDS
    name: str = ""  # who cleared: the doctor or physio (physician, review)
    profession: str = ""  # review: physiotherapist, doctor...
    cleared_on: date | None = None  # physician, review
    confirmed_doctor: bool = False  # physician: the person confirms it was a doctor
    note: str = ""  # the person's or coach's own words, stored as typed
    # self: the person checked the re-check's list (pain settled, no warning sign, no fall)
    checked: bool = False


def _check_who(client: User, by: User, clearance: Clearance) -> None:
    kind = clearance.kind
    if kind not in KINDS:
        raise ClearanceNotEnough(_("Choose who cleared you."))
    if kind == "coach":
        if not _is_linked_coach(by, client):
            raise ClearanceNotEnough(
                _("Only your linked coach can give a coach's clearance, from their own page.")
            )
    elif by.pk != client.pk and not (kind == "physician" and _is_linked_coach(by, client)):
        raise ClearanceNotEnough(_("You can record a clearance only for yourself."))


def _is_linked_coach(by: User, client: User) -> bool:
    return by.is_coach and CoachLink.objects.coaches(by, client)


def _check_coach_date(plan: Plan, clearance: Clearance, today: date) -> None:
    """A coach's own clearance carries the date typed on their form: the same days are open
    to it as to any other (a physician's or a review's are checked with their details)."""
    day = clearance.cleared_on
    if clearance.kind in ("physician", "review") or day is None:
        return
    if day > today:
        raise ClearanceNotEnough(_("The date cannot be in the future."))
    began = plan.paused_on or plan.created_at.date()
    if day < began:
        raise ClearanceNotEnough(
            _(
                "The clearance must be dated on or after %(day)s, when the pause began. "
                "An older clearance does not cover what happened since."
            )
            % {"day": local_date(began, "LONG_DATE")}
        )


def _check_details(plan: Plan, clearance: Clearance, today: date) -> None:
    if clearance.kind not in ("physician", "review"):
        return
    if not clearance.name.strip():
        raise ClearanceNotEnough(_("Type the name of the person who cleared you."))
    if clearance.kind == "review" and not clearance.profession.strip():
        raise ClearanceNotEnough(_("Say whether they are a physiotherapist or a doctor."))
    if clearance.kind == "physician" and not clearance.confirmed_doctor:
        raise ClearanceNotEnough(_("Please confirm that a doctor cleared you."))
    day = clearance.cleared_on
    if day is None:
        raise ClearanceNotEnough(_("Type the date you were cleared."))
    if day > today:
        raise ClearanceNotEnough(_("The date cannot be in the future."))
    # How far back the date may go is each cause's own rule (plans.pauses).


def _check_rank(plan: Plan, kind: str) -> None:
    """A clearance below every open cause's need closes nothing: say who can give one."""
    causes = pauses.open_only(plan_state.plan_causes(plan))
    weakest = min((rules.CLEARANCE_RANK[c.needs] for c in causes), default=0)
    if rules.CLEARANCE_RANK[kind] >= weakest:
        return
    if weakest == rules.CLEARANCE_RANK["physician"]:
        raise ClearanceNotEnough(_("This pause can be lifted only by a doctor's clearance."))
    raise ClearanceNotEnough(
        _("This pause needs your coach, or a physiotherapist's or doctor's review.")
    )


def _tier_values(plan: Plan, today: date) -> dict:
    """After falls were logged, the tier and stages follow the updated answers (§3 v2)."""
    if not plan.falls_logged:
        return {}
    answers = plan_state.answers_of(plan)
    tier = screen(answers, clearance="physician").tier or plan.tier
    stages, skipped = engine.usable_stages(
        answers,
        tier,
        frozenset(plan.supervised_stages),
        tests_at_risk=plan_state.tests_at_risk(plan.client_id, today),
    )
    values = {"tier": tier, "stages": list(stages), "skipped": dict(skipped)}
    if stages and plan.stage not in stages:
        values["stage"] = plan_state.nearest_easier_stage(stages, plan.stage) or stages[0]
    return values


def _describe(clearance: Clearance, by: User) -> dict:
    """Who cleared, when and who recorded it, as a stored reason (plans.service_words says
    it in the reader's language)."""
    params: dict[str, Any] = {
        "kind": clearance.kind,
        "name": clearance.name.strip(),
        "profession": clearance.profession.strip(),
        "recorder": by.display_name or by.email,
    }
    if clearance.cleared_on:
        params["day"] = clearance.cleared_on.isoformat()
    if clearance.checked:
        params["checked"] = True
    return {"code": "cleared_by", "source": "S12", "params": params}


def clear(
    client: User,
    clearance: Clearance,
    *,
    by: User,
    today: date | None = None,
    now: datetime | None = None,
) -> Plan:
    """Lift the client's pause with this clearance, or raise ClearanceNotEnough (nothing saved)."""
    now = now or timezone.now()
    today = today or client.local_today(now)
    _check_who(client, by, clearance)
    with transaction.atomic():
        plan = locked_current_plan(client)
        if plan.status == Plan.Status.ACTIVE:
            raise ClearanceNotEnough(_("Your plan is not paused."))
        if plan.rescreen_due:
            raise ClearanceNotEnough(
                _("Please answer the health questions again: that is what lifts this pause.")
            )
        _check_details(plan, clearance, today)
        _check_coach_date(plan, clearance, today)
        _check_rank(plan, clearance.kind)
        if not supervision.stage_confirmed(plan):
            raise ClearanceNotEnough(
                _(
                    "The %(stage)s stage needs someone trained with you every time. A coach "
                    "must confirm that first, from their page."
                )
                % {"stage": str(Stage(plan.stage).label).lower()}
            )
        source = PlanEvent.Source.COACH if by.is_coach else PlanEvent.Source.CLIENT
        note = clearance.note.strip()
        state = plan_state.plan_state(plan, today)
        decision = progression.resume(state, clearance.kind, today, now, clearance.cleared_on)
        if decision.code == "resume" and plan.status == Plan.Status.NEEDS_CLEARANCE:
            change = _start(plan, today, source)
        elif decision.code == "resume":
            change = change_for(plan, decision, has_coach=False, source=source)
            change = Change(
                kind=PlanEvent.Kind.RESUME,
                source=source,
                reasons=change.reasons,
                values={**change.values, **_tier_values(plan, today)},
            )
        elif decision.new_state.causes != state.causes:
            change = _closed_some(decision, source)
        else:
            raise ClearanceNotEnough(sentences(*(r.message for r in decision.reasons)))
        _record_on_screening(plan, clearance, by)
        change = replace(change, reasons=(*change.reasons, _describe(clearance, by)))
        transition(plan, change, today=today, by=by, note=note, now=now)
    return plan


def _closed_some(decision: progression.Decision, source: str) -> Change:
    """The clearance closed some causes; the plan waits for the others (§9.4)."""
    return Change(
        kind=PlanEvent.Kind.CLEARANCE,
        source=source,
        reasons=reasons_as_json(decision.reasons),
        values={"pause_causes": decision.new_state.causes},
    )


def _start(plan: Plan, today: date, source: str) -> Change:
    """A plan that never started: it starts today, at the dose it was built with."""
    return Change(
        kind=PlanEvent.Kind.CLEARANCE,
        source=source,
        reasons=({"code": "cleared", "source": "S12"},),
        values={
            "status": Plan.Status.ACTIVE,
            "start_date": today,
            "level_started": today,
            "stage_started": today,
        },
        schedule_from=today,
    )


def _record_on_screening(plan: Plan, clearance: Clearance, by: User) -> None:
    screening = plan.screening
    screening.clearance = clearance.kind
    screening.cleared_by = clearance.name.strip()[:120]
    screening.cleared_profession = clearance.profession.strip()[:60]
    screening.cleared_on = clearance.cleared_on
    screening.clearance_recorded_by = by
    screening.save(
        update_fields=[
            "clearance",
            "cleared_by",
            "cleared_profession",
            "cleared_on",
            "clearance_recorded_by",
        ]
    )
