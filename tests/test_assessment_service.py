"""Recording a functional test: checked values, the reading, and an at-risk reading asking the
coach to look through the one writer (a PlanEvent), never moving the stage."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from assessments import readings as a
from assessments.models import AssessmentResult
from assessments.services import ResultRefused, record_result
from coaching.models import CoachLink
from plans.models import Plan, PlanEvent
from plans.said import render_all
from tests.factories import make_plan

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
TODAY = date(2026, 11, 25)


@pytest.fixture
def plan(client_user, coach_user):
    CoachLink.objects.create(coach=coach_user, client=client_user)
    return make_plan(client_user, date(2026, 11, 23), stage="handrail", level=2)


def test_an_at_risk_walk_flags_the_plan_for_review_through_one_event(client_user, plan):
    before = Plan.objects.get(pk=plan.pk)
    recorded = record_result(
        client_user,
        a.BACKWARD_WALK,
        {"walks": ["6.1", "5.8"]},
        by=client_user,
        today=TODAY,
        now=NOW,
    )
    plan.refresh_from_db()
    assert recorded.reading.at_risk
    assert recorded.result.value == Decimal("5.8")
    assert recorded.result.values["walks"] == ["6.10", "5.80"]
    assert plan.needs_review is True
    assert "3-metre backward walk" in render_all(plan.needs_review_reason)
    assert plan.row_version == before.row_version + 1
    # The stage, level, dose and status stay as they were.
    assert (plan.stage, plan.level, plan.backward_minutes, plan.status) == (
        before.stage,
        before.level,
        before.backward_minutes,
        before.status,
    )
    event = PlanEvent.objects.get(plan=plan)
    assert event == recorded.event
    assert event.kind == PlanEvent.Kind.NEEDS_REVIEW
    assert event.source == PlanEvent.Source.CLIENT
    assert event.made_by == client_user
    assert event.reasons[0]["code"] == "test_backward-walk"
    assert event.before["stage"] == event.after["stage"] == "handrail"


def test_a_typical_walk_saves_and_leaves_the_plan_alone(client_user, plan):
    recorded = record_result(
        client_user, a.BACKWARD_WALK, {"walks": ["4.2", "4.0"]}, by=client_user, today=TODAY
    )
    plan.refresh_from_db()
    assert recorded.event is None
    assert not plan.needs_review
    assert not PlanEvent.objects.exists()
    assert AssessmentResult.objects.get().reading == a.TYPICAL


def test_a_coach_recording_in_clinic_is_the_recorder_and_the_source(client_user, coach_user, plan):
    recorded = record_result(client_user, a.TUG, {"seconds": "13.2"}, by=coach_user, today=TODAY)
    assert recorded.result.recorded_by == coach_user
    assert recorded.event.source == PlanEvent.Source.COACH
    assert recorded.event.made_by == coach_user


def test_an_already_flagged_plan_keeps_its_reason_and_still_logs_the_event(client_user, plan):
    record_result(client_user, a.TUG, {"seconds": "14"}, by=client_user, today=TODAY)
    plan.refresh_from_db()
    reason, version = plan.needs_review_reason, plan.row_version
    record_result(client_user, a.BALANCE, {"held": [10, 10, 2, 0]}, by=client_user, today=TODAY)
    plan.refresh_from_db()
    assert plan.needs_review_reason == reason
    assert plan.row_version == version
    assert PlanEvent.objects.filter(plan=plan, kind="needs_review").count() == 2


def test_without_a_plan_the_result_is_still_kept(client_user):
    recorded = record_result(client_user, a.TUG, {"seconds": "15"}, by=client_user, today=TODAY)
    assert recorded.event is None
    assert AssessmentResult.objects.count() == 1


def test_s9_13_chair_stand_without_sex_reads_the_stricter_column_and_flags(client_user, plan):
    """§9.13: sex not said -> the stricter column, with the questionnaire's age (70 here)."""
    recorded = record_result(
        client_user, a.CHAIR_STAND, {"stands": 11}, by=client_user, today=TODAY
    )
    plan.refresh_from_db()
    assert recorded.result.values["age"] == 70
    assert recorded.result.values["sex"] == a.NOT_SAID
    assert recorded.reading.code == a.AT_RISK  # 70-74: men 12, women 10 -> below 12
    assert plan.needs_review


def test_pushing_up_with_the_hands_scores_zero(client_user):
    recorded = record_result(
        client_user,
        a.CHAIR_STAND,
        {"stands": 14, "age": 66, "sex": "male", "used_hands": True},
        by=client_user,
        today=TODAY,
    )
    assert recorded.result.values["stands"] == 0
    assert recorded.reading.at_risk


REFUSED = [
    (a.BACKWARD_WALK, {"walks": ["-3"]}, {}, "seconds"),
    (a.BACKWARD_WALK, {"walks": ["0"]}, {}, "seconds"),
    (a.BACKWARD_WALK, {"walks": ["9999"]}, {}, "seconds"),
    (a.BACKWARD_WALK, {"walks": ["abc"]}, {}, "seconds"),
    (a.BACKWARD_WALK, {"walks": []}, {}, "seconds"),
    (a.TUG, {"seconds": "121"}, {}, "seconds"),
    (a.CHAIR_STAND, {"stands": 61}, {}, "stands"),
    (a.CHAIR_STAND, {"stands": -1}, {}, "stands"),
    (a.CHAIR_STAND, {"stands": "2.5"}, {}, "stands"),
    (a.CHAIR_STAND, {"stands": 10, "sex": "other"}, {}, "sex"),
    (a.BALANCE, {"held": [10, 10, 11, 0]}, {}, "stance_3"),
    (a.BALANCE, {"held": [10, 10]}, {}, "held"),
    (a.TUG, {"seconds": "9"}, {"taken_on": TODAY + timedelta(days=1)}, "taken_on"),
    (a.TUG, {"seconds": "9"}, {"taken_on": TODAY - timedelta(days=400)}, "taken_on"),
    ("sit-ups", {"seconds": "9"}, {}, "kind"),
]


@pytest.mark.parametrize(("kind", "values", "extra", "field"), REFUSED)
def test_values_that_cannot_be_real_are_refused_and_nothing_is_saved(
    client_user, plan, kind, values, extra, field
):
    with pytest.raises(ResultRefused) as refused:
        record_result(client_user, kind, values, by=client_user, today=TODAY, **extra)
    assert refused.value.field == field
    assert str(refused.value)
    assert not AssessmentResult.objects.exists()
    assert not PlanEvent.objects.exists()


def test_another_coach_or_client_cannot_record(client_user, other_client_user, other_coach_user):
    for stranger in (other_client_user, other_coach_user):
        with pytest.raises(ResultRefused):
            record_result(client_user, a.TUG, {"seconds": "9"}, by=stranger, today=TODAY)
    assert not AssessmentResult.objects.exists()
