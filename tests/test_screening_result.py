"""/start/result/ and /start/clearance/: what came of the questionnaire, and clearing a pause."""

from datetime import timedelta

import pytest
from django.urls import reverse

from plans.models import Plan, PlanEvent, Screening
from plans.services.plans import start_plan
from tests.factories import make_plan, make_screening
from tests.test_questionnaire import PERSONA_1, PERSONA_7

# Persona 4 of domain.md §5: knee OA, a bone or joint problem, walking pain 5: a review pause.
PERSONA_4 = {
    **PERSONA_1,
    "age": 58,
    "knee_oa": True,
    "parq_msk": True,
    "pain_walking": 5,
    "access_pool": True,
    "access_treadmill": False,
    "access_track": False,
    "days": ["mon", "wed", "fri"],
    "minutes": 30,
}
WHEELCHAIR = {**PERSONA_1, "walking_aid": "wheelchair", "can_stand_unaided": False}


def clearance(kind="physician", by="Dr Ada Lovelace", on=None, user=None):
    cleared_on = on or user.local_today() - timedelta(days=1)
    return {"kind": kind, "cleared_by": by, "cleared_on": cleared_on.isoformat()}


# --- The result ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_without_a_screening_the_result_sends_you_to_the_questions(logged_in):
    response = logged_in.get(reverse("screening_result"))

    assert response.status_code == 302
    assert response["Location"] == reverse("questionnaire")


@pytest.mark.django_db
def test_an_active_plan_is_summed_up_with_links_to_today_and_the_plan(logged_in, client_user):
    start_plan(client_user, PERSONA_1, client_user.local_today())

    page = logged_in.get(reverse("screening_result")).content.decode()

    assert "You are ready to start" in page
    assert "Treadmill, level 1" in page
    assert "10 minutes each session" in page
    assert "1.5 km/h" in page
    assert 'href="/today/"' in page
    assert 'href="/plan/"' in page
    assert "My physician cleared me" not in page


@pytest.mark.django_db
def test_a_physician_pause_says_why_what_to_do_and_offers_the_letter_and_clearance(
    logged_in, client_user
):
    start_plan(client_user, PERSONA_7, client_user.local_today())

    page = logged_in.get(reverse("screening_result")).content.decode()

    assert "Please talk to your doctor before you start" in page
    assert "You get chest pain." in page
    assert f'href="{reverse("physician_letter")}"' in page
    assert f'action="{reverse("record_clearance")}"' in page
    assert 'type="hidden" name="kind" value="physician"' in page
    assert "My coach or physio cleared me" not in page


@pytest.mark.django_db
def test_a_review_pause_also_offers_a_coach_or_physio_clearance(logged_in, client_user):
    start_plan(client_user, PERSONA_4, client_user.local_today())

    page = logged_in.get(reverse("screening_result")).content.decode()

    assert "A coach, physio or doctor needs to look over your answers" in page
    assert "My coach or physio cleared me" in page
    assert "My physician (doctor) cleared me" in page


@pytest.mark.django_db
def test_nothing_steady_to_hold_says_what_is_needed_without_a_clearance_form(
    logged_in, client_user
):
    answers = {**PERSONA_1, "access_handrail": False, "access_treadmill": False}
    start_plan(client_user, answers, client_user.local_today())

    page = logged_in.get(reverse("screening_result")).content.decode()

    assert "you need something steady to hold" in page
    assert "answer the questions again" in page
    assert "cleared me" not in page
    assert reverse("record_clearance") not in page


@pytest.mark.django_db
def test_a_plan_paused_by_a_session_points_to_today(logged_in, client_user):
    plan = start_plan(client_user, PERSONA_1, client_user.local_today())
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.PAUSED)

    page = logged_in.get(reverse("screening_result")).content.decode()

    assert "Your plan is paused after a recent session" in page


@pytest.mark.django_db
def test_no_plan_is_explained_kindly_with_what_to_do_instead(logged_in, client_user):
    start_plan(client_user, WHEELCHAIR, client_user.local_today())

    page = logged_in.get(reverse("screening_result")).content.decode()

    assert "we cannot offer you a plan" in page
    assert "What you can do instead" in page
    assert "physiotherapist" in page
    assert "cleared me" not in page


@pytest.mark.django_db
def test_the_result_shows_only_your_own_screening(logged_in, client_user, other_client_user):
    start_plan(other_client_user, PERSONA_7, other_client_user.local_today())
    start_plan(client_user, PERSONA_1, client_user.local_today())

    page = logged_in.get(reverse("screening_result")).content.decode()

    assert "You are ready to start" in page
    assert "chest pain" not in page


@pytest.mark.django_db
def test_the_result_shows_the_latest_screening(logged_in, client_user):
    start_plan(client_user, PERSONA_7, client_user.local_today())
    start_plan(client_user, PERSONA_1, client_user.local_today())

    page = logged_in.get(reverse("screening_result")).content.decode()

    assert "You are ready to start" in page
    assert "chest pain" not in page


# --- Recording a clearance ------------------------------------------------------------------


@pytest.mark.django_db
def test_a_physician_clearance_activates_the_waiting_plan(logged_in, client_user):
    plan = start_plan(client_user, PERSONA_7, client_user.local_today())

    response = logged_in.post(reverse("record_clearance"), clearance(user=client_user))

    assert response.status_code == 302
    assert response["Location"] == reverse("screening_result")
    plan.refresh_from_db()
    assert plan.status == Plan.Status.ACTIVE
    screening = Screening.objects.get(client=client_user)
    assert screening.clearance == "physician"
    assert screening.cleared_by == "Dr Ada Lovelace"
    assert screening.clearance_recorded_by == client_user
    page = logged_in.get(reverse("screening_result")).content.decode()
    assert "You have been cleared to start" in page
    assert "Your clearance is recorded" in page


@pytest.mark.django_db
def test_a_clearance_dated_in_the_future_is_refused_and_nothing_changes(logged_in, client_user):
    plan = start_plan(client_user, PERSONA_7, client_user.local_today())
    tomorrow = client_user.local_today() + timedelta(days=1)

    response = logged_in.post(reverse("record_clearance"), clearance(on=tomorrow, user=client_user))

    assert response.status_code == 200
    assert "That date is in the future" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == Plan.Status.NEEDS_CLEARANCE
    assert Screening.objects.get(client=client_user).clearance == ""
    assert not PlanEvent.objects.filter(plan=plan).exists()


@pytest.mark.django_db
def test_a_clearance_without_a_name_is_refused(logged_in, client_user):
    plan = start_plan(client_user, PERSONA_7, client_user.local_today())

    response = logged_in.post(reverse("record_clearance"), clearance(by="", user=client_user))

    assert response.status_code == 200
    assert "Please give the name of the person who cleared you." in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == Plan.Status.NEEDS_CLEARANCE


@pytest.mark.django_db
def test_a_coach_clearance_cannot_lift_a_physician_pause(logged_in, client_user):
    plan = start_plan(client_user, PERSONA_7, client_user.local_today())

    response = logged_in.post(
        reverse("record_clearance"), clearance(kind="coach", user=client_user)
    )

    assert response.status_code == 200
    assert "needs a physician" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == Plan.Status.NEEDS_CLEARANCE
    assert Screening.objects.get(client=client_user).clearance == ""


@pytest.mark.django_db
def test_a_coach_clearance_lifts_a_review_pause(logged_in, client_user):
    plan = start_plan(client_user, PERSONA_4, client_user.local_today())

    response = logged_in.post(
        reverse("record_clearance"), clearance(kind="coach", by="Pat Physio", user=client_user)
    )

    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == Plan.Status.ACTIVE


@pytest.mark.django_db
def test_a_clearance_with_no_paused_plan_changes_nothing(logged_in, client_user):
    plan = start_plan(client_user, PERSONA_1, client_user.local_today())

    response = logged_in.post(reverse("record_clearance"), clearance(user=client_user))

    assert response["Location"] == reverse("screening_result")
    plan.refresh_from_db()
    assert plan.status == Plan.Status.ACTIVE
    assert Screening.objects.get(client=client_user).clearance == ""


@pytest.mark.django_db
def test_a_clearance_only_touches_your_own_plan(logged_in, client_user, other_client_user):
    others = start_plan(other_client_user, PERSONA_7, other_client_user.local_today())
    mine = start_plan(client_user, PERSONA_7, client_user.local_today())

    logged_in.post(reverse("record_clearance"), clearance(user=client_user))

    mine.refresh_from_db()
    others.refresh_from_db()
    assert mine.status == Plan.Status.ACTIVE
    assert others.status == Plan.Status.NEEDS_CLEARANCE


@pytest.mark.django_db
def test_clearance_refuses_get(logged_in, client_user):
    start_plan(client_user, PERSONA_7, client_user.local_today())

    assert logged_in.get(reverse("record_clearance")).status_code == 405


# --- Who may come in ------------------------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_result_goes_to_login(client):
    response = client.get(reverse("screening_result"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_anonymous_clearance_goes_to_login_and_changes_nothing(client, client_user):
    plan = start_plan(client_user, PERSONA_7, client_user.local_today())

    response = client.post(reverse("record_clearance"), clearance(user=client_user))

    assert response["Location"].startswith(reverse("login"))
    plan.refresh_from_db()
    assert plan.status == Plan.Status.NEEDS_CLEARANCE


@pytest.mark.django_db
def test_a_coach_gets_403_on_the_result(coach_logged_in, coach_user):
    make_screening(coach_user)

    assert coach_logged_in.get(reverse("screening_result")).status_code == 403


@pytest.mark.django_db
def test_a_coach_gets_403_on_clearance_and_changes_nothing(coach_logged_in, client_user):
    plan = make_plan(client_user, client_user.local_today(), status=Plan.Status.NEEDS_CLEARANCE)

    response = coach_logged_in.post(reverse("record_clearance"), clearance(user=client_user))

    assert response.status_code == 403
    plan.refresh_from_db()
    assert plan.status == Plan.Status.NEEDS_CLEARANCE
