"""What the one writer announces, so other apps can follow without plans importing them.

`plan_event_written` is sent by `transitions` inside the writer's transaction, once per
PlanEvent. A receiver that keeps a read model up to date runs in that same transaction; one
that mails or pushes registers `transaction.on_commit` itself, so a rolled-back change tells
nobody. Receivers are connected in their app's `ready()` (coaching, notifications).

Arguments: `event` (the PlanEvent just written, its plan loaded) and `attention` (True when the
plan has just paused or been marked for review: the coach should hear now).
"""

from django.dispatch import Signal

plan_event_written = Signal()

# Sent inside the writer's transaction by a plans write that changes what a coach's read model
# reads without writing a PlanEvent (a log the rules leave the plan alone on, ratings, morning
# pain, a fall told with no plan). Argument: `client_id`. Send it through `client_changed_by`.
client_changed = Signal()


def client_changed_by(client_id: int, event=None) -> None:
    """Announce a change to a client's records, unless `event` (the PlanEvent the same write
    produced, if any) has announced it already."""
    if event is None:
        client_changed.send(sender=None, client_id=client_id)


# Sent by the daily step (manage.py write_schedules) after it has written the weeks ahead:
# read models counted on a local date refresh the rows whose day is over. Argument: `now`.
day_passed = Signal()
