"""The daily step's part of the break rule (§9.9): a long break is saved, so no reminders.

A break is computed on read (Today, the one-tap log, the guided session, the reminder at send
time). The longest band (8 planned sessions missed in a row, or 28 days since the last session)
asks for the health questions again; the daily `write_schedules` command saves it here, through
the one writer, as the same pause a log would make: the plan waits with `rescreen_due`, its
sessions are called off, so no session reminders go out and the weekly note while paused does.
"""

from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from coaching.models import CoachLink
from plans import progression, rules
from plans.models import Plan, PlanEvent, SessionLog
from plans.services import state as plan_state
from plans.services.decisions import change_for
from plans.services.transitions import locked_plan, transition

# At most one session a day: 8 missed in a row follow a last walk at least 9 days before the
# person's today, which is at most a day after the server's. A walk on or after the server's
# date minus 7 days rules a long break out.
RECENTLY_WALKED_DAYS = rules.BREAK_RESCREEN_MISSED - 1


def walked_recently(server_today: date) -> set[int]:
    """Clients with a session done or partly done so recently that no long break can be due:
    the daily step need not read their plans. One query."""
    since = server_today - timedelta(days=RECENTLY_WALKED_DAYS)
    return set(
        SessionLog.objects.filter(
            status__in=[SessionLog.Status.DONE, SessionLog.Status.PARTIAL], date__gte=since
        ).values_list("client_id", flat=True)
    )


def save_long_break(plan_id: int, today_for, now: datetime | None = None) -> bool:
    """Pause one active plan whose time away calls for the health questions again (§9.9),
    under its row lock; `today_for(client)` is the client's date. True when it paused."""
    now = now or timezone.now()
    with transaction.atomic():
        plan = locked_plan(plan_id)
        if plan.status != Plan.Status.ACTIVE or plan.rescreen_due:
            return False
        today = today_for(plan.client)
        state = plan_state.plan_state(plan, today)
        decision = progression.apply_break(state, plan_state.history(plan, today), today)
        if decision is None or decision.code != "pause":
            return False  # shorter breaks are shown on read and applied by the next log
        change = change_for(
            plan,
            decision,
            has_coach=CoachLink.objects.has_coach(plan.client_id),
            source=PlanEvent.Source.RULES,
        )
        transition(plan, change, today=today, now=now)
        return True
