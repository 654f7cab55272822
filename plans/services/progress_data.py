"""Everything a progress page shows, for one client, in two queries.

Used by the client's own /progress/ and by a coach's view of a client: the partials read only
the ProgressData, never request.user. Due, done and adherence are plans.progress's, the same
functions the coach's dashboard counts with.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

from django.db.models import Case, IntegerField, Value, When
from django.utils.safestring import SafeString
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from backward_walk.formats import local_date
from backward_walk.text import Text
from plans import charts
from plans.models import Plan, PlannedSession
from plans.progress import (
    DONE,
    PARTIAL,
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
from plans.selectors.records import RECORD_FIELDS, day_record, session_rows

# The charts cover this many weeks up to today; the tables under them show the same span.
CHART_WEEKS = 12
# gettext_lazy by its own name: makemessages does not know an alias such as _lazy.
EMPTY = format_lazy(gettext_lazy("Nothing logged in the last {weeks} weeks."), weeks=CHART_WEEKS)


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
    legend: tuple[tuple[str, str, Text], ...] = ()  # (state, icon, words)
    minutes_by_week: tuple[tuple[date, int], ...] = ()
    effort_pain: tuple[tuple[date, int | None, int | None], ...] = ()
    chart_weeks: int = CHART_WEEKS

    # Drawn when a template first asks, so a page whose charts fragment is cached
    # (plans/selectors/cache_keys.py) does not draw them at all.
    @cached_property
    def _charts(self) -> tuple[SafeString, SafeString] | None:
        return _charts(self.minutes_by_week, self.effort_pain) if self.plan else None

    @property
    def minutes_chart(self) -> SafeString | None:
        return self._charts[0] if self._charts else None

    @property
    def effort_pain_chart(self) -> SafeString | None:
        return self._charts[1] if self._charts else None

    @property
    def has_plan(self) -> bool:
        return self.plan is not None

    @property
    def adherence_rows(self) -> tuple[tuple[str, Adherence | None], ...]:
        return (
            (_("Last 7 days"), self.last_7_days),
            (_("Last 28 days"), self.last_28_days),
            (_("Whole plan"), self.whole_plan),
        )


def _plan_for(client: User) -> Plan | None:
    """The current plan, or the latest version when all have ended. One query."""
    ended_last = Case(
        When(status=Plan.Status.ENDED, then=Value(1)), default=Value(0), output_field=IntegerField()
    )
    return Plan.objects.filter(client=client).order_by(ended_last, "-version").first()


def _client_records(
    client: User, plan: Plan, since: date | None = None
) -> tuple[list[DayRecord], date]:
    """Every session of the client (all plan versions: a session is the client's day) as
    records, oldest first, and the day the current plan's own sessions begin. One query.
    With `since`, nothing before that day (a coach the client did not share it with)."""
    records, plan_start = [], plan.start_date if since is None else max(plan.start_date, since)
    sessions = PlannedSession.objects.filter(client=client)
    if since is not None:
        sessions = sessions.filter(date__gte=since)
    for row in session_rows(sessions).order_by("date"):
        record = day_record(row)
        records.append(record)
        if row[RECORD_FIELDS.index("plan_id")] == plan.pk:
            plan_start = min(plan_start, record.date)
    return records, plan_start


def _charts(minutes, effort_pain) -> tuple[SafeString, SafeString]:
    minutes_chart = charts.bar_chart(
        [(local_date(week, "SHORT_DAY_MONTH"), total) for week, total in minutes],
        title=_("Minutes of walking per week"),
        desc=_(
            "Bar chart of the minutes logged in each of the last %(weeks)s weeks, "
            "by the Monday each week starts on."
        )
        % {"weeks": CHART_WEEKS},
        y_label=_("Minutes"),
        x_label=_("Week starting"),
        chart_id="minutes-chart",
        unit=_("minutes"),
        empty_text=EMPTY,
    )
    effort_pain_chart = charts.line_chart(
        {
            _("Effort"): [(day, rpe) for day, rpe, _pain in effort_pain],
            _("Pain"): [(day, pain) for day, _rpe, pain in effort_pain],
        },
        title=_("Effort and pain during sessions"),
        desc=_(
            "Line chart of effort (0 to 10) and pain during the session (0 to 10) for each "
            "session logged in the last %(weeks)s weeks. Solid line with circles: effort. "
            "Dashed line with squares: pain."
        )
        % {"weeks": CHART_WEEKS},
        y_label=_("0 to 10"),
        chart_id="effort-pain-chart",
        empty_text=EMPTY,
    )
    return minutes_chart, effort_pain_chart


def _month_param(month: tuple[int, int] | None) -> str | None:
    return f"{month[0]:04d}-{month[1]:02d}" if month else None


def progress_for(
    client: User,
    today: date,
    month: tuple[int, int] | None = None,
    plan: Plan | None = None,
    *,
    since: date | None = None,
) -> ProgressData:
    """Adherence, streak, calendar and charts for `client` as of their local `today`.

    `month` is (year, month) for the calendar, today's month by default. `since` leaves out
    every day before it (a coach's view when the client did not share their history). Two queries
    whatever the number of sessions and logs: the plan, and the client's sessions with their
    logs (the charts' logs among them); one when the caller passes the current `plan`.
    """
    plan = plan or _plan_for(client)
    if plan is None:
        return ProgressData(client=client, today=today, plan=None)
    records, plan_start = _client_records(client, plan, since)
    year, month_number = month or (today.year, today.month)
    chart_start = monday_of(today) - timedelta(weeks=CHART_WEEKS - 1)
    logs = [r for r in records if chart_start <= r.date <= today and r.status in (DONE, PARTIAL)]
    minutes = [(w, m) for w, m in weekly_minutes(logs, through=today) if w >= chart_start]
    effort_pain = effort_pain_series(logs)
    previous_month, next_month = (shift_month(year, month_number, by) for by in (-1, 1))
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
    )
