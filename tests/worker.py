"""Run the queued tasks the way the worker does (django-tasks' db_worker, one batch)."""

from unittest import mock

from django.core.management import call_command


def send_queued_mail() -> None:
    # The worker drops "old" connections before each task; inside a test that would close the
    # connection holding the test's transaction (on PostgreSQL and a SQLite file alike).
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
