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
