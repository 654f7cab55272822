"""Run the queued tasks the way the worker does (django-tasks' db_worker, one batch)."""

from django.core.management import call_command


def send_queued_mail() -> None:
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
