"""A seeded data set for the benchmark: coaches, clients, plans, weeks of sessions and logs.

    .venv/bin/python -m bench.generate --clients 500 --weeks 12 --seed 1

Fast on purpose: it does not run the rules day by day (plans.demo_data.simulate does, and
takes seconds per client). Each client's plan comes from the real engine for one of the demo
profiles (plans.demo_data.PROFILES); its weeks are written with engine.week_for and moved up
with engine.advance every two weeks of good adherence, and the rows go in with bulk_create,
a chunk of clients per transaction. The rows have the shapes the app writes (compare
tests/factories.py and plans/services/plans.py): one PlanEvent per log (a "hold" unless the
week moved the plan up), a CoachLink per client, a few notes.

The mix, per client:
- active (most), with adherence between 55 % and 98 %, effort and pain by profile;
- paused for pain (a recent log with pain 7+) or for a fall;
- lapsed: stopped logging 2-3 weeks ago (the dashboard's "3+ missed in a row" flag);
- needs clearance (the chest-pain profile): sessions written, nothing logged.
Sessions of the current week (Monday up to today, in the client's own time zone) are left
unlogged: they are what the benchmark's log POSTs write.

One coach per 500 clients at most (a coach looks after tens to hundreds): 50 clients -> one
coach with 50, 5,000 -> ten coaches with 500 each. Coach 1 is the one the benchmark uses.

Deterministic for a seed and a `now`: the same rows (public ids included), whatever the
primary keys. Everything it makes has an email at @bench.example; running it again first
deletes those people (and, by cascade, their rows).
"""

import argparse
import math
import random
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
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
# What happens to a client, by weight (needs_clearance comes from the chest_pain profile).
FATE_MIX = (("active", 84), ("lapsed", 8), ("paused_pain", 5), ("paused_fall", 3))
PAIN_BY_PROFILE = {"fit": (0, 1), "steady": (0, 2), "careful": (0, 3), "knee": (1, 4)}
RPE_BY_PROFILE = {"fit": (4, 6), "steady": (3, 5), "careful": (3, 4), "knee": (3, 5)}
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


def weighted(rng: random.Random, choices) -> str:
    names, weights = zip(*choices, strict=True)
    return rng.choices(names, weights=weights)[0]


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


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
    """One client's rows before they have primary keys."""

    user: object
    coach_index: int
    screening: object
    plans: list = field(default_factory=list)  # [(Plan, [(PlannedSession, log_or_None)], events)]
    notes: list = field(default_factory=list)


class _Profiles:
    """The engine's answer for each demo profile, computed once."""

    def __init__(self) -> None:
        from plans import engine
        from plans.demo_data import PROFILES
        from plans.screening import Answers, screen

        self.engine = engine
        self.answers, self.result, self.draft = {}, {}, {}
        for name, data in PROFILES.items():
            parsed = Answers.from_dict(data)
            result = screen(parsed)
            self.answers[name] = parsed.to_dict()
            self.result[name] = result
            self.draft[name] = engine.build_plan(parsed, result, date(2026, 1, 5))


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _at(day: date, tz: ZoneInfo, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz).astimezone(UTC)


def _snapshot(status: str, p) -> dict:
    speed = None if p.speed_kmh is None else str(Decimal(str(round(p.speed_kmh, 1))))
    return {
        "status": status,
        "stage": p.stage,
        "level": p.level,
        "backward_minutes": p.backward_minutes,
        "speed_kmh": speed,
    }


def _reasons(draft) -> list[dict]:
    return [{"code": r.code, "message": r.message, "source": r.source} for r in draft.reasons]


def _build_client(index: int, rng: random.Random, now: datetime, weeks: int, ctx) -> _Client:
    from plans.models import Note, Plan, PlanEvent, PlannedSession, Screening, SessionLog, User

    engine = ctx.profiles.engine
    tz_name = weighted(rng, TIME_ZONES)
    tz = ZoneInfo(tz_name)
    today = now.astimezone(tz).date()
    this_monday = monday_of(today)
    name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    coach_index = index // CLIENTS_PER_COACH
    joined = _at(this_monday - timedelta(weeks=weeks, days=3), tz, 10)
    user = User(
        public_id=_uuid(rng),
        email=f"client{index:05d}@{DOMAIN}",
        display_name=name,
        time_zone=tz_name,
        role=User.Role.CLIENT,
        password=ctx.password_hash,
        date_joined=joined,
    )
    profile = weighted(rng, PROFILE_MIX)
    fate = "clearance" if profile == "chest_pain" else weighted(rng, FATE_MIX)
    result = ctx.profiles.result[profile]
    draft = ctx.profiles.draft[profile]
    screening = Screening(
        answers=ctx.profiles.answers[profile],
        rules_version=draft.rules_version,
        outcome=result.outcome,
        tier=result.tier or "",
        steadi_score=result.steadi_score,
        abc6=result.abc6,
        flags=[{"code": r.code, "message": r.message, "source": r.source} for r in result.flags],
        created_at=joined,
    )
    client = _Client(user=user, coach_index=coach_index, screening=screening)

    # One in ten re-screened once: an ended first version, kept with the client.
    version = 1
    if rng.random() < 0.1:
        ended = _plan_row(Plan, screening, draft, 1, joined, this_monday - timedelta(weeks=weeks))
        ended.status, ended.ended_at = Plan.Status.ENDED, joined + timedelta(days=1)
        client.plans.append((ended, [], []))
        version = 2

    start = this_monday - timedelta(weeks=weeks) + timedelta(days=rng.randint(0, 2))
    plan = _plan_row(Plan, screening, draft, version, joined, start)
    adherence = rng.uniform(0.55, 0.98)
    rpe_range = RPE_BY_PROFILE.get(profile, (3, 5))
    pain_range = PAIN_BY_PROFILE.get(profile, (0, 2))
    # The last week with logs: lapsed clients stop 2-3 weeks back; pauses happen last week.
    stop_logging = this_monday
    if fate == "lapsed":
        stop_logging = this_monday - timedelta(weeks=rng.randint(2, 3))
    if fate == "clearance":
        plan.status, plan.pause_needs = Plan.Status.NEEDS_CLEARANCE, Plan.PauseNeeds.PHYSICIAN

    p = draft.prescription
    level_started = stage_started = start
    rows, events = [], []
    monday = monday_of(start)
    last_week = this_monday + timedelta(weeks=1)
    paused = False
    while monday <= last_week:
        week = engine.week_for(p, monday, not_before=start)
        done_in_week = 0
        for s in week.sessions:
            planned = PlannedSession(
                date=s.date,
                stage=s.stage,
                level=s.level,
                warmup_minutes=s.warmup_minutes,
                backward_minutes=s.backward_minutes,
                forward_minutes=s.forward_minutes,
                cooldown_minutes=s.cooldown_minutes,
                bout_backward_seconds=s.bout_backward_seconds,
                bout_forward_seconds=s.bout_forward_seconds,
                total_minutes=s.total_minutes,
                rpe_low=s.rpe_range[0],
                rpe_high=s.rpe_range[1],
                speed_kmh=None if s.speed_kmh is None else Decimal(str(round(s.speed_kmh, 1))),
            )
            log = None
            can_log = fate != "clearance" and not paused and s.date < stop_logging
            if can_log and rng.random() < adherence:
                roll = rng.random()
                status = "done" if roll < 0.84 else "partial" if roll < 0.97 else "skipped"
                minutes = {
                    "done": s.total_minutes,
                    "partial": s.total_minutes // 2,
                    "skipped": 0,
                }[status]
                backward = {
                    "done": s.backward_minutes,
                    "partial": s.backward_minutes // 2,
                    "skipped": 0,
                }[status]
                active = status != "skipped"
                log = SessionLog(
                    date=s.date,
                    status=status,
                    minutes=minutes,
                    backward_minutes=min(backward, minutes),
                    rpe=rng.randint(*rpe_range) if active else None,
                    pain_during=rng.randint(*pain_range) if active else None,
                    pain_next_morning=int(rng.random() < 0.15) if active else None,
                    logged_at=_at(s.date, tz, 17, rng.randint(0, 59)),
                )
                done_in_week += status == "done"
                # The pause, in the last full week: strong pain or a fall on this log.
                last_full_week = s.date >= stop_logging - timedelta(weeks=1)
                if last_full_week and fate in ("paused_pain", "paused_fall") and active:
                    if fate == "paused_pain":
                        log.pain_during = rng.randint(7, 8)
                        log.note = "Sharp pain on the way back; stopped early."
                    else:
                        log.fall = True
                        log.note = "Lost my footing at the end of the rail."
                    kind, paused = PlanEvent.Kind.PAUSE, True
                    why = "pain" if fate == "paused_pain" else "fall"
                    plan.status, plan.pause_needs, plan.paused_for = Plan.Status.PAUSED, "self", why
                    plan.pause_reason = (
                        "Rest until the pain settles, then restart one level easier."
                        if why == "pain"
                        else "Check for injury and tell your coach before you restart."
                    )
                    reason = {
                        "code": "pain_severe" if why == "pain" else "fall",
                        "message": "You had strong pain (7 or more out of 10)."
                        if why == "pain"
                        else "You had a fall.",
                        "source": "S13" if why == "pain" else "S17",
                    }
                    events.append(
                        (
                            len(rows),
                            PlanEvent(
                                kind=kind,
                                source=PlanEvent.Source.RULES,
                                made_at=log.logged_at,
                                effective_on=s.date,
                                reasons=[reason],
                                before=_snapshot("active", p),
                                after=_snapshot("paused", p),
                            ),
                        )
                    )
                else:
                    events.append(
                        (
                            len(rows),
                            PlanEvent(
                                kind=PlanEvent.Kind.HOLD,
                                source=PlanEvent.Source.RULES,
                                made_at=log.logged_at,
                                effective_on=s.date,
                                reasons=[
                                    {
                                        "code": "hold_window",
                                        "message": "Keep going at this level for now.",
                                        "source": "PD",
                                    }
                                ],
                                before=_snapshot("active", p),
                                after=_snapshot("active", p),
                            ),
                        )
                    )
            rows.append((planned, log))
        # Two weeks at a level with most sessions done: the rules move the plan up.
        next_monday = monday + timedelta(weeks=1)
        at_level = (next_monday - level_started).days
        if (
            not paused
            and next_monday <= stop_logging
            and at_level >= 14
            and done_in_week >= max(1, len(week.sessions) - 1)
            and events
        ):
            moved = engine.advance(p, (next_monday - stage_started).days)
            if moved != p:
                event = events[-1][1]
                event.kind = PlanEvent.Kind.ADVANCE
                event.reasons = [
                    {
                        "code": "advance",
                        "message": "Three sessions done at this level without pain: one step up.",
                        "source": "PD",
                    }
                ]
                event.after = _snapshot("active", moved)
                if moved.stage != p.stage:
                    stage_started = next_monday
                level_started = next_monday
                p = moved
        monday = next_monday

    plan.stage, plan.level, plan.backward_minutes = p.stage, p.level, p.backward_minutes
    plan.speed_kmh = None if p.speed_kmh is None else Decimal(str(round(p.speed_kmh, 1)))
    plan.level_started, plan.stage_started = level_started, stage_started
    plan.written_through = last_week + timedelta(days=6)
    client.plans.append((plan, rows, events))
    for n in range(rng.choice((0, 0, 1, 1, 2, 3))):
        written = _at(this_monday - timedelta(days=3 + 9 * n), tz, 9)
        client.notes.append(Note(body=NOTES[(index + n) % len(NOTES)], created_at=written))
    return client


def _plan_row(Plan, screening, draft, version: int, created, start: date):  # noqa: N803
    p = draft.prescription
    return Plan(
        screening=screening,
        version=version,
        status=Plan.Status.ACTIVE,
        tier=draft.tier,
        stages=list(draft.stages),
        skipped=dict(draft.skipped),
        reasons=_reasons(draft),
        days=list(p.days),
        minutes_available=p.minutes_available,
        stage=p.stage,
        level=p.level,
        backward_minutes=p.backward_minutes,
        start_date=start,
        level_started=start,
        stage_started=start,
        usual_morning_pain=0,
        written_through=start,
        rules_version=draft.rules_version,
        created_at=created,
    )


def _save_chunk(clients: list[_Client], coaches: list, counts: Counts) -> None:
    from plans.models import CoachLink, Plan, PlanEvent, PlannedSession, Screening, SessionLog, User

    User.objects.bulk_create([c.user for c in clients], batch_size=BATCH)
    for c in clients:
        c.screening.client = c.user
    Screening.objects.bulk_create([c.screening for c in clients], batch_size=BATCH)
    plans = []
    for c in clients:
        for plan, _, _ in c.plans:
            plan.client, plan.screening = c.user, c.screening
            plans.append(plan)
    Plan.objects.bulk_create(plans, batch_size=BATCH)
    sessions = []
    for c in clients:
        for plan, rows, _ in c.plans:
            for planned, _ in rows:
                planned.plan = plan
                planned.client_id = plan.client_id
                sessions.append(planned)
    PlannedSession.objects.bulk_create(sessions, batch_size=BATCH)
    logs = []
    for c in clients:
        for _, rows, _ in c.plans:
            for planned, log in rows:
                if log is not None:
                    log.planned, log.client = planned, c.user
                    logs.append(log)
    SessionLog.objects.bulk_create(logs, batch_size=BATCH)
    events = []
    for c in clients:
        for plan, rows, plan_events in c.plans:
            for row, event in plan_events:
                event.plan, event.log = plan, rows[row][1]
                events.append(event)
    PlanEvent.objects.bulk_create(events, batch_size=BATCH)
    links, notes = [], []
    for c in clients:
        coach = coaches[c.coach_index]
        links.append(CoachLink(coach=coach, client=c.user, started_at=c.user.date_joined))
        for note in c.notes:
            note.client, note.author = c.user, coach
            notes.append(note)
    CoachLink.objects.bulk_create(links, batch_size=BATCH)
    from plans.models import Note

    Note.objects.bulk_create(notes, batch_size=BATCH)
    counts.clients += len(clients)
    counts.plans += len(plans)
    counts.sessions += len(sessions)
    counts.logs += len(logs)
    counts.events += len(events)
    counts.notes += len(notes)


@dataclass
class _Context:
    profiles: _Profiles
    password_hash: str


def clear() -> None:
    """Delete everything an earlier run made (people at @bench.example, with their rows)."""
    from django.db import transaction

    from plans.models import Plan, PlanEvent, PlannedSession, SessionLog, User

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

    from plans.models import User

    began = time.perf_counter()
    now = now or timezone.now()
    rng = random.Random(seed)
    clear()
    # One hash for everyone: hashing 5,000 passwords would take longer than the rest.
    ctx = _Context(_Profiles(), make_password(BENCH_PASSWORD, salt=f"bench{seed}"))
    counts = Counts()
    coaches = []
    for k in range(max(1, math.ceil(clients / CLIENTS_PER_COACH))):
        coaches.append(
            User(
                public_id=_uuid(rng),
                email=f"coach{k + 1:03d}@{DOMAIN}",
                display_name=f"Coach {k + 1}",
                role=User.Role.COACH,
                password=ctx.password_hash,
                date_joined=now - timedelta(weeks=weeks + 4),
            )
        )
    User.objects.bulk_create(coaches)
    counts.coaches = len(coaches)
    for first in range(0, clients, CHUNK):
        chunk = [
            _build_client(i, rng, now, weeks, ctx)
            for i in range(first, min(clients, first + CHUNK))
        ]
        with transaction.atomic():
            _save_chunk(chunk, coaches, counts)
        if not quiet:
            print(f"  {counts.clients}/{clients} clients", flush=True)
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
