"""Stacked pause causes through the pages (domain.md §9.4, §9.5, §9.6, §9.8): the restart page,
the correction page, a late log, answering the questions again and the coach's clearance, each
with Django's test client. Every test names its §9 line."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from coaching.models import CoachLink
from plans import rules
from plans.models import Plan, PlanEvent, Screening, SessionLog
from plans.said import render_all
from plans.services import state as plan_state
from plans.services.intake import current_plan, start_plan
from tests.engine.answer_factory import make_answers_dict
from tests.factories import make_plan, make_screening
from tests.test_questionnaire import PERSONA_1, PERSONA_7, answer_steps

# Wednesday 25 November 2026, 10:00 UTC; the clients live in UTC.
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
MONDAY = date(2026, 11, 23)
TODAY = date(2026, 11, 25)
BACKEND = "django.contrib.auth.backends.ModelBackend"
OWN_CHECK = {"pain_ok": "yes", "warning_signs": "no", "new_fall": "no"}
CHECK_IN = "I feel ready to check in"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def walker(client, client_user):
    client.force_login(client_user, backend=BACKEND)
    return client


def log_day(client, day: date, **fields):
    data = {"status": "done", "minutes": "20", "rpe": "4", "pain_during": "1", **fields}
    return client.post(reverse("log_day", args=[day]), data)


def open_causes(plan: Plan) -> dict[str, str]:
    plan.refresh_from_db()
    return {c.cause: c.needs for c in plan_state.plan_causes(plan) if not c.cleared}


def page(client, name: str) -> str:
    response = client.get(reverse(name))
    assert response.status_code == 200
    return response.content.decode()


# --- §9.4 an illness pause plus a review pause ------------------------------------------------


@pytest.mark.django_db
def test_s9_4_an_illness_and_a_review_pause_never_restart_on_a_self_typed_review(
    walker, client_user, frozen
):
    """§9.4 (found bug): a review pause, then the questions again while unwell. A physio's
    review typed in the same day clears the review only; the illness waits its 7 days and the
    person's own word; then the plan restarts."""
    start_plan(client_user, {**PERSONA_1, "parq_msk": True}, TODAY)
    assert current_plan(client_user).pause_needs == Plan.PauseNeeds.COACH
    assert walker.post(reverse("start_again")).status_code == 302
    answer_steps(walker, {**PERSONA_1, "parq_msk": True, "acute_illness": True}, through=3)
    plan = current_plan(client_user)
    assert open_causes(plan) == {"screening": "coach", "illness": "self"}
    today = page(walker, "today")
    assert "The illness" in today and "The check your health answers need" in today

    review = {
        **OWN_CHECK,
        "kind": "review",
        "name": "Pat Physio",
        "profession": "physiotherapist",
        "cleared_on": TODAY.isoformat(),
    }
    response = walker.post(reverse("resume_plan"), review)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == Plan.Status.PAUSED  # not restarted the same day
    assert open_causes(plan) == {"illness": "self"}
    assert plan.pause_needs == Plan.PauseNeeds.SELF
    event = PlanEvent.objects.filter(plan=plan).first()
    assert event.kind == "clearance" and "Pat Physio" in render_all(event.reasons)
    # The wait is not over: Today says when the check-in opens and offers no form.
    today = page(walker, "today")
    assert "Your check-in opens on Wednesday 2 December" in today
    assert reverse("resume_plan") not in today
    assert 'name="pain_ok"' not in page(walker, "resume_plan")
    response = walker.post(reverse("resume_plan"), OWN_CHECK)
    assert response.status_code == 400
    plan.refresh_from_db()
    assert plan.status == Plan.Status.PAUSED

    frozen.move_to(NOW + timedelta(days=7))
    assert "I feel back to normal" in page(walker, "today")
    assert walker.post(reverse("resume_plan"), OWN_CHECK).status_code == 302
    plan.refresh_from_db()
    assert plan.status == Plan.Status.ACTIVE and plan.pause_causes == []


@pytest.mark.django_db
def test_s9_4_one_questionnaire_with_a_review_and_an_illness_waits_for_both(
    walker, client_user, frozen
):
    """§9.4: answers that need a review, given while unwell: the review recorded on the
    result page the same day does not start the plan; the illness's own week does, with the
    person's own word."""
    answer_steps(walker, {**PERSONA_1, "parq_msk": True, "acute_illness": True}, through=3)
    plan = current_plan(client_user)
    assert plan.status == Plan.Status.NEEDS_CLEARANCE
    assert open_causes(plan) == {"screening": "coach", "illness": "self"}
    result = page(walker, "screening_result")
    assert "You also told us you are unwell" in result and "Wednesday 2 December" in result

    review = {
        "kind": "review",
        "name": "Pat Physio",
        "profession": "physiotherapist",
        "cleared_on": TODAY.isoformat(),
    }
    response = walker.post(reverse("record_clearance"), review, follow=True)
    assert "see what is still open" in response.content.decode()
    assert open_causes(plan) == {"illness": "self"}
    assert plan.status == Plan.Status.NEEDS_CLEARANCE
    assert "Your check-in opens on Wednesday 2 December" in page(walker, "today")

    frozen.move_to(NOW + timedelta(days=7))
    assert walker.post(reverse("resume_plan"), OWN_CHECK).status_code == 302
    plan.refresh_from_db()
    assert plan.status == Plan.Status.ACTIVE and plan.start_date == TODAY + timedelta(days=7)


# --- §9.4 (found bug) the 48-hour wait on Today and the restart page --------------------------


@pytest.mark.django_db
def test_s9_4_after_a_fall_today_says_when_the_check_in_opens_and_offers_no_form(
    walker, client_user, frozen
):
    """§9.4 (found bug): during the 48 hours after an unhurt fall, Today and the plan page say
    when the check-in opens; neither offers "I feel ready to check in" until then."""
    make_plan(client_user, MONDAY, weeks=3, stage="handrail", level=2)
    log_day(walker, TODAY, fall="on")
    for name in ("today", "plan"):
        html = page(walker, name)
        assert CHECK_IN not in html
        assert "Your check-in opens on Friday 27 November, 10:00" in html
    resume_page = page(walker, "resume_plan")
    assert "Your check-in opens on" in resume_page and 'name="pain_ok"' not in resume_page

    frozen.move_to(NOW + timedelta(hours=48))
    html = page(walker, "today")
    assert CHECK_IN in html and "Your check-in opens" not in html
    assert 'name="pain_ok"' in page(walker, "resume_plan")


# --- §9.4 (found bug) a doctor seen before signing up -----------------------------------------


@pytest.mark.django_db
def test_s9_4_a_doctor_seen_before_answering_clears_the_questionnaires_pause(walker, client_user):
    """§9.4, §2f [PD]: someone who saw their doctor and then signed up records a clearance
    dated before the answers; it is taken (up to 90 days before), and their pages say "before
    you start", never "walk backward again"."""
    plan = start_plan(client_user, PERSONA_7, TODAY)
    today = page(walker, "today")
    assert "Please see a doctor before you start." in today
    assert "walk backward again" not in today
    assert "dated on or after 27 August 2026" in today
    too_old = TODAY - timedelta(days=rules.SCREENING_CLEARANCE_LOOKBACK_DAYS + 1)
    clearance = {"name": "Okafor", "confirmed_doctor": "on"}
    response = walker.post(
        reverse("record_clearance"), {**clearance, "cleared_on": too_old.isoformat()}
    )
    assert response.status_code == 200 and "An older clearance" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == Plan.Status.NEEDS_CLEARANCE

    before_signup = TODAY - timedelta(days=20)
    response = walker.post(
        reverse("record_clearance"), {**clearance, "cleared_on": before_signup.isoformat()}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == Plan.Status.ACTIVE
    assert Screening.objects.get(client=client_user).cleared_on == before_signup


# --- §9.5 a correction is a log ------------------------------------------------------------------


@pytest.mark.way_in("plans.views.today.correct")
@pytest.mark.way_in("plans.services.sessions.correct_log")
@pytest.mark.django_db
def test_s9_5_a_correction_that_adds_a_fall_to_a_pain_pause_keeps_the_48_hours(
    walker, client_user, frozen
):
    """§9.5 (found bug): pain 8 pauses the plan; two hours later a correction adds a fall. The
    fall's own 48 hours count from then, and the after-a-fall advice shows."""
    plan = make_plan(client_user, MONDAY, weeks=3, stage="handrail", level=2)
    log_day(walker, TODAY, pain_during="8")
    assert open_causes(plan) == {"pain": "self"}

    frozen.move_to(NOW + timedelta(hours=2))
    fields = {"status": "done", "minutes": "20", "rpe": "4", "pain_during": "8", "fall": "on"}
    response = walker.post(reverse("correct_log", args=[TODAY]), fields)
    assert response.status_code == 302
    assert open_causes(plan) == {"pain": "self", "fall": "self"}
    assert plan.falls_logged == 1
    assert "roll onto your side" in render_all(plan.pause_reason)  # the after-a-fall advice
    today = page(walker, "today")
    assert "Keep still and check yourself for injury." in today
    assert "Your check-in opens on Friday 27 November, 12:00" in today

    frozen.move_to(NOW + timedelta(hours=49))  # 49 h after the pain, 47 h after the fall
    assert walker.post(reverse("resume_plan"), OWN_CHECK).status_code == 400
    plan.refresh_from_db()
    assert plan.status == Plan.Status.PAUSED

    frozen.move_to(NOW + timedelta(hours=50))
    assert walker.post(reverse("resume_plan"), OWN_CHECK).status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.stage) == (Plan.Status.ACTIVE, "pool")  # one stage down


@pytest.mark.django_db
def test_s9_5_a_late_log_with_a_fall_adds_its_cause_to_a_pause(walker, client_user, frozen):
    """§9.5: paused for pain on Wednesday, the person logs Monday's session late, with a fall
    and a head strike: the fall joins the pause and needs a doctor."""
    plan = make_plan(client_user, MONDAY, weeks=3)
    log_day(walker, TODAY, pain_during="8")
    assert open_causes(plan) == {"pain": "self"}
    frozen.move_to(NOW + timedelta(minutes=5))
    log_day(walker, MONDAY, fall="on", fall_head_strike="on")
    assert SessionLog.objects.filter(client=client_user, date=MONDAY, fall=True).exists()
    assert open_causes(plan) == {"pain": "self", "fall": "physician"}
    assert plan.pause_needs == Plan.PauseNeeds.PHYSICIAN
    assert "See a doctor before you walk backward again" in page(walker, "today")


# --- §9.6 answering again keeps what the rules learned ---------------------------------------


@pytest.mark.django_db
def test_s9_6_answering_again_keeps_needs_review_the_step_backs_and_the_falls(
    walker, client_user, coach_user, frozen
):
    """§9.6 (found bug): a new questionnaire keeps "needs review", the rules' step-backs of the
    last 4 weeks and the logged falls; only a coach's change clears needs-review."""
    CoachLink.objects.create(coach=coach_user, client=client_user)
    plan = make_plan(client_user, MONDAY - timedelta(days=14), weeks=4)
    for days_ago in (3, 10):
        PlanEvent.objects.create(
            plan=plan,
            kind=PlanEvent.Kind.STEP_BACK,
            source=PlanEvent.Source.RULES,
            effective_on=TODAY - timedelta(days=days_ago),
        )
    SessionLog.objects.create(
        planned=plan.sessions.get(date=MONDAY),
        client=client_user,
        date=MONDAY,
        status="done",
        minutes=20,
        backward_minutes=8,
        fall=True,
    )
    Plan.objects.filter(pk=plan.pk).update(
        needs_review=True, needs_review_reason=[{"code": "do.review_with_coach"}], falls_logged=1
    )

    assert walker.post(reverse("start_again")).status_code == 302
    answer_steps(walker, PERSONA_1, through=3)  # no falls answered
    new = current_plan(client_user)
    assert new.version == plan.version + 1
    assert (new.needs_review, new.needs_review_reason) == (True, [{"code": "do.review_with_coach"}])
    state = plan_state.plan_state(new, TODAY)
    assert state.step_backs == (TODAY - timedelta(days=10), TODAY - timedelta(days=3))
    assert state.falls_12m == 1
    assert "Time for a review" in page(walker, "today")

    # §9.8 with §9.6: the next fall is the second in 12 months.
    frozen.move_to(NOW + timedelta(days=1))  # Thursday: a day of the new plan
    log_day(walker, TODAY + timedelta(days=1), fall="on")
    new.refresh_from_db()
    assert (new.status, new.pause_needs) == (Plan.Status.PAUSED, Plan.PauseNeeds.PHYSICIAN)


# --- §9.8 two falls -> physician ---------------------------------------------------------------


@pytest.mark.django_db
def test_s9_8_two_falls_each_self_cleared_reach_a_physician(walker, client_user, frozen):
    """§9.8 (found bug): the first fall is lifted by the person after 48 hours; the second
    fall in 12 months needs a doctor, whatever the first allowed."""
    plan = make_plan(client_user, MONDAY, weeks=4, stage="handrail", level=2)
    log_day(walker, TODAY, fall="on")
    assert open_causes(plan) == {"fall": "self"}
    frozen.move_to(NOW + timedelta(hours=49))
    assert walker.post(reverse("resume_plan"), OWN_CHECK).status_code == 302
    plan.refresh_from_db()
    assert plan.status == Plan.Status.ACTIVE

    frozen.move_to(datetime(2026, 11, 30, 10, 0, tzinfo=UTC))  # Monday
    log_day(walker, date(2026, 11, 30), fall="on")
    assert open_causes(plan) == {"fall": "physician"}
    event = PlanEvent.objects.filter(plan=plan, kind="pause").first()
    assert "fall_second" in {r["code"] for r in event.reasons}
    frozen.move_to(datetime(2026, 12, 3, 10, 0, tzinfo=UTC))
    assert walker.post(reverse("resume_plan"), OWN_CHECK).status_code == 400
    assert "My doctor has cleared me" in page(walker, "today")


@pytest.mark.django_db
def test_s9_8_a_fall_in_the_questionnaire_plus_one_logged_needs_a_physician(walker, client_user):
    """§9.8: one fall answered in the questionnaire and one logged are two in 12 months."""
    screening = make_screening(client_user, answers=make_answers_dict(age=70, falls_12m=1))
    plan = make_plan(client_user, MONDAY, weeks=3, screening=screening)
    log_day(walker, TODAY, fall="on")
    assert open_causes(plan) == {"fall": "physician"}


# --- §9.4 the coach's clearance -------------------------------------------------------------


@pytest.mark.django_db
def test_s9_4_a_coachs_clearance_closes_only_the_causes_a_coach_can_clear(
    client, client_user, coach_user
):
    """§9.4: paused for a warning sign (a doctor) and strong pain (anyone): the coach's own
    clearance lifts the pain only; the doctor's clearance the coach records restarts it."""
    CoachLink.objects.create(coach=coach_user, client=client_user)
    plan = make_plan(client_user, MONDAY, weeks=3, stage="handrail", level=2)
    client.force_login(client_user, backend=BACKEND)
    log_day(client, TODAY, pain_during="8", red_flag="on")
    assert open_causes(plan) == {"red_flag": "physician", "pain": "self"}

    client.force_login(coach_user, backend=BACKEND)
    url = reverse("coach_adjust", args=[client_user.public_id, "resume"])
    data = {"resume-row_version": plan.row_version, "resume-reason": "Pain has settled."}
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    assert "The plan stays paused until the warning sign is cleared too." in (
        response.content.decode()
    )
    assert open_causes(plan) == {"red_flag": "physician"}
    assert plan.status == Plan.Status.PAUSED

    url = reverse("coach_adjust", args=[client_user.public_id, "clearance"])
    data = {
        "clearance-row_version": plan.row_version,
        "clearance-reason": "Seen by their GP.",
        "clearance-clearance": "physician",
        "clearance-cleared_by": "Dr Okafor",
        "clearance-cleared_on": TODAY.isoformat(),
    }
    assert client.post(url, data).status_code == 302
    plan.refresh_from_db()
    assert plan.status == Plan.Status.ACTIVE and plan.pause_causes == []


@pytest.mark.django_db
def test_s9_4_answering_again_lifts_the_health_change_but_keeps_the_falls_wait(
    walker, client_user, frozen
):
    """§9.4, §2f: a fall and "my health has changed" in one log. New answers lift the health
    change (its own clearance) and never the fall: its 48 hours still count from the fall."""
    make_plan(client_user, MONDAY, weeks=3, stage="handrail", level=2)
    log_day(walker, TODAY, fall="on", health_changed="on")
    plan = current_plan(client_user)
    assert open_causes(plan) == {"fall": "self", "health_change": "self"}
    assert plan.rescreen_due

    frozen.move_to(NOW + timedelta(hours=3))
    assert walker.post(reverse("start_again")).status_code == 302
    answer_steps(walker, PERSONA_1, through=3)
    new = current_plan(client_user)
    assert (new.status, new.rescreen_due) == (Plan.Status.PAUSED, False)
    assert open_causes(new) == {"fall": "self"}
    assert new.paused_at == NOW  # the fall's own start, not the new answers'
    assert "Your check-in opens on Friday 27 November, 10:00" in page(walker, "today")


@pytest.mark.django_db
def test_s9_7_s9_8_a_told_fall_joins_an_open_pause_and_the_second_needs_a_physician(client_user):
    """§9.7, §9.8, §9.4: a fall told on its own joins an open pause as its own cause, counts in
    falls_logged, and the second fall in 12 months needs a physician."""
    from plans.services.falls import report_fall

    plan = make_plan(client_user, MONDAY, weeks=3)
    report_fall(
        client_user,
        happened_at=NOW - timedelta(hours=30),
        injury=False,
        head_strike=False,
        today=TODAY,
        now=NOW,
    )
    plan.refresh_from_db()
    assert open_causes(plan) == {"fall": "self"}
    assert plan.falls_logged == 1
    report_fall(
        client_user,
        happened_at=NOW - timedelta(hours=2),
        injury=False,
        head_strike=False,
        today=TODAY,
        now=NOW,
    )
    plan.refresh_from_db()
    assert open_causes(plan) == {"fall": "physician"}
    assert plan.falls_logged == 2
