"""The dated sessions of a plan, written ahead and updated in place.

A session's identity is (client, date): when the plan changes, a future session that nobody
logged is updated where it stands (its id stays, `sequence` rises), a day that no longer has
a session is marked cancelled, and logged sessions are never touched. Sessions a week are a
ceiling (§9.10): no 7 days in a row ever hold more sessions, logged or planned, than the
plan's sessions a week, so changing days mid-week never adds sessions to that week. Paused
plans and plans waiting for a clearance have no due sessions: their unlogged sessions from the
pause on are cancelled, so waiting never counts as missed.

Called by plans.services.transitions after every plan change and by the daily
`write_schedules` command; never by a page view.
"""

from collections.abc import Iterable
from datetime import date, timedelta

from django.db import transaction

from accounts.models import User
from plans import engine
from plans.models import Plan, PlannedSession
from plans.progress import monday_of
from plans.services import state as plan_state
from plans.services.locks import locked_plan

# Sessions are written this far ahead (a calendar feed shows the next 6 weeks).
WEEKS_AHEAD = 6
# Sessions this close to the days written share a 7-day span with one of them (§9.10).
CEILING_REACH = timedelta(days=6)
DOSE_FIELDS = plan_state.SESSION_DOSE_FIELDS


def horizon(today: date) -> date:
    """The last day written: the Sunday WEEKS_AHEAD weeks after this week."""
    return monday_of(today) + timedelta(weeks=WEEKS_AHEAD + 1) - timedelta(days=1)


def _pattern(plan: Plan, first: date, last: date) -> dict[date, engine.SessionPlan]:
    """The sessions of the plan's days, week by week, from first to last (no ceiling)."""
    if plan.status != Plan.Status.ACTIVE or first > last:
        return {}
    prescription = plan_state.prescription_for(plan)
    found = {}
    week = monday_of(first)
    not_before = max(first, plan.start_date)
    while week <= last:
        for session in engine.week_for(prescription, week, not_before=not_before).sessions:
            if session.date <= last:
                found[session.date] = session
        week += timedelta(weeks=1)
    return found


def planned_days(
    plan: Plan, first: date, last: date, staying: Iterable[date] = ()
) -> dict[date, engine.SessionPlan]:
    """What the plan's current state prescribes for each session day from first to last,
    within its sessions a week in any 7 days, counted with the `staying` sessions (§9.10)."""
    found = _pattern(plan, first, last)
    if not found:
        return {}
    per_week = engine.sessions_per_week(plan.tier, tuple(plan.days))
    allowed = engine.within_weekly_ceiling(found, staying, per_week)
    return {day: found[day] for day in allowed}


def _near(plan: Plan, first: date, last: date) -> tuple[dict[date, PlannedSession], list[date]]:
    """The client's sessions from first to last by date, and the days of the sessions that
    stay as they are and share a 7-day span with those days: logged ones, and any not
    cancelled within 6 days before or after."""
    near = PlannedSession.objects.filter(
        client_id=plan.client_id,
        date__gte=first - CEILING_REACH,
        date__lte=last + CEILING_REACH,
    ).select_related("log")
    existing, staying = {}, []
    for session in near:
        inside = first <= session.date <= last
        if inside:
            existing[session.date] = session
        if _is_logged(session) or (not inside and not session.cancelled):
            staying.append(session.date)
    return existing, staying


def held_back(plan: Plan, first: date) -> list[date]:
    """Days of the plan's pattern in the week from `first` that the weekly ceiling leaves
    without a session (§9.10). Only that week can lose any: later spans hold the new days only.
    `plan` may be an unsaved preview of a change."""
    last = first + timedelta(days=6)
    _existing, staying = _near(plan, first, last)
    pattern = _pattern(plan, first, last)
    return sorted(set(pattern) - set(planned_days(plan, first, last, staying)))


def write_schedule(plan: Plan, first: date, last: date | None = None) -> int:
    """Make the plan's sessions from `first` through the horizon match its state.

    The caller holds the plan row's lock (plans.services.transitions, or the daily command).
    Sessions within 6 days on either side count towards the weekly ceiling (§9.10): any 7
    days in a row hold no more than the plan's sessions a week, logged ones included.
    Returns how many sessions were created, changed or cancelled.
    """
    last = last or horizon(first)
    existing, staying = _near(plan, first, last)
    wanted = planned_days(plan, first, last, staying)
    to_create, to_update = [], []
    for day, planned in wanted.items():
        values = plan_state.session_fields(planned)
        session = existing.get(day)
        if session is None:
            to_create.append(PlannedSession(plan=plan, client_id=plan.client_id, **values))
        elif not _is_logged(session) and _differs(session, plan, values):
            _set(session, plan, values, cancelled=False)
            to_update.append(session)
    for day, session in existing.items():
        if day not in wanted and not _is_logged(session) and not session.cancelled:
            session.cancelled = True
            session.sequence += 1
            to_update.append(session)
    if to_create or to_update:
        User.objects.records_changed(plan.client_id)
    PlannedSession.objects.bulk_create(to_create)
    if to_update:
        PlannedSession.objects.bulk_update(
            to_update, ["plan", "cancelled", "sequence", *DOSE_FIELDS]
        )
    if plan.status == Plan.Status.ACTIVE and (plan.written_through or first) < last:
        Plan.objects.filter(pk=plan.pk).update(written_through=last)
        plan.written_through = last
    return len(to_create) + len(to_update)


def extend(plan: Plan, today: date) -> int:
    """The daily step: write any days between what is written and the horizon. Idempotent.

    Days the command missed (nobody ran it) are written too, so they count as missed.
    """
    if plan.status != Plan.Status.ACTIVE:
        return 0
    first = plan.start_date
    if plan.written_through:
        first = max(first, plan.written_through + timedelta(days=1))
    if first > horizon(today):
        return 0
    return write_schedule(plan, first, horizon(today))


def _is_logged(session: PlannedSession) -> bool:
    return getattr(session, "log", None) is not None


def _differs(session: PlannedSession, plan: Plan, values: dict) -> bool:
    if session.cancelled or session.plan_id != plan.pk:
        return True
    return any(getattr(session, name) != values[name] for name in DOSE_FIELDS)


def _set(session: PlannedSession, plan: Plan, values: dict, *, cancelled: bool) -> None:
    session.plan = plan
    session.cancelled = cancelled
    session.sequence += 1
    for name in DOSE_FIELDS:
        setattr(session, name, values[name])


def extend_locked(plan_id: int, today_for) -> int:
    """The daily step for one plan, under its row lock; `today_for(client)` is their date."""
    with transaction.atomic():
        plan = locked_plan(plan_id)
        return extend(plan, today_for(plan.client))
