"""What the long-running processes (the mail worker, the scheduler) do when the database
goes away: say so in one line, drop the broken connections and try again later."""

from contextlib import suppress

from django.db import connections

from plans.middleware import OUTAGE_ERRORS

__all__ = ["OUTAGE_ERRORS", "close_connections", "first_line"]


def close_connections() -> None:
    for connection in connections.all(initialized_only=True):
        with suppress(*OUTAGE_ERRORS):  # already broken: Django forgets it either way
            connection.close()


def first_line(problem: Exception) -> str:
    """The error's first line: enough to say why, short enough for a log line."""
    words = str(problem).strip()
    return words.splitlines()[0] if words else type(problem).__name__
