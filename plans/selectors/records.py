"""The one seam from planned sessions (with their logs) to the progress rules' DayRecord.

The client's /progress/, the coach's client page and the dashboard all read sessions through
here, so the rules see the same records whichever page asks.
"""

from django.db.models import QuerySet

from plans.models import Plan, PlannedSession, SessionLog
from plans.progress import DayRecord

RECORD_FIELDS = (
    "client_id",
    "plan_id",
    "date",
    "cancelled",
    "plan__status",
    "log__status",
    "log__minutes",
    "log__rpe",
    "log__pain_during",
)


def session_rows(sessions: QuerySet[PlannedSession]) -> QuerySet:
    """Tuples of RECORD_FIELDS for day_record, in no particular order (the rules sort where
    order matters). Tuples, not dicts: the dashboard reads thousands. One query."""
    return sessions.order_by().values_list(*RECORD_FIELDS)


_NEEDS_CLEARANCE = str(Plan.Status.NEEDS_CLEARANCE)


def day_record(row: tuple) -> DayRecord:
    _client, _plan, day, cancelled, plan_status, status, minutes, rpe, pain = row
    # Positional, in DayRecord's field order: the dashboard makes thousands, and keywords
    # and the enum lookup were a third of its Python time (bench/).
    return DayRecord(
        day,
        True,  # planned
        status,
        minutes or 0,
        rpe,
        pain,
        # A plan waiting for clearance has not started, so nothing of it is due. The v2
        # schedule writes no sessions for it; rows written before v2 may still exist.
        cancelled or plan_status == _NEEDS_CLEARANCE,
    )


def client_logs(client, *, since=None) -> QuerySet[SessionLog]:
    """A client's logs, newest first, for a coach's view (the client page and the API);
    with `since`, none dated before it (the client did not share their history)."""
    logs = SessionLog.objects.filter(client=client).order_by("-date", "-logged_at")
    if since is not None:
        logs = logs.filter(date__gte=since)
    return logs
