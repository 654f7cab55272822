"""The scheduler and the worker as real processes: the way `make run` and compose run them.

They open the test database themselves (a file on SQLite, a real database on PostgreSQL),
so the test commits its rows (transaction=True) and reads the mail from the SMTP fixture.
"""

import os
import signal
import subprocess
import sys
import time
from datetime import time as clock
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from notifications.models import MailPreferences, Notification
from tests.factories import WEEKDAYS, make_plan, make_user

MANAGE = Path(__file__).resolve().parents[2] / "manage.py"
WAIT_SECONDS = 60  # generous: a loaded CI machine starts Django slowly


def database_url() -> str:
    """The test database, as a DATABASE_URL another process can open."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user = quote(db["USER"] or "")
    password = f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    login = f"{user}{password}@" if user else ""
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{login}{db['HOST'] or ''}{port}/{db['NAME']}"


def process_env(smtp_port: int) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DATABASE_URL=database_url(),
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp_port),
        EMAIL_USE_TLS="0",
        EMAIL_HOST_USER="",
        EMAIL_HOST_PASSWORD="",
        PYTHONUNBUFFERED="1",
    )
    return env


def manage(*args: str) -> list[str]:
    return [sys.executable, str(MANAGE), *args]


def wait_for(condition, seconds: float = WAIT_SECONDS) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.django_db(transaction=True)
def test_the_worker_process_sends_a_due_reminder_and_stops_cleanly(smtp_server, settings, tmp_path):
    ana = make_user("ana@example.com", name="Ana", time_zone="UTC")
    # Every day a session and a reminder due from local midnight: due whenever the test runs.
    make_plan(ana, ana.local_today(), weeks=1, days=WEEKDAYS)
    MailPreferences.objects.create(user=ana, reminders=True, reminder_time=clock(0, 0))
    env = process_env(settings.EMAIL_PORT)

    scheduler = subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
        manage("run_scheduler", "--once"),
        env=env,
        capture_output=True,
        text=True,
        timeout=WAIT_SECONDS,
        check=False,
    )
    assert scheduler.returncode == 0, scheduler.stderr
    assert "Queued 1 emails" in scheduler.stdout
    assert Notification.objects.get(user=ana).status == "queued"

    log = tmp_path / "worker.log"
    with log.open("w") as output:
        worker = subprocess.Popen(  # noqa: S603 - our own manage.py, fixed arguments
            manage("run_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2"),
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            arrived = wait_for(lambda: smtp_server.messages)
            worker.send_signal(signal.SIGTERM)
            returncode = worker.wait(timeout=WAIT_SECONDS)
        finally:
            if worker.poll() is None:
                worker.kill()
                worker.wait()
    assert arrived, f"no mail arrived; the worker said:\n{log.read_text()}"
    assert returncode == 0, log.read_text()
    (message,) = smtp_server.messages
    assert message["To"] == "ana@example.com"
    assert message["Subject"] == "Your backward walking session is today"
    row = Notification.objects.get(user=ana)
    assert (row.status, row.attempts) == ("sent", 1)
