"""The session dose a page shows: one source, so the result, the plan and Today agree.

The number is the next planned session's (the row `services.schedule` wrote with
`engine.session_for`); only when no row is written yet (a plan not yet scheduled) is the
engine asked directly, with the same `prescription_for` the schedule uses.
"""

from datetime import date

from plans import engine
from plans.models import Plan, PlannedSession
from plans.progress import next_session
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
