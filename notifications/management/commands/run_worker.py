"""The mail worker: django-tasks' `db_worker`, kept running through a database outage.

`db_worker` stops at the first database error it does not expect (anything but SQLite's
"database is locked"), so a database restart used to end the worker for good. This command
takes the same options and, when the database cannot be reached, closes the broken
connections, waits (1, 2, 4 ... 30 seconds between tries) until the database answers again
and carries on with the same worker id. A task the outage cut short is put back in the queue:
running a task of notifications/tasks.py twice is safe, since the outbox claims each email before it
is sent (notifications/outbox.py).

Anything else that stops the worker is left to the process manager: compose's
`restart: unless-stopped`, systemd's `Restart=always`, or the loop in `make run`.
"""

import logging
import os
import time
from datetime import timedelta

from django.core.management.base import CommandError
from django.db import connections
from django.db.models import Q
from django.utils import timezone
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from notifications.db_outage import OUTAGE_ERRORS, close_connections, first_line

logger = logging.getLogger(__name__)

# How a failed task names the errors of a database that is down, restarting or unreachable.
OUTAGE_PATHS = [f"{error.__module__}.{error.__qualname__}" for error in OUTAGE_ERRORS]
FIRST_WAIT = 1.0  # seconds before the first new try; doubled after each failed one
LONGEST_WAIT = 30.0
# A task put back after an outage waits this long, so a task that always fails with a
# database error (a missing table) is retried slowly instead of in a busy loop.
TASK_AGAIN_AFTER = timedelta(seconds=5)


def wait_before(tries: int) -> float:
    """Seconds to wait before try number tries+1: 1, 2, 4, 8, 16, 30, 30 ..."""
    return min(FIRST_WAIT * 2**tries, LONGEST_WAIT)


def put_back(task_id) -> int:
    """Queue again a task that a database outage cut short; 1 when there was one."""
    cut_short = Q(status=TaskResultStatus.RUNNING) | Q(
        status=TaskResultStatus.FAILED, exception_class_path__in=OUTAGE_PATHS
    )
    return DBTaskResult.objects.filter(cut_short, pk=task_id).update(
        status=TaskResultStatus.READY,
        run_after=timezone.now() + TASK_AGAIN_AFTER,
        finished_at=None,
        exception_class_path="",
        traceback="",
    )


class Worker(db_worker.Worker):
    task_in_hand = None  # the id of the task being run, until it is recorded as done

    def run_task(self, db_task_result: DBTaskResult) -> None:
        self.task_in_hand = db_task_result.pk
        super().run_task(db_task_result)  # raises only if the result cannot be recorded
        if db_task_result.exception_class_path in OUTAGE_PATHS:
            put_back(db_task_result.pk)  # the database came back before the failure was saved
        self.task_in_hand = None

    def run_through_outages(self) -> None:
        tries = 0
        while True:
            try:
                if tries:
                    connections[DBTaskResult.objects.db].ensure_connection()
                    logger.warning("The database answers again: the worker carries on.")
                    tries = 0
                if self.task_in_hand is not None:
                    if put_back(self.task_in_hand):
                        logger.warning("Task %s was cut short: queued again.", self.task_in_hand)
                    self.task_in_hand = None
                self.run()
                return
            except OUTAGE_ERRORS as problem:
                wait = wait_before(tries)
                logger.warning(
                    "The database cannot be reached (%s): trying again in %g s.",
                    first_line(problem),
                    wait,
                )
                close_connections()
                time.sleep(wait)
                tries += 1


class Command(db_worker.Command):
    help = (
        "Run the database worker (django-tasks' db_worker, same options); it waits and "
        "reconnects when the database goes away."
    )

    def handle(self, *, verbosity, queue_name, exclude_queues, reload, batch, **options):
        self.configure_logging(verbosity)
        if exclude_queues and "*" not in queue_name.split(","):
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = Worker(
            queue_names=queue_name.split(","),
            excluded_queue_names=exclude_queues.split(",") if exclude_queues else [],
            interval=options["interval"],
            batch=batch,
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
        )
        if reload and not batch:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()  # only in the child the reloader starts
            run_with_reloader(worker.run_through_outages)
        else:
            worker.configure_signals()
            worker.run_through_outages()
