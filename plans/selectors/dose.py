"""The session dose a page shows: one source, so the result, the plan and Today agree.

The number is the next planned session's (the row `services.schedule` wrote with
`engine.session_for`); only when no row is written yet (a plan not yet scheduled) is the
engine asked directly, with the same `prescription_for` the schedule uses. After time away
(§9.9: planned sessions missed in a row), today's session is the shorter one the break rule
sets, computed on read: Today, the one-tap log and the guided session all take it from here.
"""

from datetime import date

from django.core.cache import cache

from accounts.models import User
from plans import engine
from plans.models import Plan, PlannedSession, SessionLog
from plans.progress import next_session
from plans.selectors.cache_keys import FRAGMENT_SECONDS, version_for
from plans.services import state as plan_state
from plans.services.state import prescription_for, session_fields


def session_now(plan: Plan, today: date) -> PlannedSession:
    """The session the person does next: its row, or an unsaved one made the schedule's way."""
    row = next_session(
        plan.sessions.filter(date__gte=today, cancelled=False).order_by("date")[:1], today
    )
    if row is None:
        fitted = engine.session_for(prescription_for(plan), today)
        return PlannedSession(plan=plan, client_id=plan.client_id, **session_fields(fitted))
    return row


def break_view(plan: Plan, day: date) -> dict:
    """The dose after a break (§9.9), for a page: its reasons, level and backward minutes, and
    whether the health questions are due first. Empty when there is no break."""
    if plan.status != Plan.Status.ACTIVE:
        return {}
    shown, reasons = plan_state.break_now(plan, day)
    if not reasons:
        return {}
    return {
        "break_reasons": reasons,
        "break_minutes": shown.backward_minutes,
        "break_level": shown.level,
        "break_rescreen": shown.status == "paused",
    }


def break_for_page(plan: Plan, client: User, day: date) -> dict:
    """`break_view` for a page (GET): the rules' answer is kept under the version every cached
    fragment is keyed on (plans/selectors/cache_keys.py), which moves in the same transaction
    as every write of what the break rule reads: the plan's state (`row_version`), the
    person's sessions and logs (`records_version`, the last session walked of any version
    too), and their local day. So the rule runs again whenever its answer could change, and a
    page shown again reads its answer back instead of five queries. Writes never read it
    here: a one-tap log works the dose out under the plan's lock (services.sessions)."""
    key = f"break:{version_for(client, plan, day)}"
    found = cache.get(key)
    if found is None:
        found = break_view(plan, day)
        cache.set(key, found, FRAGMENT_SECONDS)
    return found


def session_to_do(plan: Plan, planned: PlannedSession, after_break: dict) -> PlannedSession:
    """The session as it is to be done: after time away, the shorter one the break rule sets
    (so the card, the first screen, the guided session and a one-tap log agree with "Welcome
    back"). An unsaved copy; the stored session is not changed."""
    if not after_break.get("break_reasons") or after_break.get("break_rescreen"):
        return planned
    return plan_state.session_after_break(
        plan, planned, after_break["break_level"], after_break["break_minutes"]
    )


def one_tap_data(planned: PlannedSession, today: date) -> dict:
    """What "I did it as planned" logs: the session as it was to be done. Used by the page,
    the offline queue and the API."""
    if planned.date == today:
        planned = session_to_do(planned.plan, planned, break_view(planned.plan, planned.date))
    return {
        "status": SessionLog.Status.DONE,
        "minutes": planned.total_minutes,
        # What was done: after a break, fewer backward minutes than the stored plan's.
        "backward_minutes": planned.backward_minutes,
    }
