"""Packaging that can break silently: gunicorn.conf.py read from the environment, and the
lock files that CI, `make` and the Dockerfile install from. (hadolint checks the Dockerfile
in `make lint`; a Docker engine is not needed here.)"""

import re
import runpy
import tomllib
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from gunicorn.config import Config
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
GUNICORN_CONF = ROOT / "gunicorn.conf.py"
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


# --- gunicorn.conf.py ---------------------------------------------------------------------


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


def test_more_than_one_thread_uses_the_threaded_worker(monkeypatch):
    assert load_conf(monkeypatch, GUNICORN_THREADS="4")["worker_class"] == "gthread"


def test_blank_values_mean_the_default(monkeypatch):
    # compose.yaml passes "${WEB_CONCURRENCY:-}" through: an empty string must not break start-up.
    default = load_conf(monkeypatch)
    conf = load_conf(monkeypatch, WEB_CONCURRENCY="", GUNICORN_THREADS=" ")
    assert conf["workers"] == default["workers"]
    assert conf["threads"] == default["threads"]


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


# --- lock files ---------------------------------------------------------------------------


def pinned(lock: Path) -> dict[str, tuple[str, int]]:
    """name -> (version, number of hashes) from a `uv pip compile --generate-hashes` file."""
    found = {}
    for block in re.split(r"\n(?=\S)", lock.read_text()):
        match = re.match(r"([A-Za-z0-9_.\-\[\]]+)==(\S+)", block)
        if match:
            name = canonicalize_name(match.group(1).split("[")[0])
            found[name] = (match.group(2), block.count("--hash=sha256:"))
    return found


def declared(extra: str | None) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = list(project["dependencies"])
    if extra:
        names += project["optional-dependencies"][extra]
    return [Requirement(name) for name in names]


@pytest.mark.parametrize(
    ("lock", "extra"), [("requirements.lock", None), ("requirements-dev.lock", "dev")]
)
def test_the_lock_pins_every_declared_dependency_inside_its_range_with_hashes(lock, extra):
    pins = pinned(ROOT / lock)
    stale = []
    for requirement in declared(extra):
        name = canonicalize_name(requirement.name)
        if name not in pins:
            stale.append(f"{requirement} is not in {lock}")
            continue
        version, hashes = pins[name]
        if not requirement.specifier.contains(version, prereleases=True):
            stale.append(f"{lock} pins {name}=={version}, outside {requirement.specifier}")
        if hashes == 0:
            stale.append(f"{lock} has no hash for {name}")
    assert not stale, "run `make lock`:\n" + "\n".join(stale)


def test_the_runtime_lock_holds_no_dev_tool():
    runtime = pinned(ROOT / "requirements.lock")
    dev_only = {canonicalize_name(r.name) for r in declared("dev")} - {
        canonicalize_name(r.name) for r in declared(None)
    }
    assert not dev_only & runtime.keys()
