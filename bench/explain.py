"""EXPLAIN ANALYZE of the queries behind the coach dashboard and a client detail page.

    DATABASE_URL=postgres:///backward_walk_bench_5000 .venv/bin/python -m bench.explain

Renders each page once through Django's test client, captures its SQL, and runs
EXPLAIN (ANALYZE, BUFFERS) on every SELECT that touches the big tables (plans, planned
sessions, logs, events). Prints, for each, its time and which indexes it used, and any
sequential scan of a big table (a missing index shows up there). bench/run.py calls
`explain_pages` at the end of a run and keeps the full plans in its JSON.
"""

import re

# Tables that grow with clients x weeks; a sequential scan of one of these is a finding.
BIG_TABLES = (
    "plans_plannedsession",
    "plans_sessionlog",
    "plans_planevent",
    "plans_plan",
    "accounts_user",
    "coaching_coachlink",
    "plans_screening",
    "coaching_note",
)
SKIP = re.compile(r"^\s*(SAVEPOINT|RELEASE|ROLLBACK|BEGIN|COMMIT|SET|UPDATE|INSERT|DELETE)", re.I)


def page_queries(client, path: str) -> tuple[int, list[str]]:
    """Status and SQL of one GET through a logged-in django.test.Client."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    return response.status_code, [q["sql"] for q in captured.captured_queries]


def explain(sql: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        # The captured SQL has its parameters inlined by the driver; run it as it is.
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT TEXT) " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def summarise(plan: str) -> dict:
    """Indexes used, big tables read sequentially, and the execution time."""
    indexes = sorted(set(re.findall(r"Index (?:Only )?Scan(?: Backward)? using (\S+)", plan)))
    bitmap = sorted(set(re.findall(r"Bitmap Index Scan on (\S+)", plan)))
    seq = sorted({t for t in re.findall(r"Seq Scan on (\S+)", plan) if t in BIG_TABLES})
    took = re.search(r"Execution Time: ([\d.]+) ms", plan)
    return {
        "indexes": sorted(set(indexes) | set(bitmap)),
        "seq_scans_of_big_tables": seq,
        "ms": float(took.group(1)) if took else None,
    }


def _tables(sql: str) -> set[str]:
    # Quoted by the ORM, bare in the dashboard's hand-written SQL.
    return set(re.findall(r"\b(plans_[a-z]+)\b", sql))


def explain_pages(pages: dict, client) -> dict:
    """pages: {name: path}. Returns {name: [{sql, plan, summary}]} for the big-table SELECTs."""
    found = {}
    for name, path in pages.items():
        status, queries = page_queries(client(name), path)
        rows = []
        for sql in queries:
            if SKIP.match(sql) or not (_tables(sql) & set(BIG_TABLES) - {"accounts_user"}):
                continue
            plan = explain(sql)
            rows.append({"sql": sql, "plan": plan, "summary": summarise(plan)})
        found[name] = {"status": status, "queries": len(queries), "explained": rows}
    return found


def report(found: dict) -> list[str]:
    """Plain lines: per page, each explained query's time, indexes and sequential scans."""
    lines = []
    for name, page in found.items():
        lines.append(f"{name}: {page['queries']} queries, {len(page['explained'])} explained")
        for number, row in enumerate(page["explained"], 1):
            s = row["summary"]
            tables = ", ".join(sorted(_tables(row["sql"])))
            seq = ", ".join(s["seq_scans_of_big_tables"]) or "none"
            lines.append(
                f"  #{number} {s['ms']} ms  tables: {tables}\n"
                f"      indexes: {', '.join(s['indexes']) or 'none'}\n"
                f"      seq scans of big tables: {seq}"
            )
    return lines


def main() -> None:
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backward_walk.settings")
    import django

    django.setup()
    from django.test import Client

    from accounts.models import User
    from bench.generate import DOMAIN
    from coaching.models import CoachLink

    coach = User.objects.get(email=f"coach001@{DOMAIN}")
    link = CoachLink.objects.filter(coach=coach, ended_at__isnull=True).order_by("id").first()
    browser = Client(HTTP_HOST="127.0.0.1")
    browser.force_login(coach)
    pages = {
        "coach dashboard": "/coach/",
        "client detail": f"/coach/clients/{link.client.public_id}/",
    }
    print("\n".join(report(explain_pages(pages, lambda _: browser))))


if __name__ == "__main__":
    main()
