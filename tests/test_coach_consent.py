"""Sharing with a coach is the client's choice (issue 25, point 3).

Accepting an invite shows what the coach will see and asks whether they also see what the
client logged before today; the choice is kept on the link and changed on the account page.
Without it, every coach page starts on the link's first day: the client page (logs, history,
charts, tests), the functional-test page, the progress report, the dashboard and its CSV.

The client (London) walked and logged from 2 November; the coach's link began on Wednesday
18 November. Before it: an easy walk on the 9th, a fall with pain 8 on the 16th, a slow
3-metre backward walk on the 10th and a coach's change on the 10th. After it: a walk on the
20th, a Timed Up and Go on the 24th and a change on the 23rd.
"""

import csv
import io
import re
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from accounts.models import User
from assessments.models import AssessmentResult
from coaching.models import CoachLink, Invite
from coaching.services import invites
from plans.models import PlanEvent
from tests.factories import PASSWORD, log_session, make_plan, make_user, refresh_status
from tests.worker import send_queued_mail

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # a Wednesday
LINKED = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)
LINK_DAY = date(2026, 11, 18)
BACKEND = "django.contrib.auth.backends.ModelBackend"
BEFORE_NOTE = "Slipped on the stairs"
OLD_WALK_NOTE = "Old walk by the canal"
AFTER_NOTE = "New walk in the park"
BEFORE_CHANGE = "A change long before the link"
AFTER_CHANGE = "A change since the link"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _session(plan, day):
    return plan.sessions.get(date=day)


def _event(plan, day, note):
    PlanEvent.objects.create(
        plan=plan,
        kind="adjust",
        source="coach",
        effective_on=day,
        made_at=datetime(day.year, day.month, day.day, 12, tzinfo=UTC),
        note=note,
        before={"stage": "handrail", "level": 1, "backward_minutes": 8},
        after={"stage": "handrail", "level": 1, "backward_minutes": 8},
    )


def _result(client, kind, day, value, reading):
    AssessmentResult.objects.create(
        client=client,
        kind=kind,
        taken_on=day,
        value=value,
        values={"seconds": value},
        reading=reading,
    )


def link_with(coach, client, shares_history: bool) -> CoachLink:
    """The client accepts the coach's invite on the 18th, with their choice."""
    with time_machine.travel(LINKED, tick=False):
        return invites.accept_invite(
            invites.create_invite(coach), client, shares_history=shares_history
        )


@pytest.fixture
def history(client_user):
    """What the client logged, before and after the link began."""
    User.objects.filter(pk=client_user.pk).update(time_zone="Europe/London")
    plan = make_plan(client_user, date(2026, 11, 2), weeks=4, days=("mon", "wed", "fri"))
    log_session(_session(plan, date(2026, 11, 9)), rpe=3, pain=1, note=OLD_WALK_NOTE)
    log_session(_session(plan, date(2026, 11, 16)), rpe=6, pain=8, fall=True, note=BEFORE_NOTE)
    log_session(_session(plan, date(2026, 11, 20)), rpe=5, pain=2, note=AFTER_NOTE)
    _result(client_user, "backward-walk", date(2026, 11, 10), "6.80", "at_risk")
    _result(client_user, "tug", date(2026, 11, 24), "9.00", "typical")
    _event(plan, date(2026, 11, 10), BEFORE_CHANGE)
    _event(plan, date(2026, 11, 23), AFTER_CHANGE)
    return plan


def coach_page(client, coach, url):
    # The rows written by hand (test results), and the daily passes since the link began.
    refresh_status()
    client.force_login(coach, backend=BACKEND)
    response = client.get(url)
    assert response.status_code == 200
    return response


SHARING = pytest.mark.parametrize("shares", [False, True], ids=["not_shared", "shared"])


# --- Every coach page follows the choice -------------------------------------------------------


@SHARING
@pytest.mark.django_db
def test_the_client_page_hides_logs_before_the_link_without_consent(
    client, coach_user, client_user, history, shares
):
    link_with(coach_user, client_user, shares)
    response = coach_page(client, coach_user, reverse("coach_client", args=[client_user.public_id]))
    page = response.content.decode()
    assert AFTER_NOTE in page
    assert (BEFORE_NOTE in page) is shares
    assert (OLD_WALK_NOTE in page) is shares
    assert [log.date >= LINK_DAY for log in response.context["logs"]] == (
        [True, False, False] if shares else [True]
    )
    if shares:
        assert "shares what they logged before you started too" in page
    else:
        assert "did not share what they logged before 18 November 2026" in page


@SHARING
@pytest.mark.django_db
def test_the_plan_history_on_the_client_page_follows_the_choice(
    client, coach_user, client_user, history, shares
):
    link_with(coach_user, client_user, shares)
    page = coach_page(
        client, coach_user, reverse("coach_client", args=[client_user.public_id])
    ).content.decode()
    assert AFTER_CHANGE in page
    assert (BEFORE_CHANGE in page) is shares


@SHARING
@pytest.mark.django_db
def test_the_charts_calendar_and_adherence_follow_the_choice(
    client, coach_user, client_user, history, shares
):
    link_with(coach_user, client_user, shares)
    response = coach_page(client, coach_user, reverse("coach_client", args=[client_user.public_id]))
    progress = response.context["progress"]
    chart_days = [day for day, _effort, _pain in progress.effort_pain]
    if shares:
        assert chart_days == [date(2026, 11, 9), date(2026, 11, 16), date(2026, 11, 20)]
    else:
        assert chart_days == [date(2026, 11, 20)]
    logged_days = {day.date for week in progress.weeks for day in week if day.state == "done"}
    assert (date(2026, 11, 9) in logged_days) is shares
    assert date(2026, 11, 20) in logged_days
    # The whole plan counts from the link's first day without the history: 18 Nov to today,
    # three sessions due (18, 20, 23; today's is not due yet), one walked.
    whole = progress.whole_plan
    assert (whole.done, whole.planned) == ((3, 10) if shares else (1, 3))


@SHARING
@pytest.mark.django_db
def test_the_tests_on_the_client_page_follow_the_choice(
    client, coach_user, client_user, history, shares
):
    link_with(coach_user, client_user, shares)
    response = coach_page(client, coach_user, reverse("coach_client", args=[client_user.public_id]))
    walked = {trend.kind: len(trend.results) for trend in response.context["test_trends"]}
    assert walked["backward-walk"] == (1 if shares else 0)
    assert walked["tug"] == 1
    assert ("10 November 2026" in response.content.decode()) is shares


@SHARING
@pytest.mark.django_db
def test_the_functional_test_page_follows_the_choice(
    client, coach_user, client_user, history, shares
):
    link_with(coach_user, client_user, shares)
    url = reverse("coach_test", args=[client_user.public_id, "backward-walk"])
    response = coach_page(client, coach_user, url)
    assert len(response.context["trend"].results) == (1 if shares else 0)
    assert ("6.8" in response.content.decode()) is shares


def _pause_before_the_link(plan):
    """A pause for strong pain on the 12th, before the link (the report's record reads it)."""
    PlanEvent.objects.create(
        plan=plan,
        kind="pause",
        source="rules",
        effective_on=date(2026, 11, 12),
        made_at=datetime(2026, 11, 12, 12, tzinfo=UTC),
        reasons=[{"code": "pain_pause", "message": "Pain 8 during the session.", "source": "S6"}],
        before={"stage": "handrail", "level": 1, "backward_minutes": 8, "status": "active"},
        after={"stage": "handrail", "level": 1, "backward_minutes": 8, "status": "paused"},
    )


@SHARING
@pytest.mark.django_db
def test_the_progress_report_follows_the_choice(client, coach_user, client_user, history, shares):
    _pause_before_the_link(history)
    link_with(coach_user, client_user, shares)
    url = reverse("coach_progress_report", args=[client_user.public_id])
    response = coach_page(client, coach_user, url)
    page = response.content.decode()
    # The weekly table's row for the week of Monday 9 November (the walk of the 9th).
    assert ('<th scope="row">9 Nov 2026</th>' in page) is shares
    # Nothing dated before the link in any table of the report (the record of pauses too).
    if not shares:
        assert '<th scope="row">12 Nov 2026</th>' not in page
    assert [t.kind for t, _rows in response.context["tests"]] == (
        ["backward-walk", "tug"] if shares else ["tug"]
    )
    days = [day for day, _effort, _pain in response.context["progress"].effort_pain]
    assert (date(2026, 11, 16) in days) is shares
    assert ("when you started coaching them" in page) is not shares


@SHARING
@pytest.mark.django_db
def test_the_dashboard_numbers_follow_the_choice(client, coach_user, client_user, history, shares):
    """The fall and the pain of 8 on the 16th raise flags only when the coach may see them;
    the walk test column shows the slow walk of the 10th only then."""
    link_with(coach_user, client_user, shares)
    response = coach_page(client, coach_user, reverse("coach_dashboard"))
    (row,) = response.context["rows"]
    codes = {code for code, _words in row.all_flags}
    assert ({"pain", "fall"} <= codes) is shares
    assert not ({"pain", "fall"} & codes) or shares
    assert row.last_session == date(2026, 11, 20)
    assert row.walk_test_on == (date(2026, 11, 10) if shares else None)
    # 28 days back from the 25th: sessions from the 2nd (shared: 3 of 10 walked) or only
    # from the link's first day (1 of 3).
    assert row.adherence_28 == (30 if shares else 33)


@SHARING
@pytest.mark.django_db
def test_the_csv_follows_the_choice(client, coach_user, client_user, history, shares):
    link_with(coach_user, client_user, shares)
    response = coach_page(client, coach_user, reverse("coach_clients_csv"))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    (row,) = rows
    assert row["Last session"] == "2026-11-20"
    assert ("Pain" in row["Flags"]) is shares
    assert row["Adherence 28 days (%)"] == ("30" if shares else "33")


@pytest.mark.django_db
def test_a_latest_walk_from_before_the_link_is_hidden_but_a_later_one_shows(
    client, coach_user, client_user, history
):
    """The dashboard's "last session" is the latest walk since the link began, not none."""
    link_with(coach_user, client_user, False)
    _result(client_user, "backward-walk", date(2026, 11, 19), "5.00", "typical")
    (row,) = coach_page(client, coach_user, reverse("coach_dashboard")).context["rows"]
    assert row.walk_test_on == date(2026, 11, 19)


# --- The invite asks, and the choice is kept ---------------------------------------------------


@pytest.mark.django_db
def test_the_accept_page_says_what_the_coach_will_see_and_asks(logged_in, coach_user):
    invite = invites.create_invite(coach_user)
    page = logged_in.get(reverse("invite", args=[invite.code])).content.decode()
    assert "If you accept, Cora Coach will see:" in page
    assert "your answers to the health questions, and your plan as it is now" in page
    assert "what you log from today on: your sessions, effort and pain, falls" in page
    assert "May your coach see what you logged before?" in page
    assert 'value="no"  id="id_shares_history_0" checked>' in page  # nothing shared at first


@pytest.mark.parametrize(("answer", "shares"), [("yes", True), ("no", False), (None, False)])
@pytest.mark.django_db
def test_accepting_records_the_choice_on_the_link(
    logged_in, client_user, coach_user, answer, shares
):
    """No answer at all (a page from before the question) shares nothing."""
    invite = invites.create_invite(coach_user)
    data = {} if answer is None else {"shares_history": answer}
    response = logged_in.post(reverse("invite_accept", args=[invite.code]), data)
    assert response.status_code == 302
    link = CoachLink.objects.get(client=client_user, ended_at__isnull=True)
    assert (link.shares_history, link.sharing_chosen_at) == (shares, NOW)
    invite.refresh_from_db()
    assert invite.shares_history is shares


@pytest.mark.django_db
def test_a_made_up_answer_is_refused_and_nothing_is_linked(logged_in, client_user, coach_user):
    invite = invites.create_invite(coach_user)
    response = logged_in.post(
        reverse("invite_accept", args=[invite.code]), {"shares_history": "everything"}
    )
    assert response.status_code == 400
    assert "Choose whether your coach may see what you logged before." in response.content.decode()
    assert not CoachLink.objects.filter(client=client_user).exists()
    invite.refresh_from_db()
    assert invite.state() == "open"


@pytest.mark.django_db
def test_accepting_the_same_coach_again_keeps_the_link_and_saves_the_new_choice(
    logged_in, client_user, coach_user
):
    first = link_with(coach_user, client_user, False)
    invite = invites.create_invite(coach_user)
    logged_in.post(reverse("invite_accept", args=[invite.code]), {"shares_history": "yes"})
    link = CoachLink.objects.get(client=client_user, ended_at__isnull=True)
    assert link.pk == first.pk
    assert link.shares_history is True


def finish_sign_up(client, email: str) -> None:
    """Open the mailed confirmation link when the sign-up waits for one (an account proves its
    address first, and the invite is accepted then); nothing when it was linked at once."""
    if CoachLink.objects.filter(client__email=email).exists():
        return
    send_queued_mail()
    link = re.search(r"http://testserver(/signup/confirm/\S+/)", mail.outbox[-1].body).group(1)
    client.post(link)


@pytest.mark.parametrize(("answer", "shares"), [("yes", True), ("no", False)])
@pytest.mark.django_db
def test_the_invite_sign_up_asks_and_keeps_the_choice(client, coach_user, answer, shares):
    invite = Invite.objects.create(coach=coach_user)
    page = client.get(reverse("invite_signup", args=[invite.code])).content.decode()
    assert "Cora Coach will see:" in page
    assert "May your coach see what you logged before?" in page
    response = client.post(
        reverse("invite_signup", args=[invite.code]),
        {
            "display_name": "Nina New",
            "email": "nina@example.com",
            "time_zone": "Europe/London",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "accept_disclaimer": "on",
            "accept_health_data": "on",
            "shares_history": answer,
        },
    )
    assert response.status_code == 302
    finish_sign_up(client, "nina@example.com")
    person = User.objects.get(email="nina@example.com")
    assert CoachLink.objects.get(client=person).shares_history is shares
    invite.refresh_from_db()
    assert invite.shares_history is shares


@pytest.mark.django_db
def test_a_choice_held_with_the_invite_is_used_when_it_is_accepted(client_user, coach_user):
    """The sign-up form's choice waits with the invite (an account that confirms its email
    first accepts later, from the confirmation link)."""
    invite = invites.create_invite(coach_user)
    invites.hold_choice(invite, True)
    link = invites.accept_invite(Invite.objects.get(pk=invite.pk), client_user)
    assert link.shares_history is True


@pytest.mark.parametrize(
    ("first", "second", "held"),
    [(False, True, False), (True, False, False), (True, True, True), (False, False, False)],
)
@pytest.mark.django_db
def test_two_sign_ups_from_one_link_never_share_more_than_either_chose(
    coach_user, first, second, held
):
    """Before anyone confirms, two people may sign up from the same link: a "no" held stays."""
    invite = invites.create_invite(coach_user)
    invites.hold_choice(invite, first)
    invites.hold_choice(invite, second)
    assert Invite.objects.get(pk=invite.pk).shares_history is held


# --- The account page changes it ---------------------------------------------------------------


@pytest.mark.django_db
def test_the_account_page_shows_what_the_coach_sees_and_the_choice(
    logged_in, client_user, coach_user
):
    link_with(coach_user, client_user, False)
    page = logged_in.get(reverse("account")).content.decode()
    assert "Cora Coach has been your coach since 18 November 2026. They see:" in page
    assert "what you log from 18 November 2026: your sessions" in page
    assert "You chose not to share what you logged before." in page
    assert "Yes: also what I logged before 18 November 2026" in page
    assert reverse("client_end_link_confirm") in page


@pytest.mark.way_in("coaching.views.notes.sharing")
@pytest.mark.way_in("coaching.services.links.share_history")
@pytest.mark.django_db
def test_changing_the_choice_on_the_account_page_changes_the_coach_page(
    client, client_user, coach_user, history
):
    link_with(coach_user, client_user, False)
    client.force_login(client_user, backend=BACKEND)
    response = client.post(reverse("client_coach_sharing"), {"shares_history": "yes"})
    assert response.status_code == 302
    assert response["Location"] == reverse("account") + "#coach"
    link = CoachLink.objects.get(client=client_user)
    assert (link.shares_history, link.sharing_chosen_at) == (True, NOW)
    url = reverse("coach_client", args=[client_user.public_id])
    assert BEFORE_NOTE in coach_page(client, coach_user, url).content.decode()
    # And back: the coach's page (its cached parts too) starts on the link's day again.
    client.force_login(client_user, backend=BACKEND)
    client.post(reverse("client_coach_sharing"), {"shares_history": "no"})
    response = coach_page(client, coach_user, url)
    assert BEFORE_NOTE not in response.content.decode()
    assert [day for day, _e, _p in response.context["progress"].effort_pain] == [date(2026, 11, 20)]


@pytest.mark.django_db
def test_a_bad_answer_on_the_account_page_changes_nothing(logged_in, client_user, coach_user):
    link_with(coach_user, client_user, False)
    response = logged_in.post(
        reverse("client_coach_sharing"), {"shares_history": "maybe"}, follow=True
    )
    assert "Nothing was changed. Please choose one of the answers." in response.content.decode()
    assert CoachLink.objects.get(client=client_user).shares_history is False


@pytest.mark.django_db
def test_sharing_needs_a_login(client, client_user, coach_user):
    link_with(coach_user, client_user, False)
    response = client.post(reverse("client_coach_sharing"), {"shares_history": "yes"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert CoachLink.objects.get(client=client_user).shares_history is False


@pytest.mark.django_db
def test_sharing_refuses_get(logged_in, client_user, coach_user):
    link_with(coach_user, client_user, False)
    assert logged_in.get(reverse("client_coach_sharing")).status_code == 405


@pytest.mark.django_db
def test_a_coach_cannot_change_a_clients_sharing(client, client_user, coach_user):
    link_with(coach_user, client_user, False)
    client.force_login(coach_user, backend=BACKEND)
    response = client.post(reverse("client_coach_sharing"), {"shares_history": "yes"})
    assert response.status_code == 403
    assert CoachLink.objects.get(client=client_user).shares_history is False


@pytest.mark.django_db
def test_another_client_changes_only_their_own_link(
    client, client_user, other_client_user, coach_user
):
    """The page acts on the asking client's own link: no id to point at someone else's."""
    link_with(coach_user, client_user, False)
    client.force_login(other_client_user, backend=BACKEND)
    response = client.post(reverse("client_coach_sharing"), {"shares_history": "yes"}, follow=True)
    assert "You have no coach at the moment." in response.content.decode()
    assert CoachLink.objects.get(client=client_user).shares_history is False


@pytest.mark.django_db
def test_a_client_without_a_coach_sees_no_coach_section(logged_in):
    page = logged_in.get(reverse("account")).content.decode()
    assert 'id="coach"' not in page


@pytest.mark.django_db
def test_undoing_an_end_brings_the_choice_back_with_the_link(client, client_user, coach_user):
    link_with(coach_user, client_user, True)
    client.force_login(client_user, backend=BACKEND)
    client.post(reverse("client_end_link"))
    client.post(reverse("client_end_link_undo"))
    assert CoachLink.objects.get(client=client_user, ended_at__isnull=True).shares_history


@pytest.mark.django_db
def test_a_new_coach_starts_from_nothing_shared_until_asked(client_user, coach_user):
    """The old link's choice is not carried over to a new coach: each is asked."""
    make_user("second@example.com", "Second Coach", role="coach")
    link_with(coach_user, client_user, True)
    second = User.objects.get(email="second@example.com")
    link = invites.accept_invite(invites.create_invite(second), client_user)
    assert link.shares_history is False
