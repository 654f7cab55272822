"""Setting up reminders on the phone: the VAPID keys read from the environment (typed helpers,
start-up refuses a bad pair), `manage.py vapid_keys`, and the service worker's handlers."""

import re
import stat
from io import StringIO

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from backward_walk.env import env_vapid_keys, env_vapid_subject, vapid_public_key
from notifications.management.commands.vapid_keys import new_vapid_pair
from tests.test_settings import PRODUCTION, run_manage

PUBLIC, PRIVATE = new_vapid_pair()
OTHER_PUBLIC, OTHER_PRIVATE = new_vapid_pair()


def keys(**environ):
    return env_vapid_keys("VAPID_PUBLIC_KEY", "VAPID_PRIVATE_KEY", environ)


def test_no_keys_means_push_is_off():
    assert keys() == ("", "")
    assert keys(VAPID_PUBLIC_KEY=" ", VAPID_PRIVATE_KEY="") == ("", "")


def test_a_pair_is_read():
    assert keys(VAPID_PUBLIC_KEY=PUBLIC, VAPID_PRIVATE_KEY=f" {PRIVATE}\n") == (PUBLIC, PRIVATE)
    assert vapid_public_key(PRIVATE) == PUBLIC


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"VAPID_PUBLIC_KEY": PUBLIC}, "VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY go together"),
        ({"VAPID_PRIVATE_KEY": PRIVATE}, "VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY go together"),
        (
            {"VAPID_PUBLIC_KEY": PUBLIC, "VAPID_PRIVATE_KEY": "not-a-key"},
            "VAPID_PRIVATE_KEY is not a VAPID private key",
        ),
        (
            {"VAPID_PUBLIC_KEY": PRIVATE, "VAPID_PRIVATE_KEY": PRIVATE},
            "is not a VAPID public key",
        ),
        (
            {"VAPID_PUBLIC_KEY": OTHER_PUBLIC, "VAPID_PRIVATE_KEY": PRIVATE},
            "VAPID_PUBLIC_KEY is not the public half of VAPID_PRIVATE_KEY",
        ),
    ],
)
def test_a_bad_pair_is_refused_naming_the_variable_never_the_private_key(environ, message):
    with pytest.raises(ImproperlyConfigured, match=message) as refused:
        keys(**environ)
    assert PRIVATE not in str(refused.value)
    assert "manage.py vapid_keys" in str(refused.value)


@pytest.mark.parametrize(
    ("raw", "allow_http", "expected"),
    [
        ("mailto:ops@walk.example.org", False, "mailto:ops@walk.example.org"),
        ("https://walk.example.org", False, "https://walk.example.org"),
        ("", False, "https://default.example.org"),
        ("http://127.0.0.1:8000", True, "http://127.0.0.1:8000"),
    ],
)
def test_the_subject_is_a_contact(raw, allow_http, expected):
    environ = {"VAPID_SUBJECT": raw}
    default = "https://default.example.org"
    assert env_vapid_subject("VAPID_SUBJECT", default, allow_http=allow_http, environ=environ) == (
        expected
    )


@pytest.mark.parametrize("raw", ["ops@walk.example.org", "http://walk.example.org", "https://"])
def test_a_subject_that_is_no_contact_is_refused(raw):
    with pytest.raises(ImproperlyConfigured, match="VAPID_SUBJECT"):
        env_vapid_subject("VAPID_SUBJECT", "", allow_http=False, environ={"VAPID_SUBJECT": raw})


def test_production_starts_with_a_pair_and_a_subject():
    env = {
        **PRODUCTION,
        "VAPID_PUBLIC_KEY": PUBLIC,
        "VAPID_PRIVATE_KEY": PRIVATE,
        "VAPID_SUBJECT": "mailto:ops@walk.example.org",
    }
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stderr


def test_production_refuses_a_mismatched_pair_or_a_plain_http_subject():
    mismatched = {**PRODUCTION, "VAPID_PUBLIC_KEY": OTHER_PUBLIC, "VAPID_PRIVATE_KEY": PRIVATE}
    result = run_manage("check", env=mismatched)
    assert result.returncode != 0
    assert "VAPID_PUBLIC_KEY is not the public half of VAPID_PRIVATE_KEY" in result.stderr
    assert PRIVATE not in result.stderr
    # SITE_URL is the subject by default; plain http is for a development server only.
    plain = {**PRODUCTION, "VAPID_PUBLIC_KEY": PUBLIC, "VAPID_PRIVATE_KEY": PRIVATE}
    result = run_manage("check", env={**plain, "SITE_URL": "http://walk.example.org"})
    assert result.returncode != 0
    assert "VAPID_SUBJECT='http://walk.example.org' is not a contact" in result.stderr


def test_vapid_keys_prints_a_pair_the_settings_accept():
    out = StringIO()
    call_command("vapid_keys", stdout=out)
    found = dict(re.findall(r"^(VAPID_\w+)=(\S+)$", out.getvalue(), flags=re.M))
    assert keys(**found) == (found["VAPID_PUBLIC_KEY"], found["VAPID_PRIVATE_KEY"])


def test_vapid_keys_writes_a_file_once_readable_by_its_owner_only(tmp_path):
    path = tmp_path / ".vapid-dev.env"
    out = StringIO()
    call_command("vapid_keys", file=str(path), stdout=out)
    assert f"Wrote a new VAPID key pair to {path}." in out.getvalue()
    first = path.read_text()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    found = dict(line.split("=", 1) for line in first.splitlines())
    assert keys(**found)
    call_command("vapid_keys", file=str(path), stdout=out)  # `make run` each time
    assert f"Kept the VAPID keys in {path}." in out.getvalue()
    assert path.read_text() == first


@pytest.mark.django_db
def test_the_service_worker_shows_pushed_reminders_and_opens_the_page_tapped(client):
    body = client.get("/sw.js").content.decode()
    assert 'self.addEventListener("push"' in body
    assert "showNotification" in body
    assert 'self.addEventListener("notificationclick"' in body
    assert "openWindow" in body
    assert 'const ICON = "/static/img/icons/icon-192.png";' in body
