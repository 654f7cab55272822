"""/start/result/ and /start/clearance/: what came of the questionnaire, and clearing a pause."""

from datetime import timedelta

import pytest
from django.urls import reverse

from coaching.models import CoachLink
from plans import rules
from plans.models import Plan, PlanEvent, Screening
from plans.services.intake import start_plan
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
# Persona 9 (§5 v2): 80 y, a fall, a cane, STEADI 6, ABC-6 35, pool + track, no coach.
PERSONA_9 = {
    **PERSONA_1,
    "age": 80,
    "falls_12m": 1,
    "walking_aid": "cane",
    "steadi_unsteady": True,
    "steadi_worried": True,
    **dict.fromkeys(
        ("abc_tiptoe", "abc_chair", "abc_bumped", "abc_escalator_rail", "abc_escalator_parcels"),
        30,
    ),
    "abc_ice": 60,
    "access_pool": True,
    "access_handrail": False,
    "access_treadmill": False,
    "access_track": True,
}
# Persona 14 (§5 v2): walking pain 7 and no PAR-Q+ yes: a review pause.
PERSONA_14 = {**PERSONA_1, "age": 57, "pain_walking": 7}
# Only a track, at 65 (v3 §9.14: a fit adult under 65 may start on a track alone).
NOTHING_STEADY = {**PERSONA_1, "age": 65, "access_handrail": False, "access_treadmill": False}
# A seizure this year makes the pool supervised-only too: the only place needs a helper.
ONLY_A_SUPERVISED_POOL = {
    **NOTHING_STEADY,
    "seizures_12m": True,
    "access_pool": True,
    "access_track": False,
}
ILL = {**PERSONA_1, "acute_illness": True}
# Never said to anyone, on any result page (§4 v2).
NEVER = ("you will get there", "a tenth", "10 % a week")


def physician_clearance(user, name="Dr Ada Lovelace", on=None, confirmed=True):
    data = {"name": name, "cleared_on": (on or user.local_today()).isoformat()}
    if confirmed:
        data["confirmed_doctor"] = "on"
    return data


def review_clearance(user, kind="review", name="Pat Physio", profession="physiotherapist"):
    return {
        "kind": kind,
        "name": name,
        "profession": profession,
        "cleared_on": user.local_today().isoformat(),
    }


def result_page(client) -> str:
    response = client.get(reverse("screening_result"))
    assert response.status_code == 200
    return response.content.decode()


# --- The result: one row per outcome (domain.md §2e, §2f and §4 v2) --------------------------


@pytest.mark.django_db
def test_without_a_screening_the_result_sends_you_to_the_questions(logged_in):
    response = logged_in.get(reverse("screening_result"))

    assert response.status_code == 302
    assert response["Location"] == reverse("questionnaire")


RESULT_ROWS = [
    pytest.param(
        [PERSONA_1],
        [
            "You are ready to start",
            "Treadmill, level 1",
            "10 minutes of backward walking per session",
            "In bouts of 2 minutes backward, each followed by 1 minute of rest with the belt "
            "slowed or stopped, both hands on the rails.",
            "4 times a week",
            "4 to 6 out of 10 for effort (3 is moderate, 5 is hard, 7 is very hard)",
            "1.5 km/h",
            'href="/today/"',
            'href="/plan/"',
        ],
        [
            "cleared me",
            "wheelchair",
            "sitting down",
            "What to do now",
            "walking forward",
            "In turns",
        ],
        id="ready-§2e-treadmill-§9.3",
    ),
    pytest.param(
        [PERSONA_9],
        [
            "You are ready to start",
            "Pool, level 1",
            "each followed by 1 minute sitting down",
            "3 to 4 out of 10",
            "Not in your plan for now",
            "Open track",
        ],
        ["wheelchair", "easy walking forward", "km/h"],
        id="ready-high-seated-rest-persona-9-§1-v2",
    ),
    pytest.param(
        [PERSONA_7],
        [
            "Please talk to your doctor before you start",
            "You get chest pain.",
            "does not settle after a few minutes of rest",
            "Open the page for your doctor",
            'action="/start/clearance/"',
            "Your doctor&#x27;s name",
            "I confirm a doctor (physician) cleared me to exercise.",
        ],
        ["backward walking per session", "wheelchair", "A physiotherapist or a doctor reviewed it"],
        id="paused_physician-persona-7-§2e",
    ),
    pytest.param(
        [PERSONA_4],
        [
            "A coach, physio or doctor needs to look over your answers",
            "a physiotherapist or a doctor",
            "A physiotherapist or a doctor reviewed it",
            'action="/start/clearance/"',
            "Open the page for your doctor",
        ],
        ["backward walking per session", "wheelchair", "Your coach can clear you"],
        id="paused_review-persona-4-§2e",
    ),
    pytest.param(
        [PERSONA_14],
        ["Walking hurts a lot: you rated it 7 out of 10.", "A physiotherapist or a doctor"],
        ["wheelchair", "PAR-Q+ health check asks"],
        id="paused_review-walking-pain-7-persona-14-§2e-v2",
    ),
    pytest.param(
        [ILL],
        [
            "You are unwell right now, so rest first",
            "Rest and look after yourself",
            "you can start your plan yourself",
            "see your doctor",
        ],
        ["wheelchair", 'action="/start/clearance/"', "backward walking per session", "cleared me"],
        id="paused_illness-§2e-v2",
    ),
    pytest.param(
        [NOTHING_STEADY],
        [
            "you need something steady to hold",
            "What you need to start",
            "a chair does not count",
            "answer the questions again",
        ],
        ["wheelchair", "walk on their own", "cleared me", 'action="/start/clearance/"'],
        id="paused_support-§2e",
    ),
    pytest.param(
        [ONLY_A_SUPERVISED_POOL],
        [
            "all need someone trained with you",
            "only safe with someone trained beside you",
            "Ask a coach to invite you",
        ],
        ["wheelchair", "walk on their own", "cleared me"],
        id="paused_support-needs-supervision-§1-v2",
    ),
    pytest.param(
        [WHEELCHAIR],
        ["we cannot offer you a plan", "What you can do instead", "physiotherapist", "wheelchair"],
        ["cleared me", "Open the page for your doctor"],
        id="no_plan-§2e",
    ),
    pytest.param(
        [{**WHEELCHAIR, "parq_chest_pain": True}],
        [
            "Please talk to your doctor about the answers below",
            "Even then, we cannot offer you a plan",
            "What you can do instead",
        ],
        ["ready and waiting", 'action="/start/clearance/"', "backward walking per session"],
        id="no_plan-hidden-behind-a-physician-pause",
    ),
    pytest.param(
        [{**NOTHING_STEADY, "parq_chest_pain": True}],
        [
            "Please talk to your doctor about the answers below",
            "Even then, a plan can start only once you have something steady to hold",
            "What you need to start",
        ],
        ["ready and waiting", "wheelchair", 'action="/start/clearance/"'],
        id="paused_support-hidden-behind-a-physician-pause",
    ),
    pytest.param(
        [PERSONA_7, PERSONA_1],
        [
            "Your plan stays paused until a doctor clears you. New answers cannot lift it.",
            "Open the page for your doctor",
            'href="/plan/resume/"',
        ],
        [
            "You are ready to start",
            "backward walking per session",
            "something steady",
            "wheelchair",
        ],
        id="pause-carried-over-persona-12-§2f",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("rounds", "shown", "not_shown"), RESULT_ROWS)
def test_the_result_page_says_the_right_thing_for_each_outcome(
    logged_in, client_user, rounds, shown, not_shown
):
    for answers in rounds:
        start_plan(client_user, answers, client_user.local_today())

    page = result_page(logged_in)

    for text in shown:
        assert text in page, text
    for text in (*not_shown, *NEVER):
        assert text not in page, text


@pytest.mark.django_db
def test_an_illness_pause_gives_the_day_you_may_restart_yourself(logged_in, client_user):
    today = client_user.local_today()
    start_plan(client_user, ILL, today)

    page = result_page(logged_in)

    restart = today + timedelta(days=7)
    assert f"From {restart:%A} {restart.day} {restart:%B}" in page
    assert "Start my plan" not in page  # not before the week is up


@pytest.mark.django_db
def test_after_the_illness_week_the_result_offers_the_restart(logged_in, client_user):
    today = client_user.local_today()
    start_plan(client_user, ILL, today - timedelta(days=7))
    Plan.objects.filter(client=client_user).update(paused_on=today - timedelta(days=7))

    page = result_page(logged_in)

    assert 'href="/plan/resume/">Start my plan' in page


@pytest.mark.django_db
def test_a_review_pause_with_a_linked_coach_says_the_coach_can_clear_it(
    logged_in, client_user, coach_user
):
    CoachLink.objects.create(coach=coach_user, client=client_user)
    start_plan(client_user, PERSONA_4, client_user.local_today())

    page = result_page(logged_in)

    assert "Your coach can clear you from their side." in page


@pytest.mark.django_db
def test_a_plan_paused_by_a_session_says_what_lifts_the_pause(logged_in, client_user):
    plan = start_plan(client_user, PERSONA_1, client_user.local_today())
    Plan.objects.filter(pk=plan.pk).update(
        status=Plan.Status.PAUSED,
        pause_needs="self",
        paused_for="pain",
        pause_reason=[{"code": "do.after_pain"}],
    )

    page = result_page(logged_in)

    assert "Your plan stays paused until you feel ready" in page
    assert "Why your plan is paused:</strong> Stop for today and rest the sore spot." in page
    assert 'href="/plan/resume/">Restart my plan' in page
    assert "You are ready to start" not in page


@pytest.mark.django_db
def test_the_result_shows_only_your_own_screening(logged_in, client_user, other_client_user):
    start_plan(other_client_user, PERSONA_7, other_client_user.local_today())
    start_plan(client_user, PERSONA_1, client_user.local_today())

    page = result_page(logged_in)

    assert "You are ready to start" in page
    assert "chest pain" not in page


# --- Recording a clearance ------------------------------------------------------------------


@pytest.mark.django_db
def test_a_physician_clearance_activates_the_waiting_plan(logged_in, client_user):
    plan = start_plan(client_user, PERSONA_7, client_user.local_today())

    response = logged_in.post(reverse("record_clearance"), physician_clearance(client_user))

    assert response.status_code == 302
    assert response["Location"] == reverse("screening_result")
    plan.refresh_from_db()
    assert plan.status == Plan.Status.ACTIVE
    screening = Screening.objects.get(client=client_user)
    assert screening.clearance == "physician"
    assert screening.cleared_by == "Dr Ada Lovelace"
    assert screening.clearance_recorded_by == client_user
    page = result_page(logged_in)
    assert "You have been cleared to start" in page
    assert "Your clearance is recorded" in page
    assert "10 minutes of backward walking per session" in page


REFUSED = [
    pytest.param({"on_days": 1}, "The date cannot be in the future.", id="dated-tomorrow"),
    pytest.param(
        {"on_days": -rules.SCREENING_CLEARANCE_LOOKBACK_DAYS - 1},
        "An older clearance does not cover what happened since.",
        id="dated-too-long-before-the-answers-§2f-§9.4",
    ),
    pytest.param({"name": ""}, "Type the name of the person who cleared you.", id="no-name"),
    pytest.param(
        {"confirmed": False}, "Please confirm that a doctor cleared you.", id="not-confirmed"
    ),
]


@pytest.mark.way_in("plans.views.questionnaire.record_clearance")
@pytest.mark.way_in("plans.services.clearances.clear")
@pytest.mark.django_db
@pytest.mark.parametrize(("change", "message"), REFUSED)
def test_a_physician_clearance_that_does_not_hold_is_refused_and_nothing_changes(
    logged_in, client_user, change, message
):
    plan = start_plan(client_user, PERSONA_7, client_user.local_today())
    events = PlanEvent.objects.filter(plan=plan).count()
    change = dict(change)
    on = client_user.local_today() + timedelta(days=change.pop("on_days", 0))

    response = logged_in.post(
        reverse("record_clearance"), physician_clearance(client_user, on=on, **change)
    )

    assert response.status_code == 200  # the form again, with its errors
    assert message in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == Plan.Status.NEEDS_CLEARANCE
    assert Screening.objects.get(client=client_user).clearance == ""
    assert PlanEvent.objects.filter(plan=plan).count() == events


@pytest.mark.way_in("plans.views.questionnaire.record_clearance")
@pytest.mark.django_db
def test_a_client_cannot_record_my_coach_cleared_me(logged_in, client_user):
    plan = start_plan(client_user, PERSONA_4, client_user.local_today())

    response = logged_in.post(
        reverse("record_clearance"), review_clearance(client_user, kind="coach")
    )

    assert response.status_code == 200  # the form again, with its errors
    plan.refresh_from_db()
    assert plan.status == Plan.Status.NEEDS_CLEARANCE
    assert Screening.objects.get(client=client_user).clearance == ""


@pytest.mark.django_db
def test_a_physios_review_lifts_a_review_pause(logged_in, client_user):
    plan = start_plan(client_user, PERSONA_4, client_user.local_today())

    response = logged_in.post(reverse("record_clearance"), review_clearance(client_user))

    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == Plan.Status.ACTIVE
    assert Screening.objects.get(client=client_user).cleared_profession == "physiotherapist"


@pytest.mark.django_db
def test_a_clearance_with_no_paused_plan_changes_nothing(logged_in, client_user):
    plan = start_plan(client_user, PERSONA_1, client_user.local_today())

    response = logged_in.post(reverse("record_clearance"), physician_clearance(client_user))

    assert response["Location"] == reverse("screening_result")
    plan.refresh_from_db()
    assert plan.status == Plan.Status.ACTIVE
    assert Screening.objects.get(client=client_user).clearance == ""


@pytest.mark.django_db
def test_a_clearance_only_touches_your_own_plan(logged_in, client_user, other_client_user):
    others = start_plan(other_client_user, PERSONA_7, other_client_user.local_today())
    mine = start_plan(client_user, PERSONA_7, client_user.local_today())

    logged_in.post(reverse("record_clearance"), physician_clearance(client_user))

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

    response = client.post(reverse("record_clearance"), physician_clearance(client_user))

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

    response = coach_logged_in.post(reverse("record_clearance"), physician_clearance(client_user))

    assert response.status_code == 403
    plan.refresh_from_db()
    assert plan.status == Plan.Status.NEEDS_CLEARANCE
