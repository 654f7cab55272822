"""The printable one-page progress report for a physiotherapist or doctor.

Its numbers come from the functions the other pages use: adherence from plans.progress (through
services.progress_data), the tests from selectors.assessments.
"""

from collections import defaultdict
from datetime import date

from plans.models import Plan, Stage, User
from plans.progress import monday_of
from plans.selectors.assessments import all_trends
from plans.services.progress_data import progress_for

# The report lists at most this many results of each test, the newest, to stay on one page.
RESULTS_PER_TEST = 5


def pain_by_week(effort_pain) -> list[tuple[date, int, float | None, int | None]]:
    """(Monday, sessions, average pain, highest pain) per week, oldest first."""
    weeks = defaultdict(list)
    for day, _rpe, pain in effort_pain:
        weeks[monday_of(day)].append(pain)
    rows = []
    for monday in sorted(weeks):
        given = [p for p in weeks[monday] if p is not None]
        average = round(sum(given) / len(given), 1) if given else None
        rows.append((monday, len(weeks[monday]), average, max(given) if given else None))
    return rows


def report_for(client: User, *, for_coach: bool = False, since: date | None = None) -> dict:
    """`since`: a coach's report leaves out the days before it (history not shared)."""
    today = client.local_today()
    plan = Plan.objects.current().filter(client=client).first()
    progress = progress_for(client, today, plan=plan, since=since)
    trends = [t for t in all_trends(client, since=since) if t.results]
    for_print = [(t, t.rows[-RESULTS_PER_TEST:]) for t in trends]
    return {
        "client": client,
        "today": today,
        "plan": progress.plan,
        "stage": Stage(progress.plan.stage).label if progress.plan else "",
        "progress": progress,
        "pain_weeks": pain_by_week(progress.effort_pain),
        "tests": for_print,
        "for_coach": for_coach,
        "since": since,
    }
