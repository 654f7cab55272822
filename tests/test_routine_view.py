"""/plan/routine/: the person changes days, minutes or places on a form prefilled with their
answers; refusals show the form again with nothing changed."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse

from coaching.models import CoachLink
from plans.models import Plan, PlanEvent, Screening
from tests.factories import make_plan

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # a Wednesday
MONDAY = date(2026, 11, 23)
URL = "/plan/routine/"
ALL_PLACES = ["access_pool", "access_handrail", "access_treadmill", "access_track"]


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def plan(client_user):
    return make_plan(client_user, MONDAY, weeks=3, stage="handrail", level=2, backward_minutes=10)


def form_data(plan, **changes):
    data = {
        "places": ALL_PLACES,
        "days": ["tue", "thu"],
        "minutes": "40",
        "row_version": str(plan.row_version),
    }
    data.update(changes)
    return data


def snapshot(plan) -> tuple:
    fresh = Plan.objects.get(pk=plan.pk)
    answers = Screening.objects.get(pk=plan.screening_id).answers
    return (fresh.row_version, fresh.days, fresh.minutes_available, answers, fresh.events.count())


def said(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_address_is_plan_routine():
    assert reverse("routine") == URL


# --- Who may use it ------------------------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_get_goes_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_anonymous_post_goes_to_login_and_changes_nothing(client, plan):
    before = snapshot(plan)
    response = client.post(URL, form_data(plan))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert snapshot(plan) == before


@pytest.mark.django_db
def test_a_coach_gets_403_even_their_own_clients(coach_logged_in, coach_user, client_user, plan):
    CoachLink.objects.create(coach=coach_user, client=client_user)
    before = snapshot(plan)
    assert coach_logged_in.get(URL).status_code == 403
    assert coach_logged_in.post(URL, form_data(plan)).status_code == 403
    assert snapshot(plan) == before


@pytest.mark.django_db
def test_another_client_reaches_only_their_own_plan(client, other_client_user, plan):
    client.force_login(other_client_user, backend="django.contrib.auth.backends.ModelBackend")
    before = snapshot(plan)
    response = client.post(URL, form_data(plan))
    assert response.status_code == 302
    assert response["Location"] == reverse("questionnaire")  # they have no plan yet
    assert snapshot(plan) == before


@pytest.mark.django_db
def test_other_methods_are_refused(logged_in, plan):
    assert logged_in.put(URL).status_code == 405
    assert logged_in.delete(URL).status_code == 405


# --- The form ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_form_is_filled_with_the_current_answers(logged_in, plan):
    response = logged_in.get(URL)
    assert f'name="row_version" value="{plan.row_version}"' in response.content.decode()
    form = response.context["form"]
    assert form.initial["days"] == ["mon", "wed", "fri"]
    assert form.initial["minutes"] == plan.screening.answers["minutes"]
    assert sorted(form.initial["places"]) == sorted(ALL_PLACES)
    assert form.initial["row_version"] == plan.row_version


@pytest.mark.django_db
def test_the_plan_and_account_pages_link_to_it(logged_in, plan):
    for name in ("plan", "account"):
        assert f'href="{URL}"' in logged_in.get(reverse(name)).content.decode()


@pytest.mark.django_db
def test_a_change_saves_and_says_what_changed_and_when(logged_in, plan):
    response = logged_in.post(URL, form_data(plan))
    assert response.status_code == 302
    assert response["Location"] == reverse("plan")
    plan.refresh_from_db()
    assert (plan.days, plan.minutes_available, plan.stage, plan.level) == (
        ["tue", "thu"],
        40,
        "handrail",
        2,
    )
    [message] = said(response)
    assert "Tuesday and Thursday" in message
    assert "from tomorrow" in message


@pytest.mark.django_db
@pytest.mark.parametrize(
    "bad",
    [
        pytest.param({"days": []}, id="no-day"),
        pytest.param({"days": ["someday"]}, id="unknown-day"),
        pytest.param({"minutes": "5"}, id="too-few-minutes"),
        pytest.param({"minutes": "lots"}, id="minutes-not-a-number"),
        pytest.param({"places": ["none", "access_pool"]}, id="none-and-a-place"),
        pytest.param({"places": []}, id="no-place-ticked"),
        pytest.param({"row_version": ""}, id="no-row-version"),
    ],
)
def test_bad_input_shows_the_form_again_and_changes_nothing(logged_in, plan, bad):
    before = snapshot(plan)
    response = logged_in.post(URL, form_data(plan, **bad))
    assert response.status_code == 400
    assert response.context["form"].errors
    assert "Please check the form" in response.content.decode()
    assert snapshot(plan) == before


@pytest.mark.way_in("plans.views.routine.routine")
@pytest.mark.way_in("plans.services.routine.change_routine")
@pytest.mark.django_db
def test_losing_every_easier_stage_is_refused_on_the_form(logged_in, plan):
    before = snapshot(plan)
    response = logged_in.post(URL, form_data(plan, places=["access_treadmill", "access_track"]))
    assert response.status_code == 400
    assert "keep that place in your list, or ask your coach" in response.content.decode()
    assert snapshot(plan) == before


@pytest.mark.django_db
def test_a_double_submit_changes_once(logged_in, plan):
    first = logged_in.post(URL, form_data(plan))
    second = logged_in.post(URL, form_data(plan))
    assert (first.status_code, second.status_code) == (302, 302)
    assert said(second)[-1] == "Your new routine is saved already."
    assert PlanEvent.objects.filter(plan=plan, kind="routine").count() == 1


@pytest.mark.django_db
def test_a_stale_form_with_other_answers_shows_the_latest(logged_in, plan):
    logged_in.post(URL, form_data(plan))
    before = snapshot(plan)
    response = logged_in.post(URL, form_data(plan, days=["sat"]))
    assert response.status_code == 400
    assert "The plan changed while you were editing" in response.content.decode()
    assert response.context["form"].initial["days"] == ["tue", "thu"]
    assert snapshot(plan) == before
