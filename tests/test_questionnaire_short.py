"""The shorter questionnaire (issue 17): tick lists, follow-ups, and the same answers as before."""

from typing import Any

import pytest
from django.urls import reverse

from coaching.models import CoachLink
from plans.demo_data import PROFILES
from plans.forms.questionnaire import FallsForm, HealthForm, PlacesForm, to_unit
from plans.models import QuestionnaireDraft
from plans.questionnaire_steps import STEPS
from plans.screening import Answers
from plans.services.intake import start_plan
from tests.test_questionnaire import PERSONA_1, PERSONA_7, answer_steps, post_data, step_url

PERSONAS = {
    "persona-1": PERSONA_1,
    "persona-7-chest-pain": PERSONA_7,
    **{f"demo-{name}": answers for name, answers in PROFILES.items()},
    "stroke-replacement-surgery": {
        **PERSONA_1,
        "stroke_months_ago": 3,
        "replacement_weeks_ago": 8,
        "surgery_weeks_ago": 0,
    },
    "falls-with-injury": {**PERSONA_1, "falls_12m": 2, "fall_injury": True},
    "falls-without-injury": {**PERSONA_1, "falls_12m": 1, "fall_injury": False},
    "pain-walking-only": {**PERSONA_1, "pain_now": 0, "pain_walking": 4},
    "cannot-stand-or-walk": {**PERSONA_1, "can_stand_unaided": False, "can_walk_10_min": False},
    "everything-yes": {
        key: (True if isinstance(value, bool) and key not in ("fall_injury",) else value)
        for key, value in PERSONA_1.items()
    }
    | {"falls_12m": 3, "fall_injury": True, "pain_now": 7, "pain_walking": 9},
    "no-places-no-helper": {
        **PERSONA_1,
        "access_handrail": False,
        "access_treadmill": False,
        "access_track": False,
    },
}


def through_the_forms(answers: dict[str, Any]) -> dict[str, Any]:
    """The answers given through the three forms as a browser would post them."""
    collected: dict[str, Any] = {}
    for step in STEPS:
        form = step.form_class(post_data(step.number, answers))
        assert form.is_valid(), (step.number, form.errors)
        collected.update(form.answers())
    return collected


@pytest.mark.parametrize("answers", PERSONAS.values(), ids=PERSONAS.keys())
def test_the_shorter_forms_give_the_rules_exactly_the_same_answers(answers):
    assert Answers.from_dict(through_the_forms(answers)) == Answers.from_dict(answers)


def health(**changes: Any) -> HealthForm:
    return HealthForm(post_data(1, PERSONA_1, **changes))


NONE_ROWS = [
    pytest.param([], "Please tick every line that applies to you, or “None of these”.", id="none"),
    pytest.param(["none", "knee_oa"], "You ticked “None of these” and another line", id="both"),
]


@pytest.mark.parametrize(("ticked", "message"), NONE_ROWS)
def test_a_tick_list_needs_its_lines_or_an_explicit_none_of_these(ticked, message):
    form = health(health=ticked)

    assert not form.is_valid()
    assert message in form.errors["health"][0]


def test_none_of_these_saves_every_line_as_no():
    form = health(health=["none"])

    assert form.is_valid()
    answers = form.answers()
    assert answers["parq_heart"] is False
    assert answers["memory_problems"] is False
    assert answers["stroke_months_ago"] is None


FOLLOW_UP_ROWS = [
    pytest.param(
        HealthForm, 1, {"health": ["had_stroke"], "stroke_ago": ""}, "stroke_ago", id="stroke"
    ),
    pytest.param(
        HealthForm,
        1,
        {"health": ["had_replacement"], "replacement_ago": ""},
        "replacement_ago",
        id="replacement",
    ),
    pytest.param(
        HealthForm, 1, {"health": ["had_surgery"], "surgery_ago": ""}, "surgery_ago", id="surgery"
    ),
    pytest.param(FallsForm, 2, {"falls_12m": "2", "fall_injury": ""}, "fall_injury", id="fall"),
    pytest.param(PlacesForm, 3, {"pain_any": "yes", "pain_now": ""}, "pain_now", id="pain-now"),
    pytest.param(
        PlacesForm, 3, {"pain_any": "yes", "pain_walking": ""}, "pain_walking", id="pain-walking"
    ),
]


@pytest.mark.parametrize(("form_class", "number", "changes", "field"), FOLLOW_UP_ROWS)
def test_a_follow_up_is_required_when_its_parent_answer_asks_for_it(
    form_class, number, changes, field
):
    form = form_class(post_data(number, PERSONA_1, **changes))

    assert not form.is_valid()
    assert form.errors[field] == ["Please answer this question."]


IGNORED_ROWS = [
    pytest.param(HealthForm, 1, {"health": ["none"], "stroke_ago": "4"}, "stroke_months_ago", None),
    pytest.param(FallsForm, 2, {"falls_12m": "0", "fall_injury": "yes"}, "fall_injury", False),
    pytest.param(PlacesForm, 3, {"pain_any": "no", "pain_now": "6"}, "pain_now", 0),
]


@pytest.mark.parametrize(("form_class", "number", "changes", "key", "saved"), IGNORED_ROWS)
def test_a_follow_up_left_over_from_a_changed_answer_is_not_saved(
    form_class, number, changes, key, saved
):
    form = form_class(post_data(number, PERSONA_1, **changes))

    assert form.is_valid(), form.errors
    assert form.answers()[key] is saved


UNIT_ROWS = [
    pytest.param("replacement", "months", 3, "replacement_weeks_ago", 13, id="months-to-weeks"),
    pytest.param("surgery", "weeks", 6, "surgery_weeks_ago", 6, id="weeks-stay"),
    pytest.param("stroke", "weeks", 10, "stroke_months_ago", 2, id="weeks-to-months-down"),
    pytest.param("stroke", "months", 7, "stroke_months_ago", 7, id="months-stay"),
]


@pytest.mark.parametrize(("item", "unit", "given", "key", "saved"), UNIT_ROWS)
def test_how_long_ago_is_saved_in_the_unit_the_rules_use(item, unit, given, key, saved):
    form = health(health=[f"had_{item}"], **{f"{item}_ago": str(given), f"{item}_unit": unit})

    assert form.is_valid(), form.errors
    assert form.answers()[key] == saved


def test_a_conversion_never_makes_a_time_look_longer_ago():
    assert to_unit(1, "months", "weeks") == 4
    assert to_unit(4, "weeks", "months") == 0
    assert to_unit(12, "weeks", "weeks") == 12


@pytest.mark.django_db
def test_follow_ups_are_on_the_page_without_javascript_and_marked_for_the_script(logged_in):
    page = logged_in.get(step_url(1)).content.decode()

    assert 'id="q-stroke_ago" data-follows="health" data-follows-when="had_stroke"' in page
    assert " hidden" not in page[page.index('id="q-stroke_ago"') :][:200]
    assert "js/questionnaire" in page
    assert "<script>" not in page


@pytest.mark.django_db
def test_the_headings_are_plain_and_the_instruments_are_named_in_small_print(logged_in):
    answer_steps(logged_in, PERSONA_1, through=1)

    page = logged_in.get(step_url(2)).content.decode()

    assert '<p class="q-source small">Includes the STEADI' in page
    assert "How sure are you of your balance?" in page


@pytest.mark.django_db
def test_a_draft_saved_in_the_five_step_days_resumes_at_the_last_step(logged_in, client_user):
    answer_steps(logged_in, PERSONA_1, through=2)
    QuestionnaireDraft.objects.filter(client=client_user).update(step=5)

    response = logged_in.get(reverse("questionnaire"))

    assert response["Location"] == step_url(3)
    assert logged_in.get(step_url(3)).status_code == 200


@pytest.mark.django_db
def test_the_coach_sees_each_line_as_its_own_answer_and_a_time_with_its_unit(
    coach_logged_in, coach_user, client_user
):
    CoachLink.objects.create(coach=coach_user, client=client_user)
    answers = {**PERSONA_1, "replacement_weeks_ago": 20, "knee_oa": True}
    start_plan(client_user, answers, client_user.local_today())

    page = coach_logged_in.get(reverse("coach_client", args=[client_user.public_id]))

    html = page.content.decode()
    assert "How long ago was your hip or knee replacement?" in html
    assert "20 weeks ago" in html
    assert "I have arthritis in a knee (osteoarthritis)" in html
