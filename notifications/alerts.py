"""Coach alerts: a linked coach hears at once when a client's plan pauses or needs review.

Called by services/transitions.py only (after the commit), so every way a plan can pause
(a log, a coach, the daily re-check) alerts the coach from one place.
"""

from coaching.services.links import current_link
from notifications import outbox
from notifications.models import Notification


def alert_coach(client_id: int, event_id: int) -> Notification | None:
    """Queue the alert for this plan event; None without a linked coach."""
    link = current_link(client_id)
    if link is None:
        return None
    return outbox.queue_one(
        Notification.Kind.COACH_ALERT,
        to=link.coach.email,
        key=f"alert:{event_id}",
        user=link.coach,
        data={"client": client_id, "event": event_id},
    )
