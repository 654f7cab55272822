"""Progress rules: due, done and missed; adherence, streak, the month calendar and chart series.

Plain functions over plain data (no ORM, no request), so every rule is testable on its own.
The client's /progress/, the coach's dashboard, its CSV and the client page all count with
`is_due`, `is_missed`, `done_credit` and `adherence` here, so they cannot disagree.
"Today" is always an argument: it is the client's local date, never the server's.
"""

import calendar
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple, Protocol, TypeVar

from django.utils.translation import gettext_lazy as _

from backward_walk.text import Text

DONE, PARTIAL, SKIPPED = "done", "partial", "skipped"
# A partly done session earns half a session: it counts, but less than doing it all.
PARTIAL_CREDIT = 0.5
# ?month= is accepted for these years only; anything else falls back to this month.
FIRST_YEAR, LAST_YEAR = 2000, 2100

# Calendar states, each with an icon and a word so colour is never the only signal.
STATES: dict[str, tuple[str, Text]] = {
    "done": ("✓", _("Done")),
    "partial": ("◐", _("Partly done")),
    "skipped": ("–", _("Skipped")),
    "missed": ("✗", _("Missed")),
    "cancelled": ("‖", _("Paused, not counted")),
    "planned": ("○", _("Planned")),
    "rest": ("", _("Rest day")),
}


class DayRecord(NamedTuple):
    """One day of a plan: whether a session was planned and what the log said (if any).

    A NamedTuple, immutable like a frozen dataclass but made ~10x faster: the coach's
    dashboard builds one per session of every client's last four weeks."""

    date: date
    planned: bool = True
    status: str | None = None  # "done" | "partial" | "skipped" | None (not logged)
    minutes: int = 0
    rpe: int | None = None
    pain: int | None = None
    # Cancelled by a pause (or not started: waiting for clearance): never due, never missed.
    cancelled: bool = False


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
    def label(self) -> Text:
        return STATES[self.state][1]


def day_state(record: DayRecord | None, today: date) -> str:
    if record is None or not record.planned:
        return "rest"
    if record.status in (DONE, PARTIAL, SKIPPED):
        return record.status
    if record.cancelled:
        return "cancelled"
    return "missed" if is_missed(record, today) else "planned"


def is_due(record: DayRecord, today: date) -> bool:
    """Counts towards adherence: a planned, not cancelled day in the past, or today's once it
    is logged. Time spent paused or waiting for clearance is never due (domain §2f)."""
    if not record.planned or record.cancelled:
        return False
    return record.date < today or (record.date == today and record.status is not None)


def is_missed(record: DayRecord, today: date) -> bool:
    """Due and not logged at all. A logged skip is not missed: the person told us."""
    return is_due(record, today) and record.status is None


def done_credit(record: DayRecord) -> float:
    """1 for a session done as planned, PARTIAL_CREDIT for a partly done one, else 0."""
    if record.status == DONE:
        return 1.0
    if record.status == PARTIAL:
        return PARTIAL_CREDIT
    return 0.0


def percent(done: float, planned: int) -> int | None:
    """Whole percent, a half rounded up (62.5 -> 63), not Python's round-half-to-even."""
    return math.floor(100 * done / planned + 0.5) if planned else None


def adherence(records: Iterable[DayRecord], start: date, end: date, today: date) -> Adherence:
    """Done / due for days from start to end inclusive; the future never counts."""
    due = [r for r in records if start <= r.date <= end and is_due(r, today)]
    done = sum(done_credit(r) for r in due)
    partial = sum(1 for r in due if r.status == PARTIAL)
    return Adherence(done=done, planned=len(due), percent=percent(done, len(due)), partial=partial)


def _due_newest_first(records: Iterable[DayRecord], today: date) -> list[DayRecord]:
    return sorted((r for r in records if is_due(r, today)), key=lambda r: r.date, reverse=True)


def streak(records: Iterable[DayRecord], today: date) -> int:
    """Due sessions in a row done or partly done, back from the latest due one."""
    count = 0
    for record in _due_newest_first(records, today):
        if record.status not in (DONE, PARTIAL):
            break
        count += 1
    return count


def missed_in_a_row(records: Iterable[DayRecord], today: date) -> int:
    """Due sessions in a row with no log, back from the latest due one. Cancelled sessions
    are not due, so a pause neither adds to the run nor ends it."""
    count = 0
    for record in _due_newest_first(records, today):
        if not is_missed(record, today):
            break
        count += 1
    return count


def month_calendar(
    records: Iterable[DayRecord], year: int, month: int, today: date
) -> list[list[CalendarDay]]:
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


class _Dated(Protocol):
    @property
    def date(self) -> date: ...
    @property
    def cancelled(self) -> bool: ...


_Session = TypeVar("_Session", bound=_Dated)


def next_session(sessions: Iterable[_Session], today: date) -> _Session | None:
    """The first of `sessions` (anything with .date and .cancelled) on or after `today` that was
    not called off: the session every page names the dose of."""
    due = (s for s in sessions if s.date >= today and not s.cancelled)
    return min(due, key=lambda s: s.date, default=None)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weekly_minutes(
    records: Iterable[DayRecord], through: date | None = None
) -> list[tuple[date, int]]:
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


def effort_pain_series(records: Iterable[DayRecord]) -> list[tuple[date, int | None, int | None]]:
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
