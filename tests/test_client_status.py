"""The coach's read model (coaching.models.ClientStatus) is never stale.

Each way in that changes what a row is computed from refreshes it in the same transaction:
the dashboard shows a new pain, fall, pause, review or clearance the moment the write
commits, and a write that rolls back leaves the row as it was. The daily step (write_schedules,
the scheduler's pass) refreshes rows whose local day is over. Nothing here refreshes by hand:
the rows are written by the services themselves (tests.factories refresh only for setup).
"""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from accounts.services.account import delete_account
from assessments import readings
from assessments.services import record_result
from coaching.flags import FLAG_LABELS
from coaching.models import ClientStatus, CoachLink, Invite
from coaching.selectors.dashboard import for_dashboard
from coaching.services import links, status
from coaching.services.invites import accept_invite
from plans.models import Plan
from plans.services import adjustments
from plans.services.falls import report_fall
from plans.services.sessions import add_morning_pain, add_ratings, correct_log, record_log
from tests.factories import make_plan, make_user

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # a Wednesday
TODAY = date(2026, 11, 25)
START = date(2026, 11, 2)  # a Monday; sessions on Mon, Wed, Fri


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def linked(coach_user, client_user):
    """A client with a plan and a coach who sees their history; every past session walked."""
    CoachLink.objects.create(coach=coach_user, client=client_user, shares_history=True)
    plan = make_plan(client_user, START, weeks=4)  # make_plan refreshes the row (setup)
    return plan


def row(client) -> ClientStatus:
    return ClientStatus.objects.get(client=client)


def dashboard_codes(coach) -> set[str]:
    return {code for r in for_dashboard(coach) for code, _words in r.all_flags}


def today_session(plan):
    return plan.sessions.get(date=TODAY)


LOG = {"status": "done", "minutes": 20, "rpe": 4}


def test_no_flag_code_is_part_of_another():
    """The rows store flag codes as text and filter with `contains`."""
    for code in FLAG_LABELS:
        assert [other for other in FLAG_LABELS if code in other] == [code]


# --- Logs ------------------------------------------------------------------------------------


@pytest.mark.way_in("plans.services.sessions.record_log")
@pytest.mark.django_db
def test_a_log_with_pain_7_shows_the_pain_flag_at_once(coach_user, client_user, linked):
    assert "pain" not in dashboard_codes(coach_user)
    record_log(client_user, today_session(linked), {**LOG, "pain_during": 7})
    assert "pain" in row(client_user).flag_codes
    assert "pain" in dashboard_codes(coach_user)
    # The pause it causes too, and the row leads the list.
    assert row(client_user).attention == 0
    assert row(client_user).last_pain == 7


@pytest.mark.way_in("plans.services.sessions.record_log")
@pytest.mark.django_db
def test_a_quiet_log_without_a_plan_event_still_refreshes_the_row(coach_user, client_user, linked):
    """A log the rules leave alone writes no event: the service announces it itself."""
    before = row(client_user)
    record_log(client_user, today_session(linked), {**LOG, "pain_during": 1})
    after = row(client_user)
    assert after.last_session == TODAY != before.last_session
    assert after.last_rpe == 4


@pytest.mark.way_in("plans.services.sessions.add_morning_pain")
@pytest.mark.django_db
def test_next_morning_pain_of_8_shows_the_pain_flag(coach_user, client_user, linked):
    yesterday = linked.sessions.filter(date__lt=TODAY).latest("date")
    with time_machine.travel(datetime.combine(yesterday.date, datetime.min.time(), UTC)):
        log = record_log(client_user, yesterday, {**LOG, "pain_during": 1}).log
    with time_machine.travel(
        datetime.combine(yesterday.date + timedelta(days=1), datetime.min.time(), UTC)
        + timedelta(hours=9)
    ):
        add_morning_pain(client_user, log, 8)
        assert "pain" in row(client_user).flag_codes


@pytest.mark.way_in("plans.services.sessions.add_ratings")
@pytest.mark.django_db
def test_ratings_after_a_one_tap_log_show_the_pain_flag(coach_user, client_user, linked):
    log = record_log(client_user, today_session(linked), {"status": "done", "minutes": 20}).log
    assert row(client_user).last_rpe is None
    add_ratings(client_user, log, 5, 7)
    assert (row(client_user).last_rpe, row(client_user).last_pain) == (5, 7)
    assert "pain" in row(client_user).flag_codes


@pytest.mark.way_in("plans.services.sessions.correct_log")
@pytest.mark.django_db
def test_a_correction_that_adds_a_fall_shows_the_fall_flag(coach_user, client_user, linked):
    log = record_log(client_user, today_session(linked), {**LOG, "pain_during": 1}).log
    assert "fall" not in row(client_user).flag_codes
    correct_log(client_user, log, {**LOG, "pain_during": 1, "fall": True})
    codes = row(client_user).flag_codes
    assert "fall" in codes
    assert {"paused", "clearance"} & set(codes)


@pytest.mark.way_in("plans.services.falls.report_fall")
@pytest.mark.django_db
def test_a_fall_told_on_its_own_pauses_and_the_row_says_so(coach_user, client_user, linked):
    report_fall(client_user, happened_at=NOW - timedelta(hours=2), injury=False, head_strike=False)
    assert row(client_user).plan_status == Plan.Status.PAUSED
    assert "paused" in dashboard_codes(coach_user)


@pytest.mark.way_in("assessments.services.record_result")
@pytest.mark.django_db
def test_a_slow_walk_test_fills_the_column_and_asks_for_a_review(coach_user, client_user, linked):
    record_result(
        client_user, readings.BACKWARD_WALK, {"seconds": "6.5"}, by=coach_user, today=TODAY
    )
    saved = row(client_user)
    assert saved.walk_test_seconds == Decimal("6.50")
    assert saved.walk_test_at_risk
    assert "needs_review" in saved.flag_codes


# --- The coach's side ------------------------------------------------------------------------


def _change(plan, kind, **extra):
    plan.refresh_from_db()
    return adjustments.Adjustment(
        kind=kind, reason="Checked with them", row_version=plan.row_version, **extra
    )


@pytest.mark.way_in("plans.services.adjustments.adjust_plan")
@pytest.mark.django_db
def test_a_coach_pause_and_resume_show_at_once(coach_user, client_user, linked):
    adjustments.adjust_plan(client_user, coach_user, _change(linked, "pause"))
    assert "paused" in row(client_user).flag_codes
    adjustments.adjust_plan(client_user, coach_user, _change(linked, "resume"))
    assert "paused" not in row(client_user).flag_codes


@pytest.mark.way_in("coaching.services.links.mark_seen")
@pytest.mark.django_db
def test_seen_quiets_the_flags_and_a_new_pain_brings_them_back(coach_user, client_user, linked):
    record_log(client_user, today_session(linked), {**LOG, "pain_during": 7})
    assert row(client_user).attention == 0
    links.mark_seen(coach_user, client_user)
    assert row(client_user).attention == 1
    assert row(client_user).new_flags == ""
    assert "pain" in row(client_user).flag_codes
    assert for_dashboard(coach_user, flag="pain") == []


@pytest.mark.way_in("coaching.services.links.end_link")
@pytest.mark.way_in("coaching.services.links.undo_end")
@pytest.mark.django_db
def test_ending_a_link_takes_the_client_off_the_list_and_undo_brings_them_back(
    coach_user, client_user, linked
):
    link = CoachLink.objects.get(client=client_user)
    links.end_link(link, by=coach_user)
    assert row(client_user).coach_id is None
    assert for_dashboard(coach_user) == []
    link.refresh_from_db()
    links.undo_end(coach_user, link)
    assert row(client_user).coach_id == coach_user.pk


@pytest.mark.way_in("coaching.services.links.share_history")
@pytest.mark.django_db
def test_the_sharing_choice_changes_what_the_row_counts(coach_user, client_user, linked):
    with time_machine.travel(NOW - timedelta(days=9), tick=False):
        record_log(
            client_user, linked.sessions.get(date=date(2026, 11, 16)), {**LOG, "pain_during": 8}
        )
    assert "pain" in row(client_user).flag_codes
    CoachLink.objects.filter(client=client_user).update(started_at=NOW - timedelta(days=2))
    links.share_history(client_user, False)
    assert "pain" not in row(client_user).flag_codes
    links.share_history(client_user, True)
    assert "pain" in row(client_user).flag_codes


@pytest.mark.way_in("coaching.services.invites.accept_invite")
@pytest.mark.django_db
def test_accepting_an_invite_lists_the_client_at_once(coach_user, client_user):
    make_plan(client_user, START, weeks=4)
    invite = Invite.objects.create(coach=coach_user, email=client_user.email)
    accept_invite(invite, client_user, shares_history=True)
    [listed] = for_dashboard(coach_user)
    assert listed.pk == client_user.pk
    assert listed.adherence_28 == 0


@pytest.mark.way_in("accounts.services.account.delete_account")
@pytest.mark.django_db
def test_a_deleted_coach_leaves_no_coach_on_the_rows(coach_user, client_user, linked):
    delete_account(coach_user)
    assert row(client_user).coach_id is None


@pytest.mark.django_db
def test_a_deleted_client_takes_their_row_along(coach_user, client_user, linked):
    delete_account(client_user)
    assert not ClientStatus.objects.exists()


@pytest.mark.django_db
def test_the_account_page_refreshes_the_name_the_list_sorts_by(client, client_user, linked):
    client.force_login(client_user)
    response = client.post(
        reverse("account"),
        {"display_name": "Zoë Zed", "time_zone": "Pacific/Auckland", "speed_unit": "kmh"},
    )
    assert response.status_code == 302
    saved = row(client_user)
    assert saved.sort_name == "zoë zed"
    assert saved.valid_on == date(2026, 11, 25)  # 23:00 in Auckland
    assert saved.valid_until == datetime(2026, 11, 25, 11, 0, tzinfo=UTC)


# --- Rollback and the daily step ------------------------------------------------------------


@pytest.mark.django_db
def test_a_rolled_back_log_leaves_the_row_unchanged(coach_user, client_user, linked):
    before = {f.name: getattr(row(client_user), f.name) for f in ClientStatus._meta.fields}

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        record_log(client_user, today_session(linked), {**LOG, "pain_during": 9})
        assert "pain" in row(client_user).flag_codes  # inside: already written
        raise Boom
    after = {f.name: getattr(row(client_user), f.name) for f in ClientStatus._meta.fields}
    assert after == before


@pytest.mark.way_in("plans.management.commands.write_schedules.Command.handle")
@pytest.mark.django_db
def test_the_daily_step_counts_missed_sessions_on_the_new_day(coach_user, client_user):
    CoachLink.objects.create(coach=coach_user, client=client_user, shares_history=True)
    plan = make_plan(client_user, START, weeks=6)
    for session in plan.sessions.filter(date__lt=date(2026, 11, 20)):
        record_log(client_user, session, {**LOG, "pain_during": 1}, today=session.date)
    assert "missed" not in row(client_user).flag_codes  # only Fri 20 and Mon 23 missed
    later = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)  # Wed 25 missed too: three in a row
    with time_machine.travel(later, tick=False):
        assert row(client_user).valid_until <= later
        out = StringIO()
        call_command("write_schedules", stdout=out)
        assert "1 coach's rows refreshed" in out.getvalue()
        saved = row(client_user)
        assert saved.valid_on == date(2026, 11, 28)
        assert "missed" in saved.flag_codes


@pytest.mark.django_db
def test_the_schedulers_pass_refreshes_rows_whose_day_is_over(coach_user, client_user, linked):
    with time_machine.travel(NOW + timedelta(days=1), tick=False):
        call_command("run_scheduler", "--once", stdout=StringIO())
        assert row(client_user).valid_on == TODAY + timedelta(days=1)
        # Nothing over: nothing written.
        assert status.refresh_expired() == 0


@pytest.mark.django_db
def test_the_daily_step_fills_a_missing_row_of_a_linked_client(coach_user, client_user):
    CoachLink.objects.create(coach=coach_user, client=client_user)
    assert not ClientStatus.objects.exists()
    assert status.refresh_expired() == 1
    assert row(client_user).coach_id == coach_user.pk


@pytest.mark.django_db
def test_coaches_get_no_row(coach_user):
    assert status.refresh([coach_user.pk]) == 0
    assert make_user("x@example.com", "X")
