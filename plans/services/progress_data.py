"""Everything a progress page shows, for one client, in three queries.

Used by the client's own /progress/ and (later) by a coach's view of a client: the partials
read only the ProgressData, never request.user.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Case, IntegerField, Value, When
from django.utils.safestring import SafeString

from plans import charts
from plans.models import Plan, SessionLog, User
from plans.progress import (
    STATES,
    Adherence,
    CalendarDay,
    DayRecord,
    adherence,
    effort_pain_series,
    monday_of,
    month_calendar,
    shift_month,
    streak,
    weekly_minutes,
)

# The charts cover this many weeks up to today; the tables under them show the same span.
CHART_WEEKS = 12
EMPTY = f"Nothing logged in the last {CHART_WEEKS} weeks."


@dataclass(frozen=True)
class ProgressData:
    client: User
    today: date
    plan: Plan | None  # the current plan, else the latest ended one; None: never had one
    last_7_days: Adherence | None = None
    last_28_days: Adherence | None = None
    whole_plan: Adherence | None = None
    streak: int = 0
    month: date | None = None  # first day of the month the calendar shows
    weeks: tuple[tuple[CalendarDay, ...], ...] = ()
    previous_month: str | None = None  # "YYYY-MM" for ?month=, None at the accepted limit
    next_month: str | None = None
    legend: tuple[tuple[str, str, str], ...] = ()  # (state, icon, words)
    minutes_by_week: tuple[tuple[date, int], ...] = ()
    effort_pain: tuple[tuple[date, int | None, int | None], ...] = ()
    minutes_chart: SafeString | None = None
    effort_pain_chart: SafeString | None = None
    chart_weeks: int = CHART_WEEKS

    @property
    def has_plan(self) -> bool:
        return self.plan is not None

    @property
    def adherence_rows(self) -> tuple[tuple[str, Adherence | None], ...]:
        return (
            ("Last 7 days", self.last_7_days),
            ("Last 28 days", self.last_28_days),
            ("Whole plan", self.whole_plan),
        )


def _plan_for(client: User) -> Plan | None:
    """The current plan, or the latest version when all have ended. One query."""
    ended_last = Case(
        When(status=Plan.Status.ENDED, then=Value(1)), default=Value(0), output_field=IntegerField()
    )
    return Plan.objects.filter(client=client).order_by(ended_last, "-version").first()


def _plan_records(plan: Plan) -> list[DayRecord]:
    # Sessions called off by a pause were never due: waiting for a clearance is not missing.
    rows = (
        plan.sessions.exclude(cancelled=True, log__isnull=True)
        .values("date", "log__status", "log__minutes", "log__rpe", "log__pain_during")
        .order_by("date")
    )
    return [
        DayRecord(
            date=row["date"],
            planned=True,
            status=row["log__status"],
            minutes=row["log__minutes"] or 0,
            rpe=row["log__rpe"],
            pain=row["log__pain_during"],
        )
        for row in rows
    ]


def _log_records(client: User, since: date, today: date) -> list[DayRecord]:
    """The client's logs of every plan version in the chart window."""
    rows = (
        SessionLog.objects.filter(client=client, date__gte=since, date__lte=today)
        .order_by("date")
        .values("date", "status", "minutes", "rpe", "pain_during")
    )
    return [
        DayRecord(
            date=row["date"],
            status=row["status"],
            minutes=row["minutes"],
            rpe=row["rpe"],
            pain=row["pain_during"],
        )
        for row in rows
    ]


def _charts(minutes, effort_pain) -> tuple[SafeString, SafeString]:
    minutes_chart = charts.bar_chart(
        [(f"{week.day} {week:%b}", total) for week, total in minutes],
        title="Minutes of walking per week",
        desc=(
            f"Bar chart of the minutes logged in each of the last {CHART_WEEKS} weeks, "
            "by the Monday each week starts on."
        ),
        y_label="Minutes",
        x_label="Week starting",
        chart_id="minutes-chart",
        unit="minutes",
        empty_text=EMPTY,
    )
    effort_pain_chart = charts.line_chart(
        {
            "Effort": [(day, rpe) for day, rpe, _ in effort_pain],
            "Pain": [(day, pain) for day, _, pain in effort_pain],
        },
        title="Effort and pain during sessions",
        desc=(
            "Line chart of effort (0 to 10) and pain during the session (0 to 10) for each "
            f"session logged in the last {CHART_WEEKS} weeks. Solid line with circles: effort. "
            "Dashed line with squares: pain."
        ),
        y_label="0 to 10",
        chart_id="effort-pain-chart",
        empty_text=EMPTY,
    )
    return minutes_chart, effort_pain_chart


def _month_param(month: tuple[int, int] | None) -> str | None:
    return f"{month[0]:04d}-{month[1]:02d}" if month else None


def progress_for(
    client: User, today: date, month: tuple[int, int] | None = None, plan: Plan | None = None
) -> ProgressData:
    """Adherence, streak, calendar and charts for `client` as of their local `today`.

    `month` is (year, month) for the calendar, today's month by default. Three queries
    whatever the number of sessions and logs: the plan, its sessions with their logs, and
    the client's logs for the charts; two when the caller passes the current `plan`.
    """
    plan = plan or _plan_for(client)
    if plan is None:
        return ProgressData(client=client, today=today, plan=None)
    records = _plan_records(plan)
    year, month_number = month or (today.year, today.month)
    chart_start = monday_of(today) - timedelta(weeks=CHART_WEEKS - 1)
    logs = _log_records(client, chart_start, today)
    minutes = [(w, m) for w, m in weekly_minutes(logs, through=today) if w >= chart_start]
    effort_pain = effort_pain_series(logs)
    minutes_chart, effort_pain_chart = _charts(minutes, effort_pain)
    previous_month, next_month = (shift_month(year, month_number, by) for by in (-1, 1))
    plan_start = min([plan.start_date, *(r.date for r in records[:1])])
    return ProgressData(
        client=client,
        today=today,
        plan=plan,
        last_7_days=adherence(records, today - timedelta(days=6), today, today),
        last_28_days=adherence(records, today - timedelta(days=27), today, today),
        whole_plan=adherence(records, plan_start, today, today),
        streak=streak(records, today),
        month=date(year, month_number, 1),
        weeks=tuple(tuple(week) for week in month_calendar(records, year, month_number, today)),
        previous_month=_month_param(previous_month),
        next_month=_month_param(next_month),
        legend=tuple((state, icon, words) for state, (icon, words) in STATES.items()),
        minutes_by_week=tuple(minutes),
        effort_pain=tuple(effort_pain),
        minutes_chart=minutes_chart,
        effort_pain_chart=effort_pain_chart,
    )
