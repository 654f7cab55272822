"""Run the queued tasks the way the worker does (django-tasks' db_worker, one batch)."""

from unittest import mock

from django.core.management import call_command


def send_queued_mail() -> None:
    # The worker closes connections it thinks are stale between tasks, as a request does. Inside
    # a test's transaction that would close the test's own connection on PostgreSQL (SQLite's
    # in-memory test database ignores close), so it is switched off here, as Django's test
    # client does for requests.
    with mock.patch(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    ):
        call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
