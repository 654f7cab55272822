"""A coach's dose change reaches today's session while it is unlogged, and says so; a logged
session stays as it was walked and the change starts tomorrow."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse

from coaching.models import CoachLink
from plans.models import PlanEvent, PlannedSession
from plans.said import render
from plans.services import adjustments
from tests.factories import log_session, make_plan

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # a Wednesday, a session day
TODAY = date(2026, 11, 25)
MONDAY = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def plan(client_user, coach_user):
    CoachLink.objects.create(coach=coach_user, client=client_user)
    return make_plan(client_user, MONDAY, weeks=2, stage="handrail", level=2, backward_minutes=10)


def today_session(client_user) -> PlannedSession:
    return PlannedSession.objects.get(client=client_user, date=TODAY)


def post_dose(client, client_user, plan, minutes=12):
    return client.post(
        reverse("coach_adjust", args=[client_user.public_id, "dose"]),
        {
            "dose-row_version": plan.row_version,
            "dose-reason": "A little more.",
            "dose-level": 3,
            "dose-backward_minutes": minutes,
        },
    )


@pytest.mark.django_db
def test_service_applies_the_dose_to_an_unlogged_today(client_user, coach_user, plan):
    before = today_session(client_user).sequence
    adjustments.adjust_plan(
        client_user,
        coach_user,
        adjustments.Adjustment("dose", "More.", plan.row_version, level=3, backward_minutes=12),
    )
    session = today_session(client_user)
    assert (session.level, session.backward_minutes) == (3, 12)
    assert session.sequence == before + 1
    plan.refresh_from_db()
    assert plan.level_started == TODAY
    event = PlanEvent.objects.get(plan=plan)
    assert "from today's session" in render(event.reasons[0])


@pytest.mark.django_db
def test_service_leaves_a_logged_today_as_walked(client_user, coach_user, plan):
    log_session(today_session(client_user))
    adjustments.adjust_plan(
        client_user,
        coach_user,
        adjustments.Adjustment("dose", "More.", plan.row_version, level=3, backward_minutes=12),
    )
    session = today_session(client_user)
    assert (session.level, session.backward_minutes) == (2, 10)
    plan.refresh_from_db()
    assert plan.level_started == date(2026, 11, 26)
    assert "from tomorrow" in render(PlanEvent.objects.get(plan=plan).reasons[0])
    friday = PlannedSession.objects.get(client=client_user, date=date(2026, 11, 27))
    assert (friday.level, friday.backward_minutes) == (3, 12)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("logged", "minutes_today", "words"),
    [
        (False, 12, "Today's session uses it already."),
        (True, 10, "Dose changed from tomorrow; today's session stays as it was."),
    ],
)
def test_the_view_changes_today_and_says_so(
    coach_logged_in, client_user, plan, logged, minutes_today, words
):
    if logged:
        log_session(today_session(client_user))
    response = post_dose(coach_logged_in, client_user, plan)
    assert response.status_code == 302
    assert today_session(client_user).backward_minutes == minutes_today
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert any(words in m for m in said)


@pytest.mark.django_db
def test_another_coach_cannot_change_the_dose_and_today_is_untouched(
    client, other_coach_user, client_user, plan
):
    client.force_login(other_coach_user)
    response = post_dose(client, client_user, plan)
    assert response.status_code == 404
    assert today_session(client_user).backward_minutes == 10
    assert not PlanEvent.objects.filter(plan=plan).exists()
