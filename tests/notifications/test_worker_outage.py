"""The mail worker survives a database outage (issue 25, point 2).

The real test stops and starts a PostgreSQL server under a running worker process. It uses
a server of its own (tests/throwaway_postgres.py: initdb and pg_ctl on a free port), not the
suite's database: stopping that one would break every other test running beside it, and a
SQLite file cannot be "down" the way a server is. So the test runs the same on the SQLite
and the PostgreSQL runs of the suite; it needs only PostgreSQL's server programs, which CI
installs (without them it is skipped locally and fails in CI).

The in-process tests cover what is hard to time from outside: a task cut short by the outage
is queued again and its mail still goes out once.
"""

import os
import signal
import subprocess
from datetime import UTC, datetime, timedelta
from unittest import mock

import psycopg
import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connections
from django.db.utils import OperationalError
from django_tasks_db.models import DBTaskResult

from notifications import outbox
from notifications.management.commands import run_worker
from notifications.models import Notification
from tests.notifications.test_worker_process import WAIT_SECONDS, manage, process_env, wait_for
from tests.throwaway_postgres import ThrowawayPostgres, bin_dir
from tests.worker import send_queued_mail

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
QUEUE_ONE = (
    "from notifications import outbox; "
    "outbox.queue_one('account', to='{to}', key='{to}', data={{'subject': 'Hello', 'body': 'Hi'}})"
)


@pytest.fixture
def own_postgres():
    programs = bin_dir()
    if programs is None:
        message = "PostgreSQL's server programs (initdb, pg_ctl) are not installed"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    server = ThrowawayPostgres(programs)
    try:
        server.start()
        yield server
    finally:
        server.remove()


def run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
        command, env=env, capture_output=True, text=True, timeout=WAIT_SECONDS * 3, check=False
    )
    assert done.returncode == 0, done.stderr


def statuses(url: str) -> dict[str, tuple[str, int]]:
    with psycopg.connect(url) as connection:
        rows = connection.execute('SELECT "to", status, attempts FROM notifications_notification')
        return {to: (status, attempts) for to, status, attempts in rows}


def test_the_worker_waits_through_a_database_restart_and_sends_what_comes_after(
    own_postgres, smtp_server, settings, tmp_path
):
    env = {**process_env(settings.EMAIL_PORT), "DATABASE_URL": own_postgres.url}
    run(manage("migrate", "--noinput", "-v", "0"), env)
    run(manage("shell", "-c", QUEUE_ONE.format(to="before@example.org")), env)

    log = tmp_path / "worker.log"
    with log.open("w") as output:
        worker = subprocess.Popen(  # noqa: S603 - our own manage.py, fixed arguments
            manage("run_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2"),
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            assert wait_for(lambda: len(smtp_server.messages) == 1), log.read_text()

            own_postgres.stop()
            assert wait_for(lambda: "database cannot be reached" in log.read_text())
            assert worker.poll() is None, log.read_text()

            own_postgres.start()
            run(manage("shell", "-c", QUEUE_ONE.format(to="after@example.org")), env)
            assert wait_for(lambda: len(smtp_server.messages) == 2), log.read_text()
            assert worker.poll() is None, log.read_text()
            assert "The database answers again" in log.read_text()

            worker.send_signal(signal.SIGTERM)
            returncode = worker.wait(timeout=WAIT_SECONDS)
        finally:
            if worker.poll() is None:
                worker.kill()
                worker.wait()
    assert returncode == 0, log.read_text()
    assert [message["To"] for message in smtp_server.messages] == [
        "before@example.org",
        "after@example.org",
    ]
    assert statuses(own_postgres.url) == {
        "before@example.org": ("sent", 1),
        "after@example.org": ("sent", 1),
    }


def queue_account_mail(to: str) -> Notification:
    return outbox.queue_one(
        Notification.Kind.ACCOUNT, to=to, key=to, data={"subject": "Hello", "body": "Hi"}
    )


@pytest.mark.django_db
def test_a_task_the_outage_cut_short_is_queued_again_and_its_mail_sent_once():
    """The database drops as the task claims its mail; it is back when the failure is saved."""
    real_claim = outbox.claim
    outage = [OperationalError("server closed the connection unexpectedly")]

    def claim_once_down(*args):
        if outage:
            raise outage.pop()
        return real_claim(*args)

    with time_machine.travel(NOW, tick=False) as clock:
        row = queue_account_mail("ana@example.org")
        with mock.patch.object(outbox, "claim", claim_once_down):
            send_queued_mail_with_the_resilient_worker()
        task = DBTaskResult.objects.get()
        assert task.status == "READY"  # not FAILED: queued again, a little later
        assert mail.outbox == []
        clock.shift(run_worker.TASK_AGAIN_AFTER + timedelta(seconds=1))
        send_queued_mail_with_the_resilient_worker()
    assert [message.to for message in mail.outbox] == [["ana@example.org"]]
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("sent", 1)
    send_queued_mail_with_the_resilient_worker()
    assert len(mail.outbox) == 1


def send_queued_mail_with_the_resilient_worker() -> None:
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("run_worker", batch=True, reload=False, startup_delay=False, verbosity=0)


@pytest.mark.django_db
def test_a_task_still_running_when_the_database_went_away_is_queued_again():
    queue_account_mail("ana@example.org")
    task = DBTaskResult.objects.get()
    task.claim("this-worker")
    assert run_worker.put_back(task.pk) == 1
    task.refresh_from_db()
    assert task.status == "READY"
    send_queued_mail()  # not before its short wait
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_task_that_failed_for_another_reason_is_not_run_again():
    queue_account_mail("ana@example.org")
    DBTaskResult.objects.update(status="FAILED", exception_class_path="builtins.ValueError")
    assert run_worker.put_back(DBTaskResult.objects.get().pk) == 0


def test_the_worker_waits_longer_after_each_failed_try_up_to_half_a_minute():
    assert [run_worker.wait_before(tries) for tries in range(7)] == [1, 2, 4, 8, 16, 30, 30]


@pytest.mark.django_db
def test_the_worker_loop_starts_again_once_the_database_answers(caplog):
    worker = run_worker.Worker(
        queue_names=["default"],
        excluded_queue_names=[],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="w",
    )
    down = OperationalError("connection refused")
    with (
        mock.patch.object(worker, "run", side_effect=[down, None]) as loop,
        mock.patch.object(
            connections["default"], "ensure_connection", side_effect=[down, down, None]
        ),
        mock.patch.object(run_worker.time, "sleep") as sleep,
    ):
        worker.run_through_outages()
    assert loop.call_count == 2
    assert [call.args[0] for call in sleep.call_args_list] == [1, 2, 4]
    assert "The database cannot be reached (connection refused)" in caplog.text
    assert "The database answers again" in caplog.text


@pytest.mark.django_db
def test_the_scheduler_goes_on_looking_after_a_database_error(settings):
    class Stop(Exception):
        pass

    settings.SCHEDULER_INTERVAL_SECONDS = 1
    looks = [OperationalError("connection refused"), Stop()]
    with (
        mock.patch("notifications.reminders.queue_due", side_effect=looks) as queue_due,
        mock.patch("notifications.management.commands.run_scheduler.time.sleep"),
        mock.patch("notifications.management.commands.run_scheduler.signal.signal"),
        pytest.raises(Stop),
    ):
        call_command("run_scheduler", verbosity=0)
    assert queue_due.call_count == 2


@pytest.mark.django_db
def test_the_scheduler_once_reports_a_database_error():
    down = OperationalError("connection refused")
    with (
        mock.patch("notifications.reminders.queue_due", side_effect=down),
        pytest.raises(OperationalError),
    ):
        call_command("run_scheduler", "--once")
