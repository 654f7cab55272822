"""The benchmark's data set: coaches, clients, plans, weeks of sessions and logs.

    .venv/bin/python -m bench.generate --clients 500 --weeks 12 --seed 1

Plan state is made by the app's own services, never by a copy of their rules: each client's
plan comes from the questionnaire service (one of the demo profiles' answers), its weeks from
the schedule service, a pause from logging a painful session or a fall through the logging
service, and the plan's level from the rules deciding on the logged history. Those calls are
all in the section "The seam" below, so when the services change only that section does.

Everything that is not plan state goes in with bulk inserts, a chunk of clients per
transaction: the people, coach links, notes, and the logs of past sessions (what a person
entered; the rules then read them like any other log). That keeps 20,000 clients under
10 minutes.

The mix, per client: active (most), adherence 55-98 %, effort and pain by profile; lapsed
(stopped logging 2-3 weeks ago: the "missed in a row" flag); paused by a painful session or a
fall last week; waiting for a physician (the chest-pain profile). This week's sessions
(Monday to today, in the client's own time zone) are left open: the benchmark's log POSTs
write them. One coach per 500 clients at most; coach 1 is the one the benchmark uses.

Deterministic for a seed and a `now`: the same rows whatever the primary keys. Everything it
makes has an email at @bench.example; running it again first deletes those people.
"""

import argparse
import math
import random
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

DOMAIN = "bench.example"
BENCH_PASSWORD = "walk-backward-bench"  # noqa: S105 - benchmark data on a throwaway database
CLIENTS_PER_COACH = 500
CHUNK = 250  # clients per transaction
BATCH = 2000  # rows per INSERT

TIME_ZONES = (
    ("Europe/London", 40),
    ("UTC", 10),
    ("Europe/Berlin", 15),
    ("America/New_York", 15),
    ("America/Los_Angeles", 10),
    ("Australia/Sydney", 5),
    ("Pacific/Auckland", 5),
)
PROFILE_MIX = (("fit", 35), ("steady", 28), ("careful", 20), ("knee", 15), ("chest_pain", 2))
FATE_MIX = (("active", 84), ("lapsed", 8), ("paused_pain", 5), ("paused_fall", 3))
PAIN_BY_PROFILE = {"fit": (0, 1), "steady": (0, 2), "careful": (0, 3), "knee": (1, 4)}
RPE_BY_PROFILE = {"fit": (4, 6), "steady": (3, 5), "careful": (3, 4), "knee": (3, 5)}
RESCREENED = 0.1  # clients with an ended earlier plan version
FIRST_NAMES = [
    "Alex",
    "Ana",
    "Ben",
    "Bea",
    "Chris",
    "Dana",
    "Eli",
    "Eva",
    "Finn",
    "Gus",
    "Hana",
    "Ivan",
    "Jo",
    "Kai",
    "Lena",
    "Leo",
    "Mia",
    "Nia",
    "Omar",
    "Pat",
    "Priya",
    "Quinn",
    "Ravi",
    "Rosa",
    "Sam",
    "Tara",
    "Tom",
    "Uma",
    "Vera",
    "Will",
    "Xena",
    "Yara",
    "Zoe",
]
LAST_NAMES = [
    "Adams",
    "Baker",
    "Chen",
    "Diaz",
    "Evans",
    "Fox",
    "Garcia",
    "Hughes",
    "Ito",
    "Jones",
    "Khan",
    "Lopez",
    "Miller",
    "Novak",
    "Okafor",
    "Patel",
    "Quinn",
    "Rossi",
    "Silva",
    "Tanaka",
    "Usman",
    "Varga",
    "Walker",
    "Young",
    "Zhang",
]
NOTES = (
    "Nice steady week. Keep the rail within reach on the turns.",
    "How did the knee feel the morning after?",
    "Well done on moving up a level.",
    "Short sessions count too. Try for three this week.",
)


# --- The seam: the only calls into the app's services ---------------------------------------


def start_plan(client, answers: dict, day: date):
    """The questionnaire's answers -> screening and plan version (None when no plan fits)."""
    from plans.services.intake import start_plan

    return start_plan(client, answers, day)


def write_schedule(plan, today: date) -> None:
    """Planned sessions from the plan's start through the weeks ahead (the daily job's step)."""
    from plans.services import schedule

    schedule.extend_locked(plan.pk, lambda _client: today)


def log_session(client, planned, data: dict, today: date) -> None:
    """One log through the logging service, which lets the rules act on it (a pause)."""
    from plans.services.sessions import record_log

    record_log(client, planned, data, today=today)


def decide(plan, today: date) -> None:
    """The rules look at the logged history and move the plan (or hold it)."""
    from django.db import transaction
    from django.utils import timezone

    from plans.services.sessions import run_rules
    from plans.services.transitions import locked_plan

    with transaction.atomic():
        run_rules(locked_plan(plan.pk), today, now=timezone.now())


# --- The data set -----------------------------------------------------------------------------


def weighted(rng: random.Random, choices) -> str:
    names, weights = zip(*choices, strict=True)
    return rng.choices(names, weights=weights)[0]


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _at(day: date, tz: ZoneInfo, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz).astimezone(UTC)


@dataclass
class Counts:
    coaches: int = 0
    clients: int = 0
    plans: int = 0
    sessions: int = 0
    logs: int = 0
    events: int = 0
    notes: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        return (
            f"{self.coaches} coaches, {self.clients} clients, {self.plans} plans, "
            f"{self.sessions} planned sessions, {self.logs} logs, {self.events} plan events, "
            f"{self.notes} notes in {self.seconds:.1f} s"
        )


@dataclass
class _Client:
    """What the generator decided for one client before any row is written."""

    index: int
    user: object
    coach: object
    profile: str
    fate: str
    tz: ZoneInfo
    today: date
    start: date
    adherence: float
    rescreened: bool
    plan: object = None


def _new_client(index: int, rng: random.Random, now: datetime, weeks: int, ctx) -> _Client:
    from accounts.models import User

    tz_name = weighted(rng, TIME_ZONES)
    tz = ZoneInfo(tz_name)
    today = now.astimezone(tz).date()
    this_monday = monday_of(today)
    profile = weighted(rng, PROFILE_MIX)
    user = User(
        public_id=_uuid(rng),
        email=f"client{index:05d}@{DOMAIN}",
        display_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
        time_zone=tz_name,
        role=User.Role.CLIENT,
        password=ctx["password"],
        date_joined=_at(this_monday - timedelta(weeks=weeks, days=3), tz, 10),
    )
    return _Client(
        index=index,
        user=user,
        coach=ctx["coaches"][index // CLIENTS_PER_COACH],
        profile=profile,
        fate="clearance" if profile == "chest_pain" else weighted(rng, FATE_MIX),
        tz=tz,
        today=today,
        start=this_monday - timedelta(weeks=weeks) + timedelta(days=rng.randint(0, 2)),
        adherence=rng.uniform(0.55, 0.98),
        rescreened=rng.random() < RESCREENED,
    )


def _past_log(c: _Client, planned, rng: random.Random):
    """A log of a past session as the person would enter it, or None when it was missed."""
    from plans.models import SessionLog

    if rng.random() >= c.adherence:
        return None
    roll = rng.random()
    status = "done" if roll < 0.84 else "partial" if roll < 0.97 else "skipped"
    active = status != "skipped"
    minutes = {"done": planned.total_minutes, "partial": planned.total_minutes // 2}.get(status, 0)
    backward = {"done": planned.backward_minutes, "partial": planned.backward_minutes // 2}
    return SessionLog(
        planned=planned,
        client=c.user,
        date=planned.date,
        status=status,
        minutes=minutes,
        backward_minutes=min(backward.get(status, 0), minutes),
        rpe=rng.randint(*RPE_BY_PROFILE[c.profile]) if active else None,
        pain_during=rng.randint(*PAIN_BY_PROFILE[c.profile]) if active else None,
        pain_next_morning=int(rng.random() < 0.15) if active else None,
        logged_at=_at(planned.date, c.tz, 17, rng.randint(0, 59)),
    )


PAUSING_LOGS = {
    "paused_pain": {
        "status": "partial",
        "minutes": 8,
        "rpe": 6,
        "pain_during": 8,
        "note": "Sharp pain on the way back; stopped early.",
    },
    "paused_fall": {
        "status": "partial",
        "minutes": 8,
        "rpe": 5,
        "pain_during": 2,
        "fall": True,
        "note": "Lost my footing at the end of the rail.",
    },
}


def _save_chunk(clients: list[_Client], rng: random.Random, weeks: int, counts: Counts) -> None:
    from accounts.models import User
    from coaching.models import CoachLink, Note, store_coach_menu
    from plans.demo_data import PROFILES
    from plans.models import Plan, PlanEvent, PlannedSession, SessionLog

    User.objects.bulk_create([c.user for c in clients], batch_size=BATCH)
    CoachLink.objects.bulk_create(
        [CoachLink(coach=c.coach, client=c.user, started_at=c.user.date_joined) for c in clients],
        batch_size=BATCH,
    )
    # Plans and their weeks, through the services.
    for c in clients:
        answers = PROFILES[c.profile]
        if c.rescreened:
            start_plan(c.user, answers, c.start - timedelta(days=1))
        c.plan = start_plan(c.user, answers, c.start)
        if c.plan is not None:
            write_schedule(c.plan, c.today)

    # Past sessions as people logged them, in bulk; this week's stay open.
    by_plan = {c.plan.pk: c for c in clients if c.plan is not None}
    past = (
        PlannedSession.objects.filter(plan_id__in=by_plan, log__isnull=True)
        .order_by("plan_id", "date")
        .only("id", "plan_id", "date", "total_minutes", "backward_minutes")
    )
    open_by_client: dict[int, list] = {}
    for planned in past:
        open_by_client.setdefault(by_plan[planned.plan_id].index, []).append(planned)
    logs, pausing = [], []
    for c in clients:
        if c.plan is None or c.plan.status != Plan.Status.ACTIVE:
            continue
        this_monday = monday_of(c.today)
        stop = this_monday
        if c.fate == "lapsed":
            stop -= timedelta(weeks=rng.randint(2, 3))
        sessions = [p for p in open_by_client.get(c.index, []) if p.date < stop]
        if c.fate in PAUSING_LOGS and sessions:
            # The last session before this week is the one that hurt.
            pausing.append((c, sessions.pop()))
        logs += [log for p in sessions if (log := _past_log(c, p, rng)) is not None]
    SessionLog.objects.bulk_create(logs, batch_size=BATCH)

    # The rules read the history: each active plan moves up or holds, and a pause comes
    # from logging the painful session or the fall.
    pausing_clients = {c.index for c, _ in pausing}
    for c in clients:
        active = c.plan is not None and c.plan.status == Plan.Status.ACTIVE
        if active and c.index not in pausing_clients and c.fate != "lapsed":
            decide(c.plan, monday_of(c.today) - timedelta(days=1))
            write_schedule(c.plan, c.today)  # a change rewrote the weeks from Sunday
    for c, planned in pausing:
        log_session(c.user, planned, PAUSING_LOGS[c.fate], today=planned.date)

    notes = []
    for c in clients:
        this_monday = monday_of(c.today)
        for n in range(rng.choice((0, 0, 1, 1, 2, 3))):
            notes.append(
                Note(
                    client=c.user,
                    author=c.coach,
                    by_coach=True,
                    body=NOTES[(c.index + n) % len(NOTES)],
                    created_at=_at(this_monday - timedelta(days=3 + 9 * n), c.tz, 9),
                )
            )
    Note.objects.bulk_create(notes, batch_size=BATCH)
    # Bulk inserts skip the models' save(): the menu's "My coach" is stored here instead.
    store_coach_menu(*(c.user.pk for c in clients))

    people = [c.user for c in clients]
    counts.clients += len(clients)
    counts.plans += Plan.objects.filter(client__in=people).count()
    counts.sessions += PlannedSession.objects.filter(plan__client__in=people).count()
    counts.logs += SessionLog.objects.filter(client__in=people).count()
    counts.events += PlanEvent.objects.filter(plan__client__in=people).count()
    counts.notes += len(notes)


def clear() -> None:
    """Delete everything an earlier run made (people at @bench.example, with their rows)."""
    from django.db import transaction

    from accounts.models import User
    from plans.models import Plan, PlanEvent, PlannedSession, SessionLog

    people = User.objects.filter(email__endswith=f"@{DOMAIN}")
    with transaction.atomic():
        # Logs PROTECT their planned sessions: delete from the leaves up.
        PlanEvent.objects.filter(plan__client__in=people).delete()
        SessionLog.objects.filter(client__in=people).delete()
        PlannedSession.objects.filter(plan__client__in=people).delete()
        Plan.objects.filter(client__in=people).delete()
        people.delete()


def generate(
    clients: int, weeks: int = 12, seed: int = 1, *, now: datetime | None = None, quiet=False
) -> Counts:
    """Make the data set (after clearing an earlier one). Returns what it made."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import User
    from coaching.services import status

    began = time.perf_counter()
    now = now or timezone.now()
    rng = random.Random(seed)
    clear()
    # One hash for everyone: hashing 20,000 passwords would take longer than the rest.
    password = make_password(BENCH_PASSWORD, salt=f"bench{seed}")
    coaches = [
        User(
            public_id=_uuid(rng),
            email=f"coach{k + 1:03d}@{DOMAIN}",
            display_name=f"Coach {k + 1}",
            role=User.Role.COACH,
            password=password,
            date_joined=now - timedelta(weeks=weeks + 4),
        )
        for k in range(max(1, math.ceil(clients / CLIENTS_PER_COACH)))
    ]
    User.objects.bulk_create(coaches)
    ctx = {"password": password, "coaches": coaches}
    counts = Counts(coaches=len(coaches))
    for first in range(0, clients, CHUNK):
        chunk = [
            _new_client(i, rng, now, weeks, ctx) for i in range(first, min(clients, first + CHUNK))
        ]
        with transaction.atomic():
            _save_chunk(chunk, rng, weeks, counts)
            # The coach's read model, by the same function every write path calls.
            status.refresh([c.user.pk for c in chunk], now)
        if not quiet:
            rate = counts.clients / (time.perf_counter() - began)
            print(f"  {counts.clients}/{clients} clients ({rate:.0f}/s)", flush=True)
    counts.seconds = time.perf_counter() - began
    return counts


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=500)
    parser.add_argument("--weeks", type=int, default=12)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    import django

    django.setup()
    print(generate(args.clients, args.weeks, args.seed).line())


if __name__ == "__main__":
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backward_walk.settings")
    main()
