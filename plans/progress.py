"""Progress rules: adherence, streak, the month calendar and chart series.

Plain functions over plain data (no ORM, no request), so every rule is testable on its own.
"Today" is always an argument: it is the client's local date, never the server's.
"""

import calendar
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

DONE, PARTIAL, SKIPPED = "done", "partial", "skipped"
# A partly done session earns half a session: it counts, but less than doing it all.
PARTIAL_CREDIT = 0.5
# ?month= is accepted for these years only; anything else falls back to this month.
FIRST_YEAR, LAST_YEAR = 2000, 2100

# Calendar states, each with an icon and a word so colour is never the only signal.
STATES = {
    "done": ("✓", "Done"),
    "partial": ("◐", "Partly done"),
    "skipped": ("–", "Skipped"),
    "missed": ("✗", "Missed"),
    "planned": ("○", "Planned"),
    "rest": ("", "Rest day"),
}


@dataclass(frozen=True)
class DayRecord:
    """One day of a plan: whether a session was planned and what the log said (if any)."""

    date: date
    planned: bool = True
    status: str | None = None  # "done" | "partial" | "skipped" | None (not logged)
    minutes: int = 0
    rpe: int | None = None
    pain: int | None = None


@dataclass(frozen=True)
class Adherence:
    done: float  # sessions done, a partly done one counting PARTIAL_CREDIT
    planned: int  # sessions that were due: before today, or today and already logged
    percent: int | None  # None when nothing was due yet
    partial: int = 0  # how many of them were partly done, to explain a half


@dataclass(frozen=True)
class CalendarDay:
    date: date
    in_month: bool
    state: str  # a key of STATES
    is_today: bool = False

    @property
    def icon(self) -> str:
        return STATES[self.state][0]

    @property
    def label(self) -> str:
        return STATES[self.state][1]


def day_state(record: DayRecord | None, today: date) -> str:
    if record is None or not record.planned:
        return "rest"
    if record.status in (DONE, PARTIAL, SKIPPED):
        return record.status
    return "missed" if record.date < today else "planned"


def _is_due(record: DayRecord, today: date) -> bool:
    """Counts towards adherence: a past planned day, or today's once it is logged."""
    if not record.planned:
        return False
    return record.date < today or (record.date == today and record.status is not None)


def adherence(records, start: date, end: date, today: date) -> Adherence:
    """Done / planned for planned days from start to end inclusive; the future never counts."""
    due = [r for r in records if start <= r.date <= end and _is_due(r, today)]
    full = sum(1 for r in due if r.status == DONE)
    partial = sum(1 for r in due if r.status == PARTIAL)
    done = full + PARTIAL_CREDIT * partial
    # Half up (62.5 -> 63), not Python's round-half-to-even.
    percent = math.floor(100 * done / len(due) + 0.5) if due else None
    return Adherence(done=done, planned=len(due), percent=percent, partial=partial)


def streak(records, today: date) -> int:
    """Planned sessions in a row done or partly done, back from the latest due one."""
    due = sorted((r for r in records if _is_due(r, today)), key=lambda r: r.date, reverse=True)
    count = 0
    for record in due:
        if record.status not in (DONE, PARTIAL):
            break
        count += 1
    return count


def month_calendar(records, year: int, month: int, today: date) -> list[list[CalendarDay]]:
    """The month as weeks Monday to Sunday (4 to 6 rows), days of nearby months included."""
    by_date = {r.date: r for r in records}
    weeks = calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(year, month)
    return [
        [
            CalendarDay(
                date=day,
                in_month=day.month == month,
                state=day_state(by_date.get(day), today),
                is_today=day == today,
            )
            for day in week
        ]
        for week in weeks
    ]


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weekly_minutes(records, through: date | None = None) -> list[tuple[date, int]]:
    """Minutes logged per week (weeks start on Monday), gaps filled with 0.

    Runs from the first week with a log to the last, or to `through`'s week if later.
    """
    totals: dict[date, int] = defaultdict(int)
    for r in records:
        if r.status in (DONE, PARTIAL):
            totals[monday_of(r.date)] += r.minutes
    if not totals:
        return []
    week, last = min(totals), max(totals)
    if through is not None:
        last = max(last, monday_of(through))
    weeks = []
    while week <= last:
        weeks.append((week, totals.get(week, 0)))
        week += timedelta(weeks=1)
    return weeks


def effort_pain_series(records) -> list[tuple[date, int | None, int | None]]:
    """(date, effort, pain during) for each logged session that has either, oldest first."""
    return [
        (r.date, r.rpe, r.pain)
        for r in sorted(records, key=lambda r: r.date)
        if r.status in (DONE, PARTIAL) and (r.rpe is not None or r.pain is not None)
    ]


def parse_month(value: str | None, today: date) -> tuple[int, int]:
    """'YYYY-MM' as (year, month); anything else (or out of range) means today's month."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", (value or "").strip())
    if match:
        year, month = int(match[1]), int(match[2])
        if FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12:
            return year, month
    return today.year, today.month


def shift_month(year: int, month: int, by: int) -> tuple[int, int] | None:
    """The month `by` months away, or None when it leaves the accepted years."""
    index = year * 12 + (month - 1) + by
    year, month = divmod(index, 12)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    return year, month + 1
