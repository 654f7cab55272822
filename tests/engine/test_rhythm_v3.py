"""The plan's own rhythm (domain.md §9.9 and §9.10, version 3), one row per rule and boundary.

§9.9: a break is counted in planned sessions missed in a row, not in calendar days: 2-3 →
80 % of the minutes, 4-7 → one level down, 8 or more (or 28 days since the last session) →
the health questions again. A once-a-week plan that keeps its week is never on a break.
§9.10: sessions a week are a ceiling: no 7 days in a row hold more sessions, logged or
planned, than the plan's sessions a week, whatever days it changes to and when.
"""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plans import engine, rules
from plans.progression import (
    LogEntry,
    PlanState,
    TimeAway,
    break_band,
    break_dose,
    decide,
    time_away,
)

MONDAY = date(2026, 3, 2)
STATE = PlanState(
    tier="mod",
    stages=("pool", "handrail", "treadmill", "track"),
    stage="handrail",
    level=2,
    backward_minutes=10,
    level_started=MONDAY,
    stage_started=MONDAY - timedelta(days=30),
    minutes_available=60,
    started_on=MONDAY,
    pain_now=1,
)
WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}


def plan_days(days: tuple[str, ...], first: date, count: int) -> list[date]:
    """The next `count` session days of a plan on `days`, after `first`."""
    found, day = [], first
    wanted = {WEEKDAYS[name] for name in days}
    while len(found) < count:
        day += timedelta(days=1)
        if day.weekday() in wanted:
            found.append(day)
    return found


def walked(day: date, **fields) -> LogEntry:
    values = {"rpe": 4, "pain_during": 1, "pain_next_morning": 1}
    return LogEntry(day, "done", 10, 10, **(values | fields))


def missed(day: date) -> LogEntry:
    return LogEntry(day, "missed", 10)


def away(days: tuple[str, ...], count: int) -> tuple[list[LogEntry], date]:
    """Walked on MONDAY, then `count` planned sessions missed; today is the next session day
    (the app's history holds no entry for today's session until it is logged)."""
    *gone, today = plan_days(days, MONDAY, count + 1)
    return [walked(MONDAY), *map(missed, gone)], today


# --- §9.9 the bands ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("missed_in_a_row", "days", "band"),
    [
        pytest.param(0, 6, 0, id="§9.9 nothing missed"),
        pytest.param(1, 13, 0, id="§9.9 one missed is no break"),
        pytest.param(2, 3, 1, id="§9.9 2 missed: 80 %"),
        pytest.param(3, 9, 1, id="§9.9 3 missed: 80 %"),
        pytest.param(4, 5, 2, id="§9.9 4 missed: a level down"),
        pytest.param(7, 18, 2, id="§9.9 7 missed: a level down"),
        pytest.param(8, 9, 3, id="§9.9 8 missed: the questions again"),
        pytest.param(20, 60, 3, id="§9.9 20 missed: the questions again"),
        pytest.param(1, 27, 0, id="§9.9 27 days, one missed: no break"),
        pytest.param(3, 28, 3, id="§9.9 28 days: the questions again, whatever the rhythm"),
    ],
)
def test_s9_9_break_bands_count_planned_sessions_missed(missed_in_a_row, days, band):
    assert break_band(missed_in_a_row, days) == band
    assert TimeAway(missed_in_a_row, days).band == band


RHYTHM_ROWS = [
    # (plan days, missed in a row) -> (level, minutes, status, days away)
    pytest.param(("mon",), 1, (2, 10, "active", 14), id="§9.9 weekly: 1 missed, no break"),
    pytest.param(("mon",), 2, (2, 8, "active", 21), id="§9.9 weekly: 2 missed, 80 %"),
    pytest.param(("mon",), 3, (2, 10, "paused", 28), id="§9.9 weekly: 28 days, questions"),
    pytest.param(("mon", "thu"), 3, (2, 8, "active", 14), id="§9.9 2 a week: 3 missed, 80 %"),
    pytest.param(("mon", "thu"), 4, (1, 8, "active", 17), id="§9.9 2 a week: 4, level down"),
    pytest.param(("mon", "wed", "fri"), 2, (2, 8, "active", 7), id="§9.9 3 a week: 2, 80 %"),
    pytest.param(("mon", "wed", "fri"), 4, (1, 8, "active", 11), id="§9.9 3 a week: 4"),
    pytest.param(("mon", "wed", "fri"), 7, (1, 8, "active", 18), id="§9.9 3 a week: 7"),
    pytest.param(("mon", "wed", "fri"), 8, (2, 10, "paused", 21), id="§9.9 3 a week: 8"),
    pytest.param(tuple(WEEKDAYS), 1, (2, 10, "active", 2), id="§9.9 daily: 1 missed"),
    pytest.param(tuple(WEEKDAYS), 2, (2, 8, "active", 3), id="§9.9 daily: 2 missed, 80 %"),
    pytest.param(tuple(WEEKDAYS), 4, (1, 8, "active", 5), id="§9.9 daily: 4 missed"),
    pytest.param(tuple(WEEKDAYS), 8, (2, 10, "paused", 9), id="§9.9 daily: 8 in 9 days"),
]


@pytest.mark.parametrize(("days", "count", "expected"), RHYTHM_ROWS)
def test_s9_9_the_dose_after_missed_sessions_in_each_rhythm(days, count, expected):
    logs, today = away(days, count)
    level, minutes, status, days_away = expected
    assert time_away(STATE, logs, today) == TimeAway(count, days_away)
    shown, reasons = break_dose(STATE, logs, today)
    assert (shown.level, shown.backward_minutes, shown.status) == (level, minutes, status)
    assert bool(reasons) is (status == "paused" or count >= rules.BREAK_SHORT_MISSED)
    if status == "paused":
        assert shown.paused_for == "long_break" and shown.rescreen_due
        assert {"break_long", "rescreen"} <= {reason.code for reason in reasons}


def test_s9_9_a_once_a_week_plan_over_five_weeks_is_never_on_a_break():
    """The found bug: once-a-week plans hit the 7-day rule every week and shrank to 3 minutes.
    Each Monday walked for 5 weeks; every day of them, and every log, sees no break."""
    state, logs = STATE, []
    for day_number in range(5 * 7):
        today = MONDAY + timedelta(days=day_number)
        assert break_dose(state, logs, today) == (state, ())
        if today.weekday() == 0:
            logs = [replace(log, is_new=False) for log in logs]
            logs.append(walked(today, is_new=True))
            decision = decide(state, logs, today)
            assert not {r.code for r in decision.reasons} & {"break_missed", "break_level"}
            state = decision.new_state
    assert state.status == "active"
    assert state.backward_minutes >= STATE.backward_minutes  # never trimmed towards 3


def test_s9_9_a_skipped_session_counts_as_missed_it_was_not_walked():
    logs, today = away(("mon", "wed", "fri"), 2)
    logs[1] = replace(logs[1], status="skipped")
    assert time_away(STATE, logs, today).missed == 2
    assert break_dose(STATE, logs, today)[0].backward_minutes == 8


def test_s9_9_a_partly_done_session_ends_the_run():
    logs, today = away(("mon", "wed", "fri"), 3)
    logs[-1] = replace(logs[-1], status="partial", backward_minutes_done=4)
    assert time_away(STATE, logs, today).missed == 0


def test_s9_9_sessions_a_pause_called_off_are_not_missed():
    # The app leaves cancelled sessions out of the history: two weeks paused, then one missed.
    *_, back, today = plan_days(("mon", "wed", "fri"), MONDAY + timedelta(days=14), 2)
    logs = [walked(MONDAY), missed(back)]
    assert time_away(STATE, logs, today) == TimeAway(1, (today - MONDAY).days)
    assert break_dose(STATE, logs, today) == (STATE, ())


def test_s9_9_a_plan_never_walked_counts_from_its_first_session():
    first_days = [MONDAY, *plan_days(("mon", "wed", "fri"), MONDAY, 1)]
    logs = [missed(day) for day in first_days]  # Monday and Wednesday
    today = MONDAY + timedelta(days=4)
    assert time_away(STATE, logs, today) == TimeAway(2, 4)
    assert break_dose(STATE, logs, today)[0].backward_minutes == 8


def test_s9_9_a_band_is_applied_once_and_the_next_one_still_comes():
    logs, today = away(("mon", "wed", "fri"), 2)
    decided = decide(STATE, logs, today).new_state  # the 80 % dose, from tomorrow
    assert break_dose(decided, logs, today) == (decided, ())
    more, later = away(("mon", "wed", "fri"), 3)
    assert break_dose(decided, more, later) == (decided, ())  # still band 1: applied
    most, latest = away(("mon", "wed", "fri"), 4)
    shown, reasons = break_dose(decided, most, latest)
    assert [r.code for r in reasons] == ["break_level", "illness_check"]  # no second trim
    assert (shown.level, shown.backward_minutes) == (1, 8)


@given(
    st.sets(st.sampled_from(tuple(WEEKDAYS)), min_size=1, max_size=7),
    st.integers(1, 10),
    st.integers(1, 14),
)
def test_s9_9_a_plan_kept_to_its_own_days_is_never_on_a_break(days, weeks, later):
    """Any days, any number of weeks, every planned session walked: on any day until a second
    session in a row is missed, there is no break, however far apart the days are."""
    sessions = plan_days(tuple(days), MONDAY - timedelta(days=1), len(days) * weeks)
    coming = plan_days(tuple(days), sessions[-1], 2)
    today = min(sessions[-1] + timedelta(days=later), coming[1])
    logs = [walked(day) for day in sessions] + [missed(day) for day in coming if day < today]
    assert break_dose(STATE, logs, today) == (STATE, ())


# --- §9.10 sessions a week are a ceiling ------------------------------------------------------


def on(*offsets: int) -> tuple[date, ...]:
    return tuple(MONDAY + timedelta(days=offset) for offset in offsets)


def pattern(days: tuple[str, ...], first: date, last: date) -> list[date]:
    found = []
    day = first
    while day <= last:
        if day.weekday() in {WEEKDAYS[name] for name in days}:
            found.append(day)
        day += timedelta(days=1)
    return found


CEILING_ROWS = [
    pytest.param(
        # Mon-Wed-Fri, last week all done, this Monday and Wednesday done; on Wednesday
        # evening the days change to Thu-Fri-Sat. Thursday would be a 4th session since last
        # Friday, Saturday a 4th since Monday: only Friday this week.
        on(-3, 0, 2),
        ("thu", "fri", "sat"),
        3,
        3,
        on(4, 10, 11, 12),
        id="§9.10 the issue's case: Mon and Wed done, Thu-Fri-Sat from Thursday",
    ),
    pytest.param(
        on(0, 2), ("thu", "fri", "sat"), 3, 3, on(3, 10, 11, 12), id="§9.10 new plan: Thursday"
    ),
    pytest.param(
        on(-7, -5, -3, 0, 2), ("mon", "wed", "fri"), 3, 3, on(4, 7, 9, 11), id="§9.10 same"
    ),
    pytest.param(
        on(
            0,
        ),
        ("fri",),
        1,
        3,
        on(
            11,
        ),
        id="§9.10 once a week: Monday done, Friday",
    ),
    pytest.param(
        # Mon, Tue, Thu, Sat before; Mon and Tue done this week, then Wed-Thu-Sat-Sun: Sunday
        # would be a 5th session in the 7 days from Monday.
        on(-4, -2, 0, 1),
        ("wed", "thu", "sat", "sun"),
        4,
        3,
        on(3, 5, 9, 10, 12),
        id="§9.10 4 a week",
    ),
    pytest.param((), ("mon", "tue", "wed"), 3, 0, on(0, 1, 2, 7, 8, 9), id="§9.10 nothing before"),
]


@pytest.mark.parametrize(("staying", "days", "per_week", "starts", "kept"), CEILING_ROWS)
def test_s9_10_new_days_give_way_to_the_sessions_already_in_those_7_days(
    staying, days, per_week, starts, kept
):
    first = MONDAY + timedelta(days=starts)
    wanted = pattern(days, first, first + timedelta(days=9))
    allowed = engine.within_weekly_ceiling(wanted, staying, per_week)
    assert allowed == tuple(day for day in kept if day <= first + timedelta(days=9))
    assert max_in_7_days([*staying, *allowed]) <= per_week


def test_s9_10_a_logged_session_on_a_wanted_day_is_kept_and_counted():
    allowed = engine.within_weekly_ceiling(on(0, 1, 2), on(1), 2)
    assert allowed == on(0, 1)


def max_in_7_days(days) -> int:
    days = sorted(days)
    return max(
        (sum(start <= d < start + timedelta(days=7) for d in days) for start in days), default=0
    )


changes = st.lists(
    st.tuples(st.integers(0, 9), st.permutations(tuple(WEEKDAYS))),
    min_size=1,
    max_size=6,
)


@given(st.integers(1, 4), st.permutations(tuple(WEEKDAYS)), changes)
def test_s9_10_no_7_days_ever_hold_more_than_the_sessions_a_week(per_week, start, steps):
    """Any sequence of day changes, each some days after the last (the new days apply from
    the day after; what is before stays, planned or done): no 7 days in a row ever hold more
    sessions than the plan's sessions a week, and a week after the last change the new days
    are all there."""
    horizon = MONDAY + timedelta(days=120)
    days = tuple(start[:per_week])
    calendar = set(engine.within_weekly_ceiling(pattern(days, MONDAY, horizon), (), per_week))
    today = MONDAY
    for wait, order in steps:
        today += timedelta(days=wait)
        days = tuple(order[:per_week])
        first = today + timedelta(days=1)
        staying = {day for day in calendar if day < first}
        wanted = pattern(days, first, horizon)
        calendar = staying | set(engine.within_weekly_ceiling(wanted, staying, per_week))
        assert max_in_7_days(calendar) <= per_week
    settled = today + timedelta(days=7)
    assert sorted(d for d in calendar if d >= settled) == pattern(days, settled, horizon)
