"""The reminders benchmark: find and queue the mail due for 20,000 clients, timed.

    DATABASE_URL=postgres:///backward_walk_bench_20000 .venv/bin/python -m bench.reminders

Uses the clients of an earlier `bench.generate` run in that database when there are enough
(their plans made by the services; each gets reminders turned on), else makes minimal rows
in bulk: people with their mail choices, a plan each and this week's sessions, written
straight to the tables, since the scheduler reads nothing else. Every reminder time is set
at or before the person's local clock, so everyone with a session today is due.

Then it times `reminders.queue_due` (what `run_scheduler` runs each minute) and counts the
queries of every batch: the budget is 2 minutes, and the same count for every batch.
Exits 3 when either is missed.
"""

import argparse
import os
import random
import sys
import time
from datetime import datetime, timedelta
from datetime import time as clock
from zoneinfo import ZoneInfo

from bench.generate import DOMAIN, TIME_ZONES, weighted

BUDGET_SECONDS = 120
MINIMAL_DOMAIN = f"reminders.{DOMAIN}"
CHUNK = 2000
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _clients():
    from accounts.models import User

    return User.objects.filter(role=User.Role.CLIENT, email__endswith=f"@{DOMAIN}")


def _due_time(now: datetime, time_zone: str, rng: random.Random) -> clock:
    local = now.astimezone(ZoneInfo(time_zone))
    minutes = rng.randint(0, local.hour * 60 + local.minute)
    return clock(minutes // 60, minutes % 60)


def turn_reminders_on(people: list[tuple[int, str]], now: datetime, rng) -> None:
    """Reminders (and for some the weekly summary) on, due by `now` in each one's time zone."""
    from notifications.models import MailPreferences

    MailPreferences.objects.filter(user_id__in=[pk for pk, _zone in people]).delete()
    MailPreferences.objects.bulk_create(
        [
            MailPreferences(
                user_id=pk,
                reminders=True,
                reminder_time=_due_time(now, zone, rng),
                weekly_summary=rng.random() < 0.3,
            )
            for pk, zone in people
        ],
        batch_size=CHUNK,
    )


def make_minimal(start: int, count: int, now: datetime, rng: random.Random) -> None:
    """People number start..count-1: a screening, a plan and this week's sessions each, in
    bulk (no services)."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from accounts.models import User
    from plans.models import Plan, PlannedSession, Screening

    password = make_password("walk-backward-bench", salt="reminders")
    for first in range(start, count, CHUNK):
        with transaction.atomic():
            people = User.objects.bulk_create(
                [
                    User(
                        email=f"r{n:05d}@{MINIMAL_DOMAIN}",
                        display_name=f"Walker {n}",
                        password=password,
                        time_zone=weighted(rng, TIME_ZONES),
                    )
                    for n in range(first, min(count, first + CHUNK))
                ]
            )
            screenings = Screening.objects.bulk_create(
                [
                    Screening(
                        client=p,
                        answers={},
                        rules_version="bench",
                        outcome="ready",
                        tier="mod",
                        steadi_score=2,
                        abc6=70.0,
                    )
                    for p in people
                ]
            )
            plans, sessions = [], []
            for person, screening in zip(people, screenings, strict=True):
                today = now.astimezone(ZoneInfo(person.time_zone)).date()
                monday = today - timedelta(days=today.weekday())
                days = sorted(rng.sample(WEEKDAYS, 3), key=WEEKDAYS.index)
                paused = rng.random() < 0.08
                plans.append(
                    Plan(
                        client=person,
                        screening=screening,
                        version=1,
                        status=Plan.Status.PAUSED if paused else Plan.Status.ACTIVE,
                        paused_on=monday - timedelta(days=3) if paused else None,
                        tier="mod",
                        stages=["handrail", "treadmill", "track"],
                        days=days,
                        minutes_available=30,
                        stage="handrail",
                        level=1,
                        backward_minutes=8,
                        start_date=monday,
                        level_started=monday,
                        stage_started=monday,
                        rules_version="bench",
                        written_through=monday + timedelta(days=6),
                    )
                )
            Plan.objects.bulk_create(plans)
            # Bulk inserts skip Plan.save(), which stores the menu fact.
            User.objects.filter(pk__in=[p.client_id for p in plans]).update(menu_has_plan=True)
            for plan in plans:
                monday = plan.start_date
                for offset in range(7):
                    day = monday + timedelta(days=offset)
                    if WEEKDAYS[day.weekday()] in plan.days:
                        sessions.append(
                            PlannedSession(
                                plan=plan,
                                client_id=plan.client_id,
                                date=day,
                                stage="handrail",
                                level=1,
                                warmup_minutes=5,
                                backward_minutes=8,
                                forward_minutes=8,
                                cooldown_minutes=3,
                                bout_backward_seconds=60,
                                bout_forward_seconds=60,
                                total_minutes=24,
                                rpe_low=3,
                                rpe_high=5,
                            )
                        )
            PlannedSession.objects.bulk_create(sessions, batch_size=CHUNK)


def forget_queued(user_ids) -> None:
    """An earlier run's outbox rows and tasks, so each run queues the same mail again."""
    from django_tasks_db.models import DBTaskResult

    from notifications.models import Notification

    Notification.objects.filter(user_id__in=user_ids).delete()
    DBTaskResult.objects.filter(status="READY").delete()


def timed_pass(now: datetime) -> dict:
    """queue_due(now), with the queries of each batch counted."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from notifications import reminders

    per_batch: list[tuple[str, int, int]] = []  # (kind, rows queued, queries)
    originals = {}
    for name in ("queue_clients_batch", "queue_coaches_batch"):
        original = getattr(reminders, name)
        originals[name] = original

        def counted(after, at, size=reminders.BATCH_SIZE, _original=original, _name=name):
            with CaptureQueriesContext(connection) as queries:
                result = _original(after, at, size)
            if result[0] != -1:  # the last look finds nobody: one query, not a batch
                per_batch.append((_name, result[1], len(queries)))
            return result

        setattr(reminders, name, counted)
    try:
        began = time.perf_counter()
        counts = reminders.queue_due(now)
        seconds = time.perf_counter() - began
    finally:
        for name, original in originals.items():
            setattr(reminders, name, original)
    client_batches = [q for kind, n, q in per_batch if kind == "queue_clients_batch" and n]
    return {"seconds": seconds, "queued": counts["queued"], "client_queries": client_batches}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--minimal", action="store_true", help="make minimal rows even if bench.generate's exist"
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backward_walk.settings")
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from accounts.models import User
    from notifications.models import MailPreferences

    if "bench" not in str(connection.settings_dict["NAME"]):
        # It rewrites everyone's mail choices: only on a benchmark's own database.
        sys.exit("Point DATABASE_URL at a benchmark database (its name must contain 'bench').")
    now = timezone.now()
    rng = random.Random(args.seed)
    generated = _clients().exclude(email__endswith=f"@{MINIMAL_DOMAIN}")
    if not args.minimal and generated.count() >= args.clients:
        source = "bench.generate's clients (plans made by the services)"
        people = generated
    else:
        people = User.objects.filter(email__endswith=f"@{MINIMAL_DOMAIN}")
        have = people.count()
        if have < args.clients:
            began = time.perf_counter()
            make_minimal(have, args.clients, now, rng)
            print(
                f"made {args.clients - have} minimal clients in {time.perf_counter() - began:.1f} s"
            )
        source = "minimal rows made in bulk (people, mail choices, a plan, this week's sessions)"
    pairs = list(people.order_by("pk").values_list("pk", "time_zone")[: args.clients])
    ids = [pk for pk, _zone in pairs]
    # Nobody else in the database is due: the pass reads only the people measured.
    MailPreferences.objects.exclude(user_id__in=ids).update(
        reminders=False, weekly_summary=False, coach_digest=False
    )
    turn_reminders_on(pairs, now, rng)
    forget_queued(ids)
    result = timed_pass(now)
    queries = sorted(set(result["client_queries"]))
    constant = len(queries) == 1
    met = result["seconds"] < BUDGET_SECONDS and constant
    print(f"clients: {len(ids)} ({source}); database: {connection.vendor}")
    print(
        f"reminders found and queued: {result['queued']} emails for {len(ids)} clients in "
        f"{result['seconds']:.1f} s (budget {BUDGET_SECONDS} s); "
        f"{len(result['client_queries'])} client batches, queries per batch: "
        f"{', '.join(map(str, queries)) or 'none'} ({'constant' if constant else 'NOT constant'})"
        f" -- {'met' if met else 'MISSED'}"
    )
    return 0 if met else 3


if __name__ == "__main__":
    sys.exit(main())
