"""Read once, render once (issue 26): each page reads what it shows once, and nothing a
stored fact or a versioned cache answers is asked again, with no rule skipped.

- the menu's facts live on the person's row, stored by the writers of plans, links and notes;
- the log POST reads the rules' input once: the input after the log is derived from the one
  read before it (compared here with a fresh read), and the hold's words come back with it;
- Today keeps the break rule's answer under the fragments' version, which every write moves;
- an empty form's fields are rendered through crispy once per language.
"""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from coaching.models import CoachLink, Note
from coaching.services import invites
from coaching.services import links as coaching
from plans import progression
from plans.forms.logging import RatingsForm, SessionLogForm
from plans.models import Plan, PlanEvent, PlannedSession, SessionLog
from plans.services import state as plan_state
from plans.templatetags import forms_once
from tests.factories import WEEKDAYS, log_session, make_plan

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # Wednesday
TODAY = date(2026, 11, 25)
MONDAY = date(2026, 11, 23)
BACKEND = "django.contrib.auth.backends.ModelBackend"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def said(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


# --- The menu's facts, stored by their writers ---------------------------------------------


@pytest.mark.django_db
def test_menu_facts_follow_plans_links_and_notes(client_user, coach_user):
    def facts():
        client_user.refresh_from_db()
        return client_user.menu_has_plan, client_user.menu_has_coach

    assert facts() == (False, False)
    make_plan(client_user, MONDAY)
    assert facts() == (True, False)
    link = invites.accept_invite(invites.create_invite(coach_user), client_user)
    assert facts() == (True, True)
    coaching.end_link(link, client_user)
    assert facts() == (True, False)  # no notes kept: no "My coach"
    coaching.undo_end(client_user, CoachLink.objects.get(pk=link.pk))
    assert facts() == (True, True)
    coaching.write_note(coach_user, client_user, "Well done this week.")
    coaching.end_link(CoachLink.objects.get(pk=link.pk), client_user)
    assert facts() == (True, True)  # the notes stay, and so does the page that shows them


@pytest.mark.django_db
def test_a_whole_row_save_of_a_user_read_earlier_keeps_the_menu(client_user):
    stale = type(client_user).objects.get(pk=client_user.pk)
    make_plan(client_user, MONDAY)
    stale.display_name = "New Name"
    stale.save()
    client_user.refresh_from_db()
    assert client_user.menu_has_plan


@pytest.mark.django_db
@pytest.mark.urls("bench.urls")
def test_blank_page_reads_session_and_user_only(logged_in, client_user, django_assert_num_queries):
    make_plan(client_user, MONDAY)
    Note.objects.create(client=client_user, body="Hello")
    with django_assert_num_queries(2):  # the session and the user: the menu is on the row
        html = logged_in.get("/bench/blank/").content.decode()
    assert html.count(">My plan</a>") == 2  # wide bar and folded menu, rendered once
    assert html.count(">My coach</a>") == 2


# --- The log POST reads the rules' input once -----------------------------------------------


def _log_as_record_log_does(planned: PlannedSession, status: str) -> SessionLog:
    walked = status != "skipped"
    return SessionLog.objects.create(
        planned=planned,
        client_id=planned.client_id,
        date=planned.date,
        status=status,
        minutes=planned.total_minutes if walked else 0,
        backward_minutes=planned.backward_minutes if walked else 0,
        logged_at=timezone.now(),
        updated_at=timezone.now(),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("history", ["dddd", "ds-s", "----", "", "dd--ppd-", "s-d"])
@pytest.mark.parametrize("day", [MONDAY, TODAY])
@pytest.mark.parametrize("status", ["done", "partial", "skipped"])
@pytest.mark.parametrize("decided", [False, True])
def test_the_input_after_a_log_is_what_reading_again_gives(
    client_user, history, day, status, decided
):
    """The contract behind reading once: `with_new_log` of the input read before a log equals
    the input read after it, for any history before it (d done, p partly, s skipped, - none)."""
    plan = make_plan(client_user, MONDAY - timedelta(weeks=3), weeks=4, days=WEEKDAYS)
    before_week = plan.sessions.filter(date__lt=MONDAY).order_by("-date")
    for mark, session in zip(history, before_week, strict=False):
        if mark != "-":
            log_session(session, {"d": "done", "p": "partial", "s": "skipped"}[mark])
    if decided:
        Plan.objects.filter(pk=plan.pk).update(decided_at=NOW - timedelta(days=2))
    plan.refresh_from_db()
    planned = plan.sessions.get(date=day)
    before = (plan_state.plan_state(plan, TODAY), plan_state.history(plan, TODAY))
    log = _log_as_record_log_does(planned, status)
    derived = plan_state.with_new_log(before, planned, log, plan.decided_at, TODAY)
    assert derived == (plan_state.plan_state(plan, TODAY), plan_state.history(plan, TODAY))


@pytest.mark.django_db
def test_next_morning_pain_in_a_log_is_read_again(client_user):
    plan = make_plan(client_user, MONDAY, days=WEEKDAYS)
    planned = plan.sessions.get(date=MONDAY)
    before = (plan_state.plan_state(plan, TODAY), plan_state.history(plan, TODAY))
    log = _log_as_record_log_does(planned, "done")
    log.pain_next_morning = 3
    assert plan_state.with_new_log(before, planned, log, plan.decided_at, TODAY) is None


@pytest.mark.django_db
@pytest.mark.parametrize("logged", [1, 60])
def test_the_one_tap_log_reads_a_constant_number_of_queries(
    logged_in, client_user, django_assert_num_queries, logged
):
    plan = make_plan(client_user, date(2026, 8, 3), weeks=20, days=WEEKDAYS)
    for planned in plan.sessions.filter(date__lt=TODAY).order_by("-date")[:logged]:
        log_session(planned, rpe=None, pain=None)  # unrated: the rules hold, whatever the count
    # As the rules left it at their last decision: a hold then writes no plan field.
    Plan.objects.filter(pk=plan.pk).update(
        level_started=MONDAY, stage_started=MONDAY, usual_morning_pain=0
    )
    # session + user; the session; the current plan, found and locked in one query; the
    # session and its log again; the rules' input once (last session, step-backs, morning
    # pains, recent sessions with their logs); the log, records version, coach link, the
    # plan's decision time and its event: 14, and two savepoints (SAVEPOINT and RELEASE each).
    # Before issue 26 the input was read again for the words on what moves the plan up.
    with django_assert_num_queries(LOG_POST_QUERIES):
        response = logged_in.post(reverse("mark_done", args=[TODAY]))
    assert response.status_code == 302
    assert SessionLog.objects.filter(date=TODAY).exists()


# + 3: the coach's row of this client, refreshed in the same transaction (the client's rows,
# their sessions, the upsert: coaching/services/status.py).
LOG_POST_QUERIES = 14 + 4 + 3


@pytest.mark.django_db
def test_the_hold_after_a_log_says_what_reading_again_would_say(logged_in, client_user):
    """The next-step words come back with the decision; they are the same words the rules
    give from a fresh read once the plan is written."""
    plan = make_plan(client_user, MONDAY - timedelta(weeks=1), weeks=3, days=WEEKDAYS)
    for planned in plan.sessions.filter(date__lt=TODAY):
        log_session(planned, rpe=4, pain=1)
    response = logged_in.post(reverse("mark_done", args=[TODAY]))
    plan.refresh_from_db()
    assert plan.events.filter(kind=PlanEvent.Kind.HOLD).exists()
    fresh = progression.next_step_words(
        plan_state.plan_state(plan, TODAY), plan_state.history(plan, TODAY), TODAY
    )
    assert fresh
    assert fresh in said(response)


# --- Today keeps the break rule's answer under the fragments' version -----------------------


@pytest.mark.django_db
def test_today_reads_the_break_answer_back_and_a_log_asks_the_rule_again(
    logged_in, client_user, django_assert_num_queries
):
    plan = make_plan(client_user, date(2026, 11, 16), weeks=2, days=WEEKDAYS, level=2)
    for planned in plan.sessions.filter(date__lte=date(2026, 11, 22)):
        log_session(planned)  # Monday and Tuesday missed: a break shown on Today
    trim = "You missed your last 2 planned sessions"
    assert trim in logged_in.get(reverse("today")).content.decode()
    # Read back: the break rule's five queries are not asked again.
    with django_assert_num_queries(TODAY_WARM_QUERIES):
        assert trim in logged_in.get(reverse("today")).content.decode()
    # A log moves the version: the rule runs again and the break is over.
    log_session(plan.sessions.get(date=date(2026, 11, 24)))
    type(client_user).objects.records_changed(client_user.pk)
    assert trim not in logged_in.get(reverse("today")).content.decode()


# session + user, plan with its answers, sessions, latest event, latest note, whether the
# person has logged yet (the install card) and the walk-test offer's one.
TODAY_WARM_QUERIES = 8


# --- Empty forms are rendered once per language ---------------------------------------------


@pytest.mark.django_db
def test_an_empty_forms_fields_are_rendered_once_per_language(monkeypatch):
    calls = []
    real = forms_once.as_crispy_field
    monkeypatch.setattr(forms_once, "as_crispy_field", lambda f: calls.append(f.name) or real(f))
    first = [forms_once.field_html(f) for f in SessionLogForm()]
    again = [forms_once.field_html(f) for f in SessionLogForm()]
    assert first == again == [str(real(f)) for f in SessionLogForm()]
    assert len(calls) == len(first)  # the second form cost no crispy rendering
    with translation.override("es"):
        spanish = [forms_once.field_html(f) for f in SessionLogForm()]
    assert spanish != first
    assert len(calls) == 2 * len(first)


@pytest.mark.django_db
def test_a_bound_form_and_new_starting_values_are_rendered_afresh():
    bound = RatingsForm({"rpe": "99"})
    assert not bound.is_valid()
    assert "Select a valid choice" in forms_once.field_html(bound["rpe"])
    assert forms_once._key(bound["rpe"]) is None
    one = forms_once.field_html(SessionLogForm(initial={"minutes": 10})["minutes"])
    two = forms_once.field_html(SessionLogForm(initial={"minutes": 20})["minutes"])
    assert 'value="10"' in one
    assert 'value="20"' in two


@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}})
@pytest.mark.django_db
def test_without_a_cache_the_forms_read_the_same():
    assert forms_once.field_html(SessionLogForm()["status"]) == str(
        forms_once.as_crispy_field(SessionLogForm()["status"])
    )
