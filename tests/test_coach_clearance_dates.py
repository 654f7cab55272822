"""A coach's clearance is dated as the person's own is (issue 25, point 5): on or after the day
the pause began and not in the future. The coach's form took any date from 0001-01-01 to
9999-12-31, and "Me, as their coach" was never checked at all."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse

from coaching.models import CoachLink
from plans.models import Plan, PlanEvent, Screening
from plans.services import adjustments, clearances
from plans.services.errors import ClearanceNotEnough
from plans.services.intake import start_plan
from tests.factories import make_plan
from tests.test_adjustments import PERSONA_7

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # a Wednesday
TODAY = date(2026, 11, 25)
PAUSED_ON = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def paused_by_coach(client_user, coach_user) -> Plan:
    """A plan the coach paused on Monday: the coach's own clearance may lift it."""
    CoachLink.objects.create(coach=coach_user, client=client_user)
    plan = make_plan(client_user, date(2026, 11, 16), weeks=2)
    Plan.objects.filter(pk=plan.pk).update(
        status="paused", pause_needs="coach", paused_for="coach", paused_on=PAUSED_ON
    )
    plan.refresh_from_db()
    return plan


@pytest.fixture
def waiting_for_a_doctor(client_user, coach_user) -> Plan:
    """Answers that need a physician, given today."""
    CoachLink.objects.create(coach=coach_user, client=client_user)
    return start_plan(client_user, PERSONA_7, TODAY)


def post_clearance(client, client_user, plan, kind: str, day: str):
    data = {
        "clearance-row_version": plan.row_version,
        "clearance-reason": "Seen in clinic.",
        "clearance-clearance": kind,
        "clearance-cleared_by": "Dr Ada Lovelace" if kind == "physician" else "Cora Coach",
        "clearance-cleared_on": day,
    }
    return client.post(reverse("coach_adjust", args=[client_user.public_id, "clearance"]), data)


BAD_DAYS = [
    ("0001-01-01", "on or after"),
    ("9999-12-31", "cannot be in the future"),
    ("2026-11-26", "cannot be in the future"),
]


@pytest.mark.parametrize(("day", "words"), [*BAD_DAYS, ("2026-11-22", "on or after 23 November")])
@pytest.mark.django_db
def test_a_coachs_own_clearance_outside_the_pause_changes_nothing(
    coach_logged_in, client_user, paused_by_coach, day, words
):
    response = post_clearance(coach_logged_in, client_user, paused_by_coach, "coach", day)
    assert response.status_code == 400
    assert words in response.content.decode()
    plan = Plan.objects.get(pk=paused_by_coach.pk)
    assert (plan.status, plan.row_version) == ("paused", paused_by_coach.row_version)
    assert not PlanEvent.objects.filter(plan=plan).exists()
    assert Screening.objects.get(pk=plan.screening_id).cleared_on is None


@pytest.mark.parametrize(("day", "words"), BAD_DAYS)
@pytest.mark.django_db
def test_a_physicians_clearance_the_coach_records_outside_the_pause_changes_nothing(
    coach_logged_in, client_user, waiting_for_a_doctor, day, words
):
    response = post_clearance(coach_logged_in, client_user, waiting_for_a_doctor, "physician", day)
    assert response.status_code == 400
    assert words in response.content.decode()
    plan = Plan.objects.get(pk=waiting_for_a_doctor.pk)
    assert plan.status == "needs_clearance"
    assert Screening.objects.get(client=client_user).cleared_on is None


@pytest.mark.parametrize("day", ["2026-11-23", "2026-11-25"])
@pytest.mark.django_db
def test_a_coachs_clearance_from_the_pause_to_today_lifts_it(
    coach_logged_in, client_user, paused_by_coach, day
):
    response = post_clearance(coach_logged_in, client_user, paused_by_coach, "coach", day)
    assert response.status_code == 302
    plan = Plan.objects.get(pk=paused_by_coach.pk)
    assert plan.status == "active"
    assert Screening.objects.get(pk=plan.screening_id).cleared_on == date.fromisoformat(day)


@pytest.mark.django_db
def test_the_rule_is_the_services_so_every_way_in_meets_it(
    client_user, coach_user, paused_by_coach
):
    """The coach's page goes through adjustments and clearances; both refuse the date."""
    change = adjustments.Adjustment(
        "clearance",
        "Seen in clinic.",
        paused_by_coach.row_version,
        cleared_by="Cora Coach",
        cleared_on=date(1, 1, 1),
        clearance="coach",
    )
    with pytest.raises(adjustments.CoachingError, match="on or after"):
        adjustments.adjust_plan(client_user, coach_user, change)
    with pytest.raises(ClearanceNotEnough, match="cannot be in the future"):
        clearances.clear(
            client_user,
            clearances.Clearance("coach", cleared_on=date(9999, 12, 31)),
            by=coach_user,
        )
    assert Plan.objects.get(pk=paused_by_coach.pk).status == "paused"
