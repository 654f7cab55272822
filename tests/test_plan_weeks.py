"""Writing planned sessions: this week and next, gaps back-filled, future rewritten on change."""

from datetime import date

import pytest

from plans.models import Plan
from plans.services.plans import ensure_weeks, write_weeks
from tests.factories import log_session, make_plan


@pytest.mark.django_db
def test_ensure_weeks_does_nothing_while_the_horizon_is_covered(client_user):
    plan = make_plan(client_user, date(2026, 11, 23), weeks=2)
    before = plan.sessions.count()
    ensure_weeks(plan, date(2026, 11, 25))
    assert plan.sessions.count() == before


@pytest.mark.django_db
def test_weeks_nobody_opened_are_written_so_they_count_as_missed(client_user):
    plan = make_plan(client_user, date(2026, 11, 2), weeks=1)  # written through 8 Nov
    ensure_weeks(plan, date(2026, 11, 25))
    dates = set(plan.sessions.values_list("date", flat=True))
    assert any(date(2026, 11, 9) <= d <= date(2026, 11, 15) for d in dates)  # the gap week
    assert max(dates) <= date(2026, 12, 6)  # through next week, no further
    plan.refresh_from_db()
    assert plan.written_through == date(2026, 12, 6)


@pytest.mark.django_db
def test_replacing_the_future_keeps_logged_and_past_sessions(client_user):
    plan = make_plan(client_user, date(2026, 11, 23), weeks=2, backward_minutes=8)
    logged = log_session(plan.sessions.get(date=date(2026, 11, 23)))
    Plan.objects.filter(pk=plan.pk).update(backward_minutes=10)
    plan.refresh_from_db()
    write_weeks(plan, date(2026, 11, 25), replace_future=True)
    after = {s.date: s.backward_minutes for s in plan.sessions.all()}
    assert after[date(2026, 11, 23)] == 8 and logged.planned.date in after
    future = [m for d, m in after.items() if d > date(2026, 11, 25)]
    assert future and all(m == 10 for m in future)
