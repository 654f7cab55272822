"""The worker's tasks (django-tasks, run by `manage.py db_worker`).

Arguments are plain ids: a task row outlives the objects it names, so each task reads the
current state when it runs.
"""

from django_tasks import task

from notifications import outbox, reminders


@task()
def send_notifications(ids: list[int]) -> dict[str, int]:
    """Send each outbox row once (notifications/outbox.py says what "once" means)."""
    return outbox.deliver_many(ids)


@task()
def queue_due_mail() -> dict[str, int]:
    """The periodic pass: reminders, pause notes, weekly summaries and coach digests due now."""
    return reminders.queue_due()
