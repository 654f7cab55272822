"""What moves the plan up next, and what to do now while paused: one row per case."""

from dataclasses import replace
from datetime import date, timedelta

import pytest

from plans import rules
from plans.progression import LogEntry, PlanState, decide, next_step_words, pause_steps

START = date(2026, 3, 2)  # a Monday
STATE = PlanState(
    tier="mod",
    stages=("pool", "handrail", "treadmill", "track"),
    stage="handrail",
    level=2,
    backward_minutes=10,
    level_started=START,
    stage_started=START - timedelta(days=30),
    pain_now=1,
    minutes_available=60,
)
RPE = rules.TIER_DOSE["mod"].rpe_high
LIMITS = f"(done, effort up to {RPE}, pain up to {rules.ADVANCE_MAX_PAIN})"


def log(day: int, **overrides) -> LogEntry:
    values = {"rpe": 3, "pain_during": 1} | overrides
    return LogEntry(START + timedelta(days=day), "done", 10, 10, **values)


NEXT_ROWS = [
    pytest.param(
        [log(0)],
        0,
        f"To move up: 2 more good sessions in a row {LIMITS}, the last on or after Monday 9 March.",
        id="first-session-of-the-level",
    ),
    pytest.param(
        [log(0), log(2)],
        2,
        f"To move up: 1 more good session {LIMITS}, on or after Monday 9 March.",
        id="two-good-then-one-more",
    ),
    pytest.param(
        [log(0), log(2, pain_during=5)],
        2,
        f"To move up: 3 more good sessions in a row {LIMITS}, the last on or after Monday 9 March.",
        id="S13-pain-above-the-safe-zone-restarts-the-count",
    ),
    pytest.param(
        [log(0), log(2, rpe=None)],
        2,
        f"To move up: 3 more good sessions in a row {LIMITS}, the last on or after Monday 9 March.",
        id="PD-an-unrated-session-does-not-count",
    ),
    pytest.param(
        [log(0), log(2), log(4)],
        4,
        "To move up: one more good session on or after Monday 9 March.",
        id="PD-three-good-but-a-week-not-over",
    ),
    pytest.param(
        [log(7)],
        8,
        f"To move up: 2 more good sessions in a row {LIMITS}.",
        id="week-over-sessions-still-needed",
    ),
]


@pytest.mark.parametrize(("logs", "day", "expected"), NEXT_ROWS)
def test_next_step_words(logs, day, expected):
    assert next_step_words(STATE, logs, START + timedelta(days=day)) == expected


def test_next_step_words_agree_with_decide_when_ready():
    """When the words say "can move up", three good sessions after a week do advance."""
    logs = [log(3), log(5), log(8)]
    today = START + timedelta(days=8)
    assert next_step_words(STATE, logs[:2], today).startswith("To move up: 1 more")
    assert decide(STATE, logs, today).code == "advance"


def test_next_step_words_say_nothing_while_paused():
    assert next_step_words(replace(STATE, status="paused"), [log(0)], START) == ""


def test_next_step_words_at_the_top_of_the_plan():
    top = replace(
        STATE,
        stages=("track",),
        stage="track",
        level=4,
        backward_minutes=rules.MAX_BACKWARD_MINUTES,
    )
    assert "top of your plan" in next_step_words(top, [log(0)], START)


PAUSE_ROWS = [
    pytest.param("fall", "self", False, "Rest for two days", id="S17-fall-self"),
    pytest.param("fall", "physician", False, "See a doctor before", id="S17-fall-physician"),
    pytest.param("red_flag", "physician", False, "call your emergency number", id="S16"),
    pytest.param("pain", "self", False, "rest the sore spot", id="S13-pain"),
    pytest.param("health_change", "self", True, "health questions again", id="S12"),
    pytest.param("long_break", "self", True, "health questions again", id="PD-break"),
    pytest.param("illness", "self", False, "After 7 days", id="S12-illness"),
    pytest.param("coach", "coach", False, "Your coach paused", id="coach"),
]


@pytest.mark.parametrize(("cause", "needs", "rescreen", "words"), PAUSE_ROWS)
def test_pause_steps_are_a_short_list_that_names_the_way_back(cause, needs, rescreen, words):
    steps = pause_steps(cause, needs, rescreen)
    assert 1 <= len(steps) <= 5
    assert any(words in step for step in steps)
    assert all(len(step.split()) <= 20 for step in steps)


def test_pause_steps_add_the_questions_when_a_rescreen_is_due_too():
    steps = pause_steps("pain", "self", True)
    assert steps[-1] == "Answer the health questions again before you restart."
