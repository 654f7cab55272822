"""The coach's alert says what happened, in one line, from the plan event it was queued for;
its subject (what a locked phone shows) names the client and the event only (issue 23).

Each cause is made through the service a person or coach uses, sent by the worker through a
real SMTP server and read back.
"""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from assessments import readings as assessments
from assessments.services import record_result
from coaching.models import CoachLink
from notifications import alerts
from notifications.models import Notification
from plans.models import PlanEvent, PlannedSession
from plans.services import adjustments, recheck, sessions
from plans.services.intake import start_plan
from tests.engine.answer_factory import make_answers_dict
from tests.factories import WEEKDAYS, make_plan, make_screening, make_user
from tests.notifications.test_smtp_and_unsubscribe import parts
from tests.worker import send_queued_mail

NOW = datetime(2026, 12, 3, 15, 0, tzinfo=UTC)  # Thursday 3 December, 15:00 in London
TODAY = date(2026, 12, 3)
MONDAY, TUESDAY, WEDNESDAY = date(2026, 11, 30), date(2026, 12, 1), date(2026, 12, 2)
SUBJECTS = {"Ana: a fall", "Ana: plan paused", "Ana: plan needs a review"}
PREVIEW = ". Open this email to read what happened."


@pytest.fixture
def traveller():
    with time_machine.travel(NOW, tick=False) as machine:
        yield machine


@pytest.fixture
def cora(db):
    return make_user("cora@example.com", "Cora", role="coach", time_zone="Europe/London")


@pytest.fixture
def ana(cora):
    person = make_user("ana@example.com", "Ana", time_zone="Europe/London")
    CoachLink.objects.create(coach=cora, client=person, started_at=NOW - timedelta(days=60))
    return person


def walking_plan(person, start=MONDAY, weeks=3, **answers):
    screening = make_screening(person, answers=make_answers_dict(age=70, **answers))
    return make_plan(person, start, weeks=weeks, days=WEEKDAYS, level=3, screening=screening)


def log(person, day, **fields):
    data = {"status": "done", "minutes": 20, "rpe": 4, "pain_during": 1, **fields}
    planned = PlannedSession.objects.get(client=person, date=day)
    return sessions.record_log(person, planned, data)


def the_alert(smtp_server, capture, action):
    """Do `action` as the page would (its commit queues the alert), send the queue, and
    return (subject, plain text, html) of the one email the coach got."""
    with capture(execute=True):
        action()
    send_queued_mail()
    (message,) = smtp_server.messages
    assert message["To"] == "cora@example.com"
    body = parts(message)
    return message["Subject"], body["text/plain"], body["text/html"]


def one_line(text: str) -> str:
    """The text between the greeting and the link to the client's page."""
    start = text.index("Hello Cora,") + len("Hello Cora,")
    return " ".join(text[start : text.index("Open their page:")].split())


# --- Every pause cause, through the service that causes it --------------------------------------


def fall(person):
    walking_plan(person)
    log(person, TUESDAY, fall=True)


def fall_head_strike(person):
    walking_plan(person)
    log(person, TUESDAY, fall=True, fall_head_strike=True)


def fall_injury(person):
    walking_plan(person)
    log(person, TUESDAY, fall=True, fall_injury=True)


def fall_hurt_and_head(person):
    walking_plan(person)
    log(person, TUESDAY, fall=True, fall_injury=True, fall_head_strike=True)


def fall_on_blood_thinners(person):
    walking_plan(person, anticoagulants=True)
    log(person, TUESDAY, fall=True)


def fall_logged_late(person):
    walking_plan(person, start=date(2026, 11, 16))
    log(person, date(2026, 11, 24), fall=True)


def red_flag(person):
    walking_plan(person)
    log(person, TUESDAY, red_flag=True)


def pain_during(person):
    walking_plan(person)
    log(person, TUESDAY, pain_during=8)


def pain_next_morning(person):
    walking_plan(person)
    yesterday = NOW - timedelta(days=1)
    planned = PlannedSession.objects.get(client=person, date=WEDNESDAY)
    data = {"status": "done", "minutes": 20, "rpe": 4, "pain_during": 2}
    done = sessions.record_log(person, planned, data, today=WEDNESDAY, now=yesterday)
    sessions.add_morning_pain(person, done.log, 8)


def pain_during_and_next_morning(person):
    walking_plan(person)
    yesterday = NOW - timedelta(days=1)
    planned = PlannedSession.objects.get(client=person, date=WEDNESDAY)
    data = {"status": "done", "minutes": 20, "rpe": 4, "pain_during": 7, "pain_next_morning": 9}
    sessions.record_log(person, planned, data, today=WEDNESDAY, now=yesterday)


def health_change(person):
    walking_plan(person)
    log(person, TUESDAY, health_changed=True)


def long_break(person):
    walking_plan(person, start=date(2026, 10, 26), weeks=6)
    log(person, TODAY)


def illness(person):
    start_plan(person, make_answers_dict(age=70, acute_illness=True), TODAY)


def screening_new_answers(person):
    start_plan(person, make_answers_dict(age=70, parq_chest_pain=True), TODAY)


def screening_recheck(person):
    plan = walking_plan(person, parq_chest_pain=True)
    recheck.recheck(plan.pk, TODAY)


def coach_pause(person):
    plan = walking_plan(person)
    coach = CoachLink.objects.get(client=person).coach
    change = adjustments.Adjustment("pause", "Knee swelling; let us talk first", plan.row_version)
    adjustments.adjust_plan(person, coach, change)


CASES = [
    (
        fall,
        "Ana: a fall",
        "Ana fell on Tuesday. Their plan is paused for at least 48 hours; "
        "then they may restart it themselves, one stage easier.",
    ),
    (
        fall_head_strike,
        "Ana: a fall",
        "Ana fell on Tuesday and hit their head. Their plan is paused until a doctor clears it.",
    ),
    (
        fall_injury,
        "Ana: a fall",
        "Ana fell on Tuesday and was hurt. Their plan is paused until a doctor clears it.",
    ),
    (
        fall_hurt_and_head,
        "Ana: a fall",
        "Ana fell on Tuesday, was hurt and hit their head. "
        "Their plan is paused until a doctor clears it.",
    ),
    (
        fall_on_blood_thinners,
        "Ana: a fall",
        "Ana fell on Tuesday. They take blood thinners. Their "
        "plan is paused until a doctor clears it.",
    ),
    (
        fall_logged_late,
        "Ana: a fall",
        "Ana fell on 24 November. Their plan is paused for at "
        "least 48 hours; then they may restart it themselves, one stage easier.",
    ),
    (
        red_flag,
        "Ana: plan paused",
        "Ana noted a warning sign, like chest pain or dizziness, on "
        "Tuesday. Their plan is paused until a doctor clears it.",
    ),
    (
        pain_during,
        "Ana: plan paused",
        "Ana reported pain 8 during their session on Tuesday. "
        "Their plan is paused until they tell us the pain has settled.",
    ),
    (
        pain_next_morning,
        "Ana: plan paused",
        "Ana reported pain 8 the morning after their session "
        "yesterday. Their plan is paused until they tell us the pain has settled.",
    ),
    (
        pain_during_and_next_morning,
        "Ana: plan paused",
        "Ana reported pain 7 during their session "
        "yesterday and 9 the morning after. Their plan is paused until they tell us the pain has "
        "settled.",
    ),
    (
        health_change,
        "Ana: plan paused",
        "Ana said on Tuesday that their health has changed. "
        "Their plan is paused until they answer the health questions again.",
    ),
    (
        long_break,
        "Ana: plan paused",
        "Ana has logged no session for four weeks or more. Their "
        "plan is paused until they answer the health questions again.",
    ),
    (
        illness,
        "Ana: plan paused",
        "Ana answered the health questions today and is ill or getting "
        "over an illness. Their plan waits at least 7 days; then they may start it themselves "
        "once they feel well.",
    ),
    (
        screening_new_answers,
        "Ana: plan paused",
        "Ana answered the health questions today, and "
        "the answers need a clearance. Their plan is paused until a doctor clears it.",
    ),
    (
        screening_recheck,
        "Ana: plan paused",
        "Ana has answers that need a check under the updated "
        "safety rules. Their plan is paused until a doctor clears it.",
    ),
    (
        coach_pause,
        "Ana: plan paused",
        "You paused Ana's plan today: “Knee swelling; let us talk first”.",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("cause", "subject", "line"), CASES, ids=[case[0].__name__ for case in CASES]
)
def test_each_pause_cause_says_what_happened_and_the_subject_only_names_it(
    smtp_server, django_capture_on_commit_callbacks, traveller, ana, cause, subject, line
):
    got_subject, text, html = the_alert(
        smtp_server, django_capture_on_commit_callbacks, lambda: cause(ana)
    )
    assert got_subject == subject
    assert one_line(text) == line
    assert line.replace("“", "&ldquo;") in html or line in html.replace("&#x27;", "'")
    # The preview a mail program shows before the mail is opened says no more than the subject.
    preview = html[html.index("<body") : html.index("Hello Cora,")]
    assert f">{subject}{PREVIEW}" in preview


@pytest.mark.django_db
@pytest.mark.parametrize("cause", [case[0] for case in CASES], ids=[c[0].__name__ for c in CASES])
def test_no_subject_carries_health_detail(
    smtp_server, django_capture_on_commit_callbacks, traveller, ana, cause
):
    subject, _text, _html = the_alert(
        smtp_server, django_capture_on_commit_callbacks, lambda: cause(ana)
    )
    assert subject in SUBJECTS
    for detail in ("pain", "head", "hurt", "blood", "doctor", "sign", "ill", "health"):
        assert detail not in subject.lower()
    assert not any(character.isdigit() for character in subject)


# --- Needs a review -------------------------------------------------------------------------


@pytest.mark.django_db
def test_three_step_backs_in_four_weeks_ask_for_a_review(
    smtp_server, django_capture_on_commit_callbacks, traveller, ana
):
    plan = walking_plan(ana, start=date(2026, 11, 16))
    plan.level = 4
    plan.save(update_fields=["level"])

    def three_sore_sessions():
        """Pain 6 in each of the next three sessions: each steps the plan back."""
        day = plan.start_date
        for _ in range(3):
            planned = PlannedSession.objects.filter(
                client=ana, date__gte=day, cancelled=False
            ).first()
            day = planned.date
            at = datetime(day.year, day.month, day.day, 15, tzinfo=UTC)
            data = {"status": "done", "minutes": 20, "rpe": 4, "pain_during": 6}
            sessions.record_log(ana, planned, data, today=day, now=at)
            day += timedelta(days=1)

    subject, text, _html = the_alert(
        smtp_server, django_capture_on_commit_callbacks, three_sore_sessions
    )
    assert subject == "Ana: plan needs a review"
    assert one_line(text) == "Ana's plan needs a review: 3 step-backs in 4 weeks."


@pytest.mark.django_db
def test_an_at_risk_test_asks_for_a_review(
    smtp_server, django_capture_on_commit_callbacks, traveller, ana, cora
):
    walking_plan(ana)
    subject, text, _html = the_alert(
        smtp_server,
        django_capture_on_commit_callbacks,
        lambda: record_result(ana, assessments.TUG, {"seconds": "13.5"}, by=cora, today=TODAY),
    )
    assert subject == "Ana: plan needs a review"
    assert one_line(text) == (
        "Ana's plan needs a review: a result in the at-risk range on the Timed Up and Go today."
    )


# --- Days and zones -------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_day_is_the_clients_own(smtp_server, django_capture_on_commit_callbacks, traveller):
    """At 15:00 UTC it is already Friday 4 December in Auckland, still Thursday in London."""
    cora = make_user("cora@example.com", "Cora", role="coach", time_zone="Europe/London")
    ana = make_user("ana@example.com", "Ana", time_zone="Pacific/Auckland")
    CoachLink.objects.create(coach=cora, client=ana)
    walking_plan(ana)
    _subject, text, _html = the_alert(
        smtp_server,
        django_capture_on_commit_callbacks,
        lambda: log(ana, date(2026, 12, 4), fall=True, fall_head_strike=True),
    )
    assert one_line(text).startswith("Ana fell on 4 December and hit their head. ")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "words"),
    [
        (TODAY, "today"),
        (WEDNESDAY, "yesterday"),
        (date(2026, 11, 27), "on Friday"),
        (date(2026, 11, 26), "on 26 November"),
        (date(2025, 12, 30), "on 30 December 2025"),
    ],
)
def test_days_are_said_as_the_coach_reads_them(day, words):
    from plans.event_words import relative_day

    assert relative_day(day, TODAY) == words


# --- Rows queued before the event's id was in their data --------------------------------------


@pytest.mark.django_db
def test_an_alert_queued_with_only_the_key_still_finds_its_event(
    smtp_server, django_capture_on_commit_callbacks, traveller, ana
):
    walking_plan(ana)
    with django_capture_on_commit_callbacks(execute=True):
        log(ana, TUESDAY, fall=True)
    Notification.objects.update(data={"client": ana.pk})
    send_queued_mail()
    (message,) = smtp_server.messages
    assert one_line(parts(message)["text/plain"]).startswith("Ana fell on Tuesday. ")


@pytest.mark.django_db
def test_an_alert_whose_event_is_gone_says_the_plan_is_paused(
    smtp_server, django_capture_on_commit_callbacks, traveller, ana
):
    walking_plan(ana)
    with django_capture_on_commit_callbacks(execute=True):
        log(ana, TUESDAY, fall=True)
    event = PlanEvent.objects.get(kind="pause")
    Notification.objects.update(data={"client": ana.pk, "event": event.pk + 1000})
    send_queued_mail()
    (message,) = smtp_server.messages
    assert message["Subject"] == "A client's plan needs you"
    assert "Ana's plan is paused — open their page." in parts(message)["text/plain"]


@pytest.mark.django_db
def test_the_alert_is_queued_with_its_event(django_capture_on_commit_callbacks, traveller, ana):
    walking_plan(ana)
    with django_capture_on_commit_callbacks(execute=True):
        log(ana, TUESDAY, fall=True)
    event = PlanEvent.objects.get(kind="pause")
    row = Notification.objects.get(kind="coach_alert")
    assert row.data == {"client": ana.pk, "event": event.pk}
    assert alerts.alert_coach(ana.pk, event.pk) is None  # queued once per event
