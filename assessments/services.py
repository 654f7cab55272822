"""Recording a functional test (domain §8), by the person or their linked coach in clinic.

`record_result` checks the values, saves the result and, when the reading is in the at-risk
range, asks the coach to look: it sets `needs_review` through the one writer
(services/transitions.py) and so writes a PlanEvent. A reading never moves the stage, but the
treadmill and the track ahead now wait for a coach's confirmation, as for HIGH (§9.13); every
later plan change reads the same results (state.tests_at_risk).
The chair stand is read with the age from the person's latest questionnaire.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from assessments import readings as assessments
from assessments.models import AssessmentResult
from assessments.readings import number_words
from coaching.models import CoachLink
from plans import engine
from plans.models import Plan, PlanEvent, Screening
from plans.said import said
from plans.services import state as plan_state
from plans.services.errors import PlanError
from plans.services.transitions import Change, locked_plan, transition
from plans.signals import client_changed_by

# How far back a result may be dated: a stopwatch time from an old clinic visit is fine.
OLDEST_DAYS = 366
# Today and the plan page offer the tests again after this long.
REPEAT_DAYS = 28


class ResultRefused(PlanError):
    """The values cannot be a real result; nothing was saved. `field` names the bad one."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Recorded:
    result: AssessmentResult
    reading: assessments.Reading
    event: PlanEvent | None  # the needs_review event, when the reading asked for one


def _seconds(value, field: str) -> Decimal:
    try:
        seconds = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, TypeError, ValueError):
        raise ResultRefused(_("Type the time in seconds, for example 6.4."), field) from None
    if seconds < assessments.MIN_SECONDS:
        raise ResultRefused(_("The time must be more than half a second."), field)
    if seconds > assessments.MAX_SECONDS:
        raise ResultRefused(
            _("The time must be %(most)s seconds or less. Please check it.")
            % {"most": assessments.MAX_SECONDS},
            field,
        )
    return seconds


def _whole(value, field: str, low: int, high: int, message: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ResultRefused(message, field) from None
    if not low <= number <= high or str(value).strip() not in (str(number), f"{number}.0"):
        raise ResultRefused(message, field)
    return number


def clean_values(kind: str, values: dict) -> dict:
    """The values as stored: checked, rounded, only the keys the test uses."""
    if kind in (assessments.BACKWARD_WALK, assessments.TUG):
        walks = [w for w in values.get("walks", [values.get("seconds")]) if w not in (None, "")]
        if not walks:
            raise ResultRefused(_("Type the time in seconds."), "seconds")
        times = [_seconds(w, "seconds") for w in walks[:2]]
        cleaned: dict[str, Any] = {"seconds": str(assessments.faster(times))}
        if kind == assessments.BACKWARD_WALK:
            cleaned["walks"] = [str(t) for t in times]
        return cleaned
    if kind == assessments.CHAIR_STAND:
        stands = _whole(
            values.get("stands"),
            "stands",
            0,
            assessments.MAX_STANDS,
            _("Type the number of full stands, from 0 to %(most)s.")
            % {"most": assessments.MAX_STANDS},
        )
        if values.get("used_hands"):
            stands = 0  # S11: pushing up with the hands scores 0
        age = values.get("age")
        if age not in (None, ""):
            age = _whole(age, "age", 18, 120, _("Type an age from 18 to 120, or leave it empty."))
        sex = values.get("sex") or assessments.NOT_SAID
        if sex not in assessments.SEXES:
            raise ResultRefused(_("Choose woman, man, or prefer not to say."), "sex")
        return {
            "stands": stands,
            "age": age if age not in (None, "") else None,
            "sex": sex,
            "used_hands": bool(values.get("used_hands")),
        }
    if kind == assessments.BALANCE:
        held = list(values.get("held") or [])
        if len(held) != len(assessments.STANCES):
            raise ResultRefused(_("Type how long each of the four stances was held."), "held")
        seconds_held: list[str] = []
        for index, seconds in enumerate(held):
            field = f"stance_{index + 1}"
            if seconds in (None, ""):
                seconds = 0  # not tried: the test stops at the first stance not held
            try:
                number = Decimal(str(seconds)).quantize(Decimal("0.1"))
            except (InvalidOperation, ValueError):
                raise ResultRefused(_("Type seconds from 0 to 10."), field) from None
            if not 0 <= number <= assessments.STANCE_SECONDS:
                raise ResultRefused(_("Type seconds from 0 to 10."), field)
            seconds_held.append(str(number))
        return {"held": seconds_held}
    raise ResultRefused(_("There is no such test."), "kind")


def questionnaire_age(client: User) -> int | None:
    """The age the person gave in their latest questionnaire; None before they answered."""
    answers = (
        Screening.objects.filter(client=client)
        .order_by("-created_at", "-pk")
        .values_list("answers", flat=True)
        .first()
    )
    return (answers or {}).get("age")


def may_record(by: User, client: User) -> bool:
    """The person themself, or their linked coach (in clinic)."""
    if by.pk == client.pk:
        return not client.is_coach
    return by.is_coach and CoachLink.objects.coaches(by, client)


def record_result(
    client: User,
    kind: str,
    values: dict,
    *,
    by: User,
    today: date,
    taken_on: date | None = None,
    now: datetime | None = None,
) -> Recorded:
    """Check and save one result; flag the plan for review when the reading is at risk.

    Raises ResultRefused (nothing saved) for values that cannot be real, a date in the future
    or long ago, or someone who may not record for this person.
    """
    if not may_record(by, client):
        raise ResultRefused(_("Only the person or their coach can record this test."))
    if kind not in assessments.KINDS:
        raise ResultRefused(_("There is no such test."), "kind")
    taken_on = taken_on or today
    if taken_on > today:
        raise ResultRefused(_("The date cannot be in the future."), "taken_on")
    if taken_on < today - timedelta(days=OLDEST_DAYS):
        raise ResultRefused(_("The date must be within the last year."), "taken_on")
    if kind == assessments.CHAIR_STAND:
        values = {**values, "age": questionnaire_age(client)}
    cleaned = clean_values(kind, values)
    reading = assessments.reading_for(kind, cleaned)
    now = now or timezone.now()
    with transaction.atomic():
        result = AssessmentResult.objects.create(
            client=client,
            kind=kind,
            taken_on=taken_on,
            value=assessments.main_value(kind, cleaned),
            values=cleaned,
            reading=reading.code,
            recorded_by=by,
            created_at=now,
        )
        event = _ask_for_review(client, result, reading, by=by, today=today, now=now)
        # The dashboard's walk-test column reads the latest result.
        client_changed_by(client.pk, event)
    return Recorded(result, reading, event)


def _ask_for_review(client, result, reading, *, by, today, now) -> PlanEvent | None:
    if not reading.at_risk:
        return None
    plan_id = Plan.objects.current().filter(client=client).values_list("pk", flat=True).first()
    if plan_id is None:
        return None
    plan = locked_plan(plan_id)
    # Stored as a code with the day and the number (assessments.words says it).
    words = said(f"test_{result.kind}", day=result.taken_on.isoformat(), value=_value(result))
    values = {}
    if not plan.needs_review:
        values = {"needs_review": True, "needs_review_reason": [words]}
    reasons = [{**words, "source": reading.source}]
    ahead = _supervised_stages_ahead(plan)
    if ahead is not None:
        values |= ahead[0]
        reasons.append(ahead[1])
    source = PlanEvent.Source.CLIENT if by.pk == client.pk else PlanEvent.Source.COACH
    return transition(
        plan,
        Change(
            kind=PlanEvent.Kind.NEEDS_REVIEW,
            source=source,
            reasons=tuple(reasons),
            values=values,
        ),
        today=today,
        by=by,
        now=now,
    )


def _supervised_stages_ahead(plan: Plan) -> tuple[dict, dict] | None:
    """The stages ahead that now wait for a coach's confirmation (§9.13): taken out of the
    plan's path, so progression cannot move the person onto them alone. The stage walked now
    stays: a test never moves a stage by itself; the next plan change that rebuilds the
    stages (routine, re-screen, recheck) applies the rule to it too."""
    usable, skipped = engine.usable_stages(
        plan_state.answers_of(plan),
        plan.tier,
        frozenset(plan.supervised_stages),
        tests_at_risk=True,
    )
    removed = [s for s in plan.stages if s not in usable and s != plan.stage]
    if not removed:
        return None
    values = {
        "stages": [s for s in plan.stages if s not in removed],
        "skipped": {**plan.skipped, **{s: skipped[s] for s in removed}},
    }
    reason = {"code": "test_supervision", "source": "PD", "params": {"stages": removed}}
    return values, reason


def _value(result: AssessmentResult) -> str | int:
    if result.kind == assessments.CHAIR_STAND:
        return int(result.value)
    return number_words(result.value)


def value_words(result: AssessmentResult) -> str:
    if result.kind == assessments.CHAIR_STAND:
        return _("%(count)s stands") % {"count": int(result.value)}
    if result.kind == assessments.BALANCE:
        return _("tandem stance held %(seconds)s s") % {"seconds": number_words(result.value)}
    return _("%(seconds)s s") % {"seconds": number_words(result.value)}
