"""`make run` (issue 25, points 2 and 6): the worker and the scheduler are started again when
they stop with an error, and they start only once the server listens, so the demo logins are
the last thing printed before the server's own lines."""

import os
import signal
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KEEP_RUNNING = ROOT / "tools" / "keep-running"
SECONDS = 30


def keep_running(tmp_path, *command: str, **popen) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 - our own script, fixed arguments
        [str(KEEP_RUNNING), "test command", *command],
        cwd=tmp_path,
        env={**os.environ, "KEEP_RUNNING_WAIT": "0"},
        stderr=subprocess.PIPE,
        text=True,
        **popen,
    )


def test_keep_running_starts_a_command_again_until_it_stops_cleanly(tmp_path):
    fails_twice = 'n=$(($(cat count 2>/dev/null || echo 0) + 1)); echo $n > count; [ "$n" -ge 3 ]'
    process = keep_running(tmp_path, "sh", "-c", fails_twice)
    _out, err = process.communicate(timeout=SECONDS)
    assert process.returncode == 0
    assert (tmp_path / "count").read_text().strip() == "3"
    assert err.count("The test command stopped (exit status 1): starting it again") == 2


def test_stopping_keep_running_stops_its_command(tmp_path):
    process = keep_running(tmp_path, "sh", "-c", "echo $$ > pid; exec sleep 300")
    pid_file = tmp_path / "pid"
    deadline = time.monotonic() + SECONDS
    while not (pid_file.exists() and pid_file.read_text().strip()):
        assert time.monotonic() < deadline, "the command never started"
        time.sleep(0.05)
    child = int(pid_file.read_text())
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=SECONDS) == 0
    try:
        os.kill(child, 0)
    except ProcessLookupError:
        return
    os.kill(child, signal.SIGKILL)
    raise AssertionError("the command outlived keep-running")


def run_recipe() -> list[str]:
    """The lines of the Makefile's `run` target, continuation lines joined."""
    text = (ROOT / "Makefile").read_text().replace("\\\n", " ")
    recipe = text.split("\nrun: install\n", 1)[1].split("\n\n", 1)[0]
    return [line.strip() for line in recipe.splitlines()]


def test_make_run_prints_the_demo_logins_last_and_keeps_the_worker_running():
    *before, seed, start = run_recipe()
    assert "manage.py seed_demo" in seed  # its last lines are the demo logins
    worker = next(part for part in start.split("&") if "run_worker" in part)
    # The worker waits for the server to listen, then runs under keep-running.
    assert "SERVER_UP" in worker and "exec tools/keep-running" in worker
    assert start.rstrip().endswith("manage.py runserver $(HOST):$(PORT)")
    assert "echo" not in start
