"""Queue the mail that has come due (reminders, pause notes, weekly summaries, coach digests).

Runs forever, looking every SCHEDULER_INTERVAL_SECONDS; --once looks once and exits; -v 0
prints nothing (`make run`). While the database cannot be reached it says so and looks again
at the next interval. Safe to run twice at once or to restart at any moment: the outbox's
constraint keeps each mail single.
"""

import logging
import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from coaching.services import status
from notifications import reminders
from notifications.db_outage import OUTAGE_ERRORS, close_connections, first_line

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Queue reminders, summaries and digests that are due; the worker sends them."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Look once, then exit.")

    def handle(self, *args, once=False, verbosity=1, **options):
        running = True

        def stop(signum, frame):
            nonlocal running
            running = False

        if not once:
            signal.signal(signal.SIGTERM, stop)
            signal.signal(signal.SIGINT, stop)
        while True:
            try:
                self._look(verbosity)
            except OUTAGE_ERRORS as problem:
                if once:
                    raise
                logger.warning(
                    "The database cannot be reached (%s): looking again later.", first_line(problem)
                )
                close_connections()
            if once or not running:
                return
            for _second in range(settings.SCHEDULER_INTERVAL_SECONDS):
                if not running:
                    return
                time.sleep(1)

    def _look(self, verbosity: int) -> None:
        counts = reminders.queue_due()
        # The coach's rows of every client whose local day has just ended (a cheap indexed
        # look when none has): the dashboard counts on the client's new day within a pass.
        refreshed = status.refresh_expired()
        if verbosity:
            self.stdout.write(
                f"Queued {counts['queued']} emails in {counts['batches']} batches"
                f" ({counts['stuck']} left unsent by a stopped worker);"
                f" {refreshed} coach's rows refreshed for a new day."
            )
