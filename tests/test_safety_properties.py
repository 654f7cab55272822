"""Hypothesis properties through the services and the real test database (issue 12).

- No sequence of the client's own actions (logs with any values, next-morning pains, their
  own or a review clearance, a physician clearance dated before a doctor's cause began,
  answering the questions again with low-risk answers, waiting, the daily command) moves a
  plan out of a physician pause (§2f v2, §9.4).
- No HIGH plan, and no plan without a coach's confirmation, holds a supervised-only stage
  (§1 v2), before or after the person lifts a pause.

Few examples, each with a fresh user (the examples share one test transaction).
"""

import contextlib
import itertools
from datetime import UTC, date, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plans import engine, pauses
from plans.models import Plan, PlannedSession, SessionLog
from plans.services import clearances
from plans.services import state as plan_state
from plans.services.errors import PlanError
from plans.services.intake import current_plan, start_plan
from plans.services.sessions import add_morning_pain, record_log
from tests.engine.answer_factory import make_answers_dict
from tests.engine.test_properties import answers_dicts
from tests.factories import make_plan, make_user
from tests.test_questionnaire import PERSONA_7

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # Wednesday
PAUSED = (Plan.Status.PAUSED, Plan.Status.NEEDS_CLEARANCE)
SETTINGS = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
_numbers = itertools.count()


def fresh_user():
    return make_user(f"walker{next(_numbers)}@example.com", "Walker")


# --- The starting pause -------------------------------------------------------------------


def _logged_pause(**fields):
    def pause(user):
        plan = make_plan(user, date(2026, 11, 16), weeks=3)
        planned = plan.sessions.get(date=NOW.date())
        record_log(user, planned, {"status": "done", "minutes": 20, **fields}, today=NOW.date())

    return pause


PAUSES = {
    "red flag (§3)": _logged_pause(red_flag=True),
    "head strike (§3 v2)": _logged_pause(fall=True, fall_head_strike=True),
    "chest pain at screening (§2e)": lambda user: start_plan(user, PERSONA_7, NOW.date()),
}

# --- The client's actions -----------------------------------------------------------------

score = st.none() | st.integers(0, 10)
log_data = st.fixed_dictionaries(
    {
        "status": st.sampled_from(["done", "partial", "skipped"]),
        "minutes": st.integers(0, 90),
        "rpe": score,
        "pain_during": score,
        "pain_next_morning": score,
        "fall": st.booleans(),
        "fall_injury": st.booleans(),
        "fall_head_strike": st.booleans(),
        "near_fall": st.booleans(),
        "red_flag": st.booleans(),
        "health_changed": st.booleans(),
    }
)
low_risk = st.builds(
    lambda age, days, minutes, pain: make_answers_dict(
        age=age, days=days, minutes=minutes, pain_now=pain, pain_walking=pain
    ),
    st.integers(18, 74),
    st.lists(
        st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]), min_size=1, unique=True
    ),
    st.integers(30, 90),
    st.integers(0, 2),
)
actions = st.lists(
    st.one_of(
        st.tuples(st.just("log"), st.integers(0, 50), log_data),
        st.tuples(st.just("morning"), st.integers(0, 10)),
        st.tuples(st.just("clear"), st.sampled_from(["self", "review", "coach"])),
        st.tuples(st.just("old_physician"), st.integers(1, 4000)),
        st.tuples(st.just("rescreen"), low_risk),
        st.tuples(st.just("wait"), st.integers(1, 20)),
        st.tuples(st.just("daily")),
    ),
    min_size=1,
    max_size=8,
)


def _act(user, action, traveller) -> None:
    today = user.local_today()
    kind = action[0]
    if kind == "log":
        sessions = list(
            PlannedSession.objects.filter(client=user, date__lte=today).order_by("date")
        )
        if sessions:
            planned = sessions[action[1] % len(sessions)]
            record_log(user, planned, action[2], today=today)
    elif kind == "morning":
        log = SessionLog.objects.filter(client=user, date=today - timedelta(days=1)).first()
        if log is not None:
            add_morning_pain(user, log, action[1])
    elif kind == "clear":
        cleared = clearances.Clearance(
            kind=action[1], name="Pat Physio", profession="physiotherapist", cleared_on=today
        )
        clearances.clear(user, cleared, by=user)
    elif kind == "old_physician":
        # Dated before the day some doctor's cause began (for the questionnaire's own pause,
        # before the weeks a visit may precede the answers, §9.4 [PD]).
        plan = current_plan(user)
        causes = pauses.open_only(plan_state.plan_causes(plan))
        began = max(
            (pauses.earliest_clearance_day(c) for c in causes if c.needs == "physician"),
            default=today,
        )
        cleared = clearances.Clearance(
            kind="physician",
            name="Okafor",
            cleared_on=began - timedelta(days=action[1]),
            confirmed_doctor=True,
        )
        clearances.clear(user, cleared, by=user)
    elif kind == "rescreen":
        start_plan(user, action[1], today)
    elif kind == "wait":
        traveller.shift(timedelta(days=action[1]))
    elif kind == "daily":
        call_command("write_schedules", stdout=StringIO())


@pytest.mark.django_db
@pytest.mark.parametrize("pause", PAUSES.values(), ids=PAUSES.keys())
@SETTINGS
@given(steps=actions)
def test_no_client_action_alone_moves_a_plan_out_of_a_physician_pause(pause, steps):
    """§2f v2: only a physician's clearance, dated on or after the pause began, lifts it."""
    with time_machine.travel(NOW, tick=False) as traveller:
        user = fresh_user()
        pause(user)
        logged = SessionLog.objects.filter(client=user).count()
        for action in steps:
            with contextlib.suppress(PlanError):  # refused, nothing saved
                _act(user, action, traveller)
            plan = current_plan(user)
            assert plan is not None, action
            assert plan.status in PAUSED, action
            assert plan.pause_needs == Plan.PauseNeeds.PHYSICIAN, action
            assert not PlannedSession.objects.filter(
                client=user, date__gt=user.local_today(), cancelled=False
            ).exists(), action  # nothing is due while paused
            now_logged = SessionLog.objects.filter(client=user).count()
            assert now_logged >= logged, "a log was lost"
            logged = now_logged


# --- Supervised-only stages ---------------------------------------------------------------


def _assert_no_unconfirmed_supervised_stage(plan: Plan) -> None:
    answers = plan_state.answers_of(plan)
    locked = engine.supervised_only(answers, plan.tier) - set(plan.supervised_stages)
    assert not locked & set(plan.stages), (plan.tier, plan.stages)
    if plan.tier == "high":
        assert not {"treadmill", "track"} & set(plan.stages)
    written = set(
        PlannedSession.objects.filter(plan=plan, cancelled=False).values_list("stage", flat=True)
    )
    assert not locked & written


@pytest.mark.django_db
@SETTINGS
@given(data=answers_dicts(), falls=st.integers(0, 2))
def test_no_plan_without_a_coach_holds_a_supervised_only_stage(data, falls):
    """§1 v2: a person with no coach keeps to the stages that need no supervision, from the
    questionnaire, after lifting a pause, and after falls they logged change the tier."""
    with time_machine.travel(NOW, tick=False):
        user = fresh_user()
        today = user.local_today()
        plan = start_plan(user, data, today)
        if plan is None:
            return
        _assert_no_unconfirmed_supervised_stage(plan)
        if falls:
            Plan.objects.filter(pk=plan.pk).update(falls_logged=falls)
        if plan.status in PAUSED:
            cleared = clearances.Clearance(
                kind="physician", name="Okafor", cleared_on=today, confirmed_doctor=True
            )
            try:
                clearances.clear(user, cleared, by=user)
            except PlanError:
                return
        _assert_no_unconfirmed_supervised_stage(current_plan(user))
