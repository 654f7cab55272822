"""The demo coach's caseload: 32 clients in varied states, so the dashboard shows flags at once.

Idempotent: the coach is reused if present, and a client who already exists is left as is.
Plans come from the real screening (`start_plan`); the weeks of sessions and logs are then
written directly, so each client lands in exactly the state the demo needs (paused for pain,
a fall, waiting for clearance, missed sessions, good adherence).
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from plans import engine, progression
from plans.demo_data import DEMO_PASSWORD, answers
from plans.models import CoachLink, Note, Plan, PlanEvent, PlannedSession, SessionLog, User
from plans.progress import monday_of
from plans.services import state as plan_state
from plans.services.plans import start_plan

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
        logs = self._logs(plan, case, rng, start, stop)
        if case.kind in ("pain", "fall", "fall_injury"):
            self._pause_after_last(plan, case, logs, today)
        elif case.kind == "coach_pause":
            self._coach_pause(plan, coach, today)
        if case.level > 1:
            PlanEvent.objects.create(
                plan=plan,
                kind=PlanEvent.Kind.ADVANCE,
                source=PlanEvent.Source.RULES,
                effective_on=plan.level_started,
                reasons=[{"code": "advance", "message": "Three good sessions.", "source": "PD"}],
                before={**plan_state.snapshot(plan), "level": plan.level - 1},
                after=plan_state.snapshot(plan),
            )
        if rng.random() < 0.4:
            Note.objects.create(
                client=client, author=coach, body="Lovely steady work this week. Keep it up!"
            )

    def _place(self, plan: Plan, case: Case, start: date, today: date) -> None:
        """Move the plan to the case's stage and level and write its sessions from the start."""
        stages = list(plan.stages)
        plan.stage = stages[min(case.stage_index, len(stages) - 1)]
        plan.level = case.level
        plan.level_started = today - timedelta(days=10)
        plan.stage_started = start
        minutes = engine.fitted_backward_minutes(
            plan.tier, plan.level, 6 + 2 * plan.level, plan.minutes_available
        )
        plan.backward_minutes = minutes
        plan.speed_kmh = (
            engine.treadmill_speed(plan.tier, plan.level) if plan.stage == "treadmill" else None
        )
        plan.written_through = monday_of(today) + timedelta(days=13)
        plan.save()
        plan.sessions.all().delete()
        prescription = progression.prescription_for(
            plan_state.plan_state(plan), tuple(plan.days), plan.speed_kmh
        )
        rows = []
        week = start
        while week <= monday_of(today) + timedelta(weeks=1):
            for session in engine.week_for(prescription, week, not_before=start).sessions:
                rows.append(
                    PlannedSession(
                        plan=plan, client_id=plan.client_id, **plan_state.session_fields(session)
                    )
                )
            week += timedelta(weeks=1)
        PlannedSession.objects.bulk_create(rows)

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
        return SessionLog.objects.bulk_create(logs)

    def _pause_after_last(self, plan, case, logs, today) -> None:
        """The latest log went wrong (pain 8 or a fall) and the rules paused the plan."""
        last = max(logs, key=lambda log: log.date) if logs else None
        if last is None:
            return
        before = plan_state.snapshot(plan)
        if case.kind == "pain":
            last.pain_during, last.note = 8, "Sharp pain in my knee on the way back."
            plan.paused_for, plan.pause_needs = "pain", Plan.PauseNeeds.SELF
            plan.pause_reason = progression.AFTER_PAIN
        else:
            last.fall, last.note = True, "Caught my heel and sat down hard."
            plan.paused_for = "fall"
            injured = case.kind == "fall_injury"
            plan.pause_needs = Plan.PauseNeeds.PHYSICIAN if injured else Plan.PauseNeeds.SELF
            plan.pause_reason = progression.AFTER_A_FALL
        last.save(update_fields=["pain_during", "fall", "note"])
        plan.status = Plan.Status.PAUSED
        plan.row_version += 1
        plan.save(
            update_fields=["status", "paused_for", "pause_needs", "pause_reason", "row_version"]
        )
        message = "Pain of 7 or more." if case.kind == "pain" else "A fall."
        PlanEvent.objects.create(
            plan=plan,
            log=last,
            kind=PlanEvent.Kind.PAUSE,
            source=PlanEvent.Source.RULES,
            effective_on=last.date,
            reasons=[{"code": case.kind, "message": message, "source": "S12"}],
            before=before,
            after=plan_state.snapshot(plan),
        )

    def _coach_pause(self, plan, coach, today) -> None:
        before = plan_state.snapshot(plan)
        plan.status, plan.pause_needs, plan.paused_for = "paused", Plan.PauseNeeds.COACH, "coach"
        plan.pause_reason = "Your coach paused your plan: away on holiday for two weeks."
        plan.row_version += 1
        plan.save(
            update_fields=["status", "paused_for", "pause_needs", "pause_reason", "row_version"]
        )
        PlanEvent.objects.create(
            plan=plan,
            kind=PlanEvent.Kind.PAUSE,
            source=PlanEvent.Source.COACH,
            made_by=coach,
            effective_on=today,
            note="Away on holiday for two weeks.",
            before=before,
            after=plan_state.snapshot(plan),
        )
