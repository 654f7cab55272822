"""A person changes their days, minutes or places without the health questions
(plans/services/routine.py): stage and level kept, a lost place moves the plan to the nearest
EARLIER stage (never up), nothing earlier refuses with nothing saved, the dose fits the new
time, a pause stays, and the sessions change from tomorrow only."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from plans import engine
from plans.models import Plan, PlanEvent, PlannedSession, QuestionnaireDraft, Screening
from plans.said import render
from plans.services.errors import PlanChanged
from plans.services.intake import start_plan
from plans.services.routine import (
    PLACE_ANSWERS,
    RoutineRefused,
    RoutineUnchanged,
    change_routine,
    routine_answers,
)
from tests.factories import log_session, make_plan, make_user
from tests.test_questionnaire import PERSONA_1

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # a Wednesday
TODAY = date(2026, 11, 25)
MONDAY = date(2026, 11, 23)
ALL_PLACES = {
    "access_pool": True,
    "access_handrail": True,
    "access_treadmill": True,
    "access_track": True,
    "helper_available": False,
}


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def places(*without: str) -> dict[str, bool]:
    return {
        key: value and key.removeprefix("access_") not in without
        for key, value in ALL_PLACES.items()
    }


def change(client, *, days=("mon", "wed", "fri"), minutes=30, without=(), **extra):
    return change_routine(
        client,
        days=days,
        minutes_available=minutes,
        places=places(*without),
        today=TODAY,
        **extra,
    )


def new_plan(client, **fields) -> Plan:
    """The factory's MOD plan (all four stages, Mon/Wed/Fri, 30 min) with answers to match."""
    plan = make_plan(client, MONDAY, weeks=3, **fields)
    Screening.objects.filter(pk=plan.screening_id).update(
        answers={**plan.screening.answers, "minutes": 30}
    )
    plan.refresh_from_db()
    return plan


# --- The rule, one row per case ------------------------------------------------------------

# (stage, level, minutes before) · change · (stage, level, minutes after) · why
KEPT_OR_MOVED = [
    pytest.param(
        ("handrail", 2, 10), {"days": ("tue", "thu")}, ("handrail", 2, 10), id="new-days-keep-all"
    ),
    pytest.param(
        ("handrail", 2, 10),
        {"without": ("pool", "track")},
        ("handrail", 2, 10),
        id="other-place-lost",
    ),
    pytest.param(
        ("treadmill", 3, 10), {"without": ("treadmill",)}, ("handrail", 3, 10), id="lost-one-down"
    ),
    pytest.param(
        ("treadmill", 3, 10),
        {"without": ("treadmill", "handrail")},
        ("pool", 3, 10),
        id="lost-two-down-to-the-nearest-earlier",
    ),
    pytest.param(
        ("handrail", 2, 10), {"minutes": 15}, ("handrail", 2, 3), id="less-time-caps-minutes-§1"
    ),
    pytest.param(
        ("handrail", 2, 10), {"minutes": 60}, ("handrail", 2, 10), id="more-time-never-raises"
    ),
    pytest.param(
        ("pool", 2, 8), {"without": ("handrail", "treadmill")}, ("pool", 2, 8), id="pool-kept"
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("before", "changed", "after"), KEPT_OR_MOVED)
def test_stage_and_level_are_kept_or_move_only_down(client_user, before, changed, after):
    stage, level, minutes = before
    plan = new_plan(client_user, stage=stage, level=level, backward_minutes=minutes)
    change(client_user, **changed)
    plan.refresh_from_db()
    assert (plan.stage, plan.level, plan.backward_minutes) == after


@pytest.mark.django_db
def test_a_lost_place_drops_its_stage_and_says_why(client_user):
    plan = new_plan(client_user, stage="treadmill", level=3, backward_minutes=10)
    event = change(client_user, without=("treadmill",))
    plan.refresh_from_db()
    assert plan.stages == ["pool", "handrail", "track"]
    assert "treadmill" in plan.skipped
    assert plan.speed_kmh is None  # off the belt
    assert plan.stage_started == plan.level_started == TODAY + timedelta(days=1)
    assert [r["code"] for r in event.reasons] == ["routine", "routine_stage"]


@pytest.mark.django_db
def test_a_kept_stage_keeps_its_start_dates(client_user):
    plan = new_plan(client_user, stage="handrail", level=2, backward_minutes=10)
    change(client_user, days=("tue", "thu"))
    plan.refresh_from_db()
    assert (plan.stage_started, plan.level_started) == (MONDAY, MONDAY)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("stage", "without"),
    [
        pytest.param("pool", ("pool",), id="first-stage-lost"),
        pytest.param("handrail", ("pool", "handrail"), id="no-earlier-stage-left"),
    ],
)
def test_no_earlier_stage_refuses_and_saves_nothing(client_user, stage, without):
    plan = new_plan(client_user, stage=stage, level=2, backward_minutes=8)
    sessions = list(PlannedSession.objects.values_list("id", "sequence", "cancelled"))
    answers = dict(plan.screening.answers)
    with pytest.raises(RoutineRefused, match="keep that place in your list, or ask your coach"):
        change(client_user, days=("tue",), without=without)
    assert_nothing_saved(plan, answers, sessions)


def assert_nothing_saved(plan, answers, sessions):
    version = plan.row_version
    plan.refresh_from_db()
    assert plan.row_version == version
    assert plan.days == ["mon", "wed", "fri"]
    assert PlanEvent.objects.filter(plan=plan).count() == 0
    assert Screening.objects.get(pk=plan.screening_id).answers == answers
    assert list(PlannedSession.objects.values_list("id", "sequence", "cancelled")) == sessions


@pytest.mark.django_db
def test_high_risk_with_nothing_steady_left_is_refused(client_user):
    """§2e rule 4: a HIGH person needs a pool or a rail, even on a treadmill a coach confirmed."""
    plan = new_plan(client_user, stage="treadmill", level=2, backward_minutes=5)
    Plan.objects.filter(pk=plan.pk).update(tier="high", supervised_stages=["treadmill", "track"])
    plan.refresh_from_db()
    sessions = list(PlannedSession.objects.values_list("id", "sequence", "cancelled"))
    answers = dict(plan.screening.answers)
    with pytest.raises(RoutineRefused, match="nowhere steady"):
        change(client_user, without=("pool", "handrail"))
    assert_nothing_saved(plan, answers, sessions)


@pytest.mark.django_db
def test_high_risk_never_gets_open_ground_without_a_coach(client_user):
    """§1 v2: supervised-only stages stay out, whatever places the person adds."""
    plan = new_plan(client_user, stage="pool", level=1, backward_minutes=5)
    Plan.objects.filter(pk=plan.pk).update(tier="high", stages=["pool", "handrail"])
    plan.refresh_from_db()
    change(client_user, days=("tue", "thu"))
    plan.refresh_from_db()
    assert plan.stages == ["pool", "handrail"]
    assert set(plan.skipped) == {"treadmill", "track"}


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Plan.Status.PAUSED, Plan.Status.NEEDS_CLEARANCE])
def test_a_paused_or_waiting_plan_changes_its_routine_and_stays_paused(client_user, status):
    plan = new_plan(client_user, status=status)
    Plan.objects.filter(pk=plan.pk).update(
        pause_needs="physician",
        paused_for="fall",
        paused_on=MONDAY,
        pause_reason=[{"code": "do.after_pain"}],
    )
    change(client_user, days=("tue", "thu"), minutes=20)
    plan.refresh_from_db()
    assert (plan.status, plan.pause_needs, plan.paused_for, plan.paused_on) == (
        status,
        "physician",
        "fall",
        MONDAY,
    )
    assert (plan.days, plan.minutes_available) == (["tue", "thu"], 20)
    due = PlannedSession.objects.filter(date__gt=TODAY, cancelled=False, log__isnull=True)
    assert not due.exists()  # still nothing due while paused


@pytest.mark.django_db
def test_sessions_change_from_tomorrow_and_today_and_logged_ones_stay(client_user):
    """And §9.10: with Monday and Wednesday in this week already, a 2-day week gets no
    Thursday on top; the new days start with next Tuesday."""
    plan = new_plan(client_user, stage="handrail", level=2, backward_minutes=10)
    logged = log_session(plan.sessions.get(date=MONDAY))
    today = plan.sessions.get(date=TODAY)
    untouched = {
        s.pk: (s.sequence, s.cancelled, s.backward_minutes) for s in (logged.planned, today)
    }
    change(client_user, days=("tue", "thu"), minutes=15)
    for session in PlannedSession.objects.filter(pk__in=untouched):
        assert (session.sequence, session.cancelled, session.backward_minutes) == untouched[
            session.pk
        ]
    week = PlannedSession.objects.filter(
        client=client_user, date__gt=TODAY, date__lte=TODAY + timedelta(days=7), cancelled=False
    )
    assert [s.date.strftime("%a") for s in week.order_by("date")] == ["Tue"]
    assert {s.backward_minutes for s in week} == {3}
    assert all(s.total_minutes <= 15 for s in week)


@pytest.mark.django_db
def test_one_event_by_the_client(client_user):
    plan = new_plan(client_user)
    event = change(client_user, days=("tue", "thu", "sat"))
    assert list(PlanEvent.objects.filter(plan=plan)) == [event]
    assert (event.kind, event.source, event.made_by_id) == ("routine", "client", client_user.pk)
    assert "Tuesday, Thursday and Saturday" in render(event.reasons[0])


@pytest.mark.django_db
def test_the_answers_follow_so_a_new_questionnaire_starts_from_them(client_user):
    plan = new_plan(client_user)
    draft = QuestionnaireDraft.objects.create(client=client_user, answers={"age": 70}, step=2)
    before = dict(plan.screening.answers)
    change(client_user, days=("sat", "tue"), minutes=25, without=("track",))
    after = Screening.objects.get(pk=plan.screening_id).answers
    assert (after["days"], after["minutes"], after["access_track"]) == (["tue", "sat"], 25, False)
    assert {k: v for k, v in after.items() if k not in routine_answers(after)} == {
        k: v for k, v in before.items() if k not in routine_answers(before)
    }
    draft.refresh_from_db()
    assert draft.answers["age"] == 70 and draft.answers["days"] == ["tue", "sat"]


@pytest.mark.django_db
def test_the_same_routine_again_changes_nothing(client_user):
    plan = new_plan(client_user)
    with pytest.raises(RoutineUnchanged):
        change(client_user)
    assert not PlanEvent.objects.filter(plan=plan).exists()


@pytest.mark.django_db
def test_a_stale_form_changes_nothing(client_user):
    plan = new_plan(client_user)
    change(client_user, days=("tue", "thu"), row_version=plan.row_version)
    with pytest.raises(PlanChanged):
        change(client_user, days=("sat",), row_version=plan.row_version)
    plan.refresh_from_db()
    assert plan.days == ["tue", "thu"]


@pytest.mark.django_db
def test_bad_days_are_refused_by_the_rules_own_check(client_user):
    new_plan(client_user)
    with pytest.raises(ValueError, match="days"):
        change(client_user, days=())


# --- Contract: the change and a fresh questionnaire agree ----------------------------------

NEW_ROUTINE = {"days": ["tue", "sat"], "minutes": 15, "access_track": False}


@pytest.mark.django_db
def test_contract_a_routine_change_matches_a_fresh_plan_from_the_same_answers(client_user):
    """Every answers-derived field equals what the intake makes of the same answers: one rule,
    called from both places (run on PostgreSQL too with DATABASE_URL)."""
    changed = start_plan(client_user, PERSONA_1, TODAY)
    change_routine(
        client_user,
        days=NEW_ROUTINE["days"],
        minutes_available=NEW_ROUTINE["minutes"],
        places={**{k: bool(PERSONA_1.get(k)) for k in PLACE_ANSWERS}, "access_track": False},
        today=TODAY,
    )
    changed.refresh_from_db()
    other = make_user("fresh@example.com")
    fresh = start_plan(other, {**PERSONA_1, **NEW_ROUTINE}, TODAY)
    fields = (
        "tier",
        "stages",
        "skipped",
        "days",
        "minutes_available",
        "treadmill_supervised",
        "stage",
        "level",
        "backward_minutes",
        "speed_kmh",
        "status",
    )
    assert {f: getattr(changed, f) for f in fields} == {f: getattr(fresh, f) for f in fields}
    assert changed.screening.answers == Screening.objects.get(pk=fresh.screening_id).answers
    weekdays = lambda plan: sorted(  # noqa: E731
        {s.date.weekday() for s in plan.sessions.filter(date__gt=TODAY, cancelled=False)}
    )
    assert weekdays(changed) == weekdays(fresh) == [1, 5]
    # The "why" says the routine sentences (sessions a week, fitting the time) as a fresh
    # plan from the same answers would.
    routine_why = lambda plan: [  # noqa: E731
        r for r in plan.reasons if r["code"] in engine.ROUTINE_REASON_CODES
    ]
    assert routine_why(changed) == routine_why(fresh)


@pytest.mark.django_db
def test_the_why_says_the_new_number_of_sessions_and_keeps_the_rest(client_user):
    plan = start_plan(client_user, PERSONA_1, TODAY)
    before = {r["code"]: render(r) for r in plan.reasons}
    assert "4 sessions a week" in before["sessions_per_week"]
    change_routine(
        client_user,
        days=("tue", "sat"),
        minutes_available=PERSONA_1["minutes"],
        places={k: bool(PERSONA_1.get(k)) for k in PLACE_ANSWERS},
        today=TODAY,
    )
    plan.refresh_from_db()
    after = {r["code"]: render(r) for r in plan.reasons}
    assert "2 sessions a week" in after["sessions_per_week"]
    assert "4 sessions" not in " ".join(after.values())
    assert {k: v for k, v in after.items() if k != "sessions_per_week"} == {
        k: v for k, v in before.items() if k != "sessions_per_week"
    }


@pytest.mark.django_db
def test_the_persons_cached_fragments_move_on_in_the_same_write(client_user):
    new_plan(client_user)
    before = type(client_user).objects.get(pk=client_user.pk).records_version
    change(client_user, minutes=60)  # no session dose moves: only the key can tell
    assert type(client_user).objects.get(pk=client_user.pk).records_version > before
