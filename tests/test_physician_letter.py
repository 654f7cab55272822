"""/start/for-your-doctor/: a printable page to take to a physician."""

import pytest
from django.urls import reverse

from plans.services.plans import start_plan
from tests.factories import make_screening
from tests.test_questionnaire import PERSONA_1, PERSONA_7


@pytest.mark.django_db
def test_the_letter_names_the_person_the_date_and_the_flagged_answers(logged_in, client_user):
    start_plan(client_user, PERSONA_7, client_user.local_today())

    page = logged_in.get(reverse("physician_letter")).content.decode()

    assert "Wendy Walker" in page
    assert client_user.local_today().strftime("%B %Y") in page
    assert "You get chest pain." in page
    assert "Do you feel pain in your chest at rest, in your daily life" in page
    assert "Answer: <strong>Yes</strong>" in page


@pytest.mark.django_db
def test_the_letter_gives_the_answer_behind_a_number(logged_in, client_user):
    answers = {**PERSONA_1, "replacement_weeks_ago": 8, "knee_oa": True}
    start_plan(client_user, answers, client_user.local_today())

    page = logged_in.get(reverse("physician_letter")).content.decode()

    assert "Your joint replacement was under 12 weeks ago." in page
    assert "how many weeks ago was it?" in page
    assert "Answer: <strong>8</strong>" in page


@pytest.mark.django_db
def test_the_letter_describes_the_programme_and_leaves_blanks_for_the_physician(
    logged_in, client_user
):
    start_plan(client_user, PERSONA_7, client_user.local_today())

    page = logged_in.get(reverse("physician_letter")).content.decode()

    assert "backward walking" in page.lower()
    assert "Pool" in page
    assert "Handrail" in page
    assert "Treadmill" in page
    assert "Open track" in page
    assert "Physician's decision" in page
    assert "Signature:" in page
    assert "Physician's name:" in page
    assert "not medical advice" in page


@pytest.mark.django_db
def test_the_letter_has_a_print_stylesheet_and_no_script(logged_in, client_user):
    start_plan(client_user, PERSONA_7, client_user.local_today())

    page = logged_in.get(reverse("physician_letter")).content.decode()

    assert "css/questionnaire" in page
    assert "browser's Print command" in page
    assert "<script" not in page
    assert "style=" not in page
    assert "window.print" not in page


@pytest.mark.django_db
def test_the_letter_shows_only_your_own_answers(logged_in, client_user, other_client_user):
    start_plan(other_client_user, PERSONA_7, other_client_user.local_today())
    start_plan(client_user, PERSONA_1, client_user.local_today())

    page = logged_in.get(reverse("physician_letter")).content.decode()

    assert "Otto Other" not in page
    assert "chest pain" not in page
    assert "No answer raised a concern." in page


@pytest.mark.django_db
def test_without_a_screening_the_letter_sends_you_to_the_questions(logged_in):
    response = logged_in.get(reverse("physician_letter"))

    assert response["Location"] == reverse("questionnaire")


@pytest.mark.django_db
def test_the_letter_refuses_post(logged_in, client_user):
    start_plan(client_user, PERSONA_7, client_user.local_today())

    assert logged_in.post(reverse("physician_letter")).status_code == 405


@pytest.mark.django_db
def test_anonymous_letter_goes_to_login(client):
    response = client.get(reverse("physician_letter"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_a_coach_gets_403_on_the_letter(coach_logged_in, coach_user):
    make_screening(coach_user)

    assert coach_logged_in.get(reverse("physician_letter")).status_code == 403
