"""Issue 12's bypasses, each tried through the views with Django's test client: none of them
gets past the v2 rules any more, and nothing anyone logged is lost on the way.

Each test names the part of domain.md (v2) it holds the app to.
"""

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from plans.models import Plan, PlanEvent, PlannedSession, Screening, SessionLog
from plans.said import render, render_all
from plans.screening import V2_KEYS
from plans.services.intake import current_plan, start_plan
from tests.factories import log_session, make_plan
from tests.test_questionnaire import PERSONA_1, PERSONA_7, answer_steps

# Wednesday 25 November 2026, 10:00 UTC; the clients live in UTC.
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
MONDAY = date(2026, 11, 23)
TODAY = date(2026, 11, 25)
BACKEND = "django.contrib.auth.backends.ModelBackend"
OWN_CHECK = {"pain_ok": "yes", "warning_signs": "no", "new_fall": "no"}


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def logs_of(user) -> list[dict]:
    """Everything logged, as values, to show that nothing logged is lost."""
    return list(SessionLog.objects.filter(client=user).order_by("date").values())


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


def log_day(client, day: date, **fields):
    data = {"status": "done", "minutes": "20", "rpe": "4", "pain_during": "1", **fields}
    return client.post(reverse("log_day", args=[day]), data, follow=True)


# --- 1. Answering the questions again never lifts a pause (persona 12) --------------------


def _paused_by_chest_pain(client, user):
    start_plan(user, PERSONA_7, TODAY)


def _paused_by(**fields):
    def pause(client, user):
        make_plan(user, MONDAY)
        log_day(client, TODAY, **fields)

    return pause


@pytest.mark.way_in("plans.views.questionnaire.step")
@pytest.mark.way_in("plans.services.intake.start_plan")
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("pause", "need"),
    [
        pytest.param(_paused_by_chest_pain, "physician", id="chest pain at screening, §2f v2"),
        pytest.param(_paused_by(red_flag="on"), "physician", id="red flag logged, §2f v2"),
        pytest.param(
            _paused_by(fall="on", fall_head_strike="on"), "physician", id="head strike, §3 v2"
        ),
        pytest.param(_paused_by(fall="on"), "self", id="unhurt fall, §3 v2"),
        pytest.param(_paused_by(pain_during="8"), "self", id="pain 8, §3"),
    ],
)
def test_answering_the_questions_again_with_all_no_keeps_the_pause_and_its_need(
    client, client_user, pause, need
):
    """Persona 12 (§2f v2): the new plan is paused with the stronger need; re-screening never
    clears, and every log stays."""
    client.force_login(client_user, backend=BACKEND)
    pause(client, client_user)
    old = current_plan(client_user)
    assert old.status in (Plan.Status.PAUSED, Plan.Status.NEEDS_CLEARANCE)
    assert old.pause_needs == need
    logged = logs_of(client_user)

    assert client.post(reverse("start_again")).status_code == 302
    answer_steps(client, {**PERSONA_1, "days": ["mon", "wed", "fri"]}, through=3)

    new = current_plan(client_user)
    assert new.version == old.version + 1
    assert new.status == Plan.Status.PAUSED
    assert new.pause_needs == need
    assert new.paused_on == old.paused_on  # clearances are still dated from the first pause
    old.refresh_from_db()
    assert old.status == Plan.Status.ENDED
    assert logs_of(client_user) == logged
    assert not PlannedSession.objects.filter(
        client=client_user, date__gte=TODAY, cancelled=False, log__isnull=True
    ).exists()  # nothing is due while paused
    html = client.get(reverse("today")).content.decode()
    assert "Your plan is paused" in html
    assert "I did it as planned" not in html


# --- 2. Every new entry is checked for PAUSE, whatever its date (persona 11) --------------


@pytest.mark.way_in("plans.views.today.morning_pain")
@pytest.mark.way_in("plans.services.sessions.add_morning_pain")
@pytest.mark.django_db
def test_next_morning_pain_8_the_day_after_a_step_up_pauses_at_once(client, client_user, frozen):
    """Persona 11 (§3 v2): the plan advances on Monday; pain 8 the next morning pauses it."""
    client.force_login(client_user, backend=BACKEND)
    frozen.move_to(datetime(2026, 11, 30, 10, 0, tzinfo=UTC))  # Monday 30 November
    plan = make_plan(client_user, date(2026, 11, 16), weeks=4, level=2, backward_minutes=8)
    for day in (date(2026, 11, 25), date(2026, 11, 27)):
        log_session(plan.sessions.get(date=day), rpe=4, pain=1)
    monday = date(2026, 11, 30)
    log_day(client, monday, minutes=str(plan.sessions.get(date=monday).total_minutes))
    plan.refresh_from_db()
    assert (plan.status, plan.level) == (Plan.Status.ACTIVE, 3)  # stepped up
    assert plan.events.first().kind == "advance"

    frozen.move_to(datetime(2026, 12, 1, 8, 0, tzinfo=UTC))  # Tuesday morning
    response = client.post(
        reverse("morning_pain", args=[monday]), {"pain_next_morning": "8"}, follow=True
    )
    plan.refresh_from_db()
    assert plan.status == Plan.Status.PAUSED
    assert plan.paused_for == "pain"
    assert plan.events.first().kind == "pause"
    assert SessionLog.objects.get(date=monday).pain_next_morning == 8
    assert "Your plan is paused" in response.content.decode()


@pytest.mark.way_in("plans.views.today.log_day")
@pytest.mark.way_in("plans.services.sessions.record_log")
@pytest.mark.way_in("plans.services.sessions.run_rules")
@pytest.mark.django_db
def test_a_fall_logged_late_for_an_earlier_day_this_week_pauses(client, client_user, frozen):
    """§3 v2: a fall logged late, for a day before the current level began, still pauses."""
    client.force_login(client_user, backend=BACKEND)
    frozen.move_to(datetime(2026, 11, 27, 10, 0, tzinfo=UTC))  # Friday
    plan = make_plan(client_user, MONDAY, weeks=2)
    log_session(plan.sessions.get(date=TODAY))
    # The level changed on Wednesday; Monday's session is from before it.
    Plan.objects.filter(pk=plan.pk).update(level_started=date(2026, 11, 26), level=2)
    log_day(client, MONDAY, status="partial", minutes="6", fall="on")
    plan.refresh_from_db()
    assert plan.status == Plan.Status.PAUSED
    assert plan.paused_for == "fall"
    assert SessionLog.objects.get(date=MONDAY).fall


# --- 3. The log form's fall and health questions reach the rules --------------------------


@pytest.mark.way_in("plans.views.plan.resume")
@pytest.mark.django_db
def test_a_head_strike_needs_a_physician_and_the_own_recheck_cannot_lift_it(client, client_user):
    """Persona 13 (§3 v2): a fall with a head strike pauses for a physician."""
    client.force_login(client_user, backend=BACKEND)
    plan = make_plan(client_user, MONDAY)
    log_day(
        client,
        TODAY,
        status="partial",
        minutes="6",
        fall="on",
        fall_head_strike="on",
        fall_injury="on",
    )
    log = SessionLog.objects.get()
    assert (log.fall, log.fall_head_strike, log.fall_injury) == (True, True, True)
    plan.refresh_from_db()
    assert (plan.status, plan.pause_needs, plan.paused_for) == ("paused", "physician", "fall")
    assert plan.falls_logged == 1

    page = client.get(reverse("resume_plan")).content.decode()
    assert "doctor" in page.lower()
    response = client.post(reverse("resume_plan"), OWN_CHECK)
    assert response.status_code == 400
    plan.refresh_from_db()
    assert plan.status == Plan.Status.PAUSED


@pytest.mark.django_db
def test_an_unhurt_fall_waits_48_hours_then_restarts_one_stage_down(client, client_user, frozen):
    """§3 v2: the person lifts an unhurt fall themselves, no sooner than 48 hours later, one
    stage down; the fall adds to falls_12m."""
    client.force_login(client_user, backend=BACKEND)
    plan = make_plan(client_user, MONDAY, weeks=3, stage="handrail", level=2)
    log_day(client, TODAY, status="partial", minutes="6", fall="on")
    plan.refresh_from_db()
    assert (plan.status, plan.pause_needs, plan.falls_logged) == ("paused", "self", 1)

    frozen.move_to(NOW + timedelta(hours=47))
    response = client.post(reverse("resume_plan"), OWN_CHECK)
    assert response.status_code == 400
    assert "48 hours" in response.content.decode() or "two days" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == Plan.Status.PAUSED

    frozen.move_to(NOW + timedelta(hours=49))
    response = client.post(reverse("resume_plan"), OWN_CHECK)
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == Plan.Status.ACTIVE
    assert plan.stage == "pool"  # one stage down from the handrail
    assert plan.falls_logged == 1


@pytest.mark.django_db
def test_a_change_in_health_pauses_for_new_answers_and_refuses_logs(client, client_user):
    """§3 v2: "anything new with your health?" yes -> paused, the questions again first."""
    client.force_login(client_user, backend=BACKEND)
    plan = make_plan(client_user, MONDAY)
    log_day(client, TODAY, health_changed="on")
    assert SessionLog.objects.get().health_changed
    plan.refresh_from_db()
    assert plan.status == Plan.Status.PAUSED
    assert plan.rescreen_due

    response = client.get(reverse("resume_plan"))
    assert response["Location"] == reverse("questionnaire")
    logged = logs_of(client_user)
    response = log_day(client, MONDAY)
    assert "Nothing was saved" in messages_of(response)
    assert "answer the health questions again" in messages_of(response)
    assert logs_of(client_user) == logged
    plan.refresh_from_db()
    assert plan.status == Plan.Status.PAUSED


# --- 4. A long break is measured before the next log, and shown on Today ------------------


def _writes(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]


@pytest.mark.django_db
def test_after_five_weeks_away_today_shows_the_break_and_a_log_pauses_for_new_answers(
    client, client_user, frozen
):
    """§3 v2, §9.9: the break (35 days, 14 planned sessions missed) is computed on read,
    nothing written; the first log back is kept and pauses the plan for new answers; it never
    advances on the sessions after."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(client_user, backend=BACKEND)
    plan = make_plan(client_user, date(2026, 10, 5), weeks=9, level=2, backward_minutes=10)
    for session in plan.sessions.filter(date__lte=date(2026, 10, 21)):
        log_session(session, rpe=4, pain=1)  # the last walk: Wednesday 21 October
    Plan.objects.filter(pk=plan.pk).update(written_through=date(2027, 1, 10))
    version = plan.row_version

    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("today")).content.decode()
    assert _writes(queries) == []
    assert "You missed 8 or more planned sessions in a row." in html
    assert "Please answer the health questions again before your next session." in html
    assert "I did it as planned" not in html
    plan.refresh_from_db()
    assert (plan.row_version, plan.status) == (version, Plan.Status.ACTIVE)

    response = client.post(reverse("mark_done", args=[TODAY]), follow=True)
    assert SessionLog.objects.filter(date=TODAY).exists()  # the log itself is kept
    plan.refresh_from_db()
    assert plan.status == Plan.Status.PAUSED
    assert (plan.paused_for, plan.rescreen_due) == ("long_break", True)
    assert "Your plan is paused" in response.content.decode()

    for later in (datetime(2026, 11, 27, 10, tzinfo=UTC), datetime(2026, 11, 30, 10, tzinfo=UTC)):
        frozen.move_to(later)
        response = client.post(reverse("mark_done", args=[later.date()]), follow=True)
        assert "Nothing was saved" in messages_of(response)
    plan.refresh_from_db()
    assert plan.level == 2  # never advanced
    assert SessionLog.objects.filter(date__gt=TODAY).count() == 0
    assert not plan.events.filter(kind="advance").exists()


@pytest.mark.django_db
def test_after_two_missed_sessions_today_shows_the_trimmed_dose_without_writing(
    client, client_user
):
    """§9.9 (was §3 v2 7-13 days): 2 planned sessions missed in a row, the same level at 80 %
    of the minutes, shown on read."""
    client.force_login(client_user, backend=BACKEND)
    plan = make_plan(client_user, date(2026, 11, 2), weeks=4, level=2, backward_minutes=10)
    log_session(plan.sessions.get(date=date(2026, 11, 18)))  # Wednesday; Friday, Monday missed
    before = list(PlannedSession.objects.order_by("pk").values())
    html = client.get(reverse("today")).content.decode()
    assert "You missed your last 2 planned sessions, so we trim your minutes a little." in html
    assert "level 2, about <strong>8 minutes</strong>" in html
    assert list(PlannedSession.objects.order_by("pk").values()) == before
    assert PlanEvent.objects.count() == 0


@pytest.mark.way_in("plans.views.today.mark_done")
@pytest.mark.django_db
def test_after_ten_days_away_the_session_card_and_a_one_tap_log_use_the_trimmed_dose(
    client, client_user, frozen
):
    """The card under "Welcome back" shows the same shorter session (one number of backward
    minutes on the page), and "I did it as planned" records that shorter session."""
    client.force_login(client_user, backend=BACKEND)
    plan = make_plan(client_user, date(2026, 11, 2), weeks=4, level=2, backward_minutes=10)
    log_session(plan.sessions.get(date=date(2026, 11, 13)))  # Friday, 12 days ago
    stored = plan.sessions.get(date=TODAY)
    assert stored.backward_minutes == 10

    html = client.get(reverse("today")).content.decode()
    card = html[html.index('class="session-card') :]
    assert "Walk backward for 8 minutes in all" in card
    assert "Walk backward for 10 minutes" not in html

    client.post(reverse("mark_done", args=[TODAY]))
    log = SessionLog.objects.get(date=TODAY)
    assert log.backward_minutes == 8
    stored.refresh_from_db()
    assert stored.backward_minutes == 10  # the stored plan is not rewritten by a page


# --- 5. Clearances: dated after the pause, and only from the right person ------------------


@pytest.mark.way_in("plans.services.clearances.clear")
@pytest.mark.django_db
def test_a_physician_clearance_dated_before_the_pause_is_refused(client, client_user):
    """§2f v2: a clearance from 2015 does not cover a pause that began this week."""
    client.force_login(client_user, backend=BACKEND)
    plan = make_plan(client_user, MONDAY)
    log_day(client, TODAY, red_flag="on")
    plan.refresh_from_db()
    assert (plan.status, plan.pause_needs, plan.paused_on) == ("paused", "physician", TODAY)
    data = {**OWN_CHECK, "name": "Okafor", "confirmed_doctor": "on"}
    response = client.post(reverse("resume_plan"), {**data, "cleared_on": "2015-06-01"})
    assert response.status_code == 400
    assert "on or after 25 November 2026" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == Plan.Status.PAUSED
    assert plan.events.first().kind == "pause"


@pytest.mark.django_db
def test_a_client_without_a_coach_cannot_record_a_coachs_clearance(client, client_user):
    """§2e rule 2 v2: never "my coach cleared me" while no coach is linked (persona 14)."""
    from plans.services import clearances
    from plans.services.errors import ClearanceNotEnough

    client.force_login(client_user, backend=BACKEND)
    plan = start_plan(client_user, {**PERSONA_1, "pain_walking": 7}, TODAY)
    assert (plan.status, plan.pause_needs) == ("needs_clearance", "coach")
    with pytest.raises(ClearanceNotEnough):
        clearances.clear(client_user, clearances.Clearance(kind="coach"), by=client_user)
    form = client.get(reverse("resume_plan")).context["form"]
    assert {value for value, _ in form.fields["kind"].choices} == {"review", "physician"}
    response = client.post(
        reverse("resume_plan"),
        {**OWN_CHECK, "kind": "coach", "name": "My coach", "cleared_on": "2026-11-25"},
    )
    assert response.status_code == 400
    plan.refresh_from_db()
    assert plan.status == Plan.Status.NEEDS_CLEARANCE


@pytest.mark.way_in("coaching.views.coach.adjust")
@pytest.mark.way_in("plans.services.adjustments.adjust_plan")
@pytest.mark.django_db
def test_a_stranger_coach_cannot_clear_someone_elses_client(
    client, client_user, coach_user, other_coach_user
):
    """§2f v2: a coach's clearance comes only from the linked coach's own side."""
    from coaching.models import CoachLink
    from plans.services import clearances
    from plans.services.errors import ClearanceNotEnough

    CoachLink.objects.create(coach=coach_user, client=client_user)
    plan = start_plan(client_user, {**PERSONA_1, "pain_walking": 7}, TODAY)
    client.force_login(other_coach_user, backend=BACKEND)
    for kind in ("resume", "clearance"):
        response = client.post(
            reverse("coach_adjust", args=[client_user.public_id, kind]),
            {
                f"{kind}-row_version": plan.row_version,
                f"{kind}-reason": "Cleared.",
                f"{kind}-clearance": "coach",
                f"{kind}-cleared_by": "Sam",
                f"{kind}-cleared_on": "2026-11-25",
            },
        )
        assert response.status_code == 404
    for kind in ("coach", "physician"):
        with pytest.raises(ClearanceNotEnough):
            clearances.clear(
                client_user,
                clearances.Clearance(
                    kind=kind, name="Sam", cleared_on=TODAY, confirmed_doctor=True
                ),
                by=other_coach_user,
            )
    plan.refresh_from_db()
    assert plan.status == Plan.Status.NEEDS_CLEARANCE
    assert plan.events.count() == 1  # only its creation


# --- 6. Supervised-only stages: only a linked coach adds them (persona 9) -----------------

PERSONA_9 = json.loads((Path(__file__).parent / "data" / "persona_9.json").read_text())


def walk_every_session(user, first: date, last: date, traveller, *, rpe=3, pain=0) -> list:
    """Every due session from first to last done as planned (RPE 3, no pain), through the
    services, with the daily command run each day. Returns the plan's (stage, level) path."""
    from io import StringIO

    from django.core.management import call_command

    from plans.services.sessions import record_log

    path = []
    day = first
    while day <= last:
        traveller.move_to(datetime(day.year, day.month, day.day, 18, 0, tzinfo=UTC))
        call_command("write_schedules", stdout=StringIO())
        planned = PlannedSession.objects.filter(
            client=user, date=day, cancelled=False, log__isnull=True
        ).first()
        if planned is not None:
            data = {"status": "done", "minutes": planned.total_minutes, "rpe": rpe}
            record_log(user, planned, {**data, "pain_during": pain}, today=day)
            plan = current_plan(user)
            path.append((plan.stage, plan.level, tuple(plan.stages)))
        day += timedelta(days=1)
    return path


@pytest.mark.django_db
def test_persona_9_never_reaches_the_track_alone_after_many_good_weeks(client_user, frozen):
    """Persona 9 (§1 v2): HIGH, no coach: the track is skipped and stays out of the plan,
    however well the sessions go; she stays in the pool at level 4. v3 §9.2: with no rail or
    treadmill the plan ends at the pool, and says so."""
    plan = start_plan(client_user, PERSONA_9, TODAY)
    assert (plan.tier, plan.stage, plan.level) == ("high", "pool", 1)
    assert "track" not in plan.stages
    assert "three weeks on a handrail or a treadmill" in render(plan.skipped["track"])
    path = walk_every_session(client_user, TODAY, TODAY + timedelta(weeks=14), frozen)
    assert len(path) >= 40
    assert {stage for stage, _, _ in path} == {"pool"}
    assert all("track" not in stages for _, _, stages in path)
    assert path[-1][:2] == ("pool", 4)
    assert not PlannedSession.objects.filter(client=client_user, stage="track").exists()


@pytest.mark.way_in("coaching.views.coach.adjust")
@pytest.mark.django_db
def test_a_coach_confirming_supervision_adds_the_track_and_rebuilds_the_plan(
    client, client_user, coach_user, frozen
):
    """§1 v2: a linked coach confirms someone trained will be there; the track joins the plan
    from tomorrow, and good weeks then lead there. v3 §9.2: persona 9 with a rail too, as the
    track comes only after three weeks on a land stage."""
    from coaching.models import CoachLink

    plan = start_plan(client_user, {**PERSONA_9, "access_handrail": True}, TODAY)
    walk_every_session(client_user, TODAY, TODAY + timedelta(weeks=6), frozen)
    CoachLink.objects.create(coach=coach_user, client=client_user)
    plan.refresh_from_db()
    assert plan.stage == "handrail"
    client.force_login(coach_user, backend=BACKEND)
    response = client.post(
        reverse("coach_adjust", args=[client_user.public_id, "supervise"]),
        {
            "supervise-row_version": plan.row_version,
            "supervise-reason": "Her daughter walks with her at the track.",
            "supervise-supervised_stages": ["track"],
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.supervised_stages == ["track"]
    assert plan.stages == ["pool", "handrail", "track"]
    assert "track" not in plan.skipped
    event = plan.events.first()
    assert (event.kind, event.made_by) == ("supervised", coach_user)
    today = frozen_today(client_user)
    path = walk_every_session(
        client_user, today + timedelta(days=1), today + timedelta(weeks=5), frozen
    )
    assert ("track", 1) in [(stage, level) for stage, level, _ in path]


def frozen_today(user) -> date:
    return user.local_today()


@pytest.mark.django_db
def test_the_persons_own_helper_answer_never_unlocks_the_track(client_user, coach_user):
    """§1 v2: `helper_available` only tells the coach; with or without a coach linked."""
    from coaching.models import CoachLink

    plan = start_plan(client_user, {**PERSONA_9, "helper_available": True}, TODAY)
    assert "track" not in plan.stages
    CoachLink.objects.create(coach=coach_user, client=client_user)
    plan = start_plan(client_user, {**PERSONA_9, "helper_available": True}, TODAY)
    assert "track" not in plan.stages
    assert plan.supervised_stages == []


# --- 7. Waiting for a doctor is not missing sessions ---------------------------------------


@pytest.mark.django_db
def test_waiting_11_days_for_a_doctor_counts_as_nothing_missed_and_sessions_come_back(
    client, client_user, coach_user, frozen
):
    """Issue 12 / §2f v2: paused sessions are cancelled (never due, never missed), keep their
    ids, and come back with a higher sequence when the doctor clears the person."""
    from coaching.models import CoachLink
    from coaching.selectors.dashboard import row_for
    from coaching.services import status

    # The client shares their history, so the coach's numbers are the client's own.
    CoachLink.objects.create(coach=coach_user, client=client_user, shares_history=True)
    plan = make_plan(client_user, date(2026, 11, 2), weeks=6)
    for session in plan.sessions.filter(date__lt=date(2026, 11, 13)):
        log_session(session)
    frozen.move_to(datetime(2026, 11, 13, 10, 0, tzinfo=UTC))  # Friday
    client.force_login(client_user, backend=BACKEND)
    log_day(client, date(2026, 11, 13), red_flag="on")
    plan.refresh_from_db()
    assert (plan.status, plan.pause_needs) == ("paused", "physician")
    waiting = {s.date: s for s in plan.sessions.filter(date__gt=date(2026, 11, 13))}
    assert waiting and all(s.cancelled for s in waiting.values())

    frozen.move_to(datetime(2026, 11, 24, 10, 0, tzinfo=UTC))  # 11 days later
    progress = client.get(reverse("progress")).context["progress"]
    assert progress.last_7_days.planned == 0 and progress.last_7_days.percent is None
    assert progress.whole_plan.percent == 100  # every due session was done
    days = [d for week in progress.weeks for d in week if date(2026, 11, 14) <= d.date]
    assert all(d.state != "missed" for d in days)
    assert progress.streak == 6  # the waiting days do not break it
    status.refresh_expired()  # the daily step, run on the days in between
    row = row_for(coach_user, client_user, timezone.now())
    assert row.adherence_28 == progress.last_28_days.percent == 100
    assert row.adherence_7 is None
    assert "missed" not in dict(row.flags)

    response = client.post(
        reverse("resume_plan"),
        {**OWN_CHECK, "name": "Okafor", "cleared_on": "2026-11-24", "confirmed_doctor": "on"},
    )
    assert response.status_code == 302
    back = {s.date: s for s in plan.sessions.filter(date__gt=date(2026, 11, 24))}
    returned = [day for day in back if day in waiting]
    assert returned
    for day in returned:
        assert back[day].pk == waiting[day].pk
        assert not back[day].cancelled
        assert back[day].sequence > waiting[day].sequence
    still_cancelled = plan.sessions.filter(date__range=(date(2026, 11, 16), date(2026, 11, 24)))
    assert all(s.cancelled for s in still_cancelled)  # the waiting days stay not-due
    # The day after: the coach does not see "3+ missed in a row" for the time spent waiting.
    frozen.move_to(datetime(2026, 11, 25, 10, 0, tzinfo=UTC))
    row = row_for(coach_user, client_user, timezone.now())
    assert row.flags == ()


@pytest.mark.django_db
def test_the_plan_page_does_not_list_called_off_sessions_as_not_logged(client, client_user, frozen):
    """§2f v2: while paused, this week's called-off sessions are not shown as unlogged."""
    plan = make_plan(client_user, MONDAY, weeks=2)
    log_session(plan.sessions.get(date=MONDAY))
    client.force_login(client_user, backend=BACKEND)
    log_day(client, TODAY, red_flag="on")
    frozen.move_to(datetime(2026, 11, 28, 10, 0, tzinfo=UTC))  # Saturday: Friday has passed
    response = client.get(reverse("plan"))
    shown = [s.date for s in response.context["this_week"]]
    assert date(2026, 11, 27) not in shown  # Friday was called off by the pause
    assert "Not logged" not in response.content.decode()
    assert shown == [MONDAY, TODAY]  # what was logged stays in view


# --- 8. One tap, then two ratings ---------------------------------------------------------


@pytest.fixture
def ready_to_advance(client_user):
    """Level 1 for two weeks; two good sessions this week: a third rated one advances."""
    plan = make_plan(client_user, date(2026, 11, 9), weeks=3)
    for day in (date(2026, 11, 20), MONDAY):
        log_session(plan.sessions.get(date=day), rpe=4, pain=1)
    return plan


@pytest.mark.way_in("plans.views.today.rate")
@pytest.mark.way_in("plans.services.sessions.add_ratings")
@pytest.mark.django_db
def test_one_tap_then_the_two_ratings_are_saved_and_move_the_plan(
    client, client_user, ready_to_advance
):
    """§3 v2 one-tap: without ratings the rules hold; the ratings that follow are saved and
    let the plan advance."""
    plan = ready_to_advance
    client.force_login(client_user, backend=BACKEND)
    client.post(reverse("mark_done", args=[TODAY]))
    client.post(reverse("mark_done", args=[TODAY]))  # a double tap
    log = SessionLog.objects.get(date=TODAY)
    assert (log.status, log.rpe, log.pain_during) == ("done", None, None)
    plan.refresh_from_db()
    assert plan.level == 1
    held = plan.events.get(log=log)
    assert held.kind == "hold"
    assert "missing_ratings" in {r["code"] for r in held.reasons}
    html = client.get(reverse("today")).content.decode()
    assert "Two quick questions" in html

    response = client.post(
        reverse("rate_session", args=[TODAY]), {"rpe": "4", "pain_during": "1"}, follow=True
    )
    assert "Thank you. Saved." in messages_of(response)
    client.post(reverse("rate_session", args=[TODAY]), {"rpe": "9", "pain_during": "9"})
    log.refresh_from_db()
    assert (log.rpe, log.pain_during) == (4, 1)  # the first answers are kept
    assert SessionLog.objects.filter(date=TODAY).count() == 1
    plan.refresh_from_db()
    assert (plan.status, plan.level) == (Plan.Status.ACTIVE, 2)
    assert "Two quick questions" not in client.get(reverse("today")).content.decode()


@pytest.mark.django_db
def test_without_the_ratings_the_plan_holds(client, client_user, ready_to_advance):
    """§3 v2: a log without effort and pain ratings holds, however good the rest."""
    client.force_login(client_user, backend=BACKEND)
    client.post(reverse("mark_done", args=[TODAY]))
    ready_to_advance.refresh_from_db()
    assert ready_to_advance.level == 1
    assert not ready_to_advance.events.filter(kind="advance").exists()


# --- 9. Escalation: "needs review" instead of stepping back forever -----------------------


@pytest.mark.django_db
def test_three_step_backs_flag_needs_review_for_coach_and_client_and_a_coach_change_clears_it(
    client, client_user, coach_user, frozen
):
    """§3 v2 escalation: 3 step-backs within 4 weeks -> needs_review, shown to both sides."""
    from coaching.models import CoachLink

    CoachLink.objects.create(coach=coach_user, client=client_user)
    plan = make_plan(client_user, MONDAY, weeks=3, level=4, backward_minutes=12)
    client.force_login(client_user, backend=BACKEND)
    for day in (MONDAY, TODAY, date(2026, 11, 27)):
        frozen.move_to(datetime(day.year, day.month, day.day, 18, 0, tzinfo=UTC))
        log_day(client, day, rpe="5", pain_during="6")  # pain above 5: step back
    plan.refresh_from_db()
    assert plan.events.filter(kind="step_back").count() == 3
    assert plan.level == 1
    assert plan.needs_review
    assert "asked your coach" in render_all(plan.needs_review_reason)
    assert "Time for a review" in client.get(reverse("today")).content.decode()
    assert "Time for a review" in client.get(reverse("plan")).content.decode()

    client.force_login(coach_user, backend=BACKEND)
    detail = reverse("coach_client", args=[client_user.public_id])
    assert "Needs your review" in client.get(detail).content.decode()
    response = client.post(
        reverse("coach_adjust", args=[client_user.public_id, "dose"]),
        {
            "dose-row_version": plan.row_version,
            "dose-reason": "We talked it through; shorter for now.",
            "dose-level": "1",
            "dose-backward_minutes": "5",
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert not plan.needs_review
    assert "Needs your review" not in client.get(detail).content.decode()
    client.force_login(client_user, backend=BACKEND)
    assert "Time for a review" not in client.get(reverse("today")).content.decode()


# --- 10. A coach's treadmill speed ---------------------------------------------------------


@pytest.mark.django_db
def test_a_coach_set_treadmill_speed_is_range_checked_and_stays_across_levels(
    client, client_user, coach_user
):
    """§1 v2: a linked coach sets 0.5-3.0 km/h; 3.1 is refused, nothing changed; the speed
    stays when the level changes, by the coach or by the rules."""
    from decimal import Decimal

    from coaching.models import CoachLink

    CoachLink.objects.create(coach=coach_user, client=client_user)
    plan = make_plan(client_user, date(2026, 11, 9), weeks=4, stage="treadmill")
    Plan.objects.filter(pk=plan.pk).update(speed_kmh=Decimal("1.0"))
    plan.refresh_from_db()
    url = reverse("coach_adjust", args=[client_user.public_id, "speed"])
    client.force_login(coach_user, backend=BACKEND)

    def set_speed(value):
        plan.refresh_from_db()
        return client.post(
            url,
            {
                "speed-row_version": plan.row_version,
                "speed-reason": "Slower suits her.",
                "speed-speed_kmh": value,
            },
        )

    version = plan.row_version
    response = set_speed("3.1")
    assert response.status_code == 400
    assert "At most 3.0 km/h." in response.content.decode()
    plan.refresh_from_db()
    assert (plan.row_version, plan.speed_kmh, plan.speed_locked) == (
        version,
        Decimal("1.0"),
        False,
    )
    assert set_speed("0.5").status_code == 302
    plan.refresh_from_db()
    assert (plan.speed_kmh, plan.speed_locked) == (Decimal("0.5"), True)

    response = client.post(
        reverse("coach_adjust", args=[client_user.public_id, "dose"]),
        {
            "dose-row_version": plan.row_version,
            "dose-reason": "Level 2.",
            "dose-level": "2",
            "dose-backward_minutes": "8",
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.level, plan.speed_kmh) == (2, Decimal("0.5"))
    future = plan.sessions.filter(date__gt=TODAY)
    assert future and {s.speed_kmh for s in future} == {Decimal("0.5")}

    # The rules move the level too (three good sessions over a week): the speed stays.
    Plan.objects.filter(pk=plan.pk).update(level_started=date(2026, 11, 16))
    for day in (date(2026, 11, 20), MONDAY):
        log_session(plan.sessions.get(date=day), rpe=4, pain=1)
    client.force_login(client_user, backend=BACKEND)
    log_day(client, TODAY, minutes=str(plan.sessions.get(date=TODAY).total_minutes))
    plan.refresh_from_db()
    assert (plan.level, plan.speed_kmh) == (3, Decimal("0.5"))
    assert {s.speed_kmh for s in plan.sessions.filter(date__gt=TODAY)} == {Decimal("0.5")}


# --- 11. The daily commands -----------------------------------------------------------------


def _sessions() -> list[dict]:
    return list(PlannedSession.objects.order_by("client_id", "date").values())


@pytest.mark.way_in("plans.management.commands.write_schedules.Command.handle")
@pytest.mark.django_db
def test_write_schedules_twice_writes_the_same_rows(client_user, other_client_user):
    """Issue 12: the weeks ahead come from an idempotent daily command, not page views."""
    from io import StringIO

    from django.core.management import call_command

    walked = make_plan(client_user, date(2026, 11, 2), weeks=1)
    for session in walked.sessions.all():
        log_session(session)  # then 7 sessions missed: a break shown on read, not saved
    make_plan(other_client_user, MONDAY, weeks=2)
    before = len(_sessions())
    out = StringIO()
    call_command("write_schedules", stdout=out)
    once = _sessions()
    assert len(once) > before
    assert "Checked 2 active plans" in out.getvalue()
    call_command("write_schedules", stdout=StringIO())
    assert _sessions() == once


@pytest.mark.way_in("plans.management.commands.recheck_plans.Command.handle")
@pytest.mark.way_in("plans.services.recheck.recheck")
@pytest.mark.django_db
def test_recheck_plans_pauses_an_old_plan_once_and_says_why(client_user):
    """§2e rule 2 v2 (persona 14): a plan made under 2026.1 with walking pain 7 is paused
    for a review, once, with an event that says why."""
    from io import StringIO

    from django.core.management import call_command

    from tests.engine.answer_factory import make_answers_dict
    from tests.factories import make_screening

    screening = make_screening(
        client_user, answers=make_answers_dict(age=57, pain_walking=7), rules_version="2026.1"
    )
    plan = make_plan(client_user, MONDAY, weeks=2, screening=screening)
    Plan.objects.filter(pk=plan.pk).update(rules_version="2026.1")
    call_command("recheck_plans", stdout=StringIO())
    plan.refresh_from_db()
    assert plan.status == Plan.Status.PAUSED
    assert plan.pause_needs == "coach"
    event = plan.events.get()
    assert (event.kind, event.source) == ("recheck", "system")
    assert "recheck_pause" in {r["code"] for r in event.reasons}
    assert not plan.sessions.filter(date__gt=TODAY, cancelled=False).exists()
    version = plan.row_version
    call_command("recheck_plans", stdout=StringIO())
    plan.refresh_from_db()
    assert plan.row_version == version
    assert plan.events.count() == 1


@pytest.mark.django_db
def test_answers_from_before_v2_hold_the_plan_until_the_new_questions_are_answered(
    client, client_user, ready_to_advance
):
    """Issue 12: answers saved before v2 read the new questions as unanswered, and the person
    is asked them before their next plan change: a good third session holds instead of
    advancing, and Today asks for the new questions."""
    plan = ready_to_advance
    old = {k: v for k, v in plan.screening.answers.items() if k not in V2_KEYS}
    Screening.objects.filter(pk=plan.screening_id).update(answers=old)
    client.force_login(client_user, backend=BACKEND)
    client.post(reverse("mark_done", args=[TODAY]))
    client.post(reverse("rate_session", args=[TODAY]), {"rpe": "4", "pain_during": "1"})
    plan.refresh_from_db()
    assert (plan.status, plan.level) == (Plan.Status.ACTIVE, 1)
    held = plan.events.filter(kind="hold").first()
    assert "new_questions" in {r["code"] for r in held.reasons}
    assert "A few new safety questions" in client.get(reverse("today")).content.decode()
    assert SessionLog.objects.get(date=TODAY).rpe == 4  # what was logged is kept
