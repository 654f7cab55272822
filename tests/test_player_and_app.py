"""The guided session page (who may open it, what it plays), the manifest, the service
worker, and signing out clearing what the browser kept."""

import json
import re
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse

from plans.models import Plan, SessionLog
from plans.player import session_phases
from tests.factories import log_session, make_plan

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # a Wednesday
MONDAY = date(2026, 11, 23)
WEDNESDAY = date(2026, 11, 25)
FRIDAY = date(2026, 11, 27)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def plan(client_user):
    return make_plan(client_user, MONDAY, days=("mon", "wed", "fri"))


def go(day):
    return reverse("session_player", args=[day])


def player_data(response):
    html = response.content.decode()
    start = html.index('id="player-data" type="application/json">') + len(
        'id="player-data" type="application/json">'
    )
    return json.loads(html[start : html.index("</script>", start)])


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client, plan):
    response = client.get(go(WEDNESDAY))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_a_coach_gets_403(coach_logged_in, plan):
    assert coach_logged_in.get(go(WEDNESDAY)).status_code == 403


@pytest.mark.django_db
def test_another_client_gets_404_for_someone_elses_day(client, plan, other_client_user):
    client.force_login(other_client_user, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(go(WEDNESDAY)).status_code == 404


@pytest.mark.django_db
def test_a_day_without_a_session_is_404(logged_in, plan):
    assert logged_in.get(go(date(2026, 11, 24))).status_code == 404


@pytest.mark.django_db
def test_post_is_refused(logged_in, plan):
    assert logged_in.post(go(WEDNESDAY)).status_code == 405


@pytest.mark.django_db
def test_todays_session_plays_its_own_dose(logged_in, plan):
    response = logged_in.get(go(WEDNESDAY))
    assert response.status_code == 200
    data = player_data(response)
    session = plan.sessions.get(date=WEDNESDAY)
    expected = [(p.kind, p.seconds) for p in session_phases(session)]
    assert [(p["kind"], p["seconds"]) for p in data["phases"]] == expected
    assert data["speed"] == 1
    assert data["total_minutes"] == session.total_minutes
    assert b"js/player.js" in response.content


@pytest.mark.django_db
def test_a_screen_reader_hears_the_changes_not_the_countdown(logged_in, plan):
    """Issue 24: each change goes to one polite live region; the ticking digits are no live
    region; the no-voice notice and the beep-and-buzz choice are on the page for the script."""
    html = logged_in.get(go(WEDNESDAY)).content.decode()
    assert '<div id="player-live" class="visually-hidden" aria-live="polite"' in html
    assert 'aria-live="assertive"' not in html
    assert re.search(r'id="player-time"[^>]*role="timer"[^>]*aria-live="off"', html)
    assert 'id="player-no-voice"' in html
    assert 'id="player-beep"' in html
    assert "This phone cannot read the steps out loud." in html
    words = player_data(logged_in.get(go(WEDNESDAY)))["words"]
    assert (words["paused_label"], words["time_left"]) == ("Paused", "Time left in this step")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("allowed", "asked", "played"),
    [(True, "60", 60), (True, "100000", 600), (True, "fast", 1), (False, "60", 1)],
)
def test_speed_is_honoured_only_where_allowed(logged_in, plan, settings, allowed, asked, played):
    settings.PLAYER_ALLOW_SPEED = allowed
    settings.DEBUG = False
    response = logged_in.get(go(WEDNESDAY), {"speed": asked})
    assert player_data(response)["speed"] == played


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "set_up", "words"),
    [
        (FRIDAY, None, "for a later day"),
        (MONDAY, None, "This day has passed"),
        (WEDNESDAY, "paused", "Your plan is paused"),
        (WEDNESDAY, "cancelled", "called off"),
        (WEDNESDAY, "logged", "already logged"),
    ],
)
def test_no_player_and_the_reason_when_the_session_is_not_due(logged_in, plan, day, set_up, words):
    session = plan.sessions.get(date=day)
    if set_up == "paused":
        Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.PAUSED)
    elif set_up == "cancelled":
        session.cancelled = True
        session.save(update_fields=["cancelled"])
    elif set_up == "logged":
        log_session(session)
    response = logged_in.get(go(day))
    assert response.status_code == 200
    assert words in response.content.decode()
    assert b'id="player-data"' not in response.content
    assert b"js/player.js" not in response.content


@pytest.mark.django_db
def test_today_links_to_the_player_until_logged(logged_in, plan):
    assert go(WEDNESDAY).encode() in logged_in.get(reverse("today")).content
    log_session(plan.sessions.get(date=WEDNESDAY))
    assert go(WEDNESDAY).encode() not in logged_in.get(reverse("today")).content


@pytest.mark.django_db
def test_pictures_with_alt_text_on_today_and_the_plan(logged_in, plan):
    for page in (reverse("today"), reverse("plan")):
        html = logged_in.get(page).content.decode()
        assert 'src="/static/img/stages/handrail.svg" alt="Drawing: a person walks backward' in html
        assert "img/stages/warmup.svg" in html


@pytest.mark.django_db
def test_the_manifest_is_public_and_complete(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content)
    assert (data["start_url"], data["display"], data["short_name"]) == (
        "/today/",
        "standalone",
        "backward-walk",
    )
    sizes = {(i["sizes"], i.get("purpose", "any")) for i in data["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in data["icons"]:
        assert client.get(icon["src"]).status_code == 200


@pytest.mark.django_db
def test_the_service_worker_is_served_from_the_root(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    body = response.content.decode()
    assert "/static/img/stages/pool.svg" in body
    assert "{{" not in body and "{%" not in body


@pytest.mark.django_db
def test_the_csp_allows_our_own_worker_and_manifest(client):
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    assert "worker-src 'self'" in policy
    assert "manifest-src 'self'" in policy
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


@pytest.mark.django_db
def test_signing_out_tells_the_browser_to_forget_what_it_kept(logged_in):
    response = logged_in.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert "_auth_user_id" not in logged_in.session


@pytest.mark.django_db
def test_the_one_tap_log_twice_keeps_one_log(logged_in, plan):
    url = reverse("mark_done", args=[WEDNESDAY])
    logged_in.post(url)
    logged_in.post(url)  # a queued log replayed after the first got through
    session = plan.sessions.get(date=WEDNESDAY)
    assert SessionLog.objects.filter(planned=session).count() == 1
    assert session.log.minutes == session.total_minutes
