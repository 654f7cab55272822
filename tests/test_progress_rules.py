"""Progress rules (plans/progress.py): pure data in, numbers out. No database."""

from datetime import date, timedelta

import pytest

from plans.progress import (
    Adherence,
    DayRecord,
    adherence,
    day_state,
    done_credit,
    effort_pain_series,
    is_due,
    is_missed,
    missed_in_a_row,
    month_calendar,
    parse_month,
    percent,
    shift_month,
    streak,
    weekly_minutes,
)

TODAY = date(2025, 3, 12)  # a Wednesday


def rec(days_ago: int, status: str | None = None, minutes: int = 0, **extra) -> DayRecord:
    return DayRecord(date=TODAY - timedelta(days=days_ago), status=status, minutes=minutes, **extra)


def paused(days_ago: int) -> DayRecord:
    """A session a pause cancelled (domain §2f): never due, never missed."""
    return DayRecord(date=TODAY - timedelta(days=days_ago), cancelled=True)


# --- due, missed, done ----------------------------------------------------------------

DUE_CASES = [
    # (why, record, is_due, is_missed)
    ("past and not logged: due and missed", rec(1), True, True),
    ("past and done: due, not missed", rec(1, "done"), True, False),
    ("past and partly done: due, not missed", rec(1, "partial"), True, False),
    ("past and skipped: due, not missed (the person told us)", rec(1, "skipped"), True, False),
    ("today, not logged yet: not due", rec(0), False, False),
    ("today, logged: due", rec(0, "done"), True, False),
    ("today, skipped: due", rec(0, "skipped"), True, False),
    ("future: not due", rec(-1), False, False),
    ("rest day: not due", DayRecord(TODAY - timedelta(days=1), planned=False), False, False),
    ("cancelled by a pause, past: never due, never missed", paused(3), False, False),
    ("cancelled by a pause, today: not due", paused(0), False, False),
]


@pytest.mark.parametrize(
    ("record", "due", "missed"),
    [case[1:] for case in DUE_CASES],
    ids=[case[0] for case in DUE_CASES],
)
def test_due_and_missed(record, due, missed):
    assert is_due(record, TODAY) is due
    assert is_missed(record, TODAY) is missed


@pytest.mark.parametrize(
    ("status", "credit"),
    [("done", 1.0), ("partial", 0.5), ("skipped", 0.0), (None, 0.0)],
)
def test_done_credit(status, credit):
    assert done_credit(rec(1, status)) == credit


@pytest.mark.parametrize(
    ("done", "planned", "expected"),
    [(2.5, 4, 63), (1.5, 4, 38), (1, 8, 13), (1, 3, 33), (2, 3, 67), (0, 5, 0), (0, 0, None)],
    ids=["62.5 -> 63", "37.5 -> 38", "12.5 -> 13", "33.3 -> 33", "66.7 -> 67", "zero", "none"],
)
def test_percent_rounds_a_half_up(done, planned, expected):
    assert percent(done, planned) == expected


MISSED_CASES = [
    # (why, records, missed in a row back from the latest due session)
    ("nothing planned", [], 0),
    ("three past sessions not logged", [rec(1), rec(3), rec(5)], 3),
    ("a done session ends the run", [rec(1), rec(3), rec(5, "done"), rec(7)], 2),
    ("a logged skip ends the run", [rec(1), rec(3, "skipped"), rec(5)], 1),
    ("today's un-logged session is not missed yet", [rec(0), rec(2), rec(4)], 2),
    ("today's log ends the run", [rec(0, "done"), rec(2), rec(4), rec(6)], 0),
    ("future sessions are ignored", [rec(-2), rec(1), rec(3), rec(5)], 3),
    (
        "a pause in between is passed over, neither missed nor a break",
        [rec(1), paused(3), paused(5), paused(8), rec(10), rec(12), rec(14, "done")],
        3,
    ),
    ("paused 11 days: nothing missed", [paused(d) for d in range(1, 12)], 0),
]


@pytest.mark.parametrize(
    ("records", "expected"),
    [case[1:] for case in MISSED_CASES],
    ids=[case[0] for case in MISSED_CASES],
)
def test_missed_in_a_row(records, expected):
    assert missed_in_a_row(records, TODAY) == expected


def test_a_plan_paused_11_days_has_nothing_missed_and_nothing_due_for_them():
    # Done every other day until a pause 11 days ago; the pause cancelled what came after.
    records = [rec(d, "done") for d in range(12, 28, 2)] + [paused(d) for d in range(1, 12)]
    assert sum(is_missed(r, TODAY) for r in records) == 0
    assert missed_in_a_row(records, TODAY) == 0
    assert adherence(records, TODAY - timedelta(days=27), TODAY, TODAY).percent == 100
    assert adherence(records, TODAY - timedelta(days=6), TODAY, TODAY).percent is None
    assert streak(records, TODAY) == 8


# --- adherence ------------------------------------------------------------------------

ADHERENCE_CASES = [
    # (why, records, expected Adherence over the last 7 days)
    ("nothing planned: no percentage", [], Adherence(0, 0, None)),
    ("one done of one", [rec(1, "done")], Adherence(1, 1, 100)),
    ("partly done counts as half", [rec(1, "partial"), rec(2, "done")], Adherence(1.5, 2, 75, 1)),
    ("skipped is planned, not done", [rec(1, "skipped"), rec(2, "done")], Adherence(1, 2, 50)),
    ("missed (past, no log) is planned, not done", [rec(1), rec(3, "done")], Adherence(1, 2, 50)),
    (
        "today's session not logged yet does not count",
        [rec(0), rec(2, "done")],
        Adherence(1, 1, 100),
    ),
    ("today's session counts once logged", [rec(0, "done"), rec(2, "done")], Adherence(2, 2, 100)),
    ("today's skip counts once logged", [rec(0, "skipped"), rec(2, "done")], Adherence(1, 2, 50)),
    ("future sessions never count", [rec(-1), rec(-3), rec(2, "done")], Adherence(1, 1, 100)),
    ("6 days ago is inside the 7 days", [rec(6, "done")], Adherence(1, 1, 100)),
    ("7 days ago is outside the 7 days", [rec(7, "done")], Adherence(0, 0, None)),
    (
        "rest days (not planned) never count",
        [DayRecord(TODAY - timedelta(days=1), planned=False)],
        Adherence(0, 0, None),
    ),
    ("percent is rounded", [rec(1, "done"), rec(2), rec(3)], Adherence(1, 3, 33)),
    (
        "a half rounds up",
        [rec(1, "partial"), rec(2, "done"), rec(3, "done"), rec(4, "skipped")],
        Adherence(2.5, 4, 63, 1),
    ),
    (
        "sessions cancelled by a pause are not due",
        [paused(1), paused(2), rec(3, "done"), rec(4)],
        Adherence(1, 2, 50),
    ),
]


@pytest.mark.parametrize(
    ("records", "expected"),
    [case[1:] for case in ADHERENCE_CASES],
    ids=[case[0] for case in ADHERENCE_CASES],
)
def test_adherence_last_7_days(records, expected):
    assert adherence(records, TODAY - timedelta(days=6), TODAY, TODAY) == expected


def test_adherence_window_bounds_are_inclusive():
    records = [rec(27, "done"), rec(28, "done"), rec(0, "done")]
    assert adherence(records, TODAY - timedelta(days=27), TODAY, TODAY).planned == 2


# --- streak ---------------------------------------------------------------------------

STREAK_CASES = [
    ("no sessions", [], 0),
    ("three done in a row", [rec(1, "done"), rec(3, "done"), rec(5, "done")], 3),
    ("partly done keeps the streak", [rec(1, "partial"), rec(3, "done")], 2),
    ("a skip ends it", [rec(1, "done"), rec(3, "skipped"), rec(5, "done")], 1),
    ("a miss ends it", [rec(1, "done"), rec(3), rec(5, "done")], 1),
    ("the latest past one missed: no streak", [rec(1), rec(3, "done")], 0),
    ("today's un-logged session does not break it", [rec(0), rec(2, "done"), rec(4, "done")], 2),
    ("today's done session adds to it", [rec(0, "done"), rec(2, "done")], 2),
    ("today's skip breaks it", [rec(0, "skipped"), rec(2, "done")], 0),
    ("future sessions are ignored", [rec(-2), rec(-1), rec(1, "done")], 1),
    (
        "rest days in between do not break it",
        [rec(1, "done"), DayRecord(TODAY - timedelta(days=2), planned=False), rec(3, "done")],
        2,
    ),
    ("order of input does not matter", [rec(5, "done"), rec(1, "done"), rec(3, "done")], 3),
    ("a pause in between does not break it", [rec(1, "done"), paused(3), rec(5, "done")], 2),
]


@pytest.mark.parametrize(
    ("records", "expected"),
    [case[1:] for case in STREAK_CASES],
    ids=[case[0] for case in STREAK_CASES],
)
def test_streak(records, expected):
    assert streak(records, TODAY) == expected


# --- calendar -------------------------------------------------------------------------

STATE_CASES = [
    ("no record: rest", None, "rest"),
    ("not planned: rest", DayRecord(TODAY - timedelta(days=1), planned=False), "rest"),
    ("done", rec(1, "done"), "done"),
    ("partly done", rec(1, "partial"), "partial"),
    ("skipped", rec(1, "skipped"), "skipped"),
    ("past and not logged: missed", rec(1), "missed"),
    ("today and not logged: still planned", rec(0), "planned"),
    ("future: planned", rec(-3), "planned"),
    ("cancelled by a pause: not counted, not missed", paused(2), "cancelled"),
    ("cancelled in the future: not counted", paused(-2), "cancelled"),
]


@pytest.mark.parametrize(
    ("record", "expected"),
    [case[1:] for case in STATE_CASES],
    ids=[case[0] for case in STATE_CASES],
)
def test_day_state(record, expected):
    assert day_state(record, TODAY) == expected


def test_calendar_weeks_start_on_monday_and_include_neighbouring_days():
    weeks = month_calendar([], 2025, 3, TODAY)  # 1 March 2025 is a Saturday
    assert [len(w) for w in weeks] == [7] * len(weeks)
    assert weeks[0][0].date == date(2025, 2, 24)  # a Monday
    assert all(w[0].date.weekday() == 0 for w in weeks)
    assert not weeks[0][0].in_month
    assert weeks[0][5].date == date(2025, 3, 1) and weeks[0][5].in_month


def test_calendar_month_with_six_week_rows():
    # March 2025 starts on a Saturday and has 31 days: it spans six Monday-to-Sunday rows.
    weeks = month_calendar([], 2025, 3, TODAY)
    assert len(weeks) == 6
    assert weeks[-1][0].date == date(2025, 3, 31)


def test_calendar_february_that_fits_four_rows():
    assert len(month_calendar([], 2021, 2, TODAY)) == 4  # 1 Feb 2021 is a Monday


def test_calendar_marks_each_state_and_today():
    records = [rec(1, "done"), rec(2, "partial"), rec(3, "skipped"), rec(4), rec(0), rec(-1)]
    days = {d.date: d for week in month_calendar(records, 2025, 3, TODAY) for d in week}
    assert days[date(2025, 3, 11)].state == "done"
    assert days[date(2025, 3, 10)].state == "partial"
    assert days[date(2025, 3, 9)].state == "skipped"
    assert days[date(2025, 3, 8)].state == "missed"
    assert days[date(2025, 3, 12)].state == "planned" and days[date(2025, 3, 12)].is_today
    assert days[date(2025, 3, 13)].state == "planned"
    assert days[date(2025, 3, 14)].state == "rest"
    assert days[date(2025, 3, 11)].label == "Done" and days[date(2025, 3, 11)].icon == "✓"
    assert sum(d.is_today for d in days.values()) == 1


# --- weekly minutes and effort / pain -------------------------------------------------


def test_weekly_minutes_groups_by_monday_and_fills_gaps():
    records = [
        DayRecord(date(2025, 3, 3), status="done", minutes=20),  # Monday
        DayRecord(date(2025, 3, 9), status="partial", minutes=10),  # Sunday, same week
        DayRecord(date(2025, 3, 10), status="skipped", minutes=0),  # next Monday
        DayRecord(date(2025, 3, 17), status="done", minutes=25),
        DayRecord(date(2025, 3, 18), status=None, minutes=0),  # planned, not logged
    ]
    assert weekly_minutes(records) == [
        (date(2025, 3, 3), 30),
        (date(2025, 3, 10), 0),
        (date(2025, 3, 17), 25),
    ]


def test_weekly_minutes_runs_through_a_later_week_with_zeros():
    records = [DayRecord(date(2025, 3, 4), status="done", minutes=20)]
    assert weekly_minutes(records, through=date(2025, 3, 19)) == [
        (date(2025, 3, 3), 20),
        (date(2025, 3, 10), 0),
        (date(2025, 3, 17), 0),
    ]


def test_weekly_minutes_with_no_logs_is_empty():
    assert weekly_minutes([]) == []
    assert weekly_minutes([rec(1), rec(2, "skipped")], through=TODAY) == []


def test_effort_pain_series_is_oldest_first_and_leaves_out_skips_and_blanks():
    records = [
        rec(1, "done", rpe=5, pain=2),
        rec(3, "partial", rpe=None, pain=4),
        rec(2, "skipped"),
        rec(4, "done", rpe=None, pain=None),
        rec(5),
    ]
    assert effort_pain_series(records) == [
        (TODAY - timedelta(days=3), None, 4),
        (TODAY - timedelta(days=1), 5, 2),
    ]


def test_effort_pain_series_empty():
    assert effort_pain_series([]) == []


# --- ?month= --------------------------------------------------------------------------

MONTH_CASES = [
    ("valid", "2024-11", (2024, 11)),
    ("missing", None, (2025, 3)),
    ("empty", "", (2025, 3)),
    ("month 13", "2020-13", (2025, 3)),
    ("month 00", "2020-00", (2025, 3)),
    ("not a date", "march", (2025, 3)),
    ("too far back", "1066-10", (2025, 3)),
    ("too far ahead", "9999-01", (2025, 3)),
    ("extra text", "2024-11-01", (2025, 3)),
]


@pytest.mark.parametrize(
    ("value", "expected"),
    [case[1:] for case in MONTH_CASES],
    ids=[case[0] for case in MONTH_CASES],
)
def test_parse_month(value, expected):
    assert parse_month(value, TODAY) == expected


def test_shift_month_crosses_years_and_stops_at_the_limits():
    assert shift_month(2025, 1, -1) == (2024, 12)
    assert shift_month(2024, 12, 1) == (2025, 1)
    assert shift_month(2000, 1, -1) is None
    assert shift_month(2100, 12, 1) is None
