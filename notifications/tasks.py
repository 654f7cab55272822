"""The worker's tasks (django-tasks, run by `manage.py db_worker`).

Arguments are plain ids: a task row outlives the objects it names, so each task reads the
current state when it runs. The sending task is defined beside the outbox that queues it.
"""

from django_tasks import task

from notifications import reminders
from notifications.outbox import send_notifications

__all__ = ["queue_due_mail", "send_notifications"]


@task()
def queue_due_mail() -> dict[str, int]:
    """The periodic pass: reminders, pause notes, weekly summaries and coach digests due now."""
    return reminders.queue_due()
