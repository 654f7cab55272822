"""/start/for-your-doctor/: a printable page to take to a physician."""

import re

import pytest
from django.urls import reverse

from plans.services.intake import start_plan
from tests.factories import make_screening
from tests.test_questionnaire import PERSONA_1, PERSONA_7
from tests.test_screening_result import NOTHING_STEADY, PERSONA_9, WHEELCHAIR


@pytest.mark.django_db
def test_the_letter_names_the_person_the_date_and_the_flagged_answers(logged_in, client_user):
    start_plan(client_user, PERSONA_7, client_user.local_today())

    page = logged_in.get(reverse("physician_letter")).content.decode()

    assert "Wendy Walker" in page
    assert client_user.local_today().strftime("%B %Y") in page
    assert "Chest pain at rest, in daily life or when active (PAR-Q+)" in page
    assert "I feel pain in my chest at rest, in daily life or when active" in page
    assert "Answer: <strong>Yes</strong>" in page


@pytest.mark.django_db
def test_the_letter_gives_the_answer_behind_a_number(logged_in, client_user):
    answers = {**PERSONA_1, "replacement_weeks_ago": 8, "knee_oa": True}
    start_plan(client_user, answers, client_user.local_today())

    page = logged_in.get(reverse("physician_letter")).content.decode()

    assert "Hip or knee replacement less than 12 weeks ago" in page
    assert "How long ago was your hip or knee replacement?" in page
    assert "Answer: <strong>8 weeks ago</strong>" in page


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


LETTER_ROWS = [
    pytest.param(
        PERSONA_7,
        [
            "Where Wendy Walker would start",
            "Treadmill, level 1 of 4",
            "10 minutes per session",
            "2 minutes backward, then 1 minute of rest on the treadmill with the belt slowed or "
            "stopped, repeated",
            "4 a week",
            "4–6 on the Borg CR10 scale (3 moderate, 5 hard, 7 very hard)",
            "1.5 km/h, holding both rails",
        ],
        ["seated rest", "No plan", "forward walking"],
        id="low-treadmill-with-speed-§9.3",
    ),
    pytest.param(
        {**PERSONA_9, "parq_heart": True},
        [
            "Pool, level 1 of 4",
            "High (the most cautious start)",
            "5 minutes per session",
            "30 seconds backward, then 1 minute seated rest, repeated",
            "Seated rest</dt>",
            "3–4 on the Borg CR10 scale",
        ],
        # v3 §9.2: no rail or treadmill, so the track is not waiting for a coach: it is out.
        ["km/h, holding", "of easy forward walking", "Only with a trained person present"],
        id="high-pool-seated-rest-persona-9",
    ),
    pytest.param(
        {**WHEELCHAIR, "parq_chest_pain": True},
        ["No plan is offered"],
        ["per session", "Start stage"],
        id="no-plan-behind-the-pause",
    ),
    pytest.param(
        {**NOTHING_STEADY, "parq_chest_pain": True},
        ["No plan can start yet"],
        ["per session", "Start stage"],
        id="needs-support-behind-the-pause",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("answers", "shown", "not_shown"), LETTER_ROWS)
def test_the_letter_states_the_persons_own_start_and_dose(
    logged_in, client_user, answers, shown, not_shown
):
    start_plan(client_user, answers, client_user.local_today())

    page = logged_in.get(reverse("physician_letter")).content.decode()

    for text in shown:
        assert text in page, text
    for text in not_shown:
        assert text not in page, text


@pytest.mark.django_db
def test_the_letter_leaves_room_for_the_doctors_limits(logged_in, client_user):
    start_plan(client_user, PERSONA_7, client_user.local_today())

    page = logged_in.get(reverse("physician_letter")).content.decode()

    limits = page[page.index("May start with these limits") : page.index("Should not start")]
    assert "Highest effort or heart rate:" in limits
    assert "Stages or movements to avoid:" in limits
    assert limits.count('class="q-blank-line"') >= 3
    assert "Review again on:" in page


@pytest.mark.django_db
def test_the_letter_speaks_of_the_person_not_to_them(logged_in, client_user):
    answers = {**PERSONA_7, "dizzy_on_standing": True, "pain_walking": 7}
    start_plan(client_user, answers, client_user.local_today())

    page = logged_in.get(reverse("physician_letter")).content.decode()
    letter = page[page.index("<h1>") : page.index("q-letter-disclaimer")]

    assert "Light-headed on standing up (possible orthostatic hypotension)" in letter
    assert "Pain when walking of 6/10 or more" in letter  # v3 §9.11
    for second_person in ("You get", "You feel", "you rated", "Your "):
        assert second_person not in letter, second_person
    for wrong in ("a tenth", "at most 10", "10&nbsp;% a week"):
        assert wrong not in letter, wrong


@pytest.mark.django_db
def test_the_letter_has_a_print_stylesheet_and_no_inline_script(logged_in, client_user):
    start_plan(client_user, PERSONA_7, client_user.local_today())

    page = logged_in.get(reverse("physician_letter")).content.decode()

    assert "css/questionnaire" in page
    assert "browser's Print command" in page
    # The Print button's script is a static file (strict CSP); nothing inline.
    assert re.findall(r"<script[^>]*>", page) == [
        re.search(r'<script src="[^"]*js/print[^"]*" defer>', page)[0]
    ]
    assert "style=" not in page
    assert "window.print" not in page


@pytest.mark.django_db
def test_the_letter_shows_only_your_own_answers(logged_in, client_user, other_client_user):
    start_plan(other_client_user, PERSONA_7, other_client_user.local_today())
    start_plan(client_user, PERSONA_1, client_user.local_today())

    page = logged_in.get(reverse("physician_letter")).content.decode()

    assert "Otto Other" not in page
    assert "Chest pain at rest" not in page
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
