"""What notifications does when the plans app announces a change (plans/signals.py)."""

from functools import partial

from django.db import transaction

from notifications import alerts


def alert_on_attention(sender, *, event, attention: bool, **kwargs) -> None:
    """A plan that has just paused or been marked for review: the linked coach hears, after
    the commit (a rolled-back change must not mail anyone)."""
    if attention:
        transaction.on_commit(partial(alerts.alert_coach, event.plan.client_id, event.pk))
