"""Settings read from the environment: checked in a fresh interpreter, as production starts."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "a-long-random-production-secret-key-for-the-deploy-check-0123456789",
    "ALLOWED_HOSTS": "walk.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://walk.example.org",
    "EMAIL_HOST": "smtp.example.org",
}
SETTING_VARS = {
    "DEBUG",
    "SECRET_KEY",
    "EMAIL_HOST",
    "EMAIL_CONSOLE_UNSAFE",
    "EMAIL_TIMEOUT",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "ADMINS",
    "SENTRY_DSN",
    "AXES_PROXY_COUNT",
}


# Only what a process needs to start: nothing from the test run (DATABASE_URL, or a flag a
# fixture set such as DJANGO_ALLOW_ASYNC_UNSAFE, which `check --deploy` rightly rejects).
PASSED_THROUGH = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT")


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: os.environ[k] for k in PASSED_THROUGH if k in os.environ}
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_is_clean_with_production_variables():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_secret_key_is_required_when_debug_is_off():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DEBUG", "maybe", "DEBUG='maybe' is not a yes/no value"),
        ("TIME_ZONE", "Mars/Olympus", "TIME_ZONE='Mars/Olympus' is not a known time zone"),
        ("CONN_MAX_AGE", "-1", "CONN_MAX_AGE=-1 is below the minimum of 0"),
    ],
)
def test_bad_values_stop_start_up_with_a_clear_message(name, value, message):
    result = run_manage("check", env={**PRODUCTION, name: value})
    assert result.returncode != 0
    assert message in result.stderr


def test_deploy_check_is_clean_whatever_the_test_run_has_set(monkeypatch):
    # The browser tests switch this on for their own thread; it must not reach production.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    monkeypatch.setenv("DEBUG", "1")
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stderr


def test_no_pending_migrations():
    result = run_manage("makemigrations", "--check", "--dry-run", env={})
    assert result.returncode == 0, result.stdout + result.stderr


def setting_value(name: str, env: dict[str, str], code: str = "") -> str:
    """One setting's repr (or what `code` prints), as a fresh production process sees it."""
    code = code or f"from django.conf import settings; print(repr(settings.{name}))"
    result = run_manage("shell", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_production_without_a_mail_server_refuses_to_start():
    env = {k: v for k, v in PRODUCTION.items() if k != "EMAIL_HOST"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "EMAIL_HOST must be set when DEBUG is off" in result.stderr
    assert "EMAIL_CONSOLE_UNSAFE=1" in result.stderr


def test_production_without_a_mail_server_starts_only_with_the_unsafe_opt_in():
    env = {k: v for k, v in PRODUCTION.items() if k != "EMAIL_HOST"}
    backend = setting_value("EMAIL_BACKEND", {**env, "EMAIL_CONSOLE_UNSAFE": "1"})
    assert backend == "'django.core.mail.backends.console.EmailBackend'"


@pytest.mark.parametrize(("env", "seconds"), [({}, "10"), ({"EMAIL_TIMEOUT": "3"}, "3")])
def test_email_timeout_has_a_default_and_reads_the_environment(env, seconds):
    assert setting_value("EMAIL_TIMEOUT", {**PRODUCTION, **env}) == seconds


def test_a_short_secret_key_is_refused_in_production():
    result = run_manage("check", env={**PRODUCTION, "SECRET_KEY": "x" * 49})
    assert result.returncode != 0
    assert "SECRET_KEY is 49 characters long; use at least 50" in result.stderr


def test_a_short_secret_key_is_fine_while_debugging():
    assert run_manage("check", env={"DEBUG": "1", "SECRET_KEY": "short"}).returncode == 0


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "(False, False)"),
        ({"SECURE_HSTS_INCLUDE_SUBDOMAINS": "1", "SECURE_HSTS_PRELOAD": "1"}, "(True, True)"),
    ],
)
def test_hsts_subdomains_and_preload_are_opt_in(env, expected):
    code = (
        "from django.conf import settings; "
        "print((settings.SECURE_HSTS_INCLUDE_SUBDOMAINS, settings.SECURE_HSTS_PRELOAD))"
    )
    assert setting_value("", {**PRODUCTION, **env}, code=code) == expected


def test_admins_are_read_from_the_environment():
    env = {**PRODUCTION, "ADMINS": "Ann Ops <ann@example.org>, ops@example.org"}
    assert setting_value("ADMINS", env) == (
        "[('Ann Ops', 'ann@example.org'), ('ops@example.org', 'ops@example.org')]"
    )


def test_sentry_is_off_and_not_imported_without_a_dsn():
    code = "import sys; print('sentry_sdk' in sys.modules)"
    assert setting_value("", PRODUCTION, code=code) == "False"


def test_sentry_is_switched_on_by_its_dsn():
    code = "import sentry_sdk; print(sentry_sdk.get_client().is_active())"
    env = {**PRODUCTION, "SENTRY_DSN": "https://key@sentry.example.org/1"}
    assert setting_value("", env, code=code) == "True"
