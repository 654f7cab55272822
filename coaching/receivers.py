"""What coaching does when the plans app announces a change (plans/signals.py): the coach's
read model (coaching.models.ClientStatus) is refreshed inside the same transaction, so a
dashboard read after the commit shows it and a rolled-back change leaves the row as it was."""

from coaching.services import status


def refresh_on_plan_event(sender, *, event, **kwargs) -> None:
    status.refresh_one(event.plan.client_id)


def refresh_on_client_changed(sender, *, client_id: int, **kwargs) -> None:
    status.refresh_one(client_id)


def refresh_on_day_passed(sender, *, now, **kwargs) -> int:
    return status.refresh_expired(now)
