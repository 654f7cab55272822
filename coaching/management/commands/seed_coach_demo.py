"""The demo coach's caseload: 32 clients in varied states, so the dashboard shows flags at once.

Idempotent: the coach is reused if present, and a client who already exists is left as is.
Plans come from the real screening (`start_plan`); the weeks of sessions and logs are then
written directly, so each client lands in exactly the state the demo needs (paused for pain,
a fall, waiting for clearance, missed sessions, good adherence).
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from coaching.models import CoachLink, Note
from coaching.services import status
from plans import engine
from plans.demo_data import DEMO_PASSWORD, answers
from plans.models import Plan, PlanEvent, SessionLog
from plans.progress import monday_of
from plans.services import schedule
from plans.services.adjustments import Adjustment, adjust_plan
from plans.services.intake import start_plan
from plans.services.sessions import record_log
from plans.services.transitions import Change, locked_plan, transition

COACH_EMAIL = "coach@example.com"
COACH_NAME = "Dana Coach"
WEEKS = 5  # of history before today

FIRST = [
    "Ada",
    "Agnes",
    "Bert",
    "Carmen",
    "Dev",
    "Edith",
    "Farid",
    "Grace",
    "Hiro",
    "Ines",
    "Jonas",
    "Kamala",
    "Luis",
    "Mei",
    "Nils",
    "Olga",
    "Pavel",
    "Quinn",
    "Rosa",
    "Sunil",
    "Tove",
    "Umar",
    "Vera",
    "Wim",
    "Xenia",
    "Yusuf",
    "Zora",
    "Anil",
    "Beatriz",
    "Colm",
    "Dilys",
    "Emeka",
]
LAST = [
    "Okafor",
    "Lindqvist",
    "Moreau",
    "Tanaka",
    "Haddad",
    "Kowalski",
    "Byrne",
    "Santos",
    "Novak",
    "Mensah",
    "Ferreira",
    "Ito",
    "Jensen",
    "Duarte",
    "Kaur",
    "Murphy",
    "O'Neill",
    "Petrov",
    "Rossi",
    "Schmidt",
    "Takahashi",
    "Usman",
    "Varga",
    "Walsh",
    "Xu",
    "Yilmaz",
    "Zhang",
    "Abbott",
    "Brennan",
    "Castillo",
    "Dlamini",
    "Evans",
]
ZONES = ("Europe/London", "Europe/Berlin", "America/New_York", "Australia/Sydney", "UTC")


@dataclass(frozen=True)
class Case:
    """What a demo client's last weeks look like."""

    kind: str  # good, missed, pain, fall, fall_injury, coach_pause, clearance, no_plan
    profile: dict
    stage_index: int = 0  # how far along their usable stages they are
    level: int = 1
    adherence: float = 0.9


STEADY = {"age": 72, "steadi_worried": True, "abc": 70, "days": ["mon", "wed", "fri"]}
CAREFUL = {"age": 79, "falls_12m": 1, "walking_aid": "cane", "steadi_unsteady": True, "abc": 60}
NO_POOL = {"access_pool": False}
CASES = (
    # Doing well, at every stage.
    Case("good", {}, 0, 2),
    Case("good", {}, 1, 3, 0.95),
    Case("good", STEADY, 1, 4, 0.85),
    Case("good", {}, 2, 1),
    Case("good", {}, 2, 3, 1.0),
    Case("good", {}, 3, 2, 0.9),
    Case("good", NO_POOL, 2, 4, 0.8),
    Case("good", STEADY, 0, 3, 0.9),
    Case("good", CAREFUL, 0, 1, 0.75),
    Case("good", {}, 3, 4, 1.0),
    Case("good", NO_POOL, 1, 2, 0.7),
    Case("good", STEADY, 1, 1, 0.9),
    Case("good", {}, 1, 4, 0.85),
    Case("good", CAREFUL, 1, 2, 0.9),
    Case("good", {}, 2, 2, 0.95),
    Case("good", NO_POOL, 0, 3, 0.9),
    # Need attention.
    Case("pain", STEADY, 1, 2),
    Case("pain", {"knee_oa": True, "pain_walking": 3}, 0, 3),
    Case("pain", {}, 2, 1),
    Case("fall", CAREFUL, 0, 2),
    Case("fall_injury", STEADY, 1, 1),
    Case("missed", {}, 1, 2, 0.9),
    Case("missed", STEADY, 2, 1, 0.9),
    Case("missed", NO_POOL, 1, 3, 0.8),
    Case("missed", CAREFUL, 0, 1, 0.7),
    Case("coach_pause", {}, 2, 2),
    Case("clearance", {"age": 58, "parq_chest_pain": True}),
    Case("clearance", {"age": 67, "knee_oa": True, "parq_msk": True, "pain_walking": 5}),
    Case("low_adherence", STEADY, 0, 2, 0.45),
    Case("good", {}, 3, 1, 0.9),
    # Just joined: no plan yet.
    Case("no_plan", {}),
    Case("no_plan", {}),
)


class Command(BaseCommand):
    help = "Give the demo coach 32 clients in varied states (idempotent)."

    def handle(self, *args, **options):
        password = make_password(DEMO_PASSWORD)  # hashed once for every demo client
        coach, created = User.objects.get_or_create(
            email=COACH_EMAIL,
            defaults={"display_name": COACH_NAME, "role": User.Role.COACH, "password": password},
        )
        self.stdout.write(f"{'created' if created else 'kept'} coach {coach.email}")
        made, kept = 0, 0
        for number, case in enumerate(CASES, start=1):
            email = f"walker{number:02d}@example.com"
            if User.objects.filter(email=email).exists():
                kept += 1
                continue
            with transaction.atomic():
                client = User.objects.create(
                    email=email,
                    display_name=f"{FIRST[number - 1]} {LAST[number - 1]}",
                    role=User.Role.CLIENT,
                    time_zone=ZONES[number % len(ZONES)],
                    password=password,
                )
                CoachLink.objects.create(
                    coach=coach, client=client, started_at=timezone.now() - timedelta(weeks=WEEKS)
                )
                self._history(coach, client, case, random.Random(number))  # noqa: S311 - demo
                status.refresh_one(client.pk)  # the dashboard's row, after the bulk-made logs
            made += 1
            self.stdout.write(f"created {email} ({case.kind})")
        self.stdout.write(
            f"Coach {coach.email} has {made} new and {kept} existing demo clients "
            f"(password {DEMO_PASSWORD})."
        )

    def _history(self, coach: User, client: User, case: Case, rng: random.Random) -> None:
        if case.kind == "no_plan":
            return
        today = client.local_today()
        start = monday_of(today) - timedelta(weeks=WEEKS)
        plan = start_plan(client, answers(**case.profile), start)
        if plan is None or plan.status != Plan.Status.ACTIVE:
            return  # waiting for a clearance: no sessions yet
        self._place(plan, case, start, today)
        stop = today - timedelta(days=12) if case.kind == "missed" else today
        if case.kind in ("pain", "fall", "fall_injury"):
            stop = today - timedelta(days=3)  # the last session is logged for real below
        logs = self._logs(plan, case, rng, start, stop)
        if case.kind in ("pain", "fall", "fall_injury"):
            self._pause_after_last(plan, case, logs, today)
        elif case.kind == "coach_pause":
            self._coach_pause(plan, coach, today)
        if rng.random() < 0.4:
            Note.objects.create(
                client=client,
                author=coach,
                by_coach=True,
                body="Lovely steady work this week. Keep it up!",
            )

    def _place(self, plan: Plan, case: Case, start: date, today: date) -> None:
        """Move the plan to the case's stage and level (through the one writer) and write its
        sessions from the start."""
        with transaction.atomic():
            locked = locked_plan(plan.pk)
            stage = list(locked.stages)[min(case.stage_index, len(locked.stages) - 1)]
            minutes = engine.fitted_backward_minutes(
                locked.tier, case.level, 6 + 2 * case.level, locked.minutes_available
            )
            speed = (
                engine.treadmill_speed(locked.tier, case.level) if stage == "treadmill" else None
            )
            values = {
                "stage": stage,
                "level": case.level,
                "level_started": today - timedelta(days=10),
                "stage_started": start,
                "backward_minutes": minutes,
                "speed_kmh": None if speed is None else Decimal(str(speed)),
            }
            reason = {"code": "demo", "source": "PD"}
            transition(
                locked,
                Change(
                    kind=PlanEvent.Kind.ADJUST,
                    source=PlanEvent.Source.SYSTEM,
                    reasons=(reason,),
                    values=values,
                    schedule_from=start,
                ),
                today=start,
            )
            schedule.extend(locked, today)
        plan.refresh_from_db()

    def _logs(self, plan, case, rng, start, stop) -> list[SessionLog]:
        logs = []
        for planned in plan.sessions.filter(date__gte=start, date__lt=stop):
            if rng.random() >= case.adherence:
                continue
            status = "partial" if rng.random() < 0.12 else "done"
            minutes = planned.total_minutes if status == "done" else planned.total_minutes // 2
            backward = planned.backward_minutes if status == "done" else minutes // 3
            logs.append(
                SessionLog(
                    planned=planned,
                    client=plan.client,
                    date=planned.date,
                    status=status,
                    minutes=minutes,
                    backward_minutes=min(backward, minutes),
                    rpe=rng.randint(3, 5),
                    pain_during=rng.randint(0, 2),
                    pain_next_morning=rng.randint(0, 1),
                    logged_at=timezone.now(),
                )
            )
        User.objects.records_changed(plan.client_id)  # cached fragments follow the logs
        return SessionLog.objects.bulk_create(logs)

    def _pause_after_last(self, plan, case, logs, today) -> None:
        """The latest session went wrong (pain 8 or a fall): logged for real, so the plan's
        own rules pause it."""
        planned = (
            plan.sessions.filter(date__lte=today, log__isnull=True, cancelled=False)
            .order_by("-date")
            .first()
        )
        if planned is None:
            return
        if case.kind == "pain":
            data = {"pain_during": 8, "note": "Sharp pain in my knee on the way back."}
        else:
            data = {"fall": True, "note": "Caught my heel and sat down hard."}
            data["fall_injury"] = case.kind == "fall_injury"
        data |= {"status": "partial", "minutes": planned.total_minutes // 2, "rpe": 5}
        record_log(plan.client, planned, data, today=today)

    def _coach_pause(self, plan, coach, today) -> None:
        plan.refresh_from_db()
        adjust_plan(
            plan.client,
            coach,
            Adjustment(
                kind="pause",
                reason="Away on holiday for two weeks.",
                row_version=plan.row_version,
            ),
        )
