"""One set of numbers: the dashboard's stored row, its CSV, the coach digest, the client page's
summary and the client's own /progress/ agree, for every demo client and for made-up histories.

The stored row (coaching.models.ClientStatus) is computed when records change; /progress/ and
the client page count the client's sessions afresh (plans.services.progress_data). Both use
plans.progress, so any difference is a bug at a seam: a lookup, a window or a time zone.
"""

import csv
import io
import itertools
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import User
from coaching.models import ClientStatus, CoachLink
from coaching.selectors.dashboard import for_dashboard, row_for
from coaching.services import links, status
from notifications import compose
from plans.models import Plan, PlannedSession, SessionLog
from plans.progress import DONE, PARTIAL
from plans.services.progress_data import progress_for
from tests.factories import make_plan, make_user

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # a Wednesday
PAUSED = (Plan.Status.PAUSED, Plan.Status.NEEDS_CLEARANCE)


class DigestRow:
    """What the outbox hands compose for the coach's digest."""

    def __init__(self, coach, day):
        self.user, self.day = coach, day


def csv_rows(coach) -> dict[str, list[str]]:
    browser = Client()
    browser.force_login(coach)
    response = browser.get(reverse("coach_clients_csv"))
    assert response.status_code == 200
    reader = csv.reader(io.StringIO(response.content.decode()))
    next(reader)
    return {line[1]: line for line in reader}


def cell(value) -> str:
    return "" if value is None else str(value)


def digest_names(coach) -> set[str]:
    try:
        context = compose._coach_digest(DigestRow(coach, coach.local_today()), NOW)
    except compose.Skip:
        return set()
    return {line["url"].rstrip("/").rsplit("/", 1)[1] for line in context["rows"]}


def check_client(coach, client, lines) -> None:
    stored = ClientStatus.objects.get(client=client)
    link = CoachLink.objects.current().get(client=client)
    today = client.local_today()
    assert stored.valid_on == today
    # The client page's summary: the same row, and its progress section (the coach's view).
    row = row_for(coach, client)
    progress = progress_for(client, today, since=link.history_from())
    own = progress_for(client, today)  # the client's own /progress/
    for data in (progress, own) if link.shares_history else (progress,):
        if data.plan is None or data.plan.status == Plan.Status.ENDED:
            continue
        assert row.adherence_7 == data.last_7_days.percent, client.email
        assert row.adherence_28 == data.last_28_days.percent, client.email
    # The CSV line.
    line = lines[client.email]
    assert line[4:9] == [
        cell(row.adherence_7),
        cell(row.adherence_28),
        row.last_session.isoformat() if row.last_session else "",
        cell(row.last_rpe),
        cell(row.last_pain),
    ], client.email
    assert line[9] == "; ".join(str(words) for _code, words in row.all_flags)
    # The latest walk the progress page shows is the row's.
    since = link.history_from()
    walks = SessionLog.objects.filter(client=client, status__in=(DONE, PARTIAL))
    if since is not None:
        walks = walks.filter(date__gte=since)
    latest = walks.order_by("-date", "-logged_at").first()
    assert row.last_session == (latest.date if latest else None)


def check_coach(coach) -> int:
    lines = csv_rows(coach)
    rows = for_dashboard(coach)
    assert {row.email for row in rows} == set(lines)
    for row in rows:
        check_client(coach, User.objects.get(pk=row.pk), lines)
    # The digest names exactly the clients whose plan waits for the coach.
    waiting = {
        str(plan.client.public_id)
        for plan in Plan.objects.current()
        .filter(client__coach_links__coach=coach, client__coach_links__ended_at__isnull=True)
        .select_related("client")
        if plan.status in PAUSED or plan.needs_review
    }
    flagged = {
        str(row.public_id)
        for row in rows
        if {"paused", "clearance", "needs_review"} & {c for c, _w in row.all_flags}
    }
    assert digest_names(coach) == waiting == flagged
    return len(rows)


@pytest.mark.django_db
def test_every_demo_client_has_the_same_numbers_everywhere():
    with time_machine.travel(NOW, tick=False):
        call_command("seed_demo", stdout=StringIO())
        coach = User.objects.get(email="coach@example.com")
        assert check_coach(coach) >= 30
        # With every history shared, the client's own /progress/ counts the same days.
        for link in CoachLink.objects.current().filter(coach=coach):
            links.share_history(link.client, True)
        assert check_coach(coach) >= 30


# --- Made-up histories ----------------------------------------------------------------------

_numbers = itertools.count()
day_entry = st.one_of(
    st.none(),  # not logged
    st.tuples(
        st.sampled_from(["done", "partial", "skipped"]),
        st.none() | st.integers(0, 10),  # effort
        st.none() | st.integers(0, 10),  # pain
        st.booleans(),  # cancelled by a pause
    ),
)


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    weeks=st.integers(1, 6),
    entries=st.lists(day_entry, min_size=0, max_size=18),
    zone=st.sampled_from(["UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago", "Europe/Madrid"]),
    shares=st.booleans(),
    link_days_ago=st.integers(0, 40),
)
@pytest.mark.django_db
def test_made_up_histories_have_the_same_numbers_everywhere(
    coach_user, weeks, entries, zone, shares, link_days_ago
):
    with time_machine.travel(NOW, tick=False):
        client = make_user(f"made{next(_numbers)}@example.com", "Made Up", time_zone=zone)
        today = client.local_today()
        CoachLink.objects.create(
            coach=coach_user,
            client=client,
            shares_history=shares,
            started_at=NOW - timedelta(days=link_days_ago),
        )
        plan = make_plan(client, today - timedelta(weeks=weeks), weeks=weeks + 1)
        past = list(PlannedSession.objects.filter(plan=plan, date__lte=today).order_by("date"))
        for session, entry in zip(past, entries, strict=False):
            if entry is None:
                continue
            state, rpe, pain, cancelled = entry
            if cancelled:
                PlannedSession.objects.filter(pk=session.pk).update(cancelled=True)
                continue
            walked = state != "skipped"
            SessionLog.objects.create(
                planned=session,
                client=client,
                date=session.date,
                status=state,
                minutes=10 if walked else 0,
                backward_minutes=5 if walked else 0,
                rpe=rpe if walked else None,
                pain_during=pain if walked else None,
                logged_at=NOW,
            )
        status.refresh([client.pk])  # as the write paths do, once for the whole history
        check_client(coach_user, client, csv_rows_for(coach_user, client))
        ClientStatus.objects.filter(client=client).delete()
        CoachLink.objects.filter(client=client).delete()


def csv_rows_for(coach, client) -> dict[str, list[str]]:
    lines = csv_rows(coach)
    assert client.email in lines
    return lines
