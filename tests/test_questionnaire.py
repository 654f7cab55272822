"""The questionnaire at /start/: three steps, saved as you go, ending in a screening and plan."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse

from plans.models import Plan, QuestionnaireDraft, Screening
from plans.questionnaire_steps import ALL_KEYS, STEPS, earlier_answers
from plans.screening import ANSWER_KEYS, V2_KEYS
from tests.factories import make_screening

# Persona 1 of domain.md §5: 45 y, all no, STEADI 0, ABC-6 95, treadmill + track + rail,
# 4 days x 40 min. Expected: LOW, treadmill L1, 10 min backward, 1.5 km/h.
PERSONA_1: dict[str, Any] = {
    "age": 45,
    "parq_heart": False,
    "parq_chest_pain": False,
    "parq_dizzy": False,
    "parq_chronic": False,
    "parq_meds": False,
    "parq_msk": False,
    "parq_supervised": False,
    "pregnant": False,
    "acute_illness": False,
    "falls_12m": 0,
    "fall_injury": False,
    "walking_aid": "none",
    "can_stand_unaided": True,
    "can_walk_10_min": True,
    "steadi_aid_advised": False,
    "steadi_unsteady": False,
    "steadi_furniture": False,
    "steadi_worried": False,
    "steadi_chair": False,
    "steadi_curb": False,
    "steadi_toilet": False,
    "steadi_numb_feet": False,
    "steadi_dizzy_meds": False,
    "steadi_sleep_mood_meds": False,
    "steadi_sad": False,
    "abc_tiptoe": 90,
    "abc_chair": 90,
    "abc_bumped": 90,
    "abc_escalator_rail": 100,
    "abc_escalator_parcels": 100,
    "abc_ice": 100,
    "pain_now": 0,
    "pain_walking": 0,
    "knee_oa": False,
    "parkinsons": False,
    "vision_uncorrected": False,
    "stroke_months_ago": None,
    "replacement_weeks_ago": None,
    "surgery_weeks_ago": None,
    "access_pool": False,
    "access_handrail": True,
    "access_treadmill": True,
    "access_track": True,
    "days": ["mon", "tue", "thu", "sat"],
    "minutes": 40,
    "anticoagulants": False,
    "osteoporosis": False,
    "dizzy_on_standing": False,
    "seizures_12m": False,
    "vestibular": False,
    "memory_problems": False,
    "helper_available": False,
}
# Persona 7: 55 y, chest pain, otherwise fit. Expected: paused for a physician, no dose shown.
PERSONA_7: dict[str, Any] = {**PERSONA_1, "age": 55, "parq_chest_pain": True}


def step_url(number: int) -> str:
    return reverse("questionnaire_step", args=[number])


def post_data(number: int, answers: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """One step's form data as a browser sends it, built from §7 answers by the step's form."""
    initial = STEPS[number - 1].form_class.initial_from(answers)
    data = {key: value if isinstance(value, list) else str(value) for key, value in initial.items()}
    data.update(changes)
    return data


def answer_steps(client, answers: dict[str, Any], through: int) -> None:
    for number in range(1, through + 1):
        response = client.post(step_url(number), post_data(number, answers))
        assert response.status_code == 302, response.content.decode()[:2000]


def field_error(response, key: str) -> str:
    """The text of the question's box (where its message is shown)."""
    html = response.content.decode()
    start = html.index(f'id="q-{key}"')
    return html[start : start + 4000]


# --- The steps collect exactly the §7 keys ------------------------------------------------


def test_the_three_steps_collect_every_answer_key_exactly_once():
    assert len(ALL_KEYS) == len(set(ALL_KEYS))
    assert set(ALL_KEYS) == ANSWER_KEYS


def test_each_steps_sections_show_every_field_of_its_form_once():
    for step in STEPS:
        shown = [name for section in step.sections for name in section.fields]
        assert sorted(shown) == sorted(step.form_class.base_fields), step.title
        assert set(step.keys) == set(step.form_class.answer_keys()), step.title


# --- Happy paths --------------------------------------------------------------------------


@pytest.mark.django_db
def test_persona_1_walks_all_three_steps_into_an_active_treadmill_plan(logged_in, client_user):
    assert logged_in.get(reverse("questionnaire"))["Location"] == step_url(1)
    for number in range(1, 3):
        response = logged_in.post(step_url(number), post_data(number, PERSONA_1))
        assert response.status_code == 302
        assert response["Location"] == step_url(number + 1)

    response = logged_in.post(step_url(3), post_data(3, PERSONA_1))

    assert response.status_code == 302
    assert response["Location"] == reverse("screening_result")
    plan = Plan.objects.get(client=client_user)
    assert plan.status == Plan.Status.ACTIVE
    assert plan.stage == "treadmill"
    assert plan.level == 1
    assert plan.tier == "low"
    assert plan.backward_minutes == 10
    screening = Screening.objects.get(client=client_user)
    assert screening.outcome == "ready"
    assert screening.answers == PERSONA_1
    assert not QuestionnaireDraft.objects.filter(client=client_user).exists()
    page = logged_in.get(reverse("screening_result")).content.decode()
    assert "You are ready to start" in page
    assert 'href="/plan/"' in page
    assert 'href="/today/"' in page


@pytest.mark.django_db
def test_persona_7_with_chest_pain_is_paused_for_a_physician(logged_in, client_user):
    answer_steps(logged_in, PERSONA_7, through=3)

    plan = Plan.objects.get(client=client_user)
    assert plan.status == Plan.Status.NEEDS_CLEARANCE
    assert plan.pause_needs == Plan.PauseNeeds.PHYSICIAN
    assert Screening.objects.get(client=client_user).outcome == "paused_physician"
    page = logged_in.get(reverse("screening_result")).content.decode()
    assert "You get chest pain." in page
    assert "talk to your doctor" in page
    assert reverse("physician_letter") in page
    assert "My physician cleared me" in page
    assert "backward walking per session" not in page  # no dose while chest pain is unexplained
    assert "does not settle after a few minutes of rest" in page
    letter = logged_in.get(reverse("physician_letter")).content.decode()
    assert "I feel pain in my chest at rest" in letter
    assert "Answer: <strong>Yes</strong>" in letter


@pytest.mark.django_db
def test_each_valid_step_is_merged_into_the_draft(logged_in, client_user):
    answer_steps(logged_in, PERSONA_1, through=2)

    draft = QuestionnaireDraft.objects.get(client=client_user)
    assert draft.step == 3
    expected_keys = set(STEPS[0].keys) | set(STEPS[1].keys)
    assert set(draft.answers) == expected_keys
    assert draft.answers["age"] == 45
    assert draft.answers["parq_heart"] is False
    assert draft.answers["abc_ice"] == 100


@pytest.mark.django_db
def test_going_back_and_changing_an_earlier_step_keeps_the_later_answers(logged_in, client_user):
    answer_steps(logged_in, PERSONA_1, through=2)

    response = logged_in.post(step_url(1), post_data(1, PERSONA_1, age="60"))

    assert response["Location"] == step_url(2)
    draft = QuestionnaireDraft.objects.get(client=client_user)
    assert draft.answers["age"] == 60
    assert draft.answers["abc_ice"] == 100
    assert draft.step == 3  # the furthest step reached stays


@pytest.mark.django_db
def test_days_are_saved_in_week_order(logged_in, client_user):
    answer_steps(logged_in, PERSONA_1, through=2)
    logged_in.post(step_url(3), post_data(3, PERSONA_1, days=["sat", "mon"]))

    assert Plan.objects.get(client=client_user).days == ["mon", "sat"]


# --- Leaving half-way and coming back ------------------------------------------------------


@pytest.mark.django_db
def test_coming_back_resumes_at_the_first_unfinished_step(logged_in):
    answer_steps(logged_in, PERSONA_1, through=2)

    response = logged_in.get(reverse("questionnaire"))

    assert response.status_code == 302
    assert response["Location"] == step_url(3)


@pytest.mark.django_db
def test_earlier_steps_show_the_saved_answers(logged_in):
    answer_steps(logged_in, {**PERSONA_1, "age": 67, "parq_meds": True}, through=2)

    page = logged_in.get(step_url(1)).content.decode()

    assert 'name="age" value="67"' in page
    assert checked(page, "health", "parq_meds")
    assert not checked(page, "health", "none")
    abc = logged_in.get(step_url(2)).content.decode()
    assert checked(abc, "abc_ice", "100")


@pytest.mark.django_db
def test_the_back_link_goes_to_the_previous_step(logged_in):
    answer_steps(logged_in, PERSONA_1, through=2)

    page = logged_in.get(step_url(3)).content.decode()

    assert f'href="{step_url(2)}">Back</a>' in page
    assert "Step 3 of 3" in page
    assert '<progress max="3" value="3"' in page
    assert 'aria-current="step"' in page


@pytest.mark.django_db
def test_step_1_has_no_back_link_and_names_the_par_q(logged_in):
    page = logged_in.get(step_url(1)).content.decode()

    assert ">Back</a>" not in page
    assert "PAR-Q+" in page
    assert "Step 1 of 3" in page


@pytest.mark.django_db
def test_step_2_names_steadi_and_abc_6_and_labels_the_confidence_scale(logged_in):
    answer_steps(logged_in, PERSONA_1, through=1)

    page = logged_in.get(step_url(2)).content.decode()

    assert "STEADI" in page
    assert "Stay Independent" in page
    assert "ABC-6" in page
    # The buttons are bare numbers; each question's help line, linked to it, says what the
    # ends mean.
    assert page.count("0 = not at all sure, 100 = completely sure") == 6
    assert 'aria-describedby="id_abc_tiptoe_helptext"' in page


@pytest.mark.django_db
def test_jumping_to_step_3_before_step_2_is_sent_back_to_step_2(logged_in):
    answer_steps(logged_in, PERSONA_1, through=1)

    response = logged_in.get(step_url(3))

    assert response.status_code == 302
    assert response["Location"] == step_url(2)


@pytest.mark.django_db
def test_posting_step_3_before_step_2_saves_nothing(logged_in, client_user):
    answer_steps(logged_in, PERSONA_1, through=1)
    before = QuestionnaireDraft.objects.get(client=client_user).answers

    response = logged_in.post(step_url(3), post_data(3, PERSONA_1))

    assert response["Location"] == step_url(2)
    assert QuestionnaireDraft.objects.get(client=client_user).answers == before


@pytest.mark.django_db
def test_a_new_person_asking_for_step_2_starts_at_step_1(logged_in):
    response = logged_in.get(step_url(2))

    assert response["Location"] == step_url(1)


@pytest.mark.django_db
def test_there_is_no_step_4(logged_in):
    assert logged_in.get(step_url(4)).status_code == 404


# --- Bad or missing answers: message on the field, nothing saved ---------------------------


@pytest.mark.django_db
def test_a_missing_yes_no_answer_is_asked_for_and_nothing_is_saved(logged_in, client_user):
    answer_steps(logged_in, PERSONA_1, through=2)
    data = post_data(3, PERSONA_1)
    del data["pain_any"]

    response = logged_in.post(step_url(3), data)

    assert response.status_code == 200
    assert "Please answer this question." in field_error(response, "pain_any")
    assert "Please check your answers" in response.content.decode()
    assert QuestionnaireDraft.objects.get(client=client_user).step == 3
    assert not Screening.objects.filter(client=client_user).exists()


@pytest.mark.django_db
def test_an_age_of_12_is_refused_in_plain_words(logged_in, client_user):
    response = logged_in.post(step_url(1), post_data(1, PERSONA_1, age="12"))

    assert response.status_code == 200
    assert "This programme is for adults" in field_error(response, "age")
    assert not QuestionnaireDraft.objects.filter(client=client_user).exists()


@pytest.mark.django_db
def test_an_abc_answer_of_55_is_refused_and_the_draft_is_unchanged(logged_in, client_user):
    answer_steps(logged_in, PERSONA_1, through=1)
    before = QuestionnaireDraft.objects.get(client=client_user)

    response = logged_in.post(step_url(2), post_data(2, PERSONA_1, abc_ice="55"))

    assert response.status_code == 200
    assert "0, 10, 20 … 100" in field_error(response, "abc_ice")
    after = QuestionnaireDraft.objects.get(client=client_user)
    assert after.answers == before.answers
    assert after.step == 2


@pytest.mark.django_db
def test_5_minutes_is_too_short_and_no_plan_is_made(logged_in, client_user):
    answer_steps(logged_in, PERSONA_1, through=2)
    before = QuestionnaireDraft.objects.get(client=client_user)

    response = logged_in.post(step_url(3), post_data(3, PERSONA_1, minutes="5"))

    assert response.status_code == 200
    assert "at least 10 minutes" in field_error(response, "minutes")
    assert QuestionnaireDraft.objects.get(client=client_user).answers == before.answers
    assert not Plan.objects.filter(client=client_user).exists()
    assert not Screening.objects.filter(client=client_user).exists()


@pytest.mark.django_db
def test_no_days_ticked_is_refused_and_no_plan_is_made(logged_in, client_user):
    answer_steps(logged_in, PERSONA_1, through=2)
    data = post_data(3, PERSONA_1)
    del data["days"]

    response = logged_in.post(step_url(3), data)

    assert response.status_code == 200
    assert "Please tick at least one day." in field_error(response, "days")
    assert not Plan.objects.filter(client=client_user).exists()
    assert QuestionnaireDraft.objects.filter(client=client_user).exists()


# --- Double submit and starting again -------------------------------------------------------


@pytest.mark.django_db
def test_a_double_click_on_finish_makes_one_plan_version(logged_in, client_user):
    answer_steps(logged_in, PERSONA_1, through=2)

    first = logged_in.post(step_url(3), post_data(3, PERSONA_1))
    second = logged_in.post(step_url(3), post_data(3, PERSONA_1))

    assert first["Location"] == reverse("screening_result")
    assert second["Location"] == reverse("screening_result")
    assert Plan.objects.filter(client=client_user).count() == 1
    assert Screening.objects.filter(client=client_user).count() == 1


@pytest.mark.django_db
def test_start_again_clears_the_draft_and_keeps_the_plan_until_the_new_one(logged_in, client_user):
    answer_steps(logged_in, PERSONA_1, through=3)
    first_plan = Plan.objects.get(client=client_user)

    response = logged_in.post(reverse("start_again"))

    assert response["Location"] == step_url(1)
    first_plan.refresh_from_db()
    assert first_plan.status == Plan.Status.ACTIVE
    answer_steps(logged_in, PERSONA_1, through=2)
    assert logged_in.get(reverse("questionnaire"))["Location"] == step_url(3)
    answer_steps(logged_in, {**PERSONA_1, "minutes": 30}, through=3)
    first_plan.refresh_from_db()
    assert first_plan.status == Plan.Status.ENDED
    newest = Plan.objects.exclude(status=Plan.Status.ENDED).get(client=client_user)
    assert newest.version == 2
    assert newest.minutes_available == 30


@pytest.mark.django_db
def test_start_again_drops_a_half_finished_draft(logged_in, client_user):
    answer_steps(logged_in, PERSONA_1, through=3)

    logged_in.post(reverse("start_again"))

    assert not QuestionnaireDraft.objects.filter(client=client_user).exists()
    assert logged_in.get(reverse("questionnaire"))["Location"] == step_url(1)


@pytest.mark.django_db
def test_start_again_refuses_get(logged_in, client_user):
    answer_steps(logged_in, PERSONA_1, through=2)

    response = logged_in.get(reverse("start_again"))

    assert response.status_code == 405
    assert QuestionnaireDraft.objects.filter(client=client_user).exists()


@pytest.mark.django_db
def test_after_finishing_a_later_step_shows_the_result(logged_in):
    answer_steps(logged_in, PERSONA_1, through=3)

    response = logged_in.get(step_url(3))

    assert response["Location"] == reverse("screening_result")


# --- Who may come in ------------------------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_start_goes_to_login(client):
    response = client.get(reverse("questionnaire"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_anonymous_step_post_goes_to_login_and_saves_nothing(client):
    response = client.post(step_url(1), post_data(1, PERSONA_1))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not QuestionnaireDraft.objects.exists()


@pytest.mark.django_db
def test_anonymous_start_again_goes_to_login(client):
    response = client.post(reverse("start_again"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_a_coach_gets_403_on_start(coach_logged_in):
    assert coach_logged_in.get(reverse("questionnaire")).status_code == 403


@pytest.mark.django_db
def test_a_coach_gets_403_on_a_step_and_saves_nothing(coach_logged_in):
    response = coach_logged_in.post(step_url(1), post_data(1, PERSONA_1))

    assert response.status_code == 403
    assert not QuestionnaireDraft.objects.exists()


@pytest.mark.django_db
def test_a_coach_gets_403_on_start_again(coach_logged_in):
    assert coach_logged_in.post(reverse("start_again")).status_code == 403


@pytest.mark.django_db
def test_start_refuses_post(logged_in):
    assert logged_in.post(reverse("questionnaire")).status_code == 405


@pytest.mark.django_db
def test_one_clients_draft_is_not_anothers(client, client_user, other_client_user):
    client.force_login(client_user, backend="django.contrib.auth.backends.ModelBackend")
    answer_steps(client, {**PERSONA_1, "age": 81}, through=2)
    client.force_login(other_client_user, backend="django.contrib.auth.backends.ModelBackend")

    response = client.get(reverse("questionnaire"))
    page = client.get(step_url(1)).content.decode()

    assert response["Location"] == step_url(1)
    assert 'value="81"' not in page


@pytest.mark.django_db
def test_the_pages_have_no_inline_styles_or_scripts(logged_in):
    page = logged_in.get(step_url(1)).content.decode()

    assert "style=" not in page
    assert "<style" not in page
    assert "<script>" not in page
    assert "css/questionnaire" in page


# --- The v2 questions reach the answers and the screening (domain.md §2d, §2e v2) -------------

V2_ROWS = [
    # (answers changed, outcome, tier, a stage that must be skipped or None, text on the result)
    pytest.param(
        {"dizzy_on_standing": True},
        "paused_physician",
        "low",
        None,
        "You feel light-headed when you stand up.",
        id="dizzy_on_standing-physician-§2e-v2",
    ),
    pytest.param(
        {"pain_walking": 7},
        "paused_review",
        "high",
        None,
        "Walking hurts a lot: you rated it 7 out of 10.",
        id="walking-pain-7-review-persona-14",
    ),
    pytest.param(
        {"acute_illness": True},
        "paused_illness",
        "low",
        None,
        "You are unwell right now, so rest first.",
        id="acute_illness-own-pause-§2e-v2",
    ),
    pytest.param(
        {"anticoagulants": True},
        "ready",
        "high",
        "treadmill",
        "You take blood thinners, so a fall could do more harm.",
        id="anticoagulants-high",
    ),
    pytest.param(
        {"osteoporosis": True},
        "ready",
        "high",
        "track",
        "You have osteoporosis, or broke a bone in a minor fall",
        id="osteoporosis-high",
    ),
    pytest.param(
        {"seizures_12m": True},
        "ready",
        "high",
        "treadmill",
        "You had a seizure in the last year.",
        id="seizures_12m-high-§1-v2",
    ),
    pytest.param(
        {"vestibular": True},
        "ready",
        "high",
        "treadmill",
        "You have an inner-ear balance problem.",
        id="vestibular-high-supervised-§1-v2",
    ),
    pytest.param(
        {"memory_problems": True},
        "ready",
        "high",
        "track",
        "Memory problems can make new instructions harder to follow.",
        id="memory_problems-high-supervised-§1-v2",
    ),
    pytest.param(
        {"vestibular": True, "helper_available": True},
        "ready",
        "high",
        "treadmill",
        "You told us someone could walk with you: your coach will see that",
        id="helper_available-never-unlocks-a-stage-§1-v2",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("changes", "outcome", "tier", "skipped", "text"), V2_ROWS)
def test_each_v2_answer_reaches_the_screening_through_the_questionnaire(
    logged_in, client_user, changes, outcome, tier, skipped, text
):
    answers = {**PERSONA_1, **changes}

    answer_steps(logged_in, answers, through=3)

    screening = Screening.objects.get(client=client_user)
    for key, value in changes.items():
        assert screening.answers[key] == value, key
    assert screening.outcome == outcome
    assert screening.tier == tier
    plan = Plan.objects.get(client=client_user)
    if skipped:
        assert skipped in plan.skipped
        assert skipped not in plan.stages
    assert plan.treadmill_supervised is bool(changes.get("helper_available"))
    assert text in logged_in.get(reverse("screening_result")).content.decode()


@pytest.mark.django_db
def test_the_helper_line_says_it_only_tells_the_coach(logged_in):
    answer_steps(logged_in, PERSONA_1, through=2)

    page = logged_in.get(step_url(3)).content.decode()

    assert "Someone who could walk with me during sessions" in page
    assert "Someone with you only tells your coach; it never adds a stage by itself" in page
    assert "treadmill_supervised" not in page


# --- Answering again: the earlier answers that still apply are filled in -----------------------

# Answers saved before v2: no v2 keys, and the old treadmill question.
BEFORE_V2 = {
    **{key: value for key, value in PERSONA_1.items() if key not in V2_KEYS},
    "age": 71,
    "knee_oa": True,
    "pain_now": 3,
    "treadmill_supervised": True,
}


def checked(page: str, key: str, value: str) -> bool:
    box = page[page.index(f'id="q-{key}"') :]
    box = box[: box.index("</fieldset>")]
    tag = box[box.index(f'value="{value}"') :]
    return "checked" in tag[: tag.index(">")]


@pytest.mark.django_db
def test_old_answers_fill_in_a_new_round_and_only_the_new_questions_are_empty(
    logged_in, client_user
):
    make_screening(client_user, answers=BEFORE_V2)

    step_1 = logged_in.get(step_url(1)).content.decode()

    assert 'name="age" value="71"' in step_1
    assert checked(step_1, "health", "knee_oa")
    assert not checked(step_1, "health", "parq_heart")
    assert not checked(step_1, "health", "none")
    # anticoagulants, dizzy on standing, osteoporosis, seizures, vestibular, memory
    assert step_1.count("New question") == 6
    assert "Your earlier answers are filled in" in step_1

    logged_in.post(step_url(1), post_data(1, {**PERSONA_1, "age": 71, "knee_oa": True}))
    draft = QuestionnaireDraft.objects.get(client=client_user)
    assert draft.answers["knee_oa"] is True
    assert draft.answers["dizzy_on_standing"] is False
    assert "treadmill_supervised" not in draft.answers
    logged_in.post(step_url(2), post_data(2, PERSONA_1))
    step_3 = logged_in.get(step_url(3)).content.decode()
    assert not checked(step_3, "pain_any", "yes")  # how you are today: asked afresh
    assert not checked(step_3, "pain_any", "no")
    assert checked(step_3, "places", "helper_available")  # the old treadmill helper "yes"


@pytest.mark.django_db
def test_a_first_questionnaire_has_nothing_filled_in_and_no_new_marks(logged_in):
    page = logged_in.get(step_url(1)).content.decode()

    assert "New question" not in page
    assert not checked(page, "health", "none")


EARLIER_ROWS = [
    pytest.param({"age": 71}, 0, {"age": 71}, id="kept"),
    pytest.param({"acute_illness": False, "pain_now": 2}, 0, {}, id="today-answers-asked-afresh"),
    pytest.param({"anticoagulants": None}, 0, {}, id="unanswered-v2-left-empty"),
    pytest.param({"treadmill_supervised": True}, 0, {"helper_available": True}, id="legacy-yes"),
    pytest.param({"treadmill_supervised": False}, 0, {}, id="legacy-no-meant-no-treadmill-too"),
    pytest.param(
        {"treadmill_supervised": True, "helper_available": False},
        0,
        {"helper_available": False},
        id="v2-answer-wins-over-legacy",
    ),
    pytest.param({"replacement_weeks_ago": 8}, 27, {"replacement_weeks_ago": 11}, id="weeks-age"),
    pytest.param({"stroke_months_ago": 4}, 70, {"stroke_months_ago": 6}, id="months-age"),
    pytest.param({"surgery_weeks_ago": 6}, 34, {"surgery_weeks_ago": 10}, id="surgery-ages"),
    pytest.param({"surgery_weeks_ago": 10}, 14, {}, id="surgery-past-12-weeks-dropped"),
    pytest.param({"stroke_months_ago": None}, 400, {}, id="never-stays-never"),
]


@pytest.mark.parametrize(("saved", "days_since", "filled"), EARLIER_ROWS)
def test_earlier_answers_keep_only_what_still_applies(saved, days_since, filled):
    today = date(2026, 11, 27)

    result = earlier_answers(saved, today - timedelta(days=days_since), today)

    assert result == filled
