"""The person changes their routine (days, minutes, places) without the health questions.

The rules are the intake's own, called here, not copied: the stages come from
`engine.usable_stages` (with the stages a coach confirmed), "somewhere steady to start" is the
screening's rule 4 (`screening.needs_support`), and the dose is refitted to the new time by
`engine.refit`. What this change decides for itself:

- The stage and level are kept. If the current stage's place is gone, the plan moves to the
  nearest EARLIER stage still available, at the same level (as "one stage down" does); never
  up, which would skip progression. With no earlier stage, or nothing steady left to start
  from, the change is refused (RoutineRefused) and nothing is saved.
- Backward minutes are capped so a session fits the new time (§1 v2: never longer than the
  minutes given); more time never raises them: only progression does that (§1, ≤10 %/week).
  Less time than the shortest safe session is refused (RoutineNeedsMoreTime, v3 §9.12), as
  the questionnaire's last step refuses it.
- A paused or waiting plan may change its routine; the pause stays (§2f: only its own
  clearance lifts it).
- Sessions follow from tomorrow (transitions' default); today's and every logged one stay.
  No 7 days in a row get more sessions than the plan's sessions a week (§9.10): in the first
  week of the new days, those that would go over are left out, and the event says which.
- The plan's screening keeps the new answers, so a later questionnaire starts from them.
- The tier is kept: none of these answers sets it, and a tier moved by logged falls is
  recomputed when that fall's pause is cleared (plans.services.clearances).
- "Why this plan" (Plan.reasons) says the routine sentences again (sessions a week, fitting the
  time: `engine.routine_reasons`); the rest reads as it did when the plan was made.
"""

import copy
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from plans import engine, rules
from plans.models import Plan, PlanEvent, QuestionnaireDraft, Screening, Stage
from plans.screening import Answers, minutes_needed, needs_support
from plans.services import schedule
from plans.services import state as plan_state
from plans.services.errors import PlanError
from plans.services.transitions import Change, locked_current_plan, reasons_as_json, transition

# The answers a routine change may set; every other answer stays as screened.
PLACE_KEYS = ("access_pool", "access_handrail", "access_treadmill", "access_track")
PLACE_ANSWERS = (*PLACE_KEYS, "helper_available")
ROUTINE_KEYS = (*PLACE_ANSWERS, "days", "minutes")


class RoutineRefused(PlanError):
    """The new routine would leave the plan nowhere safe to walk; nothing was saved."""


class RoutineNeedsMoreTime(RoutineRefused):
    """v3 §9.12: the shortest safe session is longer than the minutes given; nothing saved."""

    field = "minutes"


class RoutineUnchanged(PlanError):
    """The routine given is the one the plan already has."""


def routine_answers(answers: Mapping) -> dict:
    """The routine part of a screening's answers (days, minutes, places), in one form: days
    in week order, places True or False (an unanswered helper question reads as no)."""
    chosen = set(answers.get("days") or ())
    routine: dict[str, Any] = {key: bool(answers.get(key)) for key in PLACE_ANSWERS}
    routine["days"] = [day for day in rules.WEEKDAYS if day in chosen]
    routine["minutes"] = answers.get("minutes")
    return routine


def _new_answers(
    answers: Answers, days: Iterable[str], minutes: int, places: Mapping[str, bool]
) -> Answers:
    unknown = set(places) - set(PLACE_ANSWERS)
    if unknown:
        raise ValueError(f"Not a place: {sorted(unknown)}")
    chosen = set(days)
    values: dict[str, Any] = {key: bool(places.get(key, False)) for key in PLACE_ANSWERS}
    values["days"] = tuple(day for day in rules.WEEKDAYS if day in chosen)
    values["minutes"] = minutes
    # The rules' own validation (days, minutes range) on the whole new set of answers.
    Answers.from_dict({**answers.to_dict(), **values})
    return replace(answers, **values)


def routine_values(plan: Plan, answers: Answers, starts: date) -> tuple[dict, list[dict]]:
    """The plan fields the new routine sets, and why each move happened; raises RoutineRefused.

    `answers` are the plan's answers (falls logged included) with the new routine in them;
    `starts` is the first day the new routine applies (a moved stage starts then).
    """
    tier = plan.tier
    supervised = frozenset(plan.supervised_stages)
    tests_at_risk = plan_state.tests_at_risk(plan.client_id, starts)
    stages, skipped = engine.usable_stages(answers, tier, supervised, tests_at_risk=tests_at_risk)
    stage: str | None = plan.stage
    reasons: list[dict] = []
    if stage not in stages:
        stage = plan_state.nearest_easier_stage(stages, plan.stage)
        if stage is None:
            raise RoutineRefused(
                _(
                    "Without that place there is no easier stage for you to walk on than "
                    "the %(stage)s stage you are on now. Please keep that place in your list, "
                    "or ask your coach."
                )
                % {"stage": Stage(plan.stage).label.lower()}
            )
        reasons.append(
            {"code": "routine_stage", "source": "PD", "params": {"old": plan.stage, "new": stage}}
        )
    if needs_support(answers, tier, supervised, tests_at_risk=tests_at_risk):
        raise RoutineRefused(
            _(
                "With these places there is nowhere steady left to fall back on, such as a "
                "pool or a fixed rail. Please keep one of them in your list, or ask your coach."
            )
        )
    needed = minutes_needed(answers, tier)
    if needed is not None:
        raise RoutineNeedsMoreTime(
            _(
                "A safe session for you takes at least %(needed)s minutes: a short warm-up, 3 "
                "minutes of backward walking with its rests, and a short cool-down. Please give "
                "%(needed)s minutes or more."
            )
            % {"needed": needed}
        )
    before = replace(
        plan_state.prescription_for(plan),
        stages=stages,
        days=answers.days,
        sessions_per_week=engine.sessions_per_week(tier, answers.days),
        minutes_available=answers.minutes,
        seated_rest=engine.needs_seated_rest(answers, tier),
    )
    after = engine.refit(before, stage, plan.level, plan.backward_minutes)
    if after.backward_minutes < plan.backward_minutes:
        reasons.append(
            {
                "code": "routine_minutes",
                "source": "PD",
                "params": {"minutes": after.backward_minutes},
            }
        )
    moved = stage != plan.stage
    opening = engine.session_for(after, starts)
    values = {
        "days": list(answers.days),
        "minutes_available": answers.minutes,
        "treadmill_supervised": bool(answers.helper_available),
        "stages": list(stages),
        "skipped": dict(skipped),
        "stage": stage,
        "backward_minutes": after.backward_minutes,
        "speed_kmh": None if after.speed_kmh is None else Decimal(str(after.speed_kmh)),
        "level_started": max(starts, plan.start_date) if moved else plan.level_started,
        "stage_started": max(starts, plan.start_date) if moved else plan.stage_started,
        "reasons": _why_with(
            plan.reasons, engine.routine_reasons(answers, after, opening, plan.backward_minutes)
        ),
    }
    return values, reasons


def _why_with(why: list[dict], routine: Iterable[rules.Reason]) -> list[dict]:
    """The plan's "why" with its routine sentences (sessions a week, fitting the time) said
    again for the new routine; every other sentence stays as the plan was made."""
    kept = [reason for reason in why if reason.get("code") not in engine.ROUTINE_REASON_CODES]
    return [*kept, *reasons_as_json(routine)]


def _summary(old: dict, new: dict) -> dict:
    """What the person changed, as the parameters of the "routine" code (plans.service_words
    says it: their days, their minutes, their places)."""
    params: dict = {}
    if old["days"] != new["days"]:
        params["days"] = list(new["days"])
    if old["minutes"] != new["minutes"]:
        params["minutes"] = new["minutes"]
    if any(bool(old[key]) != bool(new[key]) for key in PLACE_ANSWERS):
        params["places"] = True
    return params


def _ceiling_words(plan: Plan, values: dict, starts: date) -> list[dict]:
    """Why some of the new days have no session in their first week: sessions a week are a
    ceiling in any 7 days, the sessions already had or planned included (§9.10)."""
    preview = copy.copy(plan)
    for name, value in values.items():
        setattr(preview, name, value)
    held = schedule.held_back(preview, starts)
    if not held:
        return []
    per_week = engine.sessions_per_week(plan.tier, tuple(values["days"]))
    params = {"count": per_week, "days": [day.isoformat() for day in held]}
    return [{"code": "routine_ceiling", "source": "PD", "params": params}]


def change_routine(
    client: User,
    *,
    days: Iterable[str],
    minutes_available: int,
    places: Mapping[str, bool],
    today: date,
    row_version: int | None = None,
    now: datetime | None = None,
) -> PlanEvent:
    """Change the current plan's days, minutes and places; keeps stage, level and any pause.

    `places` maps PLACE_ANSWERS keys to True/False (a missing key is False). Raises
    RoutineRefused or RoutineUnchanged (PlanError), or PlanChanged when `row_version` is
    stale; nothing is saved then. Returns the one PlanEvent written.
    """
    now = now or timezone.now()
    with transaction.atomic():
        plan = locked_current_plan(client, row_version)
        answers = _new_answers(plan_state.answers_of(plan), days, minutes_available, places)
        old = routine_answers(plan.screening.answers)
        new = routine_answers(answers.to_dict())
        if old == new:
            raise RoutineUnchanged(
                _("These are already your days, minutes and places; nothing changed.")
            )
        starts = today + timedelta(days=1)
        values, moves = routine_values(plan, answers, starts)
        moves += _ceiling_words(plan, values, starts)
        summary = {"code": "routine", "source": "client", "params": _summary(old, new)}
        event = transition(
            plan,
            Change(
                kind=PlanEvent.Kind.ROUTINE,
                source=PlanEvent.Source.CLIENT,
                reasons=(summary, *moves),
                values=values,
            ),
            today=today,
            by=client,
            now=now,
        )
        _save_answers(plan, client, new)
        # Cached fragments show the week: their key moves in this same transaction.
        User.objects.records_changed(client.pk)
    return event


def _save_answers(plan: Plan, client: User, new: dict) -> None:
    """The routine answers onto the plan's screening (and a questionnaire under way), so the
    next questionnaire starts from them."""
    screening = plan.screening
    screening.answers = {**screening.answers, **new}
    Screening.objects.filter(pk=screening.pk).update(answers=screening.answers)
    draft = QuestionnaireDraft.objects.select_for_update().filter(client=client).first()
    if draft is not None:
        draft.answers = {**draft.answers, **new}
        draft.save(update_fields=["answers", "updated_at"])


__all__ = [
    "PLACE_ANSWERS",
    "RoutineNeedsMoreTime",
    "RoutineRefused",
    "RoutineUnchanged",
    "change_routine",
    "routine_answers",
    "routine_values",
]
