"""Progression rules of domain.md §3, one row per rule and boundary, each naming its source.

The v2 rows (new pain bands, falls, breaks, escalation) are in test_progression_v2.py.
"""

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest

from plans.progression import (
    AFTER_A_FALL,
    LogEntry,
    PlanState,
    apply_break,
    break_band,
    decide,
    prescription_for,
    resume,
    stamped,
)

START = date(2026, 3, 2)  # a Monday
TODAY = START + timedelta(days=8)
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


def noon(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=UTC)


def good(day: int, **overrides) -> LogEntry:
    values = {"rpe": 4, "pain_during": 1, "pain_next_morning": 1}
    return LogEntry(START + timedelta(days=day), "done", 10, 10, **(values | overrides))


def window(**last) -> list[LogEntry]:
    """Three good sessions; the last one changed by `last`."""
    return [good(1), good(3), good(5, **last)]


def test_three_good_sessions_after_a_week_advance_one_level():
    decision = decide(STATE, window(), TODAY)
    assert decision.code == "advance"
    assert (decision.new_state.level, decision.new_state.backward_minutes) == (3, 11)
    assert decision.new_state.level_started == TODAY + timedelta(days=1)


PAUSE_ROWS = [
    pytest.param({"fall": True}, "self", id="S17-fall"),
    pytest.param({"fall": True, "fall_injury": True}, "physician", id="S17-fall-injury"),
    pytest.param({"red_flag": True}, "physician", id="S16-red-flag"),
    pytest.param({"pain_during": 7}, "self", id="S13-pain-during-7"),
    pytest.param({"pain_next_morning": 7}, "self", id="S13-pain-morning-7"),
    pytest.param({"health_changed": True}, "self", id="S12-health-changed"),
]


@pytest.mark.parametrize(("last", "needs"), PAUSE_ROWS)
def test_pause(last, needs):
    decision = decide(STATE, window(**last), TODAY)
    assert decision.code == "pause"
    assert decision.needs_clearance == needs
    assert decision.new_state.status == "paused"
    assert decision.what_to_do


def test_after_a_fall_the_steps_are_given():
    decision = decide(STATE, window(fall=True), TODAY)
    assert decision.what_to_do.startswith(str(AFTER_A_FALL))
    assert "doctor" in AFTER_A_FALL and "head" in AFTER_A_FALL


STEP_BACK_ROWS = [
    pytest.param(window(pain_during=6), "pain_during", id="S13-pain-during-6"),
    pytest.param(window(pain_next_morning=3), "pain_next_morning", id="S13-morning-usual+2"),
    pytest.param([good(1), good(3, rpe=8), good(5, rpe=8)], "rpe_high", id="PD-rpe-8-twice"),
    pytest.param(
        [good(1), good(3, near_fall=True), good(5, near_fall=True)],
        "near_falls",
        id="S17-two-near-falls",
    ),
]


@pytest.mark.parametrize(("logs", "code"), STEP_BACK_ROWS)
def test_step_back(logs, code):
    decision = decide(STATE, logs, TODAY)
    assert decision.code == "step_back"
    assert code in {reason.code for reason in decision.reasons}
    assert decision.new_state.level == STATE.level - 1


HOLD_ROWS = [
    pytest.param(window(pain_during=5), "pain_some", id="S13-pain-during-5-holds"),
    pytest.param(window(pain_during=4), "pain_some", id="S13-v2-pain-during-4-holds"),
    pytest.param(window(pain_next_morning=2), "morning_pain_up", id="S13-morning-usual+1"),
    pytest.param(window(rpe=6), "rpe_above_target", id="PD-rpe-above-target"),
    pytest.param([good(1, rpe=8), good(3), good(5)], "rpe_above_target", id="PD-rpe-8-once"),
    pytest.param(
        [good(1, near_fall=True), good(3), good(5)], "near_fall", id="PD-one-near-fall-holds"
    ),
    pytest.param(
        [
            LogEntry(START + timedelta(days=1), "missed", 10),
            LogEntry(START + timedelta(days=3), "skipped", 10),
            good(5),
        ],
        "few_done",
        id="PD-1-of-3-done",
    ),
    pytest.param(
        [good(1), LogEntry(START + timedelta(days=3), "partial", 10, 8, 4, 1), good(5)],
        "not_three_done",
        id="PD-partial-under-90-percent",
    ),
    pytest.param([good(3), good(5)], "not_three_done", id="PD-only-2-sessions"),
    pytest.param(window(rpe=None), "missing_ratings", id="PD-missing-rpe"),
]


@pytest.mark.parametrize(("logs", "code"), HOLD_ROWS)
def test_hold(logs, code):
    decision = decide(STATE, logs, TODAY)
    assert decision.code == "hold"
    assert code in {reason.code for reason in decision.reasons}
    assert decision.new_state == STATE


def test_partial_with_90_percent_counts_as_done():
    logs = [good(1), LogEntry(START + timedelta(days=3), "partial", 10, 9, 4, 1), good(5)]
    assert decide(STATE, logs, TODAY).code == "advance"


@pytest.mark.parametrize(
    ("days_at_level", "code"),
    [pytest.param(6, "hold", id="PD-6-days-holds"), pytest.param(7, "advance", id="PD-7-days")],
)
def test_a_week_at_the_level_before_advancing(days_at_level, code):
    state = replace(STATE, level_started=TODAY - timedelta(days=days_at_level))
    logs = [replace(log, date=TODAY - timedelta(days=i)) for i, log in enumerate(window())]
    assert decide(state, logs, TODAY).code == code


@pytest.mark.parametrize(
    ("last_week_pain", "code"),
    [pytest.param(0, "hold", id="S13-mean-up-1-holds"), pytest.param(1, "advance", id="S13-same")],
)
def test_weekly_mean_pain_up_by_1_holds(last_week_pain, code):
    today = START + timedelta(days=14)
    state = replace(STATE, level_started=START)
    last_week = [good(d, pain_during=last_week_pain) for d in (2, 4, 6)]  # 8-12 days ago
    this_week = [good(d, pain_during=1) for d in (9, 11, 13)]
    assert decide(state, last_week + this_week, today).code == code


def test_logs_before_the_current_level_are_not_counted_again():
    state = replace(STATE, level_started=START + timedelta(days=2))
    logs = [good(1, pain_during=6), good(3), good(5), good(7)]
    assert decide(state, logs, START + timedelta(days=9)).code == "advance"


# --- Levels and stages -------------------------------------------------------------------------


def test_leave_a_stage_from_level_4_after_two_weeks_at_60_percent():
    state = replace(STATE, level=4, stage_started=START - timedelta(days=14))
    decision = decide(state, window(), TODAY)
    assert (decision.new_state.stage, decision.new_state.level) == ("treadmill", 1)
    assert decision.new_state.backward_minutes == 6
    assert decision.new_state.stage_started == TODAY + timedelta(days=1)


def test_level_4_under_two_weeks_in_the_stage_only_adds_minutes():
    state = replace(STATE, level=4, stage_started=TODAY - timedelta(days=13), level_started=START)
    logs = window()
    decision = decide(state, logs, TODAY)
    assert (decision.new_state.stage, decision.new_state.level) == ("handrail", 4)
    assert decision.new_state.backward_minutes == 11


def test_top_of_the_plan_holds():
    state = replace(STATE, stage="track", level=4, backward_minutes=30)
    assert decide(state, window(), TODAY).code == "hold"


@pytest.mark.parametrize(
    ("stage", "level", "minutes", "expected"),
    [
        pytest.param("handrail", 2, 10, ("handrail", 1, 10), id="PD-level-down"),
        pytest.param("handrail", 1, 10, ("pool", 4, 10), id="PD-L1-to-previous-L4"),
        pytest.param("pool", 1, 10, ("pool", 1, 8), id="PD-first-stage-minus-20"),
        pytest.param("pool", 1, 3, ("pool", 1, 3), id="PD-first-stage-min-3"),
    ],
)
def test_step_back_path(stage, level, minutes, expected):
    state = replace(STATE, stage=stage, level=level, backward_minutes=minutes)
    new = decide(state, window(pain_during=6), TODAY).new_state
    assert (new.stage, new.level, new.backward_minutes) == expected


# --- Breaks (§9.9: planned sessions missed in a row, not calendar days) ----------------------


@pytest.mark.parametrize(
    ("missed", "days", "band"),
    [(1, 13, 0), (2, 7, 1), (3, 9, 1), (4, 11, 2), (7, 18, 2), (8, 21, 3), (1, 28, 3)],
    ids=lambda v: f"PD-{v}",
)
def test_break_bands(missed, days, band):
    assert break_band(missed, days) == band


def _session_days(count: int) -> list[date]:
    """The next `count` Monday, Wednesday and Friday sessions after START (a Monday)."""
    days, day = [], START
    while len(days) < count:
        day += timedelta(days=1)
        if day.weekday() in (0, 2, 4):
            days.append(day)
    return days


def _away(missed: int) -> tuple[PlanState, list[LogEntry], date]:
    """Walked on START, then `missed` planned sessions of a 3-day week missed; today is the
    next session's day."""
    *gone, today = _session_days(missed + 1)
    logs = [good(0), *(LogEntry(day, "missed", 10) for day in gone)]
    return STATE, logs, today


@pytest.mark.parametrize(
    ("missed", "code", "level", "minutes", "coach"),
    [
        pytest.param(2, "resume", 2, 8, False, id="PD-2-missed-80-percent"),
        pytest.param(3, "resume", 2, 8, False, id="PD-3-missed-80-percent"),
        pytest.param(4, "resume", 1, 8, False, id="PD-4-missed-level-down"),
        pytest.param(7, "resume", 1, 8, True, id="PD-7-missed-level-down-coach-14-days"),
        pytest.param(8, "pause", 2, 10, True, id="S12-8-missed-rescreen"),
    ],
)
def test_break(missed, code, level, minutes, coach):
    """§9.9 (was 7/14/28 days)."""
    decision = decide(*_away(missed))
    assert decision.code == code
    assert (decision.new_state.level, decision.new_state.backward_minutes) == (level, minutes)
    assert decision.notify_coach is coach
    if code == "pause":
        assert decision.needs_rescreen and decision.new_state.pause_needs == "self"


def test_one_missed_session_is_no_break():
    """§9.9 (was: six days away is no break)."""
    state, logs, today = _away(1)
    assert apply_break(state, logs, today) is None
    assert apply_break(*_away(2)).code == "resume"
    assert decide(state, logs, today).code != "resume"


def test_a_break_band_is_applied_once_whatever_the_call_rhythm():
    state, logs, last_day = _away(7)
    daily = state
    for day in range(1, (last_day - START).days + 1):
        today = START + timedelta(days=day)
        seen = [log for log in logs if log.date < today]  # as the app reads them
        daily = decide(daily, seen, today).new_state
    once = decide(state, logs, last_day).new_state
    assert (daily.stage, daily.level, daily.backward_minutes) == (
        once.stage,
        once.level,
        once.backward_minutes,
    )


def test_after_a_long_break_only_new_answers_restart_the_plan():
    # v2 (§3), §9.9: after 8 missed the person answers the questionnaire again; no clearance
    # lifts it.
    paused = decide(*_away(8)).new_state
    for clearance in ("self", "coach", "physician"):
        decision = resume(paused, clearance, START + timedelta(days=40), noon(START))
        assert decision.code == "pause" and decision.needs_rescreen
        assert decision.new_state == paused


# --- Resume ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("last", "clearance", "code", "restart"),
    [
        pytest.param({"red_flag": True}, "coach", "pause", None, id="S16-red-flag-needs-physician"),
        pytest.param(
            {"red_flag": True}, "physician", "resume", ("handrail", 1), id="S16-physician-clears"
        ),
        pytest.param({"fall": True, "fall_injury": True}, "self", "pause", None, id="S17-injury"),
        # v2 (§3 falls): one stage down, not one level.
        pytest.param({"fall": True}, "self", "resume", ("pool", 2), id="PD-own-word-after-a-fall"),
        pytest.param({"pain_during": 8}, "coach", "resume", ("handrail", 1), id="PD-coach-pain"),
        pytest.param({"pain_during": 8}, None, "pause", None, id="PD-no-clearance"),
    ],
)
def test_resume_needs_the_right_clearance(last, clearance, code, restart):
    paused = decide(STATE, window(**last), TODAY).new_state
    paused = stamped(paused, noon(TODAY), TODAY)
    later = TODAY + timedelta(days=3)
    decision = resume(paused, clearance, later, noon(later))
    assert decision.code == code
    if code == "resume":
        assert (decision.new_state.stage, decision.new_state.level) == restart
        assert decision.new_state.status == "active"
    else:
        assert decision.new_state == paused


def test_a_paused_plan_stays_paused_and_old_logs_do_not_pause_it_again():
    paused = stamped(decide(STATE, window(fall=True), TODAY).new_state, noon(TODAY), TODAY)
    assert decide(paused, window(), TODAY + timedelta(days=1)).code == "pause"
    later = TODAY + timedelta(days=2)
    resumed = resume(paused, "self", later, noon(later)).new_state
    assert resumed.status == "active"
    assert decide(resumed, window(fall=True), TODAY + timedelta(days=3)).code == "hold"


def test_resume_on_an_active_plan_changes_nothing():
    assert resume(STATE, "physician", TODAY, noon(TODAY)).new_state == STATE


def test_prescription_for_a_state_writes_its_sessions():
    p = prescription_for(replace(STATE, stage="treadmill", level=3), ("mon", "thu"))
    assert (p.speed_kmh, p.sessions_per_week, p.backward_minutes) == (1.4, 2, 10)


def test_log_entry_checks_its_values():
    with pytest.raises(ValueError, match="status"):
        LogEntry(START, "maybe", 10)
    with pytest.raises(ValueError, match="rpe"):
        LogEntry(START, "done", 10, 10, rpe=11)


def test_same_inputs_same_output():
    assert decide(STATE, window(), TODAY) == decide(STATE, window(), TODAY)
