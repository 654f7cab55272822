"""The session dose a page shows: one source, so the result, the plan and Today agree.

The number is the next planned session's (the row `services.schedule` wrote with
`engine.session_for`); only when no row is written yet (a plan not yet scheduled) is the
engine asked directly, with the same `prescription_for` the schedule uses.
"""

from datetime import date

from plans import engine
from plans.models import Plan
from plans.progress import next_session
from plans.services.state import prescription_for, session_plan_of


def session_now(plan: Plan, today: date) -> engine.SessionPlan:
    """The session the person does next, as the engine's SessionPlan."""
    row = next_session(
        plan.sessions.filter(date__gte=today, cancelled=False).order_by("date")[:1], today
    )
    if row is None:
        return engine.session_for(prescription_for(plan), today)
    return session_plan_of(row, plan)
