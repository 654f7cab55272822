"""Today after one tap: the two rating rows, a same-day correction, an untouched detailed form."""

import re
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse

from accounts.models import User
from plans.models import Plan, PlanEvent, SessionLog
from plans.services.errors import LogRefused
from plans.services.sessions import correct_log, record_log
from tests.factories import make_plan

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # a Wednesday
MONDAY = date(2026, 11, 23)
WEDNESDAY = date(2026, 11, 25)

DONE = {"status": "done", "minutes": 20}


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def plan(client_user):
    return make_plan(client_user, MONDAY, days=("mon", "wed", "fri"))


def todays(plan):
    return plan.sessions.get(date=WEDNESDAY)


def tapped_done(client_user, plan):
    return record_log(client_user, todays(plan), DONE).log


def form_data(**changes):
    data = {"status": "done", "minutes": "20", "rpe": "3", "pain_during": "1", "note": ""}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


# --- The two rows --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_after_one_tap_today_shows_the_two_ratings_as_one_tap_rows(logged_in, client_user, plan):
    """Issue 24 point 4: each number is a submit button of the form's own scale field, so one
    tap answers one question, without JavaScript; the words of the ends are in the help."""
    tapped_done(client_user, plan)
    html = logged_in.get(reverse("today")).content.decode()
    rate_url = reverse("rate_session", args=[WEDNESDAY])
    assert html.count(f'action="{rate_url}"') == 1
    for name in ("rpe", "pain_during"):
        assert f'<div id="div_id_rate_{name}" class="mb-3">' in html
        assert html.count(f'name="{name}" value=') == 11
        assert f'<button type="submit" class="btn scale-button" name="{name}" value="10"' in html
    assert html.count('<div class="scale">') == 2
    assert "0 = resting" in html and "10 = the worst pain you can imagine" in html


@pytest.mark.django_db
def test_after_one_tap_what_was_logged_comes_first_and_the_ratings_right_under_it(
    logged_in, client_user, plan
):
    """Issue 24 point 4: the confirmation follows the page's heading, the two rows follow
    it, and both come before anything else on Today (the coach's note, the session)."""
    tapped_done(client_user, plan)
    html = logged_in.get(reverse("today")).content.decode()
    order = [
        html.index("<h1>"),
        html.index('class="alert alert-success logged"'),
        html.index('id="rate-h"'),
        html.index("Change what I logged"),
        html.index("Today's session</h2>"),
    ]
    assert order == sorted(order)
    assert html.count('class="alert alert-success logged"') == 1


@pytest.mark.django_db
def test_after_both_ratings_the_confirmation_stays_first_with_them(logged_in, client_user, plan):
    """Issue 24 point 4: the confirmation never moves down the page: with both ratings saved
    it is still right under the heading, now with the effort and the pain."""
    tapped_done(client_user, plan)
    url = reverse("rate_session", args=[WEDNESDAY])
    logged_in.post(url, {"rpe": "5"})
    logged_in.post(url, {"pain_during": "2"})
    html = logged_in.get(reverse("today")).content.decode()
    logged = html.index('class="alert alert-success logged"')
    assert html.index("<h1>") < logged < html.index("Today's session</h2>")
    assert "Effort 5/10. Pain 2/10." in html


@pytest.mark.django_db
def test_saving_effort_alone_leaves_only_the_pain_row(logged_in, client_user, plan):
    log = tapped_done(client_user, plan)
    response = logged_in.post(reverse("rate_session", args=[WEDNESDAY]), {"rpe": "4"})
    assert response.status_code == 302
    log.refresh_from_db()
    assert (log.rpe, log.pain_during) == (4, None)
    html = logged_in.get(reverse("today")).content.decode()
    assert 'name="rpe"' not in html
    assert html.count('name="pain_during"') == 11


@pytest.mark.django_db
def test_rows_disappear_once_both_are_saved(logged_in, client_user, plan):
    tapped_done(client_user, plan)
    url = reverse("rate_session", args=[WEDNESDAY])
    logged_in.post(url, {"rpe": "4"})
    logged_in.post(url, {"pain_during": "0"})
    assert "Two quick questions" not in logged_in.get(reverse("today")).content.decode()


# --- Correction: the service ---------------------------------------------------------------------


@pytest.mark.django_db
def test_correction_saves_the_new_answers_and_records_a_correction_event(client_user, plan):
    log = tapped_done(client_user, plan)
    before = User.objects.get(pk=client_user.pk).records_version
    event = correct_log(client_user, log, {"status": "partial", "minutes": 10, "rpe": 3})
    log.refresh_from_db()
    assert (log.status, log.minutes, log.rpe) == ("partial", 10, 3)
    assert event.kind == PlanEvent.Kind.CORRECTION
    assert User.objects.get(pk=client_user.pk).records_version > before


@pytest.mark.django_db
def test_correction_adding_strong_pain_pauses_the_plan(client_user, plan):
    log = tapped_done(client_user, plan)
    event = correct_log(client_user, log, {**DONE, "rpe": 4, "pain_during": 8})
    plan.refresh_from_db()
    assert event.kind == PlanEvent.Kind.PAUSE
    assert plan.status == Plan.Status.PAUSED


@pytest.mark.django_db
def test_correction_adding_a_fall_counts_the_fall(client_user, plan):
    log = tapped_done(client_user, plan)
    correct_log(client_user, log, {**DONE, "fall": True})
    plan.refresh_from_db()
    assert plan.status == Plan.Status.PAUSED
    assert plan.falls_logged == 1


@pytest.mark.django_db
def test_correction_never_lifts_a_pause(client_user, plan):
    log = record_log(client_user, todays(plan), {**DONE, "pain_during": 8}).log
    plan.refresh_from_db()
    assert plan.status == Plan.Status.PAUSED
    event = correct_log(client_user, log, {**DONE, "rpe": 3, "pain_during": 0})
    plan.refresh_from_db()
    assert event.kind == PlanEvent.Kind.CORRECTION
    assert plan.status == Plan.Status.PAUSED


@pytest.mark.django_db
def test_correction_of_an_earlier_day_is_refused_and_saves_nothing(client_user, plan):
    log = record_log(client_user, plan.sessions.get(date=MONDAY), DONE).log
    with pytest.raises(LogRefused):
        correct_log(client_user, log, {"status": "skipped"})
    log.refresh_from_db()
    assert log.status == "done"


@pytest.mark.django_db
def test_correction_of_someone_elses_log_is_refused(client_user, other_client_user, plan):
    log = tapped_done(client_user, plan)
    with pytest.raises(LogRefused):
        correct_log(other_client_user, log, {"status": "skipped"})
    log.refresh_from_db()
    assert log.status == "done"


# --- Correction: the view ------------------------------------------------------------------------


@pytest.mark.django_db
def test_today_offers_change_what_i_logged_after_logging(logged_in, client_user, plan):
    tapped_done(client_user, plan)
    html = logged_in.get(reverse("today")).content.decode()
    assert reverse("correct_log", args=[WEDNESDAY]) in html


@pytest.mark.django_db
def test_correction_form_starts_from_what_was_logged(logged_in, client_user, plan):
    log = tapped_done(client_user, plan)
    SessionLog.objects.filter(pk=log.pk).update(rpe=6)
    html = logged_in.get(reverse("correct_log", args=[WEDNESDAY])).content.decode()
    checked = dict(re.findall(r"<input[^>]*name=\"(\w+)\"[^>]*value=\"(\w+)\"[^>]*checked", html))
    assert checked["status"] == "done"
    assert checked["rpe"] == "6"


@pytest.mark.django_db
def test_posting_a_correction_changes_the_log(logged_in, client_user, plan):
    log = tapped_done(client_user, plan)
    response = logged_in.post(
        reverse("correct_log", args=[WEDNESDAY]), form_data(status="partial", minutes="12")
    )
    assert response.status_code == 302
    log.refresh_from_db()
    assert (log.status, log.minutes) == ("partial", 12)


@pytest.mark.django_db
def test_a_correction_through_the_page_adding_strong_pain_pauses_the_plan(
    logged_in, client_user, plan
):
    tapped_done(client_user, plan)
    response = logged_in.post(reverse("correct_log", args=[WEDNESDAY]), form_data(pain_during="8"))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == Plan.Status.PAUSED
    assert "Your plan is paused" in logged_in.get(reverse("today")).content.decode()


@pytest.mark.django_db
def test_a_correction_through_the_page_never_lifts_a_pause(logged_in, client_user, plan):
    record_log(client_user, todays(plan), {**DONE, "pain_during": 8})
    response = logged_in.post(
        reverse("correct_log", args=[WEDNESDAY]), form_data(rpe="3", pain_during="0")
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == Plan.Status.PAUSED
    assert plan.events.latest("pk").kind == PlanEvent.Kind.CORRECTION


@pytest.mark.django_db
def test_bad_correction_shows_a_message_and_changes_nothing(logged_in, client_user, plan):
    log = tapped_done(client_user, plan)
    response = logged_in.post(
        reverse("correct_log", args=[WEDNESDAY]), form_data(status="partial", minutes="")
    )
    assert response.status_code == 200
    assert "Tell us how many minutes you managed." in response.content.decode()
    log.refresh_from_db()
    assert log.status == "done"


@pytest.mark.django_db
def test_correction_of_an_earlier_day_is_refused_by_the_view(logged_in, client_user, plan):
    log = record_log(client_user, plan.sessions.get(date=MONDAY), DONE).log
    url = reverse("correct_log", args=[MONDAY])
    assert logged_in.get(url).status_code == 404
    response = logged_in.post(url, form_data(status="skipped"), follow=True)
    assert "only on the day of the session" in response.content.decode()
    log.refresh_from_db()
    assert log.status == "done"


@pytest.mark.django_db
def test_another_client_cannot_see_or_change_my_log(client, client_user, other_client_user, plan):
    log = tapped_done(client_user, plan)
    client.force_login(other_client_user)
    url = reverse("correct_log", args=[WEDNESDAY])
    assert client.get(url).status_code == 404
    assert client.post(url, form_data(status="skipped")).status_code == 404
    log.refresh_from_db()
    assert log.status == "done"


@pytest.mark.django_db
def test_coach_gets_403_on_correction(coach_logged_in, client_user, plan):
    log = tapped_done(client_user, plan)
    url = reverse("correct_log", args=[WEDNESDAY])
    assert coach_logged_in.post(url, form_data(status="skipped")).status_code == 403
    log.refresh_from_db()
    assert log.status == "done"


@pytest.mark.django_db
def test_anonymous_correction_goes_to_login(client, client_user, plan):
    tapped_done(client_user, plan)
    response = client.post(reverse("correct_log", args=[WEDNESDAY]), form_data())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- The detailed form starts empty --------------------------------------------------------------


@pytest.mark.django_db
def test_detailed_form_has_no_status_chosen(logged_in, plan):
    html = logged_in.get(reverse("log_day", args=[WEDNESDAY])).content.decode()
    assert 'name="status"' in html
    assert "checked" not in html


@pytest.mark.django_db
def test_saving_the_detailed_form_untouched_asks_what_happened(logged_in, plan):
    response = logged_in.post(reverse("log_day", args=[WEDNESDAY]), {}, follow=True)
    assert "Choose done, partly done or skipped." in response.content.decode()
    assert not SessionLog.objects.exists()


# --- Messages that encourage ---------------------------------------------------------------------


@pytest.fixture
def first_day_plan(client_user):
    return make_plan(client_user, WEDNESDAY, days=("mon", "wed", "fri"))


@pytest.mark.django_db
def test_first_hold_after_one_session_lists_no_failures_and_says_what_moves_up(
    logged_in, first_day_plan
):
    response = logged_in.post(reverse("mark_done", args=[WEDNESDAY]), follow=True)
    shown = [str(m) for m in response.context["messages"]]
    assert shown[0] == "Saved. Well done for logging it."
    assert len(shown) == 2
    assert shown[1].startswith("To move up: 3 more good sessions in a row")
    html = response.content.decode()
    assert "Fewer than 2" not in html
    assert "We move up after 3 sessions" not in html


@pytest.mark.django_db
def test_a_pause_after_a_log_shows_what_to_do_first_without_well_done(logged_in, plan):
    data = form_data(pain_during="8")
    response = logged_in.post(reverse("log_day", args=[WEDNESDAY]), data, follow=True)
    html = response.content.decode()
    assert "Well done" not in html
    shown = [str(m) for m in response.context["messages"]]
    assert shown == ["Saved. Your plan is paused: see what to do now below."]
    steps = html.index("What to do now")
    assert steps < html.index("More about this")
    assert "Stop for today and rest the sore spot." in html


@pytest.mark.django_db
def test_progress_on_a_paused_plan_does_not_say_keep_it_going(logged_in, client_user, plan):
    record_log(client_user, plan.sessions.get(date=MONDAY), DONE)
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.PAUSED, paused_for="pain")
    html = logged_in.get(reverse("progress")).content.decode()
    assert "in a row" in html
    assert "Keep it going!" not in html
    assert "your streak waits for you" in html


@pytest.mark.django_db
def test_progress_on_an_active_plan_still_cheers(logged_in, client_user, plan):
    record_log(client_user, plan.sessions.get(date=MONDAY), DONE)
    assert "Keep it going!" in logged_in.get(reverse("progress")).content.decode()
