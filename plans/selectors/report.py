"""The printable one-page progress report for a physiotherapist or doctor.

Its numbers come from the functions the other pages use: adherence from plans.progress (through
services.progress_data), the tests from selectors.assessments. Effort and pain (during and the
next morning) come from the logs of the charts' weeks; falls, pauses, reviews and clearances
from the plan's history (PlanEvent), in the words the coach's alert uses (plans.event_words).
A fixed number of queries, whatever the length of the history.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from accounts.models import User
from assessments.selectors import all_trends
from plans import event_words
from plans.models import Plan, PlanEvent, SessionLog, Stage
from plans.progress import monday_of
from plans.services.progress_data import CHART_WEEKS, progress_for

# The report lists at most this many results of each test, the newest, to stay on one page.
RESULTS_PER_TEST = 5
# Falls, pauses and clearances of the last year (STEADI counts falls over 12 months), the
# newest first, at most this many rows so the report stays one sheet.
RECORD_DAYS = 365
RECORD_ROWS = 12


@dataclass(frozen=True)
class Scale:
    """One 0-10 rating over a week's sessions: the average and the highest, None if unrated."""

    average: float | None
    highest: int | None

    @classmethod
    def of(cls, values) -> "Scale":
        given = [v for v in values if v is not None]
        if not given:
            return cls(None, None)
        return cls(round(sum(given) / len(given), 1), max(given))


@dataclass(frozen=True)
class Week:
    monday: date
    sessions: int
    effort: Scale
    pain_during: Scale
    pain_next_morning: Scale

    @property
    def scales(self) -> tuple[Scale, Scale, Scale]:
        """In the table's order: effort, pain during, pain the next morning."""
        return (self.effort, self.pain_during, self.pain_next_morning)


@dataclass(frozen=True)
class Entry:
    """One line of the record: the day it happened (the client's) and what happened."""

    day: date
    words: str
    fall: bool = False


def weeks_of(logs) -> list[Week]:
    """Per week, oldest first: sessions walked and their effort and pain, from
    (date, effort, pain during, pain next morning) of each done or partly done session."""
    by_week: dict[date, list] = {}
    for log in logs:
        by_week.setdefault(monday_of(log[0]), []).append(log)
    return [
        Week(
            monday=monday,
            sessions=len(week),
            effort=Scale.of(log[1] for log in week),
            pain_during=Scale.of(log[2] for log in week),
            pain_next_morning=Scale.of(log[3] for log in week),
        )
        for monday, week in sorted(by_week.items())
    ]


def _record(client: User, since: date) -> list[Entry]:
    """Falls, pauses, reviews and restarts since `since`, newest first. One query."""
    events = (
        PlanEvent.objects.filter(plan__client=client, effective_on__gte=since)
        .select_related("log", "plan", "made_by")
        .order_by("-made_at", "-id")
    )
    name = client.display_name
    entries = []
    for event in events:
        if not (
            event_words.is_pause(event)
            or event_words.is_review(event)
            or event_words.is_restart(event)
            or event_words.is_new_answers(event)
        ):
            continue
        entries.append(
            Entry(
                day=event.effective_on,
                words=event_words.what_happened(event, name, event_words.on_day),
                fall=event_words.is_pause(event) and "fall" in event_words.pause_causes(event),
            )
        )
    return entries


def report_for(client: User, *, for_coach: bool = False, since: date | None = None) -> dict:
    """`since`: a coach's report leaves out the days before it (history not shared)."""
    today = client.local_today()
    plan = Plan.objects.current().filter(client=client).first()
    progress = progress_for(client, today, plan=plan, since=since)
    trends = [t for t in all_trends(client, since=since) if t.results]
    for_print = [(t, t.rows[-RESULTS_PER_TEST:]) for t in trends]
    first_week = monday_of(today) - timedelta(weeks=CHART_WEEKS - 1)
    logs = (
        SessionLog.objects.filter(
            client=client,
            date__gte=max(first_week, since) if since else first_week,
            date__lte=today,
            status__in=(SessionLog.Status.DONE, SessionLog.Status.PARTIAL),
        )
        .order_by("date")
        .values_list("date", "rpe", "pain_during", "pain_next_morning")
    )
    record_from = today - timedelta(days=RECORD_DAYS - 1)
    record_from = max(record_from, since) if since else record_from
    record = _record(client, record_from) if progress.plan else []
    return {
        "client": client,
        "today": today,
        "plan": progress.plan,
        "stage": Stage(progress.plan.stage).label if progress.plan else "",
        "progress": progress,
        "weeks": weeks_of(logs) if progress.plan else [],
        "chart_weeks": CHART_WEEKS,
        "record": record[:RECORD_ROWS],
        "record_left_out": max(0, len(record) - RECORD_ROWS),
        "falls": sum(entry.fall for entry in record),
        "tests": for_print,
        "for_coach": for_coach,
        "since": since,
    }
