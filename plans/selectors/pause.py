"""What a paused plan is still waiting for, cause by cause (§9.4), for Today, the plan page and
the restart page. Reads only; the words follow the rules' own waits and clearances."""

from dataclasses import dataclass
from datetime import date, datetime

from accounts.models import User
from accounts.time_zones import clock_words
from backward_walk.formats import local_date
from plans import pauses
from plans.models import Plan, SessionLog
from plans.services import state as plan_state


@dataclass(frozen=True)
class OpenCause:
    code: str
    name: str  # "the fall"
    needs: str  # self, coach, review or physician
    opens: str  # while its own wait runs: when it ends, in words; "" otherwise
    clear_from: date | None  # a doctor's or physio's clearance is dated on or after this


@dataclass(frozen=True)
class PauseView:
    causes: tuple[OpenCause, ...]
    codes: frozenset[str]  # the open causes' codes
    needs: str  # the strongest need: which form the restart page shows
    started: bool  # the person has walked in the app: "again", not "before you start"
    # The person's own check-in: offered only once every wait is over; until then the day
    # and time it opens (§9.4: the page never offers a form it would refuse).
    can_check_in: bool
    check_in_opens: str
    doctor_from: date | None  # the date a doctor's clearance of every doctor's cause needs
    after_fall: bool  # a fall is part of this pause: the plan restarts one stage easier


def pause_view(plan: Plan, person: User, today: date, now: datetime) -> PauseView | None:
    """None unless the plan is paused or waiting for a clearance. One query while paused."""
    if plan.status not in (Plan.Status.PAUSED, Plan.Status.NEEDS_CLEARANCE):
        return None
    every = plan_state.plan_causes(plan)
    causes = pauses.open_only(every)
    shown = tuple(_open_cause(c, person, today, now) for c in sorted(causes, key=pauses.order))
    needs = pauses.strongest_need(causes) or "self"
    waiting = [c for c in causes if pauses.waiting(c, today, now)]
    last_wait = max(waiting, key=_wait_key, default=None)
    doctor_days = [pauses.earliest_clearance_day(c) for c in causes if c.needs == "physician"]
    return PauseView(
        causes=shown,
        codes=frozenset(c.cause for c in causes),
        needs=needs,
        started=SessionLog.objects.filter(
            client_id=plan.client_id, status__in=["done", "partial"]
        ).exists(),
        can_check_in=not waiting,
        check_in_opens=_when(last_wait, person) if last_wait else "",
        doctor_from=max((d for d in doctor_days if d), default=None),
        after_fall=any(c.cause == "fall" for c in every),
    )


def _open_cause(cause, person: User, today: date, now: datetime) -> OpenCause:
    return OpenCause(
        code=cause.cause,
        name=pauses.cause_name(cause),
        needs=cause.needs,
        opens=_when(cause, person) if pauses.waiting(cause, today, now) else "",
        clear_from=pauses.earliest_clearance_day(cause),
    )


def _wait_key(cause) -> tuple:
    """Waits in order of their end; a day's wait ends as that day starts."""
    ends = pauses.wait_ends(cause)
    if isinstance(ends, datetime):
        return (ends.date(), 1, ends.timestamp())
    return (ends, 0, 0.0)


def _when(cause, person: User) -> str:
    """When a cause's wait ends: "Friday 4 December, 10:00 (London time)" or a day."""
    ends = pauses.wait_ends(cause)
    if isinstance(ends, datetime):
        return clock_words(ends, person.time_zone, "WEEKDAY_DATE_TIME")
    return local_date(ends, "WEEKDAY_DATE") if ends else ""
