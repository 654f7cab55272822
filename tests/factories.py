"""Small factories for tests and the benchmark: explicit arguments, no magic ids.

They write rows directly (no plan engine), so view and query tests stay independent of
the rules; the rules have their own tests in tests/engine/. Like every write path, they keep
the coach's read model (coaching.models.ClientStatus) up to date: `make_plan` and
`log_session` refresh the client's row; a test that writes rows by hand (a link, an update)
calls `refresh_status` before it reads the dashboard.
"""

from datetime import date, timedelta

from django.utils import timezone

from accounts.models import User
from coaching.services import status as coach_status
from plans.models import Plan, PlannedSession, Screening, SessionLog
from tests.engine.answer_factory import make_answers_dict

PASSWORD = "correct horse battery staple"  # noqa: S105
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def make_user(email: str, name: str = "Test Person", role: str = "client", **extra) -> User:
    return User.objects.create_user(
        email=email, password=PASSWORD, display_name=name, role=role, **extra
    )


def make_screening(client: User, outcome: str = "ready", tier: str = "mod", **extra) -> Screening:
    fields = {
        # Valid answers, so the rules' input can be read from the plan (services.state).
        "answers": make_answers_dict(age=70),
        "rules_version": "test",
        "outcome": outcome,
        "tier": tier,
        "steadi_score": 2,
        "abc6": 70.0,
        "flags": [],
    }
    fields.update(extra)
    return Screening.objects.create(client=client, **fields)


def make_plan(
    client: User,
    start_date: date,
    *,
    weeks: int = 2,
    days: tuple[str, ...] = ("mon", "wed", "fri"),
    stage: str = "handrail",
    level: int = 1,
    backward_minutes: int = 8,
    status: str = Plan.Status.ACTIVE,
    version: int | None = None,
    screening: Screening | None = None,
) -> Plan:
    """A plan with sessions on `days` from start_date for `weeks` weeks."""
    if version is None:
        version = Plan.objects.filter(client=client).count() + 1
    plan = Plan.objects.create(
        client=client,
        screening=screening or make_screening(client),
        version=version,
        status=status,
        tier="mod",
        stages=["pool", "handrail", "treadmill", "track"],
        skipped={},
        reasons=[{"code": "tier_start_mod", "source": "PD"}],
        days=list(days),
        minutes_available=30,
        stage=stage,
        level=level,
        backward_minutes=backward_minutes,
        start_date=start_date,
        level_started=start_date,
        stage_started=start_date,
        rules_version="test",
        written_through=start_date + timedelta(days=weeks * 7 - 1),
    )
    sessions = []
    for offset in range(weeks * 7):
        day = start_date + timedelta(days=offset)
        if WEEKDAYS[day.weekday()] in days:
            sessions.append(
                PlannedSession(
                    plan=plan,
                    client_id=plan.client_id,
                    date=day,
                    stage=stage,
                    level=level,
                    warmup_minutes=5,
                    backward_minutes=backward_minutes,
                    forward_minutes=backward_minutes,
                    cooldown_minutes=3,
                    bout_backward_seconds=60,
                    bout_forward_seconds=60,
                    total_minutes=8 + 2 * backward_minutes,
                    rpe_low=3,
                    rpe_high=5,
                )
            )
    PlannedSession.objects.bulk_create(sessions)
    coach_status.refresh_one(client.pk)
    return plan


def log_session(
    planned: PlannedSession,
    status: str = "done",
    *,
    rpe: int | None = 4,
    pain: int | None = 1,
    **extra,
) -> SessionLog:
    done = status != "skipped"
    fields = {
        "minutes": planned.total_minutes if done else 0,
        "backward_minutes": planned.backward_minutes if done else 0,
        "rpe": rpe if done else None,
        "pain_during": pain if done else None,
        "logged_at": timezone.now(),
    }
    fields.update(extra)
    log = SessionLog.objects.create(
        planned=planned, client=planned.plan.client, date=planned.date, status=status, **fields
    )
    refresh_status(planned.client_id)
    return log


def refresh_status(*clients) -> int:
    """The coach's rows of these clients (Users or ids), or of every client: what each write
    path does in its own transaction, for rows a test wrote by hand."""
    if not clients:
        return coach_status.refresh_all()
    return coach_status.refresh([getattr(c, "pk", c) for c in clients])
