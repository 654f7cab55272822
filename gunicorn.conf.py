"""gunicorn settings for backward-walk, read from the environment.

    PORT                 port to listen on, all interfaces (default 8000)
    WEB_CONCURRENCY      worker processes (default: 2 x CPUs + 1, capped at 4)
    GUNICORN_THREADS     threads per worker (default 2; above 1 uses the gthread worker)
    GUNICORN_TIMEOUT     seconds a request may run before its worker is restarted (default 30)
    TRUST_PROXY_HEADERS  1 behind a proxy that sets X-Forwarded-Proto (default 0: trust no one)
    FORWARDED_ALLOW_IPS  with TRUST_PROXY_HEADERS=1, the proxy addresses/networks trusted for
                         X-Forwarded-* (default 127.0.0.1,::1)

The worker cap keeps memory and PostgreSQL connections bounded on a small machine: with
CONN_MAX_AGE each thread keeps one connection open, so the default is at most 4 x 2 = 8.
Set WEB_CONCURRENCY explicitly on a bigger box (a container sees the host's CPU count).
"""

import os

from backward_walk.env import env_bool, env_int, env_str


def cpu_count() -> int:
    """CPUs this process may run on (respects a cpuset; a CFS quota is not visible here)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def default_workers(cores: int) -> int:
    return max(1, min(2 * cores + 1, 4))


bind = f"0.0.0.0:{env_int('PORT', 8000, minimum=1)}"
workers = env_int("WEB_CONCURRENCY", default_workers(cpu_count()), minimum=1)
threads = env_int("GUNICORN_THREADS", 2, minimum=1)
worker_class = "gthread" if threads > 1 else "sync"

timeout = env_int("GUNICORN_TIMEOUT", 30, minimum=1)
# On SIGTERM, in-flight requests get this long to finish (compose.yaml's stop_grace_period
# is longer, so Docker does not SIGKILL them first).
graceful_timeout = 30
keepalive = 5  # seconds an idle keep-alive connection (from a proxy) stays open

# Recycle each worker after ~1000 requests (jittered so they don't all restart at once):
# bounds slow memory growth.
max_requests = 1000
max_requests_jitter = 100

accesslog = "-"
errorlog = "-"
loglevel = env_str("GUNICORN_LOG_LEVEL", "info").lower()


def trusted_proxies(environ=os.environ) -> str:
    """Peers allowed to set X-Forwarded-Proto & co: none unless TRUST_PROXY_HEADERS=1.

    The same switch makes Django read the header (settings.py), so a request from a local
    process cannot claim HTTPS when the operator said there is no proxy.
    """
    if not env_bool("TRUST_PROXY_HEADERS", False, environ):
        return ""
    return env_str("FORWARDED_ALLOW_IPS", "127.0.0.1,::1", environ)


# Behind a proxy on another container or host, set FORWARDED_ALLOW_IPS to its address or
# network (for example 172.16.0.0/12), never "*" on a port that clients can reach directly.
forwarded_allow_ips = trusted_proxies()

# gunicorn 25.1+ opens a control socket for `gunicornc` (change workers, reload, stop) in
# $HOME, which the image's user does not have. Off unless GUNICORN_CONTROL_SOCKET=1.
control_socket_disable = not env_bool("GUNICORN_CONTROL_SOCKET", False)

# Worker heartbeat files on tmpfs: on a container's overlay disk they can stall workers.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
