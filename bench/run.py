"""The benchmark: one command that builds a data set, serves it as in production, and measures.

    .venv/bin/python -m bench.run --clients 500 --weeks 12          # make bench
    .venv/bin/python -m bench.run --clients 50 --seconds 2 --ci     # make bench-ci
    .venv/bin/python -m bench.run --clients 20000                   # the large data set
    .venv/bin/python -m bench.run --scale --sizes 500,5000          # growth with clients

One run: (re)creates a PostgreSQL database (or uses DATABASE_URL), migrates, generates the
data (bench/generate.py), collects static files into a temporary STATIC_ROOT, counts each
page's SQL queries through Django's test client, starts gunicorn with DEBUG=0, 2 workers x 2
threads on 127.0.0.1, and drives each page with wrk (8 connections, bounded in time) using
sessions made on the server side. Then: the workers' memory, two app servers on one database
and EXPLAIN ANALYZE of the coach pages' queries. It prints the table with the budget (CPU per
request as a multiple of /healthz's, and p95), then compares each page with the last result of
the same size in bench/results/ (a page more than 15 % slower in CPU is printed as a
REGRESSION), and writes everything to bench/results/<timestamp>-<clients>.json (ignored by
git). Every server it starts is stopped at the end, also on error.
"""

import argparse
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, suppress
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RESULTS = BENCH / "results"
LUA = BENCH / "wrk_targets.lua"
PY = sys.executable
GUNICORN = str(Path(PY).with_name("gunicorn"))
HOST = "127.0.0.1"
CONNECTIONS = 8
ROTATE = 50  # distinct clients a GET page rotates over

# The budget (issue 26): CPU per request (app + db) as a multiple of /healthz's, measured in
# the same run, and p95 latency by kind of page. name, kind, budget (x /healthz CPU).
PAGES = (
    ("healthz", None, None),
    ("static file", None, None),
    # A signed-in page with nothing on it (bench/urls.py): Django's fixed cost per request.
    ("blank page", "client", 4.0),
    ("today", "client", 12.0),
    ("progress", "client", 14.0),
    ("plan", "client", 14.0),
    ("log POST", "client", 16.0),
    ("coach dashboard", "coach", 25.0),
    ("client detail", "coach", 30.0),
    # The JSON API (README: API), with a personal access token: the person's plan and the
    # coach's client list, each against its page's target.
    ("API plan", "client", 14.0),
    ("API clients", "coach", 25.0),
)
BUDGETS = {name: (kind, budget) for name, kind, budget in PAGES}
YARDSTICK = "healthz"
P95_MS = {"client": 150, "coach": 300}
# A page whose CPU per request grew by more than this since the last result of the same size.
REGRESSION_PERCENT = 15.0
# --scale: the dashboard's CPU per request at the largest size over the smallest's.
SCALE_PAGE = "coach dashboard"
SCALE_CPU_RATIO = 1.2
GENERATE_20K_SECONDS = 600


def say(text: str = "") -> None:
    print(text, flush=True)


# --- Set-up ---------------------------------------------------------------------------------


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        say("wrk is missing: installing the Debian package")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, env=env)
        found = shutil.which("wrk")
    if not found:
        sys.exit("wrk is needed: apt-get install -y wrk (Debian/Ubuntu), then run again")
    return found


def reset_database(name: str) -> str:
    """A fresh database named `name`; without PostgreSQL, one line on what to run."""
    for command in (["dropdb", "--if-exists", name], ["createdb", name]):
        try:
            done = subprocess.run(command, capture_output=True, text=True, check=False)
        except FileNotFoundError:
            sys.exit("PostgreSQL's client tools are missing: run `make db` (or .ci/start-postgres)")
        if done.returncode != 0:
            reason = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "failed"
            sys.exit(f"{' '.join(command)}: {reason} -- start PostgreSQL with `make db`")
    return f"postgres:///{name}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def server_env(database_url: str, static_root: str, secret: str) -> dict:
    """Production settings for plain HTTP on loopback (see README: Running in production)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DJANGO_SETTINGS_MODULE", "PORT", "WEB_CONCURRENCY")
    }
    env.update(
        DEBUG="0",
        SECRET_KEY=secret,
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="0",
        # The benchmark sends no mail; production refuses to start without a mail server.
        EMAIL_CONSOLE_UNSAFE="1",
        # The benchmark's coach has no phone: measure the coach pages, not the set-up page.
        COACH_2FA_REQUIRED="0",
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="bench.settings",
        BENCH_STATIC_ROOT=static_root,
        WEB_CONCURRENCY="2",
        GUNICORN_THREADS="2",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    return env


class Server:
    """gunicorn as the Dockerfile runs it, on 127.0.0.1:port, in its own process group."""

    def __init__(self, env: dict, log: Path, port: int | None = None) -> None:
        self.port = port or free_port()
        self.log = log
        self.output = open(log, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                GUNICORN,
                "backward_walk.wsgi:application",
                "-c",
                "gunicorn.conf.py",
                "--bind",
                f"{HOST}:{self.port}",
                # gunicorn.conf.py recycles a worker after ~1000 requests; at /healthz's rate
                # that is a restart every second, and the run would time start-ups.
                "--max-requests",
                "0",
            ],
            cwd=ROOT,
            env={**env, "PORT": str(self.port)},
            stdout=self.output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def wait(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log}")
            try:
                status, _, _ = request(self.port, "GET", "/healthz")
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer /healthz in {seconds} s; see {self.log}")

    def workers(self) -> list[int]:
        out = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(self.process.pid)],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        return [int(pid) for pid in out.split()]

    def stop(self) -> None:
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=35)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                with suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.output.close()


def cpu_times(pids) -> dict[int, float]:
    """pid -> user + system CPU seconds so far (from /proc/<pid>/stat); gone pids are left out."""
    found = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        found[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return found


def cpu_used(before: dict, after: dict) -> float:
    """CPU seconds between two snapshots: new processes count from zero; a process that ended
    in between (a database connection past CONN_MAX_AGE) is left out, so never negative."""
    return sum(spent - before.get(pid, 0.0) for pid, spent in after.items())


def database_backends() -> list[int]:
    """PostgreSQL backends serving the bench database, other than this process's own."""
    from django.db import connections

    with connections["default"].cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        pids = [row[0] for row in cursor.fetchall()]
    connections.close_all()
    return pids


def rss_mb(pid: int) -> float:
    out = subprocess.run(["ps", "-o", "rss=", "-p", str(pid)], capture_output=True, text=True)
    return int(out.stdout.strip() or 0) / 1024


def request(port, method, path, headers=None, body=None, timeout=30):
    """One plain HTTP request (no redirects followed, no cookie jar: the cookies are Secure)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.getheaders(), response.read().decode(errors="replace")
    finally:
        conn.close()


def set_cookies(headers) -> dict:
    """name -> value from Set-Cookie headers, read directly (Secure flag and all)."""
    found = {}
    for name, value in headers:
        if name.lower() == "set-cookie":
            cookie = value.split(";", 1)[0]
            key, _, val = cookie.partition("=")
            found[key.strip()] = val.strip()
    return found


# --- Django, in this process -------------------------------------------------------------


def setup_django(env: dict) -> None:
    os.environ.update(env)
    import django

    django.setup()


def session_cookie(user) -> str:
    """A logged-in session made on the server side, as login() would store it."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    # As the log-in would record it for an account without a second step (accounts/login_steps.py).
    store["second_step"] = "off"
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def csrf_pair() -> tuple[str, str]:
    """A CSRF cookie and the matching token (the unmasked secret is accepted as the token)."""
    from django.middleware.csrf import _get_new_csrf_string

    token = _get_new_csrf_string()
    return f"csrftoken={token}", token


def monday_of(day):
    return day - timedelta(days=day.weekday())


def open_sessions(per_client: int = 0):
    """Unlogged sessions of active plans that their client can log today (Monday..today in
    the client's own time zone), round robin across clients: [(client, planned), ...]."""
    from plans.models import Plan, PlannedSession

    now = datetime.now(UTC)
    rows = (
        PlannedSession.objects.filter(
            plan__status=Plan.Status.ACTIVE,
            log__isnull=True,
            date__gte=(now - timedelta(days=8)).date(),
            date__lte=(now + timedelta(days=1)).date(),
        )
        .select_related("plan__client")
        .order_by("plan__client_id", "date")
    )
    by_client = {}
    for planned in rows:
        client = planned.plan.client
        today = client.local_today(now)
        if monday_of(today) <= planned.date <= today:
            by_client.setdefault(client.pk, (client, []))[1].append(planned)
    rounds, order = 0, []
    lists = list(by_client.values())
    while True:
        added = False
        for client, sessions in lists:
            if rounds < len(sessions):
                order.append((client, sessions[rounds]))
                added = True
        rounds += 1
        if not added or (per_client and rounds >= per_client):
            return order


def prepare(workdir: Path) -> dict:
    """Sessions and target files for every page, and each page's query count."""
    from django.test import Client

    from accounts.models import User
    from bench.generate import DOMAIN
    from coaching.models import CoachLink
    from plans.models import Plan

    coach = User.objects.get(email=f"coach001@{DOMAIN}")
    links = list(
        CoachLink.objects.filter(coach=coach, ended_at__isnull=True)
        .select_related("client")
        .order_by("client__email")
    )
    coach_cookie = session_cookie(coach)
    active = list(
        User.objects.filter(
            email__endswith=f"@{DOMAIN}", role="client", plans__status=Plan.Status.ACTIVE
        ).order_by("email")[:ROTATE]
    )
    cookies = {user.pk: session_cookie(user) for user in active}
    fresh = open_sessions()
    if len({client.pk for client, _ in fresh}) < 3:
        raise RuntimeError(
            f"only {len(fresh)} sessions can be logged today: generate more clients (--clients)"
        )
    # Two fresh sessions are kept back: one to count the POST's queries, one for the
    # two-server check (a client with a session today, if there is one).
    today_targets = [
        (c, p) for c, p in fresh if p.date == c.local_today() and c.pk not in cookies
    ] or fresh
    two_server = today_targets[0]
    counting = next((c, p) for c, p in fresh if c.pk != two_server[0].pk)
    # Their clients get no other log either: a log can change the plan (a step back after a
    # break), and the check must see the session it expects.
    kept = (two_server[0].pk, counting[0].pk)
    posts = [(c, p) for c, p in fresh if c.pk not in kept]
    post_cookies = {}
    for client, _ in posts:
        if client.pk not in post_cookies:
            post_cookies[client.pk] = (session_cookie(client), *csrf_pair())

    def write(name: str, lines: list[str]) -> Path:
        path = workdir / f"{name.replace(' ', '_')}.txt"
        path.write_text("\n".join(lines) + "\n")
        return path

    def gets(path: str) -> list[str]:
        return [f"GET\t{path}\t{cookies[u.pk]}\t-" for u in active]

    from api.tokens import make_token

    # A token in the cookie field is sent as Authorization instead (bench/wrk_targets.lua).
    bearers = {u.pk: f"Bearer {make_token(u, 'bench', 'read').secret}" for u in active}
    coach_bearer = f"Bearer {make_token(coach, 'bench', 'coach_read').secret}"

    static_path = static_url()
    files = {
        "healthz": write("healthz", ["GET\t/healthz\t\t-"]),
        "static file": write("static", [f"GET\t{static_path}\t\t-"]),
        "blank page": write("blank", gets("/bench/blank/")),
        "today": write("today", gets("/today/")),
        "plan": write("plan", gets("/plan/")),
        "progress": write("progress", gets("/progress/")),
        "coach dashboard": write("dashboard", [f"GET\t/coach/\t{coach_cookie}\t-"]),
        "client detail": write(
            "detail",
            [
                f"GET\t/coach/clients/{link.client.public_id}/\t{coach_cookie}\t-"
                for link in links[:ROTATE]
            ],
        ),
        "API plan": write("api_plan", [f"GET\t/api/v1/plan/\t{bearers[u.pk]}\t-" for u in active]),
        "API clients": write("api_clients", [f"GET\t/api/v1/clients/\t{coach_bearer}\t-"]),
        "log POST": write(
            "log_post",
            [
                f"POST\t/today/{p.date.isoformat()}/done/\t"
                f"{post_cookies[c.pk][0]}; {post_cookies[c.pk][1]}\t{post_cookies[c.pk][2]}"
                for c, p in posts
            ],
        ),
    }

    # Queries per page: the second of two requests (the first may write next week's rows).
    def count(user, method, path, bearer: str = "") -> tuple[int, int]:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        browser = Client(HTTP_HOST=HOST, **({"HTTP_AUTHORIZATION": bearer} if bearer else {}))
        if user is not None and not bearer:
            browser.force_login(user)
        if method == "GET":
            getattr(browser, method.lower())(path)
        with CaptureQueriesContext(connection) as captured:
            response = getattr(browser, method.lower())(path)
        return response.status_code, len(captured.captured_queries)

    sample = active[0]
    detail = f"/coach/clients/{links[0].client.public_id}/"
    counts = {
        "healthz": count(None, "GET", "/healthz"),
        "static file": (None, 0),
        "blank page": count(sample, "GET", "/bench/blank/"),
        "today": count(sample, "GET", "/today/"),
        "plan": count(sample, "GET", "/plan/"),
        "progress": count(sample, "GET", "/progress/"),
        "coach dashboard": count(coach, "GET", "/coach/"),
        "client detail": count(coach, "GET", detail),
        "log POST": count(counting[0], "POST", f"/today/{counting[1].date.isoformat()}/done/"),
        "API plan": count(sample, "GET", "/api/v1/plan/", bearers[sample.pk]),
        "API clients": count(coach, "GET", "/api/v1/clients/", coach_bearer),
    }
    return {
        "files": files,
        "queries": counts,
        "fresh_posts": len(posts),
        "coach": coach,
        "detail_path": detail,
        "two_server": two_server,
        "coach_clients": len(links),
    }


def static_url() -> str:
    from django.conf import settings

    manifest = json.loads((Path(settings.STATIC_ROOT) / "staticfiles.json").read_text())
    paths = manifest["paths"]
    name = next(k for k in paths if k.endswith("bootstrap.min.css"))
    return f"/{settings.STATIC_URL.strip('/')}/{paths[name]}"


def coach_pages_exist() -> bool:
    from django.urls import NoReverseMatch, reverse

    try:
        reverse("coach_dashboard")
        reverse("coach_client", args=["00000000-0000-4000-8000-000000000000"])
    except NoReverseMatch:
        return False
    return True


# --- Measuring ----------------------------------------------------------------------------


def drive(wrk: str, url: str, target: Path, seconds: int, once: bool = False) -> dict:
    command = [
        wrk,
        "-t1",
        f"-c{CONNECTIONS}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "--latency",
        "-s",
        str(LUA),
        url,
        "--",
        str(target),
    ]
    if once:
        command.append("once")
    out = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    match = re.search(r"^BENCH_JSON (\{.*\})$", out.stdout, re.M)
    if out.returncode != 0 or not match:
        raise RuntimeError(f"wrk failed ({out.returncode}): {out.stdout}\n{out.stderr}")
    result = json.loads(match.group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out.stdout)
    result["non_2xx_3xx"] = int(non2xx.group(1)) if non2xx else 0
    return result


def two_servers(env: dict, workdir: Path, first: "Server", target, password: str) -> dict:
    """A session started on server A works on server B; a log written through A is read
    through B. Both share only the database."""
    client, planned = target
    second = Server(env, workdir / "gunicorn-b.log")
    steps = {}
    try:
        second.wait()
        a, b = first.port, second.port
        status, headers, body = request(a, "GET", "/login/")
        csrf_cookie = set_cookies(headers)["csrftoken"]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
        form = f"csrfmiddlewaretoken={token}&username={client.email}&password={password}"
        status, headers, _ = request(
            a,
            "POST",
            "/login/",
            {
                "Cookie": f"csrftoken={csrf_cookie}",
                "Content-Type": "application/x-www-form-urlencoded",
            },
            form,
        )
        cookies = set_cookies(headers)
        steps["login on A"] = status == 302 and "sessionid" in cookies
        token = cookies.get("csrftoken", csrf_cookie)
        jar = f"sessionid={cookies.get('sessionid', '')}; csrftoken={token}"
        day = planned.date.isoformat()
        # The day's own page shows its log whatever the plan does next. /today/ does not: the
        # log can pause the plan (four weeks since the last session: answer the questions
        # again), and a paused Today shows that instead of the session, so a lapsed client
        # made this check fail although B read the log (bench/README: two app servers).
        page = f"/today/{day}/"
        status, _, body = request(b, "GET", page, {"Cookie": jar})
        # Anonymous, B would answer 302 to /login/; signed in, the page has the log-out form.
        steps["session from A works on B"] = status == 200 and 'action="/logout/"' in body
        steps["not logged yet, seen on B"] = "Logged:" not in body
        status, _, _ = request(
            a,
            "POST",
            f"/today/{day}/done/",
            {
                "Cookie": jar,
                "X-CSRFToken": token,
                "Content-Type": "application/x-www-form-urlencoded",
            },
            f"csrfmiddlewaretoken={token}",
        )
        steps["log written through A"] = status == 302
        status, _, body = request(b, "GET", page, {"Cookie": jar})
        steps["log read through B"] = status == 200 and "Logged: done" in body
    finally:
        second.stop()
    return {"ok": all(steps.values()), "steps": steps, "client": client.email, "day": day}


# --- One run -------------------------------------------------------------------------------


def run_once(args) -> dict:
    wrk = ensure_wrk()
    started = time.monotonic()
    own_db = "DATABASE_URL" not in os.environ
    db_name = f"backward_walk_bench_{args.clients}"
    database_url = reset_database(db_name) if own_db else os.environ["DATABASE_URL"]
    if not database_url.startswith("postgres"):
        sys.exit("The benchmark needs PostgreSQL: unset DATABASE_URL or point it at one")
    result = {
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
        "clients": args.clients,
        "weeks": args.weeks,
        "seconds_per_page": args.seconds,
        "seed": args.seed,
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "workers": 2,
        "threads": 2,
        "connections": CONNECTIONS,
        "database": database_url.rsplit("/", 1)[-1] if own_db else "DATABASE_URL",
    }
    with ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-")))
        static_root = workdir / "static"
        env = server_env(database_url, str(static_root), secrets.token_urlsafe(40))
        setup_django(env)
        from django.core.management import call_command

        from bench.generate import BENCH_PASSWORD, generate

        say(f"==> database {result['database']}: migrate")
        call_command("migrate", "--noinput", verbosity=0)
        say(f"==> generate {args.clients} clients x {args.weeks} weeks (seed {args.seed})")
        counts = generate(args.clients, args.weeks, args.seed, quiet=True)
        say(f"    {counts.line()}")
        result["data"] = counts.__dict__
        result["data_line"] = counts.line()
        say("==> collectstatic")
        call_command("collectstatic", "--noinput", verbosity=0)

        coach_ok = coach_pages_exist()
        prepared = prepare(workdir)
        result["fresh_posts_available"] = prepared["fresh_posts"]
        result["coach_clients"] = prepared["coach_clients"]

        from django.db import connections

        connections.close_all()
        say("==> gunicorn (DEBUG=0, 2 workers x 2 threads) on 127.0.0.1")
        server = Server(env, workdir / "gunicorn-a.log")
        stack.callback(server.stop)
        server.wait()
        # Warm up: each worker loads templates and opens its connections.
        for name in ("today", "plan", "progress", "coach dashboard", "client detail", "API plan"):
            if coach_ok or not name.startswith(("coach", "client")):
                drive(wrk, server.url, prepared["files"][name], 1)
        pages = {}
        result["load_average_before"] = [round(x, 2) for x in os.getloadavg()]
        for name, kind, budget in PAGES:
            status, queries = prepared["queries"][name]
            if name in ("coach dashboard", "client detail", "API clients") and not coach_ok:
                pages[name] = {"available": False, "kind": kind, "budget": budget}
                say(f"    {name:16} not available")
                continue
            once = name == "log POST"
            logs_before = _log_count() if once else 0
            # CPU per request of the app workers and of their PostgreSQL backends: unlike
            # req/s, hardly moved by other work on the machine.
            workers, backends = server.workers(), database_backends()
            app_before, db_before = cpu_times(workers), cpu_times(backends)
            measured = drive(wrk, server.url, prepared["files"][name], args.seconds, once=once)
            app_cpu = cpu_used(app_before, cpu_times(workers))
            db_cpu = cpu_used(db_before, cpu_times(set(backends) | set(database_backends())))
            done = max(measured["requests"], 1)
            measured.update(
                available=True,
                kind=kind,
                budget=budget,
                queries=queries,
                status=status,
                app_cpu_ms=round(1000 * app_cpu / done, 3),
                db_cpu_ms=round(1000 * db_cpu / done, 3),
            )
            if once:
                measured["logs_written"] = _log_count() - logs_before
                # wrk divides by the whole duration even when the list of open sessions ran
                # out early; with every connection busy until then, Little's law gives the rate.
                measured["wrk_rps"] = measured["rps"]
                if measured.get("mean_us"):
                    measured["rps"] = round(CONNECTIONS * 1e6 / measured["mean_us"], 2)
            pages[name] = measured
            say(
                f"    {name:16} {measured['rps']:9.1f} req/s  p50 {measured['p50_us'] / 1000:7.2f}"
                f" ms  p95 {measured['p95_us'] / 1000:7.2f} ms  cpu {measured['app_cpu_ms']:.2f}"
                f" + {measured['db_cpu_ms']:.2f} ms"
            )
        result["pages"] = pages
        result["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
        result["worker_rss_mb"] = [round(rss_mb(pid), 1) for pid in server.workers()]
        say(f"==> worker RSS: {result['worker_rss_mb']} MB")
        say("==> two app servers on one PostgreSQL")
        result["two_servers"] = two_servers(
            env, workdir, server, prepared["two_server"], BENCH_PASSWORD
        )
        for step, ok in result["two_servers"]["steps"].items():
            say(f"    {'ok  ' if ok else 'FAIL'} {step}")
        server.stop()
        if coach_ok and not args.no_explain:
            from bench import explain

            say("==> EXPLAIN ANALYZE of the coach pages")
            found = explain.explain_pages(
                {"coach dashboard": "/coach/", "client detail": prepared["detail_path"]},
                lambda _: _logged_in(prepared["coach"]),
            )
            result["explain"] = found
            result["explain_report"] = explain.report(found)
        connections.close_all()
    if own_db and not args.keep_db:
        subprocess.run(["dropdb", "--if-exists", db_name], check=False)
    result["run_seconds"] = round(time.monotonic() - started, 1)
    return result


def _log_count() -> int:
    from django.db import connections

    from plans.models import SessionLog

    count = SessionLog.objects.count()
    connections.close_all()
    return count


def _logged_in(user):
    from django.test import Client

    browser = Client(HTTP_HOST=HOST)
    browser.force_login(user)
    return browser


# --- Reporting -----------------------------------------------------------------------------


def cost(page: dict) -> float:
    return page["app_cpu_ms"] + page["db_cpu_ms"]


def judge(result: dict) -> None:
    """Adds to each page its CPU as a multiple of /healthz's and the budget's verdict (BUDGETS,
    by page name, so an older result is judged by today's budget), and p95 by kind of page."""
    pages = result["pages"]
    base = pages.get(YARDSTICK)
    yardstick = cost(base) if base and base.get("available", True) else 0
    for name, page in pages.items():
        if not page.get("available", True):
            continue
        kind, budget = BUDGETS.get(name, (page.get("kind"), page.get("budget")))
        checks = []
        if budget:
            page["budget"] = budget
            page["times"] = round(cost(page) / yardstick, 2) if yardstick else None
            page["budget_text"] = f"<= {budget:g}x /healthz"
            page["cpu_met"] = page["times"] is not None and page["times"] <= budget
            checks.append(page["cpu_met"])
        if kind:
            limit = P95_MS[kind]
            page["p95_budget_ms"] = limit
            page["p95_met"] = page["p95_us"] / 1000 <= limit
            checks.append(page["p95_met"])
        page["met"] = all(checks) if checks else None


def table(result: dict) -> list[str]:
    lines = [
        "| page | queries | req/s | p50 ms | p95 ms (budget) | cpu ms/req app + db | "
        "x /healthz | budget | |",
        "|---|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for name, page in result["pages"].items():
        if not page.get("available", True):
            lines.append(f"| {name} | not available | | | | | | | |")
            continue
        p95 = f"{page['p95_us'] / 1000:.1f}"
        if page.get("p95_budget_ms"):
            p95 += f" (<= {page['p95_budget_ms']})"
        times = f"{page['times']:.2f}x" if page.get("times") is not None else ""
        verdict = {None: "", True: "met", False: "MISSED"}[page.get("met")]
        if page.get("met") is False:
            checks = (("cpu", page.get("cpu_met")), ("p95", page.get("p95_met")))
            verdict += " (" + ", ".join(what for what, ok in checks if ok is False) + ")"
        lines.append(
            f"| {name} | {page['queries']} | {page['rps']:.1f} | {page['p50_us'] / 1000:.1f} "
            f"| {p95} | {page['app_cpu_ms']:.1f} + {page['db_cpu_ms']:.1f} | {times} "
            f"| {page.get('budget_text', '')} | {verdict} |"
        )
    gen = result["data"]["seconds"]
    projected = gen * 20000 / max(result["clients"], 1)
    how = "measured" if result["clients"] == 20000 else f"projected from {result['clients']:,}"
    result["generate_20k_met"] = projected <= GENERATE_20K_SECONDS
    lines.append(
        f"| data for 20,000 clients | | | | | {projected:.0f} s ({how}) | | "
        f"<= {GENERATE_20K_SECONDS} s | {'met' if result['generate_20k_met'] else 'MISSED'} |"
    )
    return lines


def missed(result: dict) -> list[str]:
    found = [name for name, page in result["pages"].items() if page.get("met") is False]
    if not result.get("generate_20k_met", True):
        found.append("data generation")
    return found


# --- Against the last result --------------------------------------------------------------


RESULT_NAME = re.compile(r"(?P<stamp>\d{8}T\d{6}Z)-(?P<size>\d+|scale)\.json")


def previous_result(clients: int, results: Path = RESULTS) -> tuple[Path, dict] | None:
    """The newest earlier result for this many clients: a single run (<stamp>-<clients>.json)
    or that size's run inside a --scale summary (<stamp>-scale.json). None when there is none."""
    found = []
    for path in results.glob("*.json") if results.is_dir() else ():
        match = RESULT_NAME.fullmatch(path.name)
        if match and match["size"] in (str(clients), "scale"):
            found.append((match["stamp"], path))
    for _stamp, path in sorted(found, reverse=True):
        try:
            data = json.loads(path.read_text())
        except (OSError, ValueError):
            continue
        if path.name.endswith("-scale.json"):
            data = data.get("runs", {}).get(str(clients))
        if data and data.get("clients") == clients and data.get("pages"):
            return path, data
    return None


def _change(now: float, before: float) -> float | None:
    return round(100 * (now - before) / before, 1) if before else None


def compare(result: dict, previous: dict) -> dict:
    """Each page's CPU per request and p95 now and in `previous`, with the change in %; a page
    whose CPU grew by more than REGRESSION_PERCENT is a regression."""
    rows, regressions = [], []
    for name, page in result["pages"].items():
        before = previous.get("pages", {}).get(name)
        if not page.get("available", True) or not before or not before.get("available", True):
            continue
        row = {
            "page": name,
            "cpu_before": round(cost(before), 3),
            "cpu_now": round(cost(page), 3),
            "p95_before_ms": round(before["p95_us"] / 1000, 1),
            "p95_now_ms": round(page["p95_us"] / 1000, 1),
        }
        row["cpu_change"] = _change(row["cpu_now"], row["cpu_before"])
        row["p95_change"] = _change(row["p95_now_ms"], row["p95_before_ms"])
        row["regression"] = row["cpu_change"] is not None and (
            row["cpu_change"] > REGRESSION_PERCENT
        )
        if row["regression"]:
            regressions.append(name)
        rows.append(row)
    return {
        "started": previous.get("started"),
        "weeks": previous.get("weeks"),
        "seconds_per_page": previous.get("seconds_per_page"),
        "rows": rows,
        "regressions": regressions,
    }


def _percent(change: float | None) -> str:
    return "" if change is None else f"{change:+.0f} %"


def comparison_lines(comparison: dict) -> list[str]:
    """The comparison as a table, then one REGRESSION line per page more than 15 % slower."""
    lines = [
        f"compared with {comparison['file']} (started {comparison['started']}, "
        f"{comparison['weeks']} weeks, {comparison['seconds_per_page']} s a page):",
        "| page | cpu ms/req before | now | change | p95 ms before | now | change |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in comparison["rows"]:
        lines.append(
            f"| {row['page']} | {row['cpu_before']:.2f} | {row['cpu_now']:.2f} "
            f"| {_percent(row['cpu_change'])} | {row['p95_before_ms']:.1f} "
            f"| {row['p95_now_ms']:.1f} | {_percent(row['p95_change'])} |"
        )
    for row in comparison["rows"]:
        if row["regression"]:
            lines.append(
                f"REGRESSION: {row['page']}: CPU per request {row['cpu_before']:.2f} -> "
                f"{row['cpu_now']:.2f} ms ({_percent(row['cpu_change'])}, more than "
                f"{REGRESSION_PERCENT:g} % slower than the last result)"
            )
    if not comparison["regressions"]:
        lines.append(f"no page is more than {REGRESSION_PERCENT:g} % slower in CPU")
    return lines


def compare_with_last(result: dict, results: Path = RESULTS) -> list[str]:
    """Adds result["compared_with"] and returns the lines to print."""
    found = previous_result(result["clients"], results)
    if found is None:
        return [f"no earlier result for {result['clients']:,} clients in {_shown(results)}"]
    path, previous = found
    comparison = compare(result, previous)
    comparison["file"] = _shown(path)
    result["compared_with"] = comparison
    return comparison_lines(comparison)


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def problems(result: dict) -> list[str]:
    """What makes the run fail whatever the budget: errors, wrong answers, the 2-server check."""
    found = []
    for name, page in result["pages"].items():
        if not page.get("available", True):
            continue
        errors = sum(v for k, v in page.items() if k.startswith("errors_")) + page["non_2xx_3xx"]
        if errors:
            found.append(f"{name}: {errors} errors or non-2xx/3xx answers")
        if page.get("status") not in (None, 200, 302):
            found.append(f"{name}: the test client got {page['status']}")
    if not result["two_servers"]["ok"]:
        found.append("two app servers: " + str(result["two_servers"]["steps"]))
    return found


def print_report(result: dict, ci: bool) -> list[str]:
    say()
    say(
        f"backward-walk bench: {result['clients']:,} clients x {result['weeks']} weeks, "
        f"{result['seconds_per_page']} s a page, wrk {CONNECTIONS} connections, gunicorn 2 "
        f"workers x {result['threads']} threads; load average {result['load_average_before']}"
        f" before, {result.get('load_average_after')} after"
    )
    for line in table(result):
        say(line)
    say(
        "cpu ms/req: CPU of the gunicorn workers + their PostgreSQL backends per request. "
        "x /healthz: that CPU over /healthz's in this run."
    )
    post = result["pages"]["log POST"]
    if post.get("available", True):
        say(
            f"log POST: a one-tap 'done' for a different open session each time; "
            f"{post['requests']} sent, {post['logs_written']} logs written, "
            f"{result['fresh_posts_available']} sessions were open."
        )
    say(f"data: {result['data_line']}")
    say(f"worker RSS: {', '.join(f'{r:.0f} MB' for r in result['worker_rss_mb'])}")
    two = result["two_servers"]
    say(f"two app servers on one PostgreSQL: {'ok' if two['ok'] else 'FAILED'}")
    if result.get("explain_report"):
        say("EXPLAIN ANALYZE (coach pages):")
        for line in result["explain_report"]:
            say("  " + line)
    gaps = missed(result)
    say(
        ("budget (informational in CI): " if ci else "budget: ")
        + ("all met" if not gaps else "missed for " + ", ".join(gaps))
    )
    say()
    for line in compare_with_last(result):
        say(line)
    return problems(result)


def save(result: dict, out: Path | None = None) -> Path:
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = out or RESULTS / f"{stamp}-{result['clients']}.json"
    path.write_text(json.dumps(result, indent=2, default=str) + "\n")
    return path


# --- The scale run -------------------------------------------------------------------------


def scale_verdict(runs: dict[int, dict]) -> dict | None:
    """The dashboard at the largest size against the smallest: its CPU per request may grow by
    at most SCALE_CPU_RATIO, and its query count not at all. None without two sizes."""
    sizes = sorted(runs)
    small, large = sizes[0], sizes[-1]
    pages = [runs[size]["pages"].get(SCALE_PAGE, {}) for size in (small, large)]
    if small == large or not all(page.get("available", True) and page for page in pages):
        return None
    cpu_small, cpu_large = cost(pages[0]), cost(pages[1])
    ratio = round(cpu_large / cpu_small, 2) if cpu_small else None
    queries = [runs[size]["pages"][SCALE_PAGE]["queries"] for size in sizes]
    return {
        "page": SCALE_PAGE,
        "small": small,
        "large": large,
        "cpu_small": round(cpu_small, 3),
        "cpu_large": round(cpu_large, 3),
        "ratio": ratio,
        "ratio_met": ratio is not None and ratio <= SCALE_CPU_RATIO,
        "queries": dict(zip(sizes, queries, strict=True)),
        "queries_met": len(set(queries)) == 1,
    }


def scale_lines(verdict: dict | None) -> list[str]:
    if verdict is None:
        return [f"{SCALE_PAGE}: needs two sizes, each with the page, to compare"]
    small, large = verdict["small"], verdict["large"]
    ratio = "n/a" if verdict["ratio"] is None else f"{verdict['ratio']:.2f}x"
    counts = ", ".join(f"{q} at {size:,}" for size, q in verdict["queries"].items())
    return [
        f"{verdict['page']} CPU per request: {verdict['cpu_large']:.2f} ms at {large:,} clients"
        f" / {verdict['cpu_small']:.2f} ms at {small:,} = {ratio} (<= {SCALE_CPU_RATIO:g}x): "
        + ("met" if verdict["ratio_met"] else "MISSED"),
        f"{verdict['page']} queries: {counts} (the same at every size): "
        + ("met" if verdict["queries_met"] else "MISSED"),
    ]


def scale(args) -> int:
    """Separate runs at each size (each its own process and database): query counts must not
    grow with the number of clients; CPU per request beside them."""
    sizes = [int(s) for s in args.sizes.split(",")]
    runs = {}
    for size in sizes:
        out = RESULTS / f"scale-{size}.json.tmp"
        command = [PY, "-m", "bench.run", "--clients", str(size), "--weeks", str(args.weeks)]
        command += ["--seconds", str(args.seconds), "--seed", str(args.seed), "--out", str(out)]
        if size != sizes[-1]:
            command.append("--no-explain")
        if args.keep_db:
            command.append("--keep-db")
        say(f"\n######## {size:,} clients")
        RESULTS.mkdir(exist_ok=True)
        code = subprocess.run(command, cwd=ROOT, check=False).returncode
        if code not in (0, 3):
            return code
        runs[size] = json.loads(out.read_text())
        out.unlink()
    say("\n######## scale: queries and cpu ms/request by clients")
    say("| page | " + " | ".join(f"{s:,} clients" for s in sizes) + " | queries flat |")
    say("|---|" + "---:|" * len(sizes) + "---|")
    uneven = []
    for name, _, _ in PAGES:
        cells, counts = [], []
        for size in sizes:
            page = runs[size]["pages"][name]
            if not page.get("available", True):
                cells.append("n/a")
                continue
            counts.append(page["queries"])
            cells.append(f"{page['queries']} q, {cost(page):.1f} ms")
        flat = len(set(counts)) <= 1
        if not flat:
            uneven.append(name)
        say(f"| {name} | " + " | ".join(cells) + f" | {'met' if flat else 'MISSED'} |")
    say(f"query counts flat across sizes: {'met' if not uneven else 'MISSED: ' + str(uneven)}")
    verdict = scale_verdict(runs)
    for line in scale_lines(verdict):
        say(line)
    summary = {"sizes": sizes, "runs": runs, "queries_not_flat": uneven, "dashboard": verdict}
    path = save(summary, RESULTS / f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}-scale.json")
    say(f"written: {path.relative_to(ROOT)}")
    dashboard_missed = verdict is not None and not (verdict["ratio_met"] and verdict["queries_met"])
    return 3 if (uneven or dashboard_missed) and args.strict else 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="backward-walk benchmark (see bench/README.md)")
    parser.add_argument("--clients", type=int, default=500)
    parser.add_argument("--weeks", type=int, default=12)
    parser.add_argument("--seconds", type=int, default=10, help="wrk duration per page")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--scale", action="store_true", help="run at 500 and 5,000 clients")
    parser.add_argument("--sizes", default="500,5000", help="with --scale: the sizes")
    parser.add_argument("--keep-db", action="store_true", help="keep the database afterwards")
    parser.add_argument("--ci", action="store_true", help="the budget is informational")
    parser.add_argument("--strict", action="store_true", help="exit 3 when a budget is missed")
    parser.add_argument("--no-explain", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not 1 <= args.seconds <= 120:
        parser.error("--seconds must be between 1 and 120")
    if args.scale:
        return scale(args)
    result = run_once(args)
    judge(result)
    wrong = print_report(result, args.ci)
    path = save(result, args.out)
    if args.out is None:
        say(f"written: {path.relative_to(ROOT)}  ({result['run_seconds']} s)")
    if wrong:
        say("FAILED: " + "; ".join(wrong))
        return 1
    if (missed(result) or result.get("compared_with", {}).get("regressions")) and args.strict:
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
