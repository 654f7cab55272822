"""The API meets the same safety rules as the pages (domain §3, §9): each of its ways in is
tested here, and a fall logged through the API pauses the plan exactly as the page does."""

from datetime import timedelta

import pytest
from django.urls import reverse

from plans.models import FallReport, Plan, PlanEvent, SessionLog
from plans.selectors.dose import one_tap_data
from tests.api.conftest import MONDAY, NOW, TODAY, YESTERDAY, key, token_client
from tests.factories import WEEKDAYS, log_session, make_plan, make_user

BACKEND = "django.contrib.auth.backends.ModelBackend"


def person(email: str):
    user = make_user(email, "Ann Walker")
    make_plan(user, MONDAY, days=WEEKDAYS)
    return user


def state(user) -> dict:
    """The plan as the rules left it, and what the history says, without ids."""
    plan = Plan.objects.get(client=user, status__in=["active", "paused", "needs_clearance"])
    events = [
        (e.kind, e.source, [r["code"] for r in e.reasons], e.before, e.after)
        for e in plan.events.order_by("made_at", "pk")
    ]
    fields = ("status", "pause_needs", "paused_for", "paused_at", "stage", "level")
    return {
        **{name: getattr(plan, name) for name in fields},
        "causes": plan.pause_causes,
        "falls_logged": plan.falls_logged,
        "events": events,
    }


@pytest.mark.way_in("api.views.LogView")
@pytest.mark.django_db
def test_s9_5_a_fall_logged_through_the_api_pauses_exactly_as_the_page(client):
    by_page, by_api = person("page@example.com"), person("api@example.com")
    answers = {"status": "partial", "minutes": "10", "rpe": "5", "pain_during": "3"}
    client.force_login(by_page, backend=BACKEND)
    page = client.post(reverse("log_day", args=[TODAY]), {**answers, "fall": "on"})
    assert page.status_code == 302
    api = token_client(by_api).post(
        f"/api/v1/sessions/{TODAY}/log/",
        {"status": "partial", "minutes": 10, "rpe": 5, "pain_during": 3, "fall": True},
        format="json",
        **key(),
    )
    assert api.status_code == 201, api.content
    assert state(by_api) == state(by_page)
    assert state(by_api)["status"] == Plan.Status.PAUSED
    assert api.json()["decision"]["kind"] == "pause"
    assert api.json()["plan"]["status"] == "paused"


@pytest.mark.way_in("api.views.LogView")
@pytest.mark.django_db
def test_s9_5_a_head_strike_through_the_api_needs_a_physician_as_on_the_page(client):
    by_page, by_api = person("page@example.com"), person("api@example.com")
    client.force_login(by_page, backend=BACKEND)
    client.post(
        reverse("log_day", args=[TODAY]),
        {"status": "skipped", "fall": "on", "fall_head_strike": "on"},
    )
    token_client(by_api).post(
        f"/api/v1/sessions/{TODAY}/log/",
        {"status": "skipped", "fall": True, "fall_head_strike": True},
        format="json",
        **key(),
    )
    assert state(by_api) == state(by_page)
    assert state(by_api)["pause_needs"] == "physician"


@pytest.mark.way_in("api.views.LogView")
@pytest.mark.django_db
def test_the_pages_form_rules_answer_through_the_api():
    """The same form: a head strike without "I fell" is refused, nothing saved."""
    user = person("api@example.com")
    response = token_client(user).post(
        f"/api/v1/sessions/{TODAY}/log/",
        {"status": "done", "fall_head_strike": True},
        format="json",
        **key(),
    )
    assert response.status_code == 400
    problem = response.json()
    assert problem["code"] == "invalid"
    assert problem["errors"][0]["pointer"] == "#/fall"
    assert "I fell" in problem["detail"]
    assert not SessionLog.objects.exists()


@pytest.mark.way_in("api.views.DoneView")
@pytest.mark.django_db
def test_s3_a_paused_plan_takes_no_one_tap_log_through_the_api():
    user = person("api@example.com")
    Plan.objects.filter(client=user).update(status="paused", pause_needs="physician")
    response = token_client(user).post(f"/api/v1/sessions/{TODAY}/done/", {}, **key())
    assert response.status_code == 422
    assert response.json()["code"] == "log_refused"
    assert "paused" in response.json()["detail"]
    assert not SessionLog.objects.exists()


@pytest.mark.way_in("api.views.DoneView")
@pytest.mark.django_db
def test_one_tap_through_the_api_logs_the_session_as_planned_and_never_the_future():
    user = person("api@example.com")
    api = token_client(user)
    future = api.post(f"/api/v1/sessions/{TODAY + timedelta(days=1)}/done/", {}, **key())
    assert future.status_code == 422
    assert future.json()["code"] == "not_loggable"
    # As the page's button: after Monday and Tuesday missed, the shorter session (§9.9).
    planned = Plan.objects.get(client=user).sessions.get(date=TODAY)
    expected = one_tap_data(planned, TODAY)["minutes"]
    done = api.post(f"/api/v1/sessions/{TODAY}/done/", {}, **key())
    assert done.status_code == 201
    log = SessionLog.objects.get()
    assert (log.status, log.minutes) == ("done", expected)
    # Without effort and pain the rules hold (domain §3 v2 one-tap).
    assert done.json()["log"]["rpe"] is None


@pytest.mark.way_in("api.views.RatingsView")
@pytest.mark.django_db
def test_s3_pain_7_in_the_ratings_through_the_api_pauses():
    user = person("api@example.com")
    plan = Plan.objects.get(client=user)
    log_session(plan.sessions.get(date=TODAY), rpe=None, pain=None)
    response = token_client(user).post(
        f"/api/v1/sessions/{TODAY}/ratings/", {"rpe": 5, "pain_during": 7}, format="json", **key()
    )
    assert response.status_code == 200, response.content
    plan.refresh_from_db()
    assert plan.status == Plan.Status.PAUSED
    assert response.json()["decision"]["kind"] == "pause"
    again = token_client(user).post(
        f"/api/v1/sessions/{TODAY}/ratings/", {"rpe": 1, "pain_during": 0}, format="json", **key()
    )
    assert again.json()["created"] is False
    assert SessionLog.objects.get().pain_during == 7


@pytest.mark.way_in("api.views.MorningPainView")
@pytest.mark.django_db
def test_persona_11_next_morning_pain_8_through_the_api_pauses_at_once():
    user = person("api@example.com")
    plan = Plan.objects.get(client=user)
    log_session(plan.sessions.get(date=YESTERDAY))
    api = token_client(user)
    today_refused = api.post(
        f"/api/v1/sessions/{MONDAY}/morning-pain/", {"pain_next_morning": 8}, format="json", **key()
    )
    assert today_refused.status_code == 404  # no log on Monday
    response = api.post(
        f"/api/v1/sessions/{YESTERDAY}/morning-pain/",
        {"pain_next_morning": 8},
        format="json",
        **key(),
    )
    assert response.status_code == 200, response.content
    plan.refresh_from_db()
    assert plan.status == Plan.Status.PAUSED
    assert plan.events.filter(kind=PlanEvent.Kind.PAUSE).exists()


@pytest.mark.way_in("api.views.FallView")
@pytest.mark.django_db
def test_s9_7_i_had_a_fall_through_the_api_pauses_exactly_as_the_page(client):
    by_page, by_api = person("page@example.com"), person("api@example.com")
    client.force_login(by_page, backend=BACKEND)
    when = NOW - timedelta(hours=2)
    page = client.post(
        reverse("report_fall"),
        {"when": when.strftime("%Y-%m-%dT%H:%M"), "injury": "no", "head_strike": "yes"},
    )
    assert page.status_code == 302
    api = token_client(by_api).post(
        "/api/v1/falls/",
        {"happened_at": when.isoformat(), "injury": False, "head_strike": True},
        format="json",
        **key(),
    )
    assert api.status_code == 201, api.content
    assert state(by_api) == state(by_page)
    assert state(by_api)["pause_needs"] == "physician"
    assert FallReport.objects.filter(client=by_api).count() == 1


@pytest.mark.way_in("api.views.FallView")
@pytest.mark.django_db
def test_s9_7_a_fall_time_without_an_offset_is_the_persons_own_and_no_future():
    user = person("api@example.com")
    user.time_zone = "Pacific/Auckland"  # 23:00 on the Wednesday there
    user.save(update_fields=["time_zone"])
    api = token_client(user)
    future = api.post(
        "/api/v1/falls/",
        {"happened_at": "2026-11-25T23:30:00", "injury": False, "head_strike": False},
        format="json",
        **key(),
    )
    assert future.status_code == 400
    assert "future" in future.json()["detail"]
    saved = api.post(
        "/api/v1/falls/",
        {"happened_at": "2026-11-25T22:30:00", "injury": False, "head_strike": False},
        format="json",
        **key(),
    )
    assert saved.status_code == 201, saved.content
    assert FallReport.objects.get().happened_at == NOW - timedelta(minutes=30)


@pytest.mark.way_in("api.views.ClientTestsView")
@pytest.mark.django_db
def test_s9_13_a_slow_tug_recorded_through_the_api_asks_for_review_and_keeps_the_stage(world):
    wendy = world["person"]
    plan = Plan.objects.get(client=wendy)
    stage, level = plan.stage, plan.level
    response = token_client(world["coach"]).post(
        f"/api/v1/clients/{wendy.public_id}/tests/",
        {"kind": "tug", "seconds": "13.0"},
        format="json",
        **key(),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["result"]["reading"] == "at_risk"
    assert body["decision"]["kind"] == "needs_review"
    plan.refresh_from_db()
    assert plan.needs_review
    assert (plan.stage, plan.level) == (stage, level)


@pytest.mark.way_in("api.views.ClientTestsView")
@pytest.mark.django_db
def test_a_test_result_that_cannot_be_real_is_refused_with_the_field(world):
    response = token_client(world["coach"]).post(
        f"/api/v1/clients/{world['person'].public_id}/tests/",
        {"kind": "tug", "seconds": "0.1"},
        format="json",
        **key(),
    )
    assert response.status_code in (400, 422)
    assert response.json()["errors"][0]["pointer"] == "#/seconds"
