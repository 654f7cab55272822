"""Writing planned sessions (v2 services/schedule.py): the weeks ahead through the horizon,
gaps back-filled, the future updated in place on a change; logged and past sessions kept."""

from datetime import date

import pytest

from plans.models import Plan
from plans.services.schedule import extend, horizon, write_schedule
from tests.factories import log_session, make_plan

TODAY = date(2026, 11, 25)
HORIZON = date(2027, 1, 10)  # the Sunday six weeks after this week (WEEKS_AHEAD = 6)


def test_the_horizon_is_six_weeks_after_this_week():
    assert horizon(TODAY) == HORIZON


@pytest.mark.django_db
def test_extend_does_nothing_while_the_horizon_is_covered(client_user):
    plan = make_plan(client_user, date(2026, 11, 23), weeks=7)  # written through 10 January
    before = list(plan.sessions.values())
    assert extend(plan, TODAY) == 0
    assert list(plan.sessions.values()) == before


@pytest.mark.django_db
def test_weeks_nobody_opened_are_written_so_they_count_as_missed(client_user):
    plan = make_plan(client_user, date(2026, 11, 2), weeks=1)  # written through 8 Nov
    extend(plan, TODAY)
    dates = set(plan.sessions.values_list("date", flat=True))
    assert any(date(2026, 11, 9) <= d <= date(2026, 11, 15) for d in dates)  # the gap week
    assert max(dates) <= HORIZON  # through the horizon, no further
    plan.refresh_from_db()
    assert plan.written_through == HORIZON


@pytest.mark.django_db
def test_extend_twice_is_the_same_as_once(client_user):
    plan = make_plan(client_user, date(2026, 11, 2), weeks=1)
    extend(plan, TODAY)
    once = list(plan.sessions.order_by("date").values())
    plan.refresh_from_db()
    assert extend(plan, TODAY) == 0
    assert list(plan.sessions.order_by("date").values()) == once


@pytest.mark.django_db
def test_replacing_the_future_keeps_logged_and_past_sessions_and_their_ids(client_user):
    plan = make_plan(client_user, date(2026, 11, 23), weeks=2, backward_minutes=8)
    logged = log_session(plan.sessions.get(date=date(2026, 11, 23)))
    ids = dict(plan.sessions.values_list("date", "pk"))
    Plan.objects.filter(pk=plan.pk).update(backward_minutes=10)
    plan.refresh_from_db()
    write_schedule(plan, date(2026, 11, 26))
    after = {s.date: s for s in plan.sessions.all()}
    assert after[date(2026, 11, 23)].backward_minutes == 8 and logged.planned.date in after
    assert after[date(2026, 11, 25)].backward_minutes == 8  # today is not rewritten
    future = [s for d, s in after.items() if d > TODAY]
    assert future and all(s.backward_minutes == 10 for s in future)
    # Updated in place: a day that had a session keeps its id, with a higher sequence.
    kept = [s for s in future if s.date in ids]
    assert kept and all(s.pk == ids[s.date] and s.sequence > 0 for s in kept)
