"""Why a plan is paused: a stack of causes, each lifted by its own clearance (domain §2f, §9.4).

Pure: no database and no clock (`today` and `now` are arguments). A pause has one or more open
causes: a fall, a warning sign, strong pain, a health change, a long break, an illness, the
questionnaire's answers, a coach's pause. Each needs its own clearance (its rank in
rules.CLEARANCE_RANK), and some also a wait (48 hours after an unhurt fall, 7 days after an
illness) or a new questionnaire. A clearance closes the causes it can; the plan restarts only
when none is left open. Closed causes stay in the stack until then, so the restart knows what
the pause was about (a fall restarts one stage easier).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from django.utils.translation import gettext, gettext_lazy

from plans import rules
from plans.rules import CLEARANCE_RANK, Reason, stronger_need
from plans.said import listed

# Why a plan is paused, most telling first: when causes stack, the first one names the pause.
PAUSE_CAUSES = (
    "fall",
    "red_flag",
    "health_change",
    "long_break",
    "illness",
    "pain",
    "screening",
)
# Pauses that only a new questionnaire lifts.
RESCREEN_CAUSES = ("health_change", "long_break")
# Each cause in a few words, to list what is still open.
CAUSE_NAMES = {
    "fall": gettext_lazy("the fall"),
    "red_flag": gettext_lazy("the warning sign"),
    "health_change": gettext_lazy("the change in your health"),
    "long_break": gettext_lazy("the long break"),
    "illness": gettext_lazy("the illness"),
    "pain": gettext_lazy("the strong pain"),
    "screening": gettext_lazy("the check your health answers need"),
    "coach": gettext_lazy("your coach's pause"),
}


@dataclass(frozen=True, slots=True)
class PauseCause:
    """One reason a plan is paused and the clearance it needs."""

    cause: str  # one of PAUSE_CAUSES, or a service's own code ("coach")
    needs: str  # a key of rules.CLEARANCE_RANK
    on: date | None = None  # the person's local day it began
    since: datetime | None = None  # the moment it began; the one writer stamps it when None
    cleared: str = ""  # the clearance that closed it; "" while open


def open_only(causes: Iterable[PauseCause]) -> tuple[PauseCause, ...]:
    return tuple(c for c in causes if not c.cleared)


def cause_name(cause: PauseCause) -> str:
    return str(CAUSE_NAMES.get(cause.cause, CAUSE_NAMES["pain"]))


def cause_codes(causes: Iterable[PauseCause]) -> list[str]:
    """Each cause once (as CAUSE_NAMES names it), most telling first: what a stored reason
    keeps, to say "the fall and the strong pain" in the reader's language."""
    codes: list[str] = []
    for cause in sorted(causes, key=order):
        code = cause.cause if cause.cause in CAUSE_NAMES else "pain"
        if code not in codes:
            codes.append(code)
    return codes


def names_of(codes: Iterable[str]) -> str:
    """ "the fall and the strong pain", joined as the reader's language joins a list."""
    return listed(str(CAUSE_NAMES.get(code, CAUSE_NAMES["pain"])) for code in codes)


def cause_names(causes: Iterable[PauseCause]) -> str:
    """ "the fall and the strong pain": each cause once, most telling first."""
    return names_of(cause_codes(causes))


def order(cause: PauseCause) -> int:
    """Most telling first (PAUSE_CAUSES), a service's own causes last."""
    return PAUSE_CAUSES.index(cause.cause) if cause.cause in PAUSE_CAUSES else len(PAUSE_CAUSES)


def strongest_need(causes: Iterable[PauseCause]) -> str | None:
    need = None
    for cause in open_only(causes):
        need = stronger_need(need, cause.needs)
    return need


def headline(causes: Iterable[PauseCause]) -> str | None:
    """The open cause that names the pause: the first of PAUSE_CAUSES, else a service's own."""
    codes = [c.cause for c in open_only(causes)]
    known = [code for code in PAUSE_CAUSES if code in codes]
    return known[0] if known else next(iter(codes), None)


def began(causes: Iterable[PauseCause]) -> tuple[date | None, datetime | None]:
    """The day and moment the pause began: the earliest open cause."""
    still = open_only(causes)
    days = [c.on for c in still if c.on is not None]
    moments = [c.since for c in still if c.since is not None]
    return (min(days) if days else None, min(moments) if moments else None)


def merge(causes: Sequence[PauseCause], new: PauseCause) -> tuple[PauseCause, ...]:
    """The stack with `new` added. A cause already in it opens again if it was closed, and
    takes the stronger need and the later start (a second fall restarts the wait)."""
    merged: list[PauseCause] = []
    found = False
    for cause in causes:
        if cause.cause != new.cause:
            merged.append(cause)
            continue
        found = True
        need = new.needs if cause.cleared else stronger_need(cause.needs, new.needs) or new.needs
        merged.append(
            PauseCause(
                cause.cause,
                need,
                on=_later(cause.on, new.on),
                # None is "now, when saved": always the later one.
                since=None if new.since is None else _later(cause.since, new.since),
            )
        )
    if not found:
        merged.append(new)
    return tuple(merged)


def merge_all(causes: Sequence[PauseCause], new: Iterable[PauseCause]) -> tuple[PauseCause, ...]:
    stack = tuple(causes)
    for cause in new:
        stack = merge(stack, cause)
    return stack


_Moment = TypeVar("_Moment", date, datetime)


def _later(a: _Moment | None, b: _Moment | None) -> _Moment | None:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


def stamped(causes: Sequence[PauseCause], now: datetime, today: date) -> tuple[PauseCause, ...]:
    """Causes with their start filled in: a new cause began now, on the person's today."""
    return tuple(replace(c, since=c.since or now, on=c.on or today) for c in causes)


# --- Waits and clearances ------------------------------------------------------------------------


def wait_ends(cause: PauseCause) -> datetime | date | None:
    """When the cause's own wait is over, if it has one: the moment 48 hours after an
    unhurt fall, the day 7 days after an illness began."""
    if cause.cause == "fall" and cause.needs == "self":
        if cause.since is not None:
            return cause.since + timedelta(hours=rules.FALL_SELF_WAIT_HOURS)
        # Without the moment, count from the end of the day it began, to be safe.
        return date.max if cause.on is None else cause.on + timedelta(days=3)
    if cause.cause == "illness":
        if cause.on is None:
            return date.max
        return cause.on + timedelta(days=rules.ILLNESS_SELF_LIFT_DAYS)
    return None


def waiting(cause: PauseCause, today: date, now: datetime) -> bool:
    """True while the cause's own wait is not over."""
    ends = wait_ends(cause)
    if ends is None:
        return False
    if isinstance(ends, datetime):
        return now < ends
    return today < ends


def earliest_clearance_day(cause: PauseCause) -> date | None:
    """The first date a doctor's or physio's clearance may carry for this cause (§2f): the
    day it began; for the questionnaire's own pause, a visit up to SCREENING_CLEARANCE_
    LOOKBACK_DAYS before the answers counts (the person saw their doctor, then signed up)."""
    if cause.on is None:
        return None
    if cause.cause == "screening":
        return cause.on - timedelta(days=rules.SCREENING_CLEARANCE_LOOKBACK_DAYS)
    return cause.on


def who_can_clear(needs: str) -> str:
    """Who may lift a pause with this need (also the "needs_clearance" reason's words)."""
    if needs == "physician":
        return gettext("This pause can be lifted only by a doctor's all-clear.")
    if CLEARANCE_RANK.get(needs, 0) >= CLEARANCE_RANK["coach"]:
        return gettext(
            "This pause can be lifted by your coach, or by a physiotherapist's or doctor's review."
        )
    return gettext("This pause can be lifted by you, your coach or your doctor.")


def refusal(
    cause: PauseCause,
    clearance: str | None,
    today: date,
    now: datetime,
    cleared_on: date | None = None,
) -> Reason | None:
    """Why this clearance cannot close this cause yet; None when it can. `cleared_on` is the
    date a doctor or physio cleared the person, when the clearance carries one."""
    rank = CLEARANCE_RANK.get(clearance or "", -1)
    if rank < CLEARANCE_RANK.get(cause.needs, CLEARANCE_RANK["physician"]):
        return Reason("needs_clearance", "S12", {"needs": cause.needs})
    if cause.cause in RESCREEN_CAUSES:
        return rescreen_refusal()
    earliest = earliest_clearance_day(cause)
    if cleared_on is not None and earliest is not None and cleared_on < earliest:
        return Reason("dated_before", "S12", {"day": earliest.isoformat()})
    # A doctor who saw the person after the fall covers what the wait is for.
    fall_seen = cause.cause == "fall" and clearance == "physician" and cleared_on is not None
    if waiting(cause, today, now) and not fall_seen:
        if cause.cause == "fall":
            return Reason("fall_wait", "PD")
        return Reason("illness_wait", "S12")
    return None


def rescreen_refusal() -> Reason:
    return Reason("needs_rescreen", "S12")


# --- Stored form (the plan's pause_causes JSON) ------------------------------------------------


def to_json(causes: Iterable[PauseCause]) -> list[dict[str, Any]]:
    return [
        {
            "cause": c.cause,
            "needs": c.needs,
            "on": c.on.isoformat() if c.on else None,
            "since": c.since.isoformat() if c.since else None,
            "cleared": c.cleared,
        }
        for c in causes
    ]


def from_json(data: Iterable[dict[str, Any]]) -> tuple[PauseCause, ...]:
    return tuple(
        PauseCause(
            cause=item["cause"],
            needs=item.get("needs") or "self",
            on=date.fromisoformat(item["on"]) if item.get("on") else None,
            since=datetime.fromisoformat(item["since"]) if item.get("since") else None,
            cleared=item.get("cleared") or "",
        )
        for item in data or ()
    )
