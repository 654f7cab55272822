"""The benchmark's data generator: the rows it promises, the same rows for the same seed."""

from datetime import UTC, datetime, timedelta

import pytest

from accounts.models import User
from bench.generate import CLIENTS_PER_COACH, DOMAIN, generate
from coaching.models import CoachLink, Note
from plans.models import Plan, PlanEvent, PlannedSession, SessionLog
from plans.services import schedule

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)  # a Wednesday


def snapshot() -> dict:
    """Everything generated, keyed by email and date rather than by primary key."""
    users = {
        u.email: (u.public_id, u.display_name, u.time_zone, u.role) for u in User.objects.all()
    }
    plans = sorted(
        (p.client.email, p.version, p.status, p.stage, p.level, p.backward_minutes, p.start_date)
        for p in Plan.objects.select_related("client")
    )
    sessions = sorted(
        (s.plan.client.email, s.plan.version, s.date, s.stage, s.level, s.total_minutes)
        for s in PlannedSession.objects.select_related("plan__client")
    )
    logs = sorted(
        (g.client.email, g.date, g.status, g.minutes, g.rpe, g.pain_during, g.fall)
        for g in SessionLog.objects.select_related("client")
    )
    events = sorted(
        (e.plan.client.email, e.effective_on, e.kind)
        for e in PlanEvent.objects.select_related("plan__client")
    )
    return {"users": users, "plans": plans, "sessions": sessions, "logs": logs, "events": events}


@pytest.mark.django_db
def test_tiny_data_set_has_the_expected_rows():
    counts = generate(12, weeks=3, seed=5, now=NOW, quiet=True)

    assert counts.coaches == 1 and counts.clients == 12
    assert User.objects.filter(role="coach", email__endswith=DOMAIN).count() == 1
    clients = User.objects.filter(role="client", email__endswith=DOMAIN)
    assert clients.count() == 12
    # Every client has one current plan and is linked to the coach.
    for client in clients:
        assert Plan.objects.filter(client=client).exclude(status="ended").count() == 1
    assert CoachLink.objects.filter(ended_at__isnull=True).count() == 12
    assert Plan.objects.count() == counts.plans >= 12
    # Planned sessions run from about 3 weeks back to the schedule's horizon (the daily job's
    # WEEKS_AHEAD) for active plans.
    assert PlannedSession.objects.count() == counts.sessions > 12 * 3 * 2
    monday = NOW.date() - timedelta(days=NOW.weekday())
    latest = PlannedSession.objects.order_by("-date").first().date
    horizon = monday + timedelta(weeks=schedule.WEEKS_AHEAD + 1, days=-1)
    assert horizon - timedelta(days=6) <= latest <= horizon
    # Logs only for past weeks, one per planned session: this week's are left for the bench.
    assert SessionLog.objects.count() == counts.logs > 0
    assert not SessionLog.objects.filter(date__gte=monday).exists()
    for log in SessionLog.objects.select_related("planned__plan"):
        assert log.planned.plan.client_id == log.client_id and log.planned.date == log.date
    # The rules have looked at every active plan's history (an event each, from the service).
    assert PlanEvent.objects.count() == counts.events > 0
    assert Note.objects.count() == counts.notes
    # written_through covers what was written, so pages write nothing on first view.
    for plan in Plan.objects.filter(status="active"):
        assert plan.written_through >= plan.sessions.order_by("-date").first().date


@pytest.mark.django_db
def test_a_seed_makes_the_same_rows_and_another_seed_other_rows():
    generate(10, weeks=2, seed=3, now=NOW, quiet=True)
    first = snapshot()
    generate(10, weeks=2, seed=3, now=NOW, quiet=True)  # clears the first set, then remakes it
    assert snapshot() == first
    generate(10, weeks=2, seed=4, now=NOW, quiet=True)
    assert snapshot() != first


@pytest.mark.django_db
def test_the_mix_has_flags_and_coaches_have_at_most_500_clients():
    counts = generate(120, weeks=4, seed=1, now=NOW, quiet=True)

    statuses = set(Plan.objects.exclude(status="ended").values_list("status", flat=True))
    assert {"active", "paused"} <= statuses
    # Pauses come from logging a painful session or a fall through the logging service.
    pauses = PlanEvent.objects.filter(kind="pause", log__isnull=False).select_related("log")
    assert pauses.exists()
    assert all(e.log.pain_during >= 7 or e.log.fall for e in pauses)
    assert counts.coaches == 1
    assert CLIENTS_PER_COACH == 500
