"""The contract at the seam between the database and the rules (issue 12, style.md "Seams get
contract tests").

Every field of the rules' input (progression.PlanState, progression.LogEntry) is filled from
the database by plans.services.state: each test sets every relevant value to something that
is not the dataclass's default and compares field by field. The expected tables list every
field, so a field added to the rules fails here until it is mapped. Every field of a
Decision is named in plans.services.decisions.DECISION_FIELDS (acted on, or ignored on
purpose with the reason).
"""

from dataclasses import MISSING, fields
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from plans import progression
from plans.models import Plan, PlanEvent, SessionLog
from plans.pauses import PauseCause
from plans.services import state as plan_state
from plans.services.decisions import DECISION_FIELDS
from tests.engine.answer_factory import make_answers_dict
from tests.factories import log_session, make_plan, make_screening

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
TODAY = date(2026, 11, 25)
START = date(2026, 11, 2)


def _names(cls) -> set[str]:
    return {f.name for f in fields(cls)}


def _assert_filled(value, expected: dict, cls) -> None:
    """Every field listed, each equal to what the database says and not its default."""
    assert set(expected) == _names(cls), "list every field of the dataclass here"
    for field in fields(cls):
        got = getattr(value, field.name)
        assert got == expected[field.name], field.name
        default = (
            field.default
            if field.default is not MISSING
            else field.default_factory()
            if field.default_factory is not MISSING
            else MISSING
        )
        assert got != default, f"{field.name} reads as the dataclass default; not filled?"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.mark.django_db
def test_every_plan_state_field_is_filled_from_the_database(client_user):
    """§3 v2 inputs: pause, break, escalation, usual pain, blood thinners, re-screen."""
    screening = make_screening(
        client_user,
        answers=make_answers_dict(age=70, anticoagulants=True, pain_now=3, falls_12m=1),
    )
    plan = make_plan(client_user, START, weeks=4, screening=screening, level=3)
    decided = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
    paused_at = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    # Morning pains entered before the last decision count as "usual"; newest last.
    for day, pain in ((date(2026, 11, 16), 2), (date(2026, 11, 18), 4), (date(2026, 11, 20), 1)):
        log_session(
            plan.sessions.get(date=day),
            pain_next_morning=pain,
            logged_at=decided - timedelta(days=2),
            morning_pain_at=decided - timedelta(days=1),
        )
    step_back_on = date(2026, 11, 10)
    PlanEvent.objects.create(plan=plan, kind="step_back", source="rules", effective_on=step_back_on)
    PlanEvent.objects.create(  # a coach's step back is not the rules' escalation count
        plan=plan, kind="step_back", source="coach", effective_on=date(2026, 11, 11)
    )
    Plan.objects.filter(pk=plan.pk).update(
        tier="high",
        stages=["pool", "handrail"],
        stage="handrail",
        backward_minutes=11,
        level_started=date(2026, 11, 16),
        stage_started=date(2026, 11, 9),
        status=Plan.Status.PAUSED,
        pause_needs="physician",
        paused_for="fall",
        minutes_available=37,
        paused_at=paused_at,
        paused_on=date(2026, 11, 24),
        needs_review=True,
        rescreen_due=True,
        decided_at=decided,
        falls_logged=1,
        pause_causes=[
            {
                "cause": "pain",
                "needs": "self",
                "on": "2026-11-23",
                "since": None,
                "cleared": "self",
            },
            {
                "cause": "fall",
                "needs": "physician",
                "on": "2026-11-24",
                "since": paused_at.isoformat(),
                "cleared": "",
            },
        ],
    )
    plan.refresh_from_db()

    state = plan_state.plan_state(plan, TODAY)

    _assert_filled(
        state,
        {
            "tier": "high",
            "stages": ("pool", "handrail"),
            "stage": "handrail",
            "level": 3,
            "backward_minutes": 11,
            "level_started": date(2026, 11, 16),
            "stage_started": date(2026, 11, 9),
            "status": "paused",
            "pause_needs": "physician",
            "paused_for": "fall",
            "minutes_available": 37,
            "last_session_on": date(2026, 11, 20),
            "started_on": START,
            "paused_at": paused_at,
            "paused_on": date(2026, 11, 24),
            "anticoagulants": True,
            "step_backs": (step_back_on,),
            "needs_review": True,
            "morning_pains": (2, 4, 1),
            "pain_now": 3,
            "rescreen_due": True,
            "causes": (
                PauseCause("pain", "self", date(2026, 11, 23), None, cleared="self"),
                PauseCause("fall", "physician", date(2026, 11, 24), paused_at),
            ),
            "falls_12m": 2,  # §9.8: the questionnaire's fall and the one logged since
        },
        progression.PlanState,
    )


@pytest.mark.django_db
def test_a_morning_pain_entered_after_the_last_decision_is_new_not_usual(client_user):
    """§3 v2 usual pain: a new entry is judged against the usual before it."""
    plan = make_plan(client_user, START, weeks=4)
    decided = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
    log = log_session(
        plan.sessions.get(date=date(2026, 11, 23)),
        pain_next_morning=8,
        logged_at=decided - timedelta(hours=20),
        morning_pain_at=decided + timedelta(hours=1),
    )
    Plan.objects.filter(pk=plan.pk).update(decided_at=decided)
    plan.refresh_from_db()
    assert plan_state.plan_state(plan, TODAY).morning_pains == ()
    entry = next(e for e in plan_state.history(plan, TODAY) if e.date == log.date)
    assert (entry.pain_next_morning, entry.is_new) == (8, True)


@pytest.mark.django_db
def test_every_log_entry_field_is_filled_from_the_database(client_user):
    """§3 v2 log fields: fall follow-ups and the health question reach the rules."""
    plan = make_plan(client_user, START, weeks=4, backward_minutes=9)
    planned = plan.sessions.get(date=date(2026, 11, 23))
    log = SessionLog.objects.create(
        planned=planned,
        client=client_user,
        date=planned.date,
        status="partial",
        minutes=14,
        backward_minutes=6,
        rpe=7,
        pain_during=5,
        pain_next_morning=4,
        fall=True,
        near_fall=True,
        red_flag=True,
        fall_injury=True,
        fall_head_strike=True,
        health_changed=True,
        logged_at=NOW - timedelta(hours=1),
    )
    Plan.objects.filter(pk=plan.pk).update(decided_at=NOW - timedelta(days=1))
    plan.refresh_from_db()
    expected = {
        "date": date(2026, 11, 23),
        "status": "partial",
        "planned_backward_minutes": 9,
        "backward_minutes_done": 6,
        "rpe": 7,
        "pain_during": 5,
        "pain_next_morning": 4,
        "fall": True,
        "near_fall": True,
        "red_flag": True,
        "fall_injury": True,
        "fall_head_strike": True,
        "health_changed": True,
        "is_new": True,
    }
    _assert_filled(
        plan_state.log_entry(planned, log, plan.decided_at), expected, progression.LogEntry
    )
    from_history = next(e for e in plan_state.history(plan, TODAY) if e.date == planned.date)
    _assert_filled(from_history, expected, progression.LogEntry)


@pytest.mark.django_db
def test_a_log_entered_before_the_last_decision_is_not_new(client_user):
    plan = make_plan(client_user, START, weeks=4)
    planned = plan.sessions.get(date=date(2026, 11, 23))
    entered = NOW - timedelta(days=2)
    log = log_session(planned, logged_at=entered, updated_at=entered)
    assert not plan_state.log_entry(planned, log, NOW - timedelta(days=1)).is_new
    assert plan_state.log_entry(planned, log, NOW - timedelta(days=3)).is_new


def test_every_decision_field_is_acted_on_or_ignored_on_purpose():
    """Every field of progression.Decision is named, with what the app does with it."""
    assert set(DECISION_FIELDS) == _names(progression.Decision)
    assert all(words.strip() for words in DECISION_FIELDS.values())
