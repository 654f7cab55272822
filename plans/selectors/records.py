"""The one seam from planned sessions (with their logs) to the progress rules' DayRecord.

The client's /progress/, the coach's client page and the dashboard all read sessions through
here, so the rules see the same records whichever page asks.
"""

from django.db.models import QuerySet

from plans.models import Plan, PlannedSession
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
    """The columns day_record needs, oldest first. One query when iterated."""
    return sessions.order_by("date").values(*RECORD_FIELDS)


def day_record(row: dict) -> DayRecord:
    return DayRecord(
        date=row["date"],
        status=row["log__status"],
        minutes=row["log__minutes"] or 0,
        rpe=row["log__rpe"],
        pain=row["log__pain_during"],
        # A plan waiting for clearance has not started, so nothing of it is due. The v2
        # schedule writes no sessions for it; rows written before v2 may still exist.
        cancelled=row["cancelled"] or row["plan__status"] == Plan.Status.NEEDS_CLEARANCE,
    )
