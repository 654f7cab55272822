"""§9.13 Functional tests raise supervision, through the ways in: the test pages (the person's
and the coach's in clinic), the next plan changes (a routine change, a re-screen through the
questionnaire, a coach confirming stages) and the recheck command.

A result in the at-risk range flags `needs_review` and never moves the stage by itself; the
treadmill and the track ahead wait for a coach's confirmation, and the next plan change that
rebuilds the stages applies the same rule to the stage walked now.
"""

from datetime import UTC, date, datetime
from io import StringIO

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.urls import reverse

from assessments import readings as a
from assessments.models import AssessmentResult
from assessments.services import record_result
from coaching.models import CoachLink
from plans.models import Plan
from plans.said import render
from plans.services import adjustments
from plans.services import state as plan_state
from plans.services.adjustments import Adjustment
from plans.services.intake import current_plan
from tests.engine.answer_factory import make_answers_dict
from tests.factories import make_plan, make_screening
from tests.test_questionnaire import PERSONA_1, answer_steps

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)  # a Wednesday; the people live in UTC
TODAY = date(2026, 12, 2)
MONDAY = date(2026, 11, 30)
ALL_PLACES = ["access_pool", "access_handrail", "access_treadmill", "access_track"]
WAITS = "needs someone with you"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def plan_on(client_user, stage: str, age: int = 70) -> Plan:
    """A MOD plan with all four stages (nothing supervised-only by the answers)."""
    screening = make_screening(client_user, answers=make_answers_dict(age=age))
    return make_plan(client_user, MONDAY, weeks=3, stage=stage, level=2, screening=screening)


def said(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def tug(client, seconds: str):
    return client.post(
        reverse("test_page", args=[a.TUG]), {"taken_on": TODAY.isoformat(), "seconds": seconds}
    )


# --- The test pages ----------------------------------------------------------------------------


@pytest.mark.way_in("assessments.views.test_page")
@pytest.mark.way_in("assessments.services.record_result")
@pytest.mark.django_db
def test_s9_13_an_at_risk_tug_on_its_page_flags_review_and_the_treadmill_waits(
    logged_in, client_user
):
    plan = plan_on(client_user, "handrail")
    response = tug(logged_in, "13")
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.needs_review
    assert (plan.stage, plan.level, plan.backward_minutes) == ("handrail", 2, 8)  # never moved
    assert plan.stages == ["pool", "handrail"]
    assert "walking or balance test" in render(plan.skipped["treadmill"])
    assert WAITS in render(plan.skipped["track"])
    event = plan.events.first()
    assert event.kind == "needs_review"
    assert {r["code"] for r in event.reasons} == {"test_tug", "test_supervision"}
    message = said(response)
    assert "Your stage stays as it is" in message
    assert "wait until a coach confirms someone trained will be with you" in message


@pytest.mark.django_db
def test_s9_13_a_typical_tug_changes_nothing(logged_in, client_user):
    plan = plan_on(client_user, "handrail")
    tug(logged_in, "9")
    plan.refresh_from_db()
    assert not plan.needs_review
    assert plan.stages == ["pool", "handrail", "treadmill", "track"]
    assert plan.events.count() == 0


@pytest.mark.django_db
def test_s9_13_chair_stand_with_the_hands_at_96_not_saying_sex_is_at_risk(logged_in, client_user):
    """The found bug: "the chair stand with hands (score 0) or at 96 gives 'no reading' and
    no flag". The age comes from the questionnaire (96); the page asks sex."""
    plan = plan_on(client_user, "handrail", age=96)
    page = logged_in.get(reverse("test_page", args=[a.CHAIR_STAND])).content.decode()
    assert "I prefer not to say" in page
    assert 'name="age"' not in page
    response = logged_in.post(
        reverse("test_page", args=[a.CHAIR_STAND]),
        {
            "taken_on": TODAY.isoformat(),
            "stands": "6",
            "used_hands": "on",
            "sex": a.NOT_SAID,
        },
    )
    assert response.status_code == 302
    result = AssessmentResult.objects.get(client=client_user)
    assert result.values == {"stands": 0, "age": 96, "sex": a.NOT_SAID, "used_hands": True}
    assert result.reading == a.AT_RISK
    assert "range where falls are more common" in said(response)
    plan.refresh_from_db()
    assert plan.needs_review
    assert plan.stages == ["pool", "handrail"]


@pytest.mark.django_db
def test_s9_13_chair_stand_at_96_reads_the_90_94_row(logged_in, client_user):
    plan_on(client_user, "handrail", age=96)
    logged_in.post(
        reverse("test_page", args=[a.CHAIR_STAND]),
        {"taken_on": TODAY.isoformat(), "stands": "5", "sex": a.FEMALE},
    )
    assert AssessmentResult.objects.get(client=client_user).reading == a.TYPICAL  # women: 4


@pytest.mark.django_db
def test_s9_13_the_chair_stand_page_asks_sex_and_refuses_anything_else(logged_in, client_user):
    plan = plan_on(client_user, "handrail")
    response = logged_in.post(
        reverse("test_page", args=[a.CHAIR_STAND]),
        {"taken_on": TODAY.isoformat(), "stands": "6", "sex": "other"},
    )
    assert response.status_code == 400
    assert not AssessmentResult.objects.exists()
    assert Plan.objects.get(pk=plan.pk).row_version == plan.row_version


@pytest.mark.way_in("assessments.views.coach_test_page")
@pytest.mark.django_db
def test_s9_13_the_coach_recording_in_clinic_flags_review_and_the_treadmill_waits(
    coach_logged_in, coach_user, client_user
):
    CoachLink.objects.create(coach=coach_user, client=client_user)
    plan = plan_on(client_user, "handrail")
    response = coach_logged_in.post(
        reverse("coach_test", args=[client_user.public_id, a.BALANCE]),
        {
            "taken_on": TODAY.isoformat(),
            "stance_1": "10",
            "stance_2": "10",
            "stance_3": "6",
            "stance_4": "0",
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.needs_review and plan.stage == "handrail"
    assert plan.stages == ["pool", "handrail"]
    assert "its stage has not changed" in said(response)


@pytest.mark.django_db
def test_s9_13_a_test_never_moves_the_stage_walked_now(logged_in, client_user):
    """On the treadmill already: it stays (the test does not move it); the track ahead waits."""
    plan = plan_on(client_user, "treadmill")
    tug(logged_in, "12")
    plan.refresh_from_db()
    assert plan.needs_review
    assert plan.stage == "treadmill"
    assert plan.stages == ["pool", "handrail", "treadmill"]
    assert WAITS in render(plan.skipped["track"])


# --- The next plan change ----------------------------------------------------------------------


@pytest.mark.django_db
def test_s9_13_the_next_routine_change_moves_the_plan_off_the_treadmill(logged_in, client_user):
    plan = plan_on(client_user, "treadmill")
    tug(logged_in, "14")
    plan.refresh_from_db()
    response = logged_in.post(
        reverse("routine"),
        {
            "places": ALL_PLACES,
            "days": ["tue", "thu"],
            "minutes": "40",
            "row_version": str(plan.row_version),
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.stage, plan.level) == ("handrail", 2)
    assert plan.stages == ["pool", "handrail"]
    assert WAITS in render(plan.skipped["treadmill"])
    assert "routine_stage" in {r["code"] for r in plan.events.first().reasons}


@pytest.mark.django_db
def test_s9_13_a_re_screen_after_an_at_risk_test_keeps_treadmill_and_track_out(
    logged_in, client_user
):
    """Persona 1 starts on the treadmill; after a 3MBWT of 6 s her next plan (the questions
    answered again) starts on the handrail, with treadmill and track waiting for a coach."""
    plan_on(client_user, "handrail", age=45)
    response = logged_in.post(
        reverse("test_page", args=[a.BACKWARD_WALK]),
        {"taken_on": TODAY.isoformat(), "walk_1": "6.0"},
    )
    assert response.status_code == 302
    answer_steps(logged_in, PERSONA_1, through=3)
    plan = current_plan(client_user)
    assert (plan.tier, plan.stage) == ("low", "handrail")
    assert plan.stages == ["handrail"]
    assert "walking or balance test" in render(plan.skipped["treadmill"])
    assert "walking or balance test" in render(plan.skipped["track"])


@pytest.mark.django_db
def test_s9_13_a_coach_confirming_the_treadmill_brings_it_back(client_user, coach_user, logged_in):
    CoachLink.objects.create(coach=coach_user, client=client_user)
    plan = plan_on(client_user, "handrail")
    tug(logged_in, "13")
    plan.refresh_from_db()
    adjustments.adjust_plan(
        client_user,
        coach_user,
        Adjustment(
            "supervise", "I walk with her.", plan.row_version, supervised_stages=("treadmill",)
        ),
    )
    plan.refresh_from_db()
    assert plan.stages == ["pool", "handrail", "treadmill"]
    assert WAITS in render(plan.skipped["track"])
    assert not plan.needs_review  # the coach's change is the review


@pytest.mark.django_db
def test_s9_13_an_at_risk_result_counts_for_a_year(client_user):
    """The rule reads results of the last 365 days, as a fall keeps someone HIGH for 12 months."""
    plan_on(client_user, "treadmill")
    old = date(2025, 12, 3)
    record_result(client_user, a.TUG, {"seconds": "13"}, by=client_user, today=TODAY, taken_on=old)
    assert plan_state.tests_at_risk(client_user.pk, TODAY)
    assert not plan_state.tests_at_risk(client_user.pk, date(2026, 12, 3))


@pytest.mark.django_db
def test_s9_13_recheck_plans_applies_the_rule_to_an_old_plan_on_the_treadmill(client_user):
    """An old plan (older rules version) on the treadmill with an at-risk result: the recheck
    moves it to the rail and says why."""
    plan = plan_on(client_user, "treadmill")
    AssessmentResult.objects.create(
        client=client_user,
        kind=a.CHAIR_STAND,
        taken_on=TODAY,
        value=0,
        # Saved before §9.13: the hands scored 0 and read "no reading".
        values={"stands": 0, "age": None, "sex": "", "used_hands": True},
        reading=a.NO_READING,
    )
    call_command("recheck_plans", stdout=StringIO())
    plan.refresh_from_db()
    assert plan.stage == "handrail"
    assert plan.stages == ["pool", "handrail"]
    assert "recheck_supervised" in {r["code"] for r in plan.events.first().reasons}
