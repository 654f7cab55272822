"""Demo people: answers to the questionnaire and a seeded history of sessions.

Used by `manage.py seed_demo` and the benchmark's data generator; deterministic for a seed.
"""

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.utils import timezone

from accounts.models import User
from coaching.models import CoachLink
from coaching.services import links as coaching
from plans.models import Plan
from plans.screening import ABC_KEYS, ACCESS_KEYS, BOOL_KEYS, OPTIONAL_INTS, V2_KEYS
from plans.services import falls, schedule
from plans.services.adjustments import Adjustment, adjust_plan
from plans.services.intake import start_plan
from plans.services.sessions import record_log

DEMO_PASSWORD = "walk-backward-demo"  # noqa: S105 - printed on purpose, demo data only

# A fit, low-risk adult with every place available; demo people change a few answers.
BASE_ANSWERS = {
    **dict.fromkeys(BOOL_KEYS, False),
    **dict.fromkeys(V2_KEYS, False),  # demo people have answered the v2 questions too
    **dict.fromkeys(ABC_KEYS, 90),
    **dict.fromkeys(OPTIONAL_INTS, None),
    **dict.fromkeys(ACCESS_KEYS, True),
    "age": 52,
    "pain_now": 0,
    "pain_walking": 0,
    "can_walk_10_min": True,
    "can_stand_unaided": True,
    "walking_aid": "none",
    "falls_12m": 0,
    "days": ["mon", "wed", "fri", "sat"],
    "minutes": 40,
}


def answers(**changes) -> dict:
    result = {**BASE_ANSWERS, **changes}
    if "abc" in changes:
        result.update(dict.fromkeys(ABC_KEYS, changes["abc"]))
        del result["abc"]
    return result


# Profiles: who they are, and how their sessions tend to go.
PROFILES = {
    "fit": answers(),
    "steady": answers(
        age=72,
        steadi_worried=True,
        steadi_chair=True,
        steadi_curb=True,
        abc=70,
        access_treadmill=False,
        access_track=False,
        days=["mon", "wed", "fri"],
        minutes=30,
    ),
    "careful": answers(
        age=78,
        falls_12m=1,
        walking_aid="cane",
        steadi_unsteady=True,
        abc=60,
        access_treadmill=False,
        access_track=False,
        days=["mon", "tue", "thu", "sat"],
        minutes=30,
    ),
    "knee": answers(
        age=66,
        knee_oa=True,
        pain_walking=3,
        abc=80,
        access_pool=False,
        days=["tue", "thu", "sat"],
        minutes=35,
    ),
    "chest_pain": answers(age=55, parq_chest_pain=True),
    # 95, no pool: HIGH on the handrail; treadmill and track need a coach's confirmation.
    "oldest": answers(
        age=95,
        steadi_unsteady=True,
        abc=60,
        access_pool=False,
        days=["mon", "wed", "fri"],
        minutes=30,
    ),
}


@dataclass(frozen=True)
class Habit:
    """How a demo person logs: chance of doing a session, effort and pain."""

    adherence: float = 0.9
    rpe: tuple[int, int] = (3, 5)
    pain: tuple[int, int] = (0, 2)


def simulate(
    client: User, profile: str, weeks: int, today: date, habit: Habit, rng, *, stop_days: int = 0
) -> Plan:
    """Start a plan `weeks` ago and log its sessions day by day, letting the rules act.

    Logging stops `stop_days` before today (the days after are left for the caller).
    """
    start = today - timedelta(weeks=weeks)
    answers = PROFILES[profile]
    plan = start_plan(client, answers, start, now=noon(start))
    if plan is None or plan.status != Plan.Status.ACTIVE:
        return plan
    usual = answers["pain_now"]
    day = start
    while day < today - timedelta(days=stop_days):
        schedule.extend_locked(plan.pk, lambda _client, day=day: day)
        planned = plan.sessions.filter(date=day, cancelled=False).first()
        if planned and rng.random() < habit.adherence:
            partial = rng.random() < 0.15
            minutes = planned.total_minutes if not partial else planned.total_minutes // 2
            data = {
                "status": "partial" if partial else "done",
                "minutes": minutes,
                "rpe": rng.randint(*habit.rpe),
                "pain_during": rng.randint(*habit.pain),
                # Mostly back to the usual level by the next morning.
                "pain_next_morning": usual + (rng.random() < 0.15),
            }
            record_log(client, planned, data, today=day, now=noon(day))
        plan.refresh_from_db()
        if plan.status != Plan.Status.ACTIVE:
            break
        day += timedelta(days=1)
    schedule.extend_locked(plan.pk, lambda _client: today)
    return plan


def noon(day: date) -> datetime:
    """The simulated moment of a demo day's entries, so their order and gaps are real."""
    return datetime.combine(day, time(12), tzinfo=UTC)


def log_painful_session(client: User, plan: Plan, today: date) -> None:
    """A recent painful session at the current level, which pauses the plan."""
    planned = (
        plan.sessions.filter(date__lte=today, date__gte=plan.level_started, log__isnull=True)
        .order_by("-date")
        .first()
    )
    if planned is not None:
        record_log(
            client,
            planned,
            {
                "status": "partial",
                "minutes": 8,
                "rpe": 6,
                "pain_during": 8,
                "note": "Knee hurt a lot on the way back.",
            },
            today=today,
            now=noon(today),
        )


def coach_link_ended(coach: User, client: User) -> None:
    """§9.1 in the demo: a coach confirmed the treadmill and the track, moved the person onto
    the treadmill, then stopped coaching them. The confirmations lapsed with the link: the
    plan is back on the handrail, and its latest event says why."""
    link = CoachLink.objects.create(coach=coach, client=client)
    plan = client.plans.exclude(status=Plan.Status.ENDED).first()
    if plan is None:
        return
    confirm = Adjustment(
        "supervise",
        "Her son walks beside her at the gym.",
        plan.row_version,
        supervised_stages=("treadmill", "track"),
    )
    plan = adjust_plan(client, coach, confirm)
    move = Adjustment("stage_up", "Steady on the rail: on to the treadmill.", plan.row_version)
    adjust_plan(client, coach, move)
    coaching.end_link(link, by=coach)


def report_fall_at_home(client: User) -> None:
    """An unhurt fall at home yesterday evening, told with "I had a fall" (§9.7)."""
    now = timezone.now()
    evening = datetime.combine(client.local_today(now) - timedelta(days=1), time(18), client.tz)
    falls.report_fall(client, happened_at=evening, injury=False, head_strike=False, now=now)


def new_rng(seed: int = 7):
    return random.Random(seed)  # noqa: S311 - demo data, not security
