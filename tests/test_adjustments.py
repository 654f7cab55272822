"""A coach changes a client's plan: each change needs a reason, writes an audit entry both
sides see, rewrites the sessions from tomorrow on, and changes nothing on bad or stale input."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from coaching.models import CoachLink, Note
from plans.models import Plan, PlanEvent, Screening
from plans.said import render_all
from plans.services import adjustments as coaching
from plans.services import clearances
from plans.services.errors import ClearanceNotEnough
from plans.services.intake import start_plan
from tests.factories import log_session, make_plan
from tests.test_questionnaire import PERSONA_7

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # a Wednesday
TODAY = date(2026, 11, 25)
MONDAY = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def plan(client_user, coach_user):
    CoachLink.objects.create(coach=coach_user, client=client_user)
    return make_plan(client_user, MONDAY, weeks=2, stage="handrail", level=2, backward_minutes=10)


def url(client_user, kind):
    return reverse("coach_adjust", args=[client_user.public_id, kind])


def post(client, client_user, kind, plan, **fields):
    data = {f"{kind}-row_version": plan.row_version, f"{kind}-reason": "Doing well."}
    data.update({f"{kind}-{name}": value for name, value in fields.items()})
    return client.post(url(client_user, kind), data)


def future(plan):
    return list(plan.sessions.filter(date__gt=TODAY).order_by("date"))


def assert_unchanged(plan, before: dict):
    version = plan.row_version
    plan.refresh_from_db()
    assert plan.row_version == version
    assert (plan.status, plan.stage, plan.level, plan.backward_minutes) == (
        before["status"],
        before["stage"],
        before["level"],
        before["backward_minutes"],
    )
    assert PlanEvent.objects.filter(plan=plan).count() == 0


def state(plan) -> dict:
    return {
        "status": plan.status,
        "stage": plan.stage,
        "level": plan.level,
        "backward_minutes": plan.backward_minutes,
    }


# --- Each change -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_stage_up(coach_logged_in, coach_user, client_user, plan):
    response = post(coach_logged_in, client_user, "stage_up", plan)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.stage, plan.level) == ("treadmill", 1)
    assert plan.speed_kmh is not None
    assert plan.row_version == 2
    event = PlanEvent.objects.get(plan=plan)
    assert event.kind == "advance"
    assert event.source == "coach"
    assert event.made_by == coach_user
    assert event.note == "Doing well."
    assert event.before["stage"] == "handrail" and event.after["stage"] == "treadmill"
    assert event.effective_on == TODAY
    sessions = future(plan)
    assert sessions and all(s.stage == "treadmill" and s.level == 1 for s in sessions)
    # Today and earlier keep what was planned.
    assert plan.sessions.get(date=MONDAY).stage == "handrail"


@pytest.mark.django_db
def test_stage_down_keeps_the_level(coach_logged_in, client_user, plan):
    post(coach_logged_in, client_user, "stage_down", plan)
    plan.refresh_from_db()
    assert (plan.stage, plan.level) == ("pool", 2)
    assert PlanEvent.objects.get(plan=plan).kind == "step_back"
    assert all(s.stage == "pool" for s in future(plan))


@pytest.mark.django_db
def test_stage_up_only_to_a_usable_stage(coach_logged_in, client_user, plan):
    Plan.objects.filter(pk=plan.pk).update(stages=["pool", "handrail", "track"])
    plan.refresh_from_db()
    post(coach_logged_in, client_user, "stage_up", plan)
    plan.refresh_from_db()
    assert plan.stage == "track"  # the treadmill is not one of theirs


@pytest.mark.django_db
def test_stage_up_past_the_last_stage_changes_nothing(coach_logged_in, client_user, plan):
    Plan.objects.filter(pk=plan.pk).update(stage="track")
    plan.refresh_from_db()
    before = state(plan)
    response = post(coach_logged_in, client_user, "stage_up", plan)
    assert response.status_code == 400
    assert "already on the last stage" in response.content.decode()
    assert_unchanged(plan, before)


@pytest.mark.django_db
def test_change_dose(coach_logged_in, client_user, plan):
    response = post(coach_logged_in, client_user, "dose", plan, level=3, backward_minutes=12)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.level, plan.backward_minutes) == (3, 12)
    event = PlanEvent.objects.get(plan=plan)
    assert event.kind == "adjust"
    assert (event.before["level"], event.after["level"]) == (2, 3)
    assert all(s.level == 3 for s in future(plan))


@pytest.mark.django_db
def test_dose_over_30_minutes_changes_nothing(coach_logged_in, client_user, plan):
    before = state(plan)
    response = post(coach_logged_in, client_user, "dose", plan, level=3, backward_minutes=31)
    assert response.status_code == 400
    assert "At most 30 minutes." in response.content.decode()
    assert_unchanged(plan, before)


@pytest.mark.django_db
def test_dose_level_5_changes_nothing(coach_logged_in, client_user, plan):
    before = state(plan)
    response = post(coach_logged_in, client_user, "dose", plan, level=5, backward_minutes=10)
    assert response.status_code == 400
    assert "Choose a level from 1 to 4." in response.content.decode()
    assert_unchanged(plan, before)


@pytest.mark.django_db
def test_dose_that_is_the_same_changes_nothing(coach_logged_in, client_user, plan):
    before = state(plan)
    response = post(coach_logged_in, client_user, "dose", plan, level=2, backward_minutes=10)
    assert response.status_code == 400
    assert "nothing to change" in response.content.decode()
    assert_unchanged(plan, before)


@pytest.mark.django_db
def test_a_change_without_a_reason_changes_nothing(coach_logged_in, client_user, plan):
    before = state(plan)
    response = coach_logged_in.post(
        url(client_user, "stage_up"),
        {"stage_up-row_version": plan.row_version, "stage_up-reason": "   "},
    )
    assert response.status_code == 400
    assert "Please give a reason" in response.content.decode()
    assert_unchanged(plan, before)


@pytest.mark.django_db
def test_an_unknown_change_is_404(coach_logged_in, client_user, plan):
    before = state(plan)
    response = coach_logged_in.post(url(client_user, "delete_everything"), {})
    assert response.status_code == 404
    assert_unchanged(plan, before)


@pytest.mark.django_db
def test_pause_and_the_client_cannot_lift_it_alone(coach_logged_in, client, client_user, plan):
    post(coach_logged_in, client_user, "pause", plan)
    plan.refresh_from_db()
    assert plan.status == "paused"
    assert plan.pause_needs == "coach"
    assert "Doing well." in render_all(plan.pause_reason)
    assert PlanEvent.objects.get(plan=plan).kind == "pause"
    client.force_login(client_user, backend="django.contrib.auth.backends.ModelBackend")
    # v2 (§2f): the resume page asks for what the pause needs; the person's own re-check is
    # not enough for a coach's pause, so the form is refused (400) and nothing changes.
    own_check = {"pain_ok": "yes", "warning_signs": "no", "new_fall": "no"}
    response = client.post(reverse("resume_plan"), own_check)
    assert response.status_code == 400
    with pytest.raises(ClearanceNotEnough):
        clearances.clear(client_user, clearances.Clearance("self"), by=client_user)
    plan.refresh_from_db()
    assert plan.status == "paused"
    assert PlanEvent.objects.filter(plan=plan).count() == 1  # only the pause


@pytest.mark.django_db
def test_resume_a_coach_pause_one_level_down(coach_logged_in, coach_user, client_user, plan):
    coaching.adjust_plan(
        client_user, coach_user, coaching.Adjustment("pause", "Holiday.", plan.row_version)
    )
    plan.refresh_from_db()
    response = post(coach_logged_in, client_user, "resume", plan)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == "active"
    assert plan.level == 1
    resume = PlanEvent.objects.filter(plan=plan).first()
    assert (resume.kind, resume.source, resume.made_by) == ("resume", "coach", coach_user)
    # v2 (§2f): every clearance says who gave and who recorded it, then the coach's reason.
    # Who cleared is a stored code (words in the reader's language); the note is as typed.
    assert render_all(resume.reasons).endswith("Their coach; recorded by Cora Coach.")
    assert resume.note == "Doing well."


@pytest.mark.django_db
def test_resume_refused_when_a_physician_must_clear(coach_logged_in, client_user, plan):
    Plan.objects.filter(pk=plan.pk).update(
        status="paused", pause_needs="physician", paused_for="red_flag", paused_on=MONDAY
    )
    plan.refresh_from_db()
    before = state(plan)
    response = post(coach_logged_in, client_user, "resume", plan)
    assert response.status_code == 400
    assert "only by a doctor&#x27;s clearance" in response.content.decode()
    assert_unchanged(plan, before)


@pytest.mark.django_db
def test_record_a_physician_clearance(coach_logged_in, coach_user, client_user):
    CoachLink.objects.create(coach=coach_user, client=client_user)
    plan = start_plan(client_user, PERSONA_7, TODAY)
    assert plan.status == "needs_clearance"
    # §2f, §9.4 [PD]: for the questionnaire's own pause a doctor's visit up to 90 days before
    # the answers (given today) counts, so one dated 91 days before is refused and one the day
    # before the answers is taken.
    fields = {"clearance": "physician", "cleared_by": "Dr Ada Lovelace"}
    response = post(
        coach_logged_in, client_user, "clearance", plan, **fields, cleared_on="2026-08-26"
    )
    assert response.status_code == 400
    assert "on or after 27 August 2026" in response.content.decode()
    response = post(
        coach_logged_in, client_user, "clearance", plan, **fields, cleared_on="2026-11-24"
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == "active"
    screening = Screening.objects.get(client=client_user)
    assert screening.clearance_recorded_by == coach_user
    event = PlanEvent.objects.get(plan=plan, kind="clearance")
    assert event.source == "coach"
    # v2 (§2f): the coach sees who cleared and who recorded it, then the reason.
    assert "Dr Ada Lovelace on 24 Nov 2026; recorded by Cora Coach." in render_all(event.reasons)
    assert event.note == "Doing well."
    assert plan.sessions.filter(date__gt=TODAY).exists()


@pytest.mark.django_db
def test_a_clearance_in_the_future_changes_nothing(coach_logged_in, coach_user, client_user):
    CoachLink.objects.create(coach=coach_user, client=client_user)
    plan = start_plan(client_user, PERSONA_7, TODAY)
    response = post(
        coach_logged_in,
        client_user,
        "clearance",
        plan,
        clearance="physician",
        cleared_by="Dr Ada Lovelace",
        cleared_on=(TODAY + timedelta(days=3)).isoformat(),
    )
    assert response.status_code == 400
    assert "cannot be in the future" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == "needs_clearance"
    assert Screening.objects.get(client=client_user).clearance == ""


@pytest.mark.django_db
def test_the_client_sees_the_change_in_their_plan_history(
    coach_logged_in, client, client_user, plan
):
    post(coach_logged_in, client_user, "stage_up", plan)
    client.force_login(client_user, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(reverse("plan")).content.decode()
    assert "by Cora Coach" in page
    assert "“Doing well.”" in page


# --- Concurrency ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_stale_row_version_changes_nothing_and_shows_the_latest(
    coach_logged_in, client_user, plan
):
    Plan.objects.filter(pk=plan.pk).update(row_version=5, level=3)  # a log moved it on
    stale = Plan.objects.get(pk=plan.pk)
    stale.row_version = 1
    response = post(coach_logged_in, client_user, "dose", stale, level=4, backward_minutes=20)
    assert response.status_code == 409
    page = response.content.decode()
    assert "The plan changed while you were editing" in page
    assert 'name="dose-row_version" value="5"' in page  # the new form carries the latest
    plan.refresh_from_db()
    assert (plan.row_version, plan.level, plan.backward_minutes) == (5, 3, 10)
    assert PlanEvent.objects.count() == 0


@pytest.mark.django_db
def test_service_refuses_a_stale_row_version(client_user, coach_user, plan):
    with pytest.raises(coaching.PlanChanged):
        coaching.adjust_plan(
            client_user, coach_user, coaching.Adjustment("pause", "Rest.", plan.row_version + 1)
        )
    plan.refresh_from_db()
    assert plan.status == "active"


@pytest.mark.django_db
def test_a_change_saves_only_its_fields(client_user, coach_user, plan):
    """A field another writer changed meanwhile (not part of the state) is not overwritten,
    and the change reads it fresh from the locked row: v2 (§1) fits the coach's 11 minutes
    into the client's new 25 (5 warm-up + 3 cool-down + 8 backward + 8 easy walking)."""
    Plan.objects.filter(pk=plan.pk).update(minutes_available=25)  # plan still row_version 1
    coaching.adjust_plan(
        client_user,
        coach_user,
        coaching.Adjustment("dose", "More.", 1, level=2, backward_minutes=11),
    )
    plan.refresh_from_db()
    assert plan.minutes_available == 25
    assert plan.backward_minutes == 8
    assert all(s.total_minutes <= 25 for s in future(plan))


@pytest.mark.django_db
def test_the_client_today_is_used_for_rewriting(coach_user, plan):
    """Sessions are rewritten from the CLIENT's tomorrow (Auckland is already on Thursday)."""
    client = plan.client
    client.time_zone = "Pacific/Auckland"
    client.save()
    with time_machine.travel(datetime(2026, 11, 25, 12, 30, tzinfo=UTC), tick=False):
        coaching.adjust_plan(
            client, coach_user, coaching.Adjustment("stage_up", "Ready.", plan.row_version)
        )
    plan.refresh_from_db()
    assert PlanEvent.objects.get(plan=plan).effective_on == date(2026, 11, 26)


# --- The detail page's queries ------------------------------------------------------------------

# session, user, the coach's link, the plan, this and next week, the plan's history, the plan's
# sessions and logs (adherence, calendar, charts), the stored flags row, the notes, the
# functional tests.
# The cached fragments and the empty forms are read back from memory: no query. The recent
# logs are read only when their fragments are rendered afresh.
DETAIL_QUERIES = 10


@pytest.mark.django_db
@pytest.mark.parametrize("weeks", [1, 12])
def test_client_detail_queries_do_not_grow_with_history(
    coach_logged_in, coach_user, client_user, weeks, django_assert_num_queries
):
    CoachLink.objects.create(coach=coach_user, client=client_user)
    start = MONDAY - timedelta(weeks=weeks - 1)
    plan = make_plan(client_user, start, weeks=weeks + 1)
    for session in plan.sessions.filter(date__lt=TODAY):
        log_session(session, rpe=5, pain=2)
    for n in range(weeks * 3):
        Note.objects.create(client=client_user, author=coach_user, body=f"Note {n}")
    coach_logged_in.get(reverse("coach_client", args=[client_user.public_id]))  # warms the cache
    with django_assert_num_queries(DETAIL_QUERIES):
        response = coach_logged_in.get(reverse("coach_client", args=[client_user.public_id]))
    assert response.status_code == 200
    assert response.content.decode().count("Note ") >= min(weeks * 3, 30)
