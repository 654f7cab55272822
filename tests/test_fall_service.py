"""§9.7 a fall can be reported any time: plans.services.falls.report_fall saves the fall once
and pauses the plan through the same rules and the same writer as a fall on a session log."""

import threading
from dataclasses import fields
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.db import connection, transaction

from accounts.models import User
from coaching.models import CoachLink
from notifications.models import Notification
from plans import progression
from plans.models import FallReport, Plan, PlanEvent, Screening
from plans.services import clearances, intake
from plans.services import state as plan_state
from plans.services.falls import FallRefused, report_fall
from plans.services.transitions import Change, locked_plan, transition
from tests.engine.answer_factory import make_answers_dict
from tests.engine.test_fall_told import told
from tests.factories import make_plan, make_screening
from tests.test_questionnaire import PERSONA_1

# Wednesday 2 December 2026, 10:00 UTC; the client lives in UTC unless a test says otherwise.
NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
TODAY = date(2026, 12, 2)
MONDAY = date(2026, 11, 30)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def report(user, *, hours_ago: float = 2, injury=False, head_strike=False, now=NOW):
    return report_fall(
        user,
        happened_at=now - timedelta(hours=hours_ago),
        injury=injury,
        head_strike=head_strike,
        now=now,
    )


def pause(plan: Plan, need: str, cause: str) -> None:
    with transaction.atomic():
        transition(
            locked_plan(plan.pk),
            Change(
                PlanEvent.Kind.PAUSE,
                PlanEvent.Source.RULES,
                values={"status": Plan.Status.PAUSED, "pause_needs": need, "paused_for": cause},
            ),
            today=TODAY,
            now=NOW - timedelta(days=1),
        )


# --- The pause it makes ------------------------------------------------------------------


@pytest.mark.way_in("plans.services.falls.report_fall")
@pytest.mark.django_db
def test_s9_7_an_unhurt_fall_pauses_for_the_48_hour_own_wait(client_user, frozen):
    """§9.7 + §3 v2: no injury → paused for the person's own re-check after 48 hours, one
    stage down; the fall adds to falls_logged."""
    plan = make_plan(client_user, MONDAY, weeks=3, stage="handrail", level=2)
    result = report(client_user)

    plan.refresh_from_db()
    assert result.created and result.plan.pk == plan.pk
    assert (plan.status, plan.pause_needs, plan.paused_for) == ("paused", "self", "fall")
    assert plan.falls_logged == 1
    assert plan.paused_at == NOW
    assert result.event.kind == PlanEvent.Kind.PAUSE
    assert {"fall"} == {r["code"] for r in result.event.reasons}
    assert FallReport.objects.get().event == result.event
    assert plan.pause_reason == list(progression.paused_todo(plan_state.plan_state(plan, TODAY)))

    own = clearances.Clearance("self")
    frozen.move_to(NOW + timedelta(hours=47))
    with pytest.raises(clearances.ClearanceNotEnough, match="48 hours"):
        clearances.clear(client_user, own, by=client_user)
    frozen.move_to(NOW + timedelta(hours=49))
    clearances.clear(client_user, own, by=client_user)
    plan.refresh_from_db()
    assert (plan.status, plan.stage) == ("active", "pool")


@pytest.mark.way_in("plans.services.falls.report_fall")
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("follow_ups", "answers", "reason"),
    [
        pytest.param({"injury": True}, {}, "fall_injury", id="§9.7 hurt → physician"),
        pytest.param({"head_strike": True}, {}, "fall_head_strike", id="§9.7 head → physician"),
        pytest.param({}, {"anticoagulants": True}, "fall_anticoagulants", id="§9.7 blood thinners"),
    ],
)
def test_s9_7_a_serious_fall_needs_a_physician(client_user, follow_ups, answers, reason):
    screening = make_screening(client_user, answers=make_answers_dict(age=70, **answers))
    plan = make_plan(client_user, MONDAY, screening=screening)
    result = report(client_user, **follow_ups)

    plan.refresh_from_db()
    assert (plan.status, plan.pause_needs, plan.paused_for) == ("paused", "physician", "fall")
    assert reason in {r["code"] for r in result.event.reasons}
    with pytest.raises(clearances.ClearanceNotEnough):
        clearances.clear(client_user, clearances.Clearance("self"), by=client_user)


@pytest.mark.way_in("plans.services.falls.report_fall")
@pytest.mark.django_db
def test_s9_7_a_head_strike_while_paused_for_pain_makes_the_need_stronger(client_user):
    """§9.7 + §2f: already paused, the fall still counts and the stronger need wins."""
    plan = make_plan(client_user, MONDAY)
    pause(plan, "self", "pain")
    result = report(client_user, head_strike=True)

    plan.refresh_from_db()
    assert (plan.status, plan.pause_needs, plan.falls_logged) == ("paused", "physician", 1)
    assert plan.paused_on == TODAY
    assert result.event.kind == PlanEvent.Kind.PAUSE


@pytest.mark.way_in("plans.services.falls.report_fall")
@pytest.mark.django_db
def test_s9_7_an_unhurt_fall_while_waiting_for_a_doctor_keeps_the_doctor(client_user):
    """§9.7 + §2f: a weaker new cause never weakens a pause; the fall is still counted."""
    plan = make_plan(client_user, MONDAY)
    pause(plan, "physician", "red_flag")
    report(client_user)

    plan.refresh_from_db()
    # §9.4: both causes stay open, each with its own clearance; the need is the doctor's.
    assert (plan.status, plan.pause_needs) == ("paused", "physician")
    assert {c["cause"] for c in plan.pause_causes if not c.get("cleared")} == {"red_flag", "fall"}
    assert plan.falls_logged == 1
    assert FallReport.objects.count() == 1


@pytest.mark.django_db
def test_s9_7_a_fall_from_months_ago_still_pauses_and_counts(client_user):
    plan = make_plan(client_user, MONDAY)
    report(client_user, hours_ago=24 * 200)
    plan.refresh_from_db()
    assert (plan.status, plan.paused_for, plan.falls_logged) == ("paused", "fall", 1)
    assert FallReport.objects.get().happened_at == NOW - timedelta(days=200)


@pytest.mark.django_db
def test_s9_7_the_linked_coach_is_alerted_after_the_commit(
    client_user, coach_user, django_capture_on_commit_callbacks
):
    CoachLink.objects.create(coach=coach_user, client=client_user)
    make_plan(client_user, MONDAY)
    with django_capture_on_commit_callbacks(execute=True):
        result = report(client_user, head_strike=True)
    alert = Notification.objects.get(kind=Notification.Kind.COACH_ALERT)
    assert alert.key == f"alert:{result.event.pk}"
    assert alert.to == coach_user.email


# --- Without a plan ------------------------------------------------------------------------


@pytest.mark.way_in("plans.services.falls.report_fall")
@pytest.mark.way_in("plans.services.falls.hand_over_told_falls")
@pytest.mark.django_db
def test_s9_7_with_no_plan_the_fall_is_saved_and_counts_for_the_next_plan(client_user):
    """§9.7: still answering the questions, the fall is kept; the plan made from the answers
    counts it in falls_12m and waits as after any fall."""
    result = report(client_user)
    assert (result.created, result.plan, result.event) == (True, None, None)
    assert FallReport.objects.filter(client=client_user).count() == 1
    assert not Plan.objects.exists()

    plan = intake.start_plan(client_user, PERSONA_1, TODAY, now=NOW + timedelta(hours=1))

    assert Screening.objects.get(client=client_user).answers["falls_12m"] == 1
    assert (plan.status, plan.paused_for, plan.pause_needs) == ("paused", "fall", "self")
    assert plan.falls_logged == 0  # counted once, in the answers
    assert FallReport.objects.get().event.plan_id == plan.pk


@pytest.mark.way_in("plans.services.falls.report_fall")
@pytest.mark.way_in("plans.services.falls.hand_over_told_falls")
@pytest.mark.django_db
def test_s9_7_a_head_strike_with_no_plan_makes_the_next_plan_wait_for_a_doctor(client_user):
    report(client_user, head_strike=True)
    plan = intake.start_plan(client_user, PERSONA_1, TODAY, now=NOW + timedelta(hours=1))
    assert (plan.status, plan.pause_needs) == ("paused", "physician")


@pytest.mark.django_db
def test_s9_7_after_a_plan_ended_the_fall_is_still_saved(client_user):
    make_plan(client_user, MONDAY, status=Plan.Status.ENDED)
    result = report(client_user, injury=True)
    assert result.plan is None and result.report.injury


@pytest.mark.django_db
def test_s9_7_told_falls_count_in_the_last_12_months_only(client_user):
    report(client_user, hours_ago=24 * 364)
    report(client_user, hours_ago=3)
    assert intake.logged_falls(client_user, TODAY) == 2
    assert intake.logged_falls(client_user, TODAY + timedelta(days=2)) == 1


# --- Once, and only when it can be -----------------------------------------------------------


@pytest.mark.way_in("plans.services.falls.report_fall")
@pytest.mark.django_db
def test_s9_7_the_same_fall_told_twice_is_saved_once(client_user):
    plan = make_plan(client_user, MONDAY)
    first = report(client_user)
    events = PlanEvent.objects.count()
    again = report(client_user, now=NOW + timedelta(seconds=20), hours_ago=2 + 20 / 3600)

    assert not again.created
    assert again.report.pk == first.report.pk and again.event == first.event
    assert FallReport.objects.count() == 1
    assert PlanEvent.objects.count() == events
    plan.refresh_from_db()
    assert plan.falls_logged == 1


@pytest.mark.way_in("plans.services.falls.report_fall")
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("happened_at", "words"),
    [
        pytest.param(NOW + timedelta(minutes=5), "future", id="§9.7 not in the future"),
        pytest.param(NOW - timedelta(days=366), "12 months", id="§9.7 not over 12 months ago"),
    ],
)
def test_s9_7_a_fall_at_an_impossible_time_saves_nothing(client_user, happened_at, words):
    plan = make_plan(client_user, MONDAY)
    with pytest.raises(FallRefused, match=words):
        report_fall(client_user, happened_at=happened_at, injury=True, head_strike=True, now=NOW)
    assert not FallReport.objects.exists()
    plan.refresh_from_db()
    assert (plan.status, plan.falls_logged, plan.events.count()) == ("active", 0, 0)


@pytest.mark.django_db
def test_s9_7_the_seconds_are_dropped_so_a_repeat_within_the_minute_is_one_fall(client_user):
    happened = datetime(2026, 12, 2, 8, 15, 42, tzinfo=UTC)
    report_fall(client_user, happened_at=happened, injury=False, head_strike=False, now=NOW)
    assert FallReport.objects.get().happened_at == datetime(2026, 12, 2, 8, 15, tzinfo=UTC)


# --- The seam: a FallReport as the rules' input -------------------------------------------------


@pytest.mark.django_db
def test_s9_7_a_told_fall_reaches_the_rules_with_every_field_filled(client_user):
    """The contract at the seam (as tests/test_rules_seam.py): every LogEntry field is listed,
    so a field added to the rules fails here until `state.fall_entry` maps it. The entry is
    the one tests/engine/test_fall_told.py judges."""
    row = FallReport.objects.create(
        client=client_user, happened_at=NOW, injury=True, head_strike=True
    )
    entry = plan_state.fall_entry(row, date(2026, 12, 1))
    expected = {
        "date": date(2026, 12, 1),
        "status": "skipped",  # not a session: nothing done, nothing planned
        "planned_backward_minutes": 0,
        "backward_minutes_done": 0,
        "rpe": None,
        "pain_during": None,
        "pain_next_morning": None,
        "fall": True,
        "near_fall": False,
        "red_flag": False,
        "fall_injury": True,
        "fall_head_strike": True,
        "health_changed": False,
        "is_new": True,
    }
    assert {f.name for f in fields(progression.LogEntry)} == set(expected)
    assert {name: getattr(entry, name) for name in expected} == expected
    assert entry == told(date(2026, 12, 1), fall_injury=True, fall_head_strike=True)
    unhurt = FallReport(client=client_user, happened_at=NOW, injury=False, head_strike=False)
    assert plan_state.fall_entry(unhurt, TODAY) == told(TODAY)


@pytest.mark.django_db
def test_s9_7_the_fall_day_is_the_person_s_own_day(client_user, monkeypatch):
    """A fall at 01:30 in Sydney is dated that Sydney day, not the UTC day before."""
    User.objects.filter(pk=client_user.pk).update(time_zone="Australia/Sydney")
    client_user.refresh_from_db()
    make_plan(client_user, MONDAY)
    days = []
    real = plan_state.fall_entry
    monkeypatch.setattr(
        plan_state, "fall_entry", lambda row, day: days.append(day) or real(row, day)
    )
    happened = datetime(2026, 12, 1, 14, 30, tzinfo=UTC)  # 2 December, 01:30 in Sydney
    report_fall(client_user, happened_at=happened, injury=False, head_strike=False, now=NOW)
    assert days == [date(2026, 12, 2)]
    assert FallReport.objects.get().happened_at == happened


# SQLite locks whole tables without waiting, so the race is run where production runs it;
# CI runs the suite on PostgreSQL too (as tests/test_logging_concurrency.py).
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (CI runs it)")
@pytest.mark.django_db(transaction=True)
def test_s9_7_two_submits_at_once_make_one_fall_and_one_pause(client_user):
    plan = make_plan(client_user, MONDAY)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def submit():
        try:
            barrier.wait(timeout=10)
            results.append(report(client_user))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert sorted(r.created for r in results) == [False, True]
    assert FallReport.objects.count() == 1
    plan.refresh_from_db()
    assert (plan.status, plan.falls_logged) == ("paused", 1)
    assert plan.events.filter(kind=PlanEvent.Kind.PAUSE).count() == 1
