"""Issue 23, point 3: a log is saved or visibly not saved, and always its owner's.

The offline queue's endpoint (`queued_log`, plans/views/queue.py) answers each log the phone
kept with an explicit outcome, never a redirect: accepted, refused (with the reason in the
person's words) or conflict. It goes through the same forms and services as the pages, so a
queued offline log meets the same rules as a new log (§9.5). A log whose owner is not the
signed-in person is refused and changes nothing. The pages name their owner, and the session
marker that lets the service worker show saved pages lives exactly as long as the session.
"""

import json
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from plans.middleware import OWNER_COOKIE, OWNER_HEADER
from plans.models import Plan, PlanEvent, SessionLog
from tests.factories import PASSWORD, log_session, make_plan

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # a Wednesday; the clients live in UTC
MONDAY = date(2026, 11, 23)
WEDNESDAY = date(2026, 11, 25)
FRIDAY_BEFORE = date(2026, 11, 20)  # last week's Friday
BACKEND = "django.contrib.auth.backends.ModelBackend"
HEAD_STRIKE = {
    "status": "partial",
    "minutes": "6",
    "fall": "on",
    "fall_injury": "on",
    "fall_head_strike": "on",
}


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def plan(client_user):
    return make_plan(client_user, MONDAY, days=("mon", "wed", "fri"))


def queue(client, owner, kind: str, day: date, fields: dict | None = None, **extra):
    """POST one queued item as the service worker does."""
    item = {"owner": str(owner), "kind": kind, "day": day.isoformat(), "fields": fields or {}}
    return client.post(
        reverse("queued_log"), json.dumps(item), content_type="application/json", **extra
    )


def plan_state(plan: Plan) -> tuple:
    plan.refresh_from_db()
    return (plan.status, plan.pause_needs, plan.paused_for, plan.falls_logged, plan.row_version)


# --- Accepted ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_point3_s9_5_a_queued_one_tap_log_is_accepted_as_the_page_saves_it(
    logged_in, client_user, plan, other_client_user
):
    """§9.5: the queued "I did it as planned" is the page's one-tap log, through record_log."""
    response = queue(logged_in, client_user.public_id, "done", WEDNESDAY)
    assert response.status_code == 200
    assert response.json() == {"outcome": "accepted"}
    queued = SessionLog.objects.get(client=client_user)

    other_plan = make_plan(other_client_user, MONDAY, days=("mon", "wed", "fri"))
    page = Client()
    page.force_login(other_client_user, backend=BACKEND)
    page.post(reverse("mark_done", args=[WEDNESDAY]))
    by_page = SessionLog.objects.get(client=other_client_user)
    fields = ("status", "minutes", "backward_minutes", "rpe", "pain_during", "fall")
    assert [getattr(queued, f) for f in fields] == [getattr(by_page, f) for f in fields]
    assert plan_state(plan)[:4] == plan_state(other_plan)[:4]


@pytest.mark.django_db
def test_point3_s9_5_a_queued_fall_with_a_head_strike_pauses_the_plan_as_the_page_does(
    logged_in, client_user, plan, other_client_user
):
    """§9.5 (and §3 v2): a fall with a head strike sent from the queue pauses the plan for a
    physician, exactly as the same answers on the page's log form."""
    response = queue(logged_in, client_user.public_id, "log", WEDNESDAY, HEAD_STRIKE)
    assert response.status_code == 200
    assert response.json()["outcome"] == "accepted"
    log = SessionLog.objects.get(client=client_user)
    assert (log.fall, log.fall_injury, log.fall_head_strike) == (True, True, True)

    other_plan = make_plan(other_client_user, MONDAY, days=("mon", "wed", "fri"))
    page = Client()
    page.force_login(other_client_user, backend=BACKEND)
    page.post(reverse("log_day", args=[WEDNESDAY]), HEAD_STRIKE)

    assert plan_state(plan)[:4] == ("paused", "physician", "fall", 1)
    assert plan_state(plan)[:4] == plan_state(other_plan)[:4]
    queued_event = plan.events.exclude(kind=PlanEvent.Kind.HOLD).first()
    page_event = other_plan.events.exclude(kind=PlanEvent.Kind.HOLD).first()
    assert queued_event.kind == page_event.kind == PlanEvent.Kind.PAUSE
    assert [r["code"] for r in queued_event.reasons] == [r["code"] for r in page_event.reasons]


@pytest.mark.django_db
def test_point3_ratings_sent_from_the_queue_after_the_one_tap_log_are_saved(
    logged_in, client_user, plan
):
    """Effort and pain work offline too: queued after "I did it as planned", sent in order."""
    owner = client_user.public_id
    assert queue(logged_in, owner, "done", WEDNESDAY).json()["outcome"] == "accepted"
    assert queue(logged_in, owner, "rate", WEDNESDAY, {"rpe": "5"}).json() == {
        "outcome": "accepted"
    }
    assert queue(logged_in, owner, "rate", WEDNESDAY, {"pain_during": "2"}).status_code == 200
    log = SessionLog.objects.get(client=client_user)
    assert (log.rpe, log.pain_during) == (5, 2)


@pytest.mark.django_db
def test_point3_s9_5_queued_morning_pain_is_added_once_and_can_pause(
    logged_in, client_user, plan, frozen
):
    """§9.5: next-morning pain from the queue goes through add_morning_pain: pain 8 pauses."""
    log_session(plan.sessions.get(date=WEDNESDAY))
    frozen.move_to(datetime(2026, 11, 26, 8, 0, tzinfo=UTC))  # Thursday morning
    owner = client_user.public_id
    response = queue(logged_in, owner, "morning", WEDNESDAY, {"pain_next_morning": "8"})
    assert response.json() == {"outcome": "accepted"}
    assert SessionLog.objects.get(client=client_user).pain_next_morning == 8
    assert plan_state(plan)[:3] == ("paused", "self", "pain")

    again = queue(logged_in, owner, "morning", WEDNESDAY, {"pain_next_morning": "8"})
    assert again.status_code == 409
    assert again.json()["same"] is True


# --- Refused, with the reason in the person's words -------------------------------------------


@pytest.mark.django_db
def test_point3_a_queued_fall_for_a_day_that_can_no_longer_be_logged_is_refused_with_the_reason(
    logged_in, client_user, frozen
):
    """The bug: a log the server refused was deleted and the person told "Sent". Now the
    answer says refused, why, and what it was; nothing is saved and the plan is unchanged."""
    plan = make_plan(client_user, date(2026, 11, 16), weeks=3)
    before = plan_state(plan)
    response = queue(logged_in, client_user.public_id, "log", FRIDAY_BEFORE, HEAD_STRIKE)
    assert response.status_code == 422
    answer = response.json()
    assert answer["outcome"] == "refused"
    assert answer["reason"] == "You can log today and earlier days of this week only."
    assert answer["what"] == (
        "How your session on Friday 20 November went, with your fall and the blow to your head."
    )
    assert not SessionLog.objects.exists()
    assert plan_state(plan) == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "what"),
    [
        ({"status": "done"}, "How your session on Friday 20 November went."),
        (
            {"status": "done", "fall": "on"},
            "How your session on Friday 20 November went, with your fall.",
        ),
        (
            {"status": "done", "red_flag": "on"},
            "How your session on Friday 20 November went. It included a warning sign.",
        ),
    ],
)
def test_point3_a_refused_log_says_what_it_held(logged_in, client_user, fields, what):
    make_plan(client_user, date(2026, 11, 16), weeks=3)
    response = queue(logged_in, client_user.public_id, "log", FRIDAY_BEFORE, fields)
    assert response.json()["what"] == what


@pytest.mark.django_db
def test_point3_s9_5_a_queued_log_on_a_paused_plan_is_refused_as_on_the_page(
    logged_in, client_user, plan
):
    """§9.5: the same can_log rule as the page: a paused plan takes no new log of today."""
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.PAUSED, paused_on=MONDAY)
    response = queue(logged_in, client_user.public_id, "done", WEDNESDAY)
    assert response.status_code == 422
    assert response.json()["reason"] == (
        "Your plan is paused, so there is no session to log right now."
    )
    assert not SessionLog.objects.exists()


@pytest.mark.django_db
def test_point3_a_queued_form_with_a_mistake_is_refused_with_the_forms_words_and_a_way_back(
    logged_in, client_user, plan
):
    response = queue(logged_in, client_user.public_id, "log", WEDNESDAY, {"status": "partial"})
    assert response.status_code == 422
    answer = response.json()
    assert answer["reason"] == "Tell us how many minutes you managed."
    assert answer["again"] == {
        "url": reverse("log_day", args=[WEDNESDAY]),
        "label": "Log it again",
    }
    assert not SessionLog.objects.exists()


@pytest.mark.django_db
def test_point3_ratings_without_a_log_are_refused(logged_in, client_user, plan):
    response = queue(logged_in, client_user.public_id, "rate", WEDNESDAY, {"rpe": "5"})
    assert response.status_code == 422
    assert response.json()["reason"] == (
        "There is no log for that day, so effort and pain could not be added."
    )


@pytest.mark.django_db
def test_point3_a_day_without_a_session_is_refused_with_404(logged_in, client_user, plan):
    response = queue(logged_in, client_user.public_id, "done", date(2026, 11, 24))
    assert response.status_code == 404
    assert response.json()["outcome"] == "refused"
    assert not SessionLog.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [
        "not json",
        "[]",
        '{"owner": "x", "kind": "delete_everything", "day": "2026-11-25", "fields": {}}',
        '{"owner": "x", "kind": "done", "day": "25 November", "fields": {}}',
        '{"owner": "x", "kind": "done", "day": "2026-11-25", "fields": {"rpe": 5}}',
    ],
    ids=["not json", "not an object", "unknown kind", "bad day", "answers not text"],
)
def test_point3_an_item_that_cannot_be_read_is_refused_with_400(logged_in, plan, body):
    response = logged_in.post(reverse("queued_log"), body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["outcome"] == "refused"
    assert not SessionLog.objects.exists()


# --- Conflict: already logged -----------------------------------------------------------------


@pytest.mark.django_db
def test_point3_a_double_submit_is_a_conflict_that_keeps_the_first_log(
    logged_in, client_user, plan
):
    owner = client_user.public_id
    assert queue(logged_in, owner, "done", WEDNESDAY).status_code == 200
    twice = queue(logged_in, owner, "done", WEDNESDAY)
    assert twice.status_code == 409
    assert twice.json() == {
        "outcome": "conflict",
        "same": True,
        "reason": "This session was already logged. Your first entry is kept.",
        "what": "Your session on Wednesday 25 November, done as planned.",
        "again": None,
    }
    assert SessionLog.objects.filter(client=client_user).count() == 1


@pytest.mark.django_db
def test_point3_a_different_log_for_a_logged_day_is_a_conflict_with_the_way_to_change_it(
    logged_in, client_user, plan
):
    """The first log is kept; the queued fall is not in it, so the phone shows it as not saved
    with the way to change today's log."""
    owner = client_user.public_id
    queue(logged_in, owner, "done", WEDNESDAY)
    before = plan_state(plan)
    response = queue(logged_in, owner, "log", WEDNESDAY, HEAD_STRIKE)
    assert response.status_code == 409
    answer = response.json()
    assert (answer["outcome"], answer["same"]) == ("conflict", False)
    assert answer["again"]["url"] == reverse("correct_log", args=[WEDNESDAY])
    log = SessionLog.objects.get(client=client_user)
    assert (log.status, log.fall) == ("done", False)
    assert plan_state(plan) == before


# --- Whose log: only the signed-in person's ----------------------------------------------------


@pytest.mark.django_db
def test_point3_a_log_of_another_owner_is_refused_and_changes_nothing(
    client, client_user, other_client_user, plan
):
    """The phone's queue once sent one person's log into the next person's account."""
    client.force_login(client_user, backend=BACKEND)
    before = plan_state(plan)
    response = queue(client, other_client_user.public_id, "log", WEDNESDAY, HEAD_STRIKE)
    assert response.status_code == 403
    assert response.json()["outcome"] == "refused"
    assert not SessionLog.objects.exists()
    assert plan_state(plan) == before
    assert not PlanEvent.objects.filter(plan=plan).exists()


@pytest.mark.django_db
def test_point3_anonymous_gets_a_json_403_and_no_redirect(client, client_user, plan):
    response = queue(client, client_user.public_id, "done", WEDNESDAY)
    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    assert response.json()["outcome"] == "signed_out"
    assert not SessionLog.objects.exists()


@pytest.mark.django_db
def test_point3_a_coach_gets_a_json_403(coach_logged_in, coach_user, client_user, plan):
    response = queue(coach_logged_in, coach_user.public_id, "done", WEDNESDAY)
    assert response.status_code == 403
    assert response.json()["outcome"] == "refused"
    assert not SessionLog.objects.exists()


@pytest.mark.django_db
def test_point3_get_is_refused_with_405(logged_in, plan):
    assert logged_in.get(reverse("queued_log")).status_code == 405


@pytest.mark.django_db
def test_point3_the_csrf_token_is_required(client_user, plan):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(client_user, backend=BACKEND)
    assert queue(browser, client_user.public_id, "done", WEDNESDAY).status_code == 403
    assert not SessionLog.objects.exists()

    browser.get(reverse("today"))  # sets the CSRF cookie, as the worker's fetch of Today does
    token = browser.cookies["csrftoken"].value
    response = queue(browser, client_user.public_id, "done", WEDNESDAY, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200
    assert SessionLog.objects.filter(client=client_user).count() == 1


# --- The pages name their owner; the session marker lives as long as the session -------------


@pytest.mark.django_db
def test_point3_today_names_its_owner_and_holds_the_not_saved_list(logged_in, client_user, plan):
    response = logged_in.get(reverse("today"))
    html = response.content.decode()
    assert response[OWNER_HEADER] == str(client_user.public_id)
    assert f'data-owner="{client_user.public_id}"' in html
    assert 'id="not-saved"' in html
    # The "I had a fall" form (§9.7), with the path as fallback until its page exists.
    assert 'data-fall-url="/today/fall/"' in html
    # The two ratings wait, hidden, for a one-tap log queued offline.
    assert 'data-offline-rate="2026-11-25" hidden' in html
    assert f'action="{reverse("rate_session", args=[WEDNESDAY])}"' in html


@pytest.mark.django_db
def test_point3_no_hidden_ratings_once_today_is_logged(logged_in, client_user, plan):
    log_session(plan.sessions.get(date=WEDNESDAY), rpe=None, pain=None)
    html = logged_in.get(reverse("today")).content.decode()
    assert "data-offline-rate" not in html
    assert "Two quick questions" in html  # the usual rows, shown


@pytest.mark.django_db
def test_point3_signing_in_sets_the_session_marker_with_the_session_cookies_lifetime(
    client, client_user
):
    response = client.post(reverse("login"), {"username": client_user.email, "password": PASSWORD})
    assert response.status_code == 302
    marker, session = response.cookies[OWNER_COOKIE], response.cookies["sessionid"]
    assert marker.value == str(client_user.public_id)
    assert marker["max-age"] == session["max-age"]
    assert marker["path"] == session["path"]
    assert not marker["httponly"]  # the service worker reads it; it grants nothing
    assert response[OWNER_HEADER] == str(client_user.public_id)


@pytest.mark.django_db
def test_point3_a_page_view_does_not_set_the_marker_nor_write_the_session(logged_in, plan):
    response = logged_in.get(reverse("today"))
    assert OWNER_COOKIE not in response.cookies
    assert "sessionid" not in response.cookies


@pytest.mark.django_db
def test_point3_signing_out_or_an_ended_session_removes_the_marker(logged_in, client_user):
    logged_in.cookies[OWNER_COOKIE] = str(client_user.public_id)
    response = logged_in.post(reverse("logout"))
    assert response.cookies[OWNER_COOKIE].value == ""
    assert response.cookies[OWNER_COOKIE]["max-age"] == 0

    stranger = Client()
    stranger.cookies[OWNER_COOKIE] = str(client_user.public_id)  # the session is gone
    response = stranger.get(reverse("login"))
    assert response.cookies[OWNER_COOKIE]["max-age"] == 0
    assert OWNER_HEADER not in response


@pytest.mark.django_db
def test_point3_the_sign_in_page_clears_what_the_phone_kept(client):
    html = client.get(reverse("login")).content.decode()
    assert "js/sign-in.js" in html
    assert 'id="queue-dropped" role="status" hidden' in html


@pytest.mark.django_db
def test_point3_the_worker_posts_to_the_queue_and_reads_the_marker(client):
    body = client.get("/sw.js").content.decode()
    assert f'const QUEUE = "{reverse("queued_log")}";' in body
    assert f'const OWNER_COOKIE = "{OWNER_COOKIE}";' in body
    assert f'const OWNER_HEADER = "{OWNER_HEADER}";' in body
    assert "Saved pages are shown only to the person they belong to" in body
    assert "{{" not in body and "{%" not in body


@pytest.mark.django_db
def test_point3_a_different_rating_for_a_rated_log_is_a_conflict_that_keeps_the_first(
    logged_in, client_user, plan
):
    log_session(plan.sessions.get(date=WEDNESDAY), rpe=5, pain=None)
    response = queue(logged_in, client_user.public_id, "rate", WEDNESDAY, {"rpe": "7"})
    assert response.status_code == 409
    answer = response.json()
    assert (answer["same"], answer["reason"]) == (
        False,
        "Effort and pain were already saved. Your first answers are kept.",
    )
    assert answer["again"]["url"] == reverse("correct_log", args=[WEDNESDAY])
    assert SessionLog.objects.get(client=client_user).rpe == 5
