"""The engine's v3 decisions (domain.md §9.2, §9.11, §9.12, §9.14-§9.17) through the pages a
person and a coach use: the questionnaire's POSTs and result page, the plan page, Today, the
session player, the physician's letter, the routine page and the coach's supervision form."""

import json
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse

from accounts.models import User
from coaching.models import CoachLink
from plans.models import Plan, QuestionnaireDraft, Screening
from plans.said import render
from plans.services.adjustments import Adjustment, adjust_plan
from plans.services.intake import current_plan, start_plan
from tests.factories import log_session
from tests.test_questionnaire import PERSONA_1, answer_steps, field_error, post_data, step_url

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)  # a Wednesday
TODAY = date(2026, 12, 2)
BACKEND = "django.contrib.auth.backends.ModelBackend"
DAYS = ["mon", "wed", "fri"]  # Wednesday is today: a session on it for every tier
# One fall, no injury, pool and track only: HIGH, starts in the pool.
HIGH_POOL_TRACK = {
    **PERSONA_1,
    "age": 70,
    "falls_12m": 1,
    "access_pool": True,
    "access_handrail": False,
    "access_treadmill": False,
    "access_track": True,
    "days": DAYS,
}
TRACK_ONLY = {
    **PERSONA_1,
    "access_handrail": False,
    "access_treadmill": False,
    "access_track": True,
    "days": DAYS,
}


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def finish(client, answers) -> object:
    """All three steps through the pages; the last POST's response."""
    answer_steps(client, answers, through=2)
    return client.post(step_url(3), post_data(3, answers))


def page(client, name, *args) -> str:
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


# --- §9.2 No pool → open track --------------------------------------------------------------


@pytest.mark.django_db
def test_s9_2_no_land_stage_ends_the_plan_at_the_pool_on_the_result_and_plan_pages(logged_in):
    """§9.2: questionnaire POST → result page and plan page say why there is no track."""
    assert finish(logged_in, HIGH_POOL_TRACK)["Location"] == reverse("screening_result")
    result = page(logged_in, "screening_result")
    assert "Pool, level 1" in result
    assert "three weeks on a handrail or a treadmill" in result
    plan_page = page(logged_in, "plan")
    assert "three weeks on a handrail or a treadmill" in plan_page
    assert "your coach can add" not in plan_page.split("Why this plan")[1].split("</section>")[0]


@pytest.mark.django_db
def test_s9_2_a_coach_confirming_the_track_does_not_add_it_without_a_land_stage(
    client, client_user, coach_user
):
    """§9.2 through the coach's supervision form: confirmed or not, no land stage, no track."""
    CoachLink.objects.create(coach=coach_user, client=client_user)
    plan = start_plan(client_user, HIGH_POOL_TRACK, TODAY)
    client.force_login(coach_user, backend=BACKEND)
    response = client.post(
        reverse("coach_adjust", args=[client_user.public_id, "supervise"]),
        {
            "supervise-row_version": plan.row_version,
            "supervise-reason": "Her daughter walks with her.",
            "supervise-supervised_stages": ["track"],
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.supervised_stages == ["track"]
    assert plan.stages == ["pool"]
    assert "three weeks on a handrail or a treadmill" in render(plan.skipped["track"])
    assert not plan.sessions.filter(stage="track").exists()


@pytest.mark.django_db
def test_s9_2_with_a_rail_the_confirmed_track_waits_21_days_on_it(client_user, coach_user):
    """§9.2: HIGH, rail and track, track confirmed: the weeks written never put the track
    less than 21 days after the first day on the rail."""
    CoachLink.objects.create(coach=coach_user, client=client_user)
    answers = {**HIGH_POOL_TRACK, "access_pool": False, "access_handrail": True}
    plan = start_plan(client_user, answers, TODAY)
    adjust_plan(
        client_user,
        coach_user,
        Adjustment("supervise", "Trained helper.", plan.row_version, supervised_stages=("track",)),
    )
    plan = current_plan(client_user)
    assert plan.stages == ["handrail", "track"]
    track = plan.sessions.filter(stage="track").order_by("date").first()
    assert track is None or (track.date - plan.start_date).days >= 21


# --- §9.11 Walking pain ≥ 6 → review -----------------------------------------------------


@pytest.mark.django_db
def test_s9_11_walking_pain_6_asks_for_a_review_on_the_result_page_and_letter(logged_in):
    """§9.11: questionnaire POST with walking pain 6 → paused for a review, said on the result
    page; the letter names the 6/10 line."""
    finish(logged_in, {**PERSONA_1, "pain_now": 2, "pain_walking": 6})
    plan = current_plan(User.objects.get(email="walker@example.com"))
    assert (plan.status, plan.pause_needs) == (Plan.Status.NEEDS_CLEARANCE, "coach")
    result = page(logged_in, "screening_result")
    assert "Walking hurts a lot: you rated it 6 out of 10." in result
    assert "A coach, physio or doctor needs to look over your answers first." in result
    assert "Pain when walking of 6/10 or more" in page(logged_in, "physician_letter")


@pytest.mark.django_db
def test_s9_11_rest_and_walking_pain_6_is_a_review_not_a_physician(logged_in):
    finish(logged_in, {**PERSONA_1, "pain_now": 6, "pain_walking": 6})
    screening = Screening.objects.get()
    assert screening.outcome == "paused_review"
    assert "and so does resting (6 out of 10)" in page(logged_in, "screening_result")


# --- §9.12 Not enough time → no plan ----------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("answers", "needed"),
    [
        pytest.param({**HIGH_POOL_TRACK, "minutes": 13}, 14, id="§9.12-high-13-needs-14"),
        pytest.param(
            {**PERSONA_1, "can_walk_10_min": False, "access_pool": True, "minutes": 12},
            14,
            id="§9.12-seated-rest-12-needs-14",
        ),
        pytest.param({**PERSONA_1, "age": 80, "minutes": 10}, 11, id="§9.12-mod-10-needs-11"),
    ],
)
def test_s9_12_the_last_step_asks_for_more_time_and_saves_nothing(
    logged_in, client_user, answers, needed
):
    """§9.12: the questionnaire's last step says how many minutes a safe session needs; no
    screening, no plan; the answers stay in the draft; enough minutes then make the plan."""
    response = finish(logged_in, answers)
    assert response.status_code == 200
    box = field_error(response, "minutes")
    assert f"A safe session for you takes at least {needed} minutes" in box
    assert not Screening.objects.exists() and not Plan.objects.exists()
    assert QuestionnaireDraft.objects.get(client=client_user).answers["age"] == answers["age"]

    response = logged_in.post(step_url(3), post_data(3, {**answers, "minutes": needed}))
    assert response["Location"] == reverse("screening_result")
    plan = current_plan(client_user)
    assert plan.sessions.exists()
    assert all(s.total_minutes <= needed for s in plan.sessions.all())


@pytest.mark.django_db
def test_s9_12_the_result_page_says_needs_more_time_with_the_minutes(logged_in, client_user):
    """§9.12: a screening that ends "needs more time" (any way in) makes no plan, and the
    result page and the letter say how many minutes are needed."""
    assert start_plan(client_user, {**HIGH_POOL_TRACK, "minutes": 10}, TODAY) is None
    screening = Screening.objects.get()
    assert screening.outcome == "needs_more_time"
    result = page(logged_in, "screening_result")
    assert "A safe session for you takes at least <strong>14 minutes</strong>" in result
    assert "You told us you have 10 minutes" in result
    assert "Your plan in short" not in result

    start_plan(client_user, {**HIGH_POOL_TRACK, "minutes": 10, "parq_heart": True}, TODAY)
    result = page(logged_in, "screening_result")
    assert "Please talk to your doctor" in result
    assert "Even then, a safe session for you needs more time than you gave" in result
    letter = page(logged_in, "physician_letter")
    assert "the shortest safe session for Wendy Walker takes 14 minutes" in letter


@pytest.mark.django_db
def test_s9_12_the_routine_page_refuses_too_little_time(logged_in, client_user):
    """§9.12: the routine page refuses minutes below the shortest safe session, on the minutes
    field, with nothing changed."""
    plan = start_plan(client_user, {**HIGH_POOL_TRACK, "minutes": 30}, TODAY)
    before = (plan.row_version, plan.minutes_available, plan.events.count())
    response = logged_in.post(
        reverse("routine"),
        {
            "places": ["access_pool", "access_track"],
            "days": DAYS,
            "minutes": "12",
            "row_version": str(plan.row_version),
        },
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert "A safe session for you takes at least 14 minutes" in form.errors["minutes"][0]
    assert "A safe session for you takes at least 14 minutes" in response.content.decode()
    plan.refresh_from_db()
    assert (plan.row_version, plan.minutes_available, plan.events.count()) == before


# --- §9.14 Pregnancy; a fit adult with only an open track ------------------------------------


@pytest.mark.django_db
def test_s9_14_the_questionnaire_asks_about_pregnancy(logged_in):
    assert "I am pregnant" in page(logged_in, "questionnaire_step", 1)


@pytest.mark.django_db
def test_s9_14_pregnant_needs_a_physician_then_pool_and_handrail_only(logged_in, client_user):
    """§9.14: questionnaire POST → physician pause; after the clearance, the plan keeps to the
    pool and the handrail and the plan page says why."""
    answers = {**PERSONA_1, "pregnant": True, "access_pool": True}
    finish(logged_in, answers)
    result = page(logged_in, "screening_result")
    assert "Please talk to your doctor" in result
    response = logged_in.post(
        reverse("record_clearance"),
        {"name": "Dr Ada Lovelace", "cleared_on": TODAY.isoformat(), "confirmed_doctor": "on"},
    )
    assert response.status_code == 302
    plan = current_plan(client_user)
    assert plan.stages == ["pool", "handrail"]
    assert {s.stage for s in plan.sessions.all()} <= {"pool", "handrail"}
    assert "While you are pregnant" in page(logged_in, "plan")


@pytest.mark.django_db
def test_s9_14_a_fit_adult_with_only_a_track_starts_there_with_someone_beside(
    logged_in, client_user, frozen
):
    """§9.14: questionnaire POST → result page (track, level 1); Today asks for someone beside
    them for the first two sessions, and stops asking once two are done."""
    finish(logged_in, TRACK_ONLY)
    result = page(logged_in, "screening_result")
    assert "Open track, level 1" in result
    beside = "For your first two sessions on the track, have someone walk beside you."
    assert beside in page(logged_in, "today")
    plan_page = page(logged_in, "plan")
    assert (
        beside in plan_page and "with someone beside you for your first two sessions" in plan_page
    )

    sessions = list(current_plan(client_user).sessions.order_by("date")[:3])
    assert [s.stage for s in sessions] == ["track"] * 3
    for planned in sessions[:2]:
        log_session(planned)
    frozen.move_to(datetime.combine(sessions[2].date, NOW.timetz()))
    assert beside not in page(logged_in, "today")


# --- §9.15 The stop rule is the person's own ------------------------------------------------


def stop_words(html: str) -> str:
    start = html.index("Stop at once")
    return html[start : html.index("</p>", start)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "shown", "hidden"),
    [
        pytest.param(
            {"knee_oa": True},
            ["knee pain above 5 out of 10", "any sharp pain, or pain that makes you limp"],
            ["not with your"],
            id="§9.15-knee-oa",
        ),
        pytest.param(
            {},
            ["any sharp pain, or pain that makes you limp"],
            ["5 out of 10", "not with your"],
            id="§9.15-everyone-else",
        ),
        pytest.param(
            {"walking_aid": "walker", "access_pool": True},
            ["any sharp pain, or pain that makes you limp", "not with your walker"],
            ["5 out of 10", "cane"],
            id="§9.15-walker",
        ),
        pytest.param(
            {"walking_aid": "cane", "access_pool": True},
            ["not with your cane"],
            ["5 out of 10", "walker"],
            id="§9.15-cane",
        ),
    ],
)
def test_s9_15_the_stop_rule_is_the_persons_own_everywhere(
    logged_in, client_user, changes, shown, hidden
):
    """§9.15: Today's first screen, the session card, the plan page's stop list, the player
    and the printable plan all read the person's own stop rule and walking aid."""
    finish(logged_in, {**PERSONA_1, **changes, "days": DAYS})
    plan = current_plan(client_user)
    assert plan.status == Plan.Status.ACTIVE
    today = page(logged_in, "today")
    first_screen = stop_words(today)
    for text in shown:
        assert text in first_screen, text
    for text in hidden:
        assert text not in first_screen, text
    plan_page = page(logged_in, "plan")
    stop_list = plan_page.split("Stop straight away if you feel")[1].split("If you fall")[0]
    player = page(logged_in, "session_player", TODAY)
    player_list = player.split("Stop straight away if you feel")[1].split("If you fall")[0]
    for listed in (stop_list, player_list):
        assert "any sharp pain, or pain that makes you limp" in listed
        assert ("knee pain above 5 out of 10" in listed) is bool(changes.get("knee_oa"))
    aid = changes.get("walking_aid")
    if aid:
        assert f"not with your {aid}" in plan_page and f"not with your {aid}" in player


@pytest.mark.django_db
def test_s9_15_the_letter_states_the_persons_own_stop_rule(logged_in):
    finish(logged_in, {**PERSONA_1, "parq_heart": True, "walking_aid": "walker"})
    letter = page(logged_in, "physician_letter")
    assert "pain that causes a limp (no pain score is accepted as normal)" in letter
    assert "Walks backward holding the rail, not with the walker." in letter


# --- §9.16 Seated rest from the first bout ------------------------------------------------


@pytest.mark.django_db
def test_s9_16_the_player_sits_before_walking_5_minutes(logged_in, client_user):
    """§9.16: Today's card and the guided session: the warm-up ends sitting, so no walking runs
    past 5 minutes before the first sit."""
    answers = {**PERSONA_1, "can_walk_10_min": False, "access_pool": True, "days": DAYS}
    finish(logged_in, answers)
    assert "Sit down for the last minute of it." in page(logged_in, "today")
    response = logged_in.get(reverse("session_player", args=[TODAY]))
    html = response.content.decode()
    start = html.index('id="player-data"')
    data = json.loads(html[html.index(">", start) + 1 : html.index("</script>", start)])
    kinds = [phase["kind"] for phase in data["phases"]]
    walked = 0
    for phase in data["phases"]:
        if phase["kind"] == "seated":
            break
        walked += phase["seconds"]
    assert walked <= 5 * 60
    assert kinds[:2] == ["warmup", "seated"]


# --- §9.17 Copy --------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("unit", "speed"),
    [
        pytest.param("kmh", "1.5 km/h", id="§9.17-kmh"),
        pytest.param("mph", "0.9 mph", id="§9.17-mph"),
    ],
)
def test_s9_17_effort_and_the_persons_own_treadmill_speed(logged_in, client_user, unit, speed):
    """§9.17: effort 4-6 reads "speak only in short sentences"; the plan's treadmill reason gives
    the person's own speed in their unit, never "its slowest speed"."""
    User.objects.filter(pk=client_user.pk).update(speed_unit=unit)
    finish(logged_in, {**PERSONA_1, "days": DAYS})
    for name in ("screening_result", "plan"):
        html = page(logged_in, name)
        assert f"Your belt speed is {speed}" in html
        assert "slowest" not in html
    today = page(logged_in, "today")
    assert "hard enough that you can speak only in short sentences" in today
    assert "full sentences" not in today


@pytest.mark.django_db
def test_s9_17_a_gentler_range_still_talks_in_full_sentences(logged_in):
    finish(logged_in, {**PERSONA_1, "age": 80, "access_pool": True, "days": DAYS})
    today = page(logged_in, "today")
    assert "you can still talk in full sentences" in today
    assert "short sentences" not in today


# --- recheck_plans: plans made under v2 meet the v3 rules once -------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("answers", "tier", "stages", "stage", "moved_to", "status", "why"),
    [
        pytest.param(
            {"age": 57, "pain_walking": 6},
            "high",
            ["pool", "handrail"],
            "handrail",
            "handrail",
            Plan.Status.PAUSED,
            "need a check first",
            id="§9.11-walking-pain-6-pauses-for-a-review",
        ),
        pytest.param(
            {"age": 70, "falls_12m": 1, "access_handrail": False, "access_treadmill": False},
            "high",
            ["pool", "track"],
            "track",
            "pool",
            Plan.Status.ACTIVE,
            "three weeks on a handrail or a treadmill",
            id="§9.2-high-pool-and-track-moves-back-to-the-pool",
        ),
        pytest.param(
            {"pregnant": True},
            "low",
            ["pool", "handrail", "treadmill", "track"],
            "treadmill",
            "handrail",
            Plan.Status.PAUSED,
            "While you are pregnant",
            id="§9.14-pregnant-off-the-treadmill",
        ),
    ],
)
def test_recheck_plans_applies_the_v3_rules_to_an_older_plan(
    client_user, coach_user, answers, tier, stages, stage, moved_to, status, why
):
    """§9.2, §9.11, §9.14 through `manage.py recheck_plans` (RULES_VERSION 2026.3): an older
    plan the v3 rules would pause or restrict is paused or moved once, with an event that says
    why."""
    from io import StringIO

    from django.core.management import call_command

    from plans import rules
    from tests.engine.answer_factory import make_answers_dict
    from tests.factories import make_plan, make_screening

    assert rules.RULES_VERSION == "2026.3"
    CoachLink.objects.create(coach=coach_user, client=client_user)
    screening = make_screening(
        client_user, answers=make_answers_dict(**answers), tier=tier, rules_version="2026.2"
    )
    plan = make_plan(client_user, date(2026, 11, 23), weeks=2, screening=screening, stage=stage)
    Plan.objects.filter(pk=plan.pk).update(
        rules_version="2026.2", tier=tier, stages=stages, supervised_stages=["track"]
    )
    call_command("recheck_plans", stdout=StringIO())
    plan.refresh_from_db()
    assert (plan.stage, plan.status) == (moved_to, status)
    event = plan.events.get()
    assert why in " ".join(render(r) for r in event.reasons)
    assert plan.rules_version == "2026.3"
