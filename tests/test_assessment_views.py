"""The test pages: own results only, the linked coach only, bad input refused with nothing saved."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from assessments.models import AssessmentResult
from coaching.models import CoachLink
from plans.models import Plan, PlanEvent
from tests.factories import make_plan

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
TODAY = date(2026, 11, 25)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def plan(client_user, coach_user):
    CoachLink.objects.create(coach=coach_user, client=client_user)
    return make_plan(client_user, date(2026, 11, 23))


def walk(**extra):
    return {"taken_on": TODAY.isoformat(), "walk_1": "6.2", "walk_2": "5.9", **extra}


def test_the_person_saves_a_walk_and_sees_it_with_its_reading(logged_in, client_user, plan):
    url = reverse("test_page", args=["backward-walk"])
    response = logged_in.post(url, walk(), follow=True)
    assert response.status_code == 200
    result = AssessmentResult.objects.get()
    assert (result.client, result.recorded_by, str(result.value)) == (
        client_user,
        client_user,
        "5.90",
    )
    page = response.content.decode()
    assert "range where falls are more common" in page
    assert "Your coach has been told" in page
    assert "Results of the 3-metre backward walk" in page  # the table beside the chart
    plan.refresh_from_db()
    assert plan.needs_review and plan.stage == "handrail"


@pytest.mark.parametrize("kind", ["backward-walk", "tug", "chair-stand", "balance"])
def test_each_test_page_shows_set_up_safety_timer_and_manual_entry(logged_in, kind):
    page = logged_in.get(reverse("test_page", args=[kind])).content.decode()
    assert "Have someone stand close by you" in page
    assert "data-timer=" in page and 'aria-live="polite"' in page
    assert 'src="/static/js/test-timer.js"' in page
    assert 'name="taken_on"' in page
    assert "<script>" not in page  # no inline script


BAD = [
    ("backward-walk", walk(walk_1="-2", walk_2=""), "walk_1"),
    ("backward-walk", walk(walk_1="999", walk_2=""), "walk_1"),
    ("backward-walk", walk(walk_1="0.2", walk_2=""), "walk_1"),
    ("backward-walk", walk(taken_on=(TODAY + timedelta(days=1)).isoformat()), "taken_on"),
    ("tug", {"taken_on": TODAY.isoformat(), "seconds": "500"}, "seconds"),
    ("chair-stand", {"taken_on": TODAY.isoformat(), "stands": "61"}, "stands"),
    ("chair-stand", {"taken_on": TODAY.isoformat(), "stands": "-1"}, "stands"),
    ("balance", {"taken_on": TODAY.isoformat(), "stance_1": "10", "stance_3": "12"}, "stance_3"),
]


@pytest.mark.parametrize(("kind", "data", "field"), BAD)
def test_bad_input_is_refused_with_a_message_and_nothing_saved(logged_in, plan, kind, data, field):
    response = logged_in.post(reverse("test_page", args=[kind]), data)
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert "Nothing was saved" in response.content.decode()
    assert not AssessmentResult.objects.exists()
    assert not PlanEvent.objects.exists()
    plan.refresh_from_db()
    assert not plan.needs_review


def test_pages_show_only_the_persons_own_results(logged_in, client_user, other_client_user):
    AssessmentResult.objects.create(
        client=other_client_user, kind="tug", taken_on=TODAY, value=31, reading="at_risk"
    )
    response = logged_in.get(reverse("test_page", args=["tug"]))
    assert response.context["trend"].results == ()


def test_anonymous_is_sent_to_log_in(client, db):
    response = client.get(reverse("test_page", args=["tug"]))
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert client.post(reverse("test_page", args=["tug"]), {}).status_code == 302
    assert not AssessmentResult.objects.exists()


def test_an_unknown_test_is_404(logged_in):
    assert logged_in.get("/tests/sit-ups/").status_code == 404


def test_a_coach_cannot_use_the_clients_own_pages(coach_logged_in):
    assert coach_logged_in.get(reverse("tests")).status_code == 403
    assert coach_logged_in.post(reverse("test_page", args=["tug"]), {}).status_code == 403


def coach_url(client_user, kind="tug"):
    return reverse("coach_test", args=[client_user.public_id, kind])


def test_the_linked_coach_records_a_tug_in_clinic(coach_logged_in, coach_user, client_user, plan):
    data = {"taken_on": TODAY.isoformat(), "seconds": "13.5"}
    response = coach_logged_in.post(coach_url(client_user), data)
    assert response.status_code == 302
    assert response["Location"].endswith(f"/coach/clients/{client_user.public_id}/#tests")
    result = AssessmentResult.objects.get()
    assert result.recorded_by == coach_user and result.client == client_user
    event = PlanEvent.objects.get()
    assert event.source == "coach" and event.made_by == coach_user
    page = coach_logged_in.get(reverse("coach_client", args=[client_user.public_id]))
    assert "13.5 s" in page.content.decode()


def test_another_coach_gets_404_and_nothing_is_saved(client, other_coach_user, client_user, plan):
    client.force_login(other_coach_user)
    data = {"taken_on": TODAY.isoformat(), "seconds": "13.5"}
    assert client.get(coach_url(client_user)).status_code == 404
    assert client.post(coach_url(client_user), data).status_code == 404
    assert (
        client.get(reverse("coach_progress_report", args=[client_user.public_id])).status_code
        == 404
    )
    assert not AssessmentResult.objects.exists()


def test_a_former_coach_gets_404(coach_logged_in, client_user, plan):
    CoachLink.objects.filter(client=client_user).update(ended_at=NOW)
    assert coach_logged_in.get(coach_url(client_user)).status_code == 404


def test_a_client_cannot_use_the_coach_pages(logged_in, client_user, plan):
    data = {"taken_on": TODAY.isoformat(), "seconds": "13.5"}
    assert logged_in.post(coach_url(client_user), data).status_code == 403
    assert not AssessmentResult.objects.exists()


def test_the_report_shows_plan_adherence_pain_and_tests(logged_in, client_user, plan):
    AssessmentResult.objects.create(
        client=client_user,
        kind="backward-walk",
        taken_on=TODAY,
        value="4.80",
        values={"seconds": "4.80", "walks": ["4.80"]},
        reading="typical",
    )
    page = logged_in.get(reverse("progress_report")).content.decode()
    for words in ("The plan", "Sessions done", "Effort and pain, by week", "4.8 s"):
        assert words in page


def test_today_offers_the_walk_until_one_is_done_in_the_last_four_weeks(
    logged_in, client_user, plan
):
    assert "Your monthly walking check" in logged_in.get(reverse("today")).content.decode()
    AssessmentResult.objects.create(
        client=client_user,
        kind="backward-walk",
        taken_on=TODAY - timedelta(days=27),
        value="4.80",
        values={"seconds": "4.80"},
        reading="typical",
    )
    assert "Your monthly walking check" not in logged_in.get(reverse("today")).content.decode()
    AssessmentResult.objects.filter(client=client_user).update(taken_on=TODAY - timedelta(days=28))
    assert "Your monthly walking check" in logged_in.get(reverse("today")).content.decode()


def test_a_paused_plan_is_not_offered_the_walk(logged_in, plan):
    Plan.objects.filter(pk=plan.pk).update(status="paused")
    assert "Your monthly walking check" not in logged_in.get(reverse("today")).content.decode()
