"""A paused plan's weekly note, and the coach's daily list at the coach's own local time."""

import html
from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.utils import timezone

from coaching.models import CoachLink
from notifications import reminders
from notifications.models import MailPreferences, Notification
from plans.models import Plan, PlanEvent
from plans.services.transitions import Change, locked_plan, transition
from tests.factories import WEEKDAYS, make_plan, make_user
from tests.worker import send_queued_mail

PAUSE_DAY = date(2026, 3, 10)  # a Tuesday


def pause(plan, *, needs=Plan.PauseNeeds.SELF, today=PAUSE_DAY):
    with transaction.atomic():
        transition(
            locked_plan(plan.pk),
            Change(
                PlanEvent.Kind.PAUSE,
                PlanEvent.Source.RULES,
                values={
                    "status": Plan.Status.PAUSED,
                    "pause_needs": needs,
                    "pause_reason": [{"code": "do.after_fall"}],
                },
            ),
            today=today,
        )


def flag_for_review(plan, today=PAUSE_DAY):
    with transaction.atomic():
        transition(
            locked_plan(plan.pk),
            Change(
                PlanEvent.Kind.NEEDS_REVIEW,
                PlanEvent.Source.RULES,
                values={
                    "needs_review": True,
                    "needs_review_reason": [{"code": "do.review_with_coach"}],
                },
            ),
            today=today,
        )


def run_at(now: datetime) -> list:
    """The scheduler and the worker once at `now`; the messages that left."""
    before = len(mail.outbox)
    with time_machine.travel(now, tick=False):
        reminders.queue_due(now)
        send_queued_mail()
    return mail.outbox[before:]


def html_of(message) -> str:
    """The HTML part with its entities read back (Ana&#x27;s is Ana's)."""
    return html.unescape(message.alternatives[0][0])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("needs", "lifts"),
    [
        (Plan.PauseNeeds.PHYSICIAN, "A doctor or physiotherapist needs to say it is safe"),
        (Plan.PauseNeeds.COACH, "Your coach or physiotherapist needs to look at your plan"),
        (Plan.PauseNeeds.SELF, "Answer a few short questions about how you feel now"),
    ],
)
def test_a_paused_plan_gets_one_note_a_week_saying_what_lifts_the_pause(needs, lifts):
    ana = make_user("ana@example.com", name="Ana", time_zone="Europe/London")
    plan = make_plan(ana, date(2026, 3, 2), weeks=3, days=WEEKDAYS)
    MailPreferences.objects.create(user=ana, reminders=True, reminder_time=time(8, 0))
    pause(plan, needs=needs)
    sent_on = {}
    for offset in range(8):  # Tuesday 10 March (the pause day) to Tuesday 17 March
        day = PAUSE_DAY + timedelta(days=offset)
        sent_on[day] = run_at(datetime.combine(day, time(10, 0), tzinfo=UTC))
    notes = {day: messages for day, messages in sent_on.items() if messages}
    # Not on the pause day itself; the next day; then not again until the next week.
    assert list(notes) == [date(2026, 3, 11), date(2026, 3, 16)]
    for (message,) in notes.values():
        assert message.subject == "Your plan is paused: what lets it start again"
        assert lifts in message.body and lifts in html_of(message)
        assert "/plan/resume/" in message.body
        assert "hip" not in message.body and "fall" not in message.body
    kinds = set(Notification.objects.values_list("kind", "day"))
    assert kinds == {("pause_note", date(2026, 3, 9)), ("pause_note", date(2026, 3, 16))}


@pytest.mark.django_db
def test_no_pause_note_without_reminders_or_once_the_plan_is_active_again():
    quiet = make_user("quiet@example.com", time_zone="UTC")
    pause(make_plan(quiet, date(2026, 3, 2), days=WEEKDAYS))
    MailPreferences.objects.create(user=quiet, reminders=False, weekly_summary=True)
    active = make_user("active@example.com", time_zone="UTC")
    make_plan(active, date(2026, 3, 2), days=("mon",))
    MailPreferences.objects.create(user=active, reminders=True)
    assert run_at(datetime(2026, 3, 11, 10, 0, tzinfo=UTC)) == []
    assert not Notification.objects.filter(kind="pause_note").exists()


def coach_with_clients(digest_time=time(18, 30), time_zone="America/New_York"):
    coach = make_user("cora@example.com", name="Cora", role="coach", time_zone=time_zone)
    MailPreferences.objects.create(user=coach, digest_time=digest_time)
    people = {}
    for name in ("Ana", "Ben", "Cal"):
        person = make_user(f"{name.lower()}@example.com", name=name)
        CoachLink.objects.create(coach=coach, client=person, started_at=timezone.now())
        people[name] = make_plan(person, date(2026, 3, 2), days=WEEKDAYS)
    pause(people["Ana"])
    flag_for_review(people["Ben"])
    # Someone else's client who needs attention is not on Cora's list.
    other = make_user("olga@example.com", name="Olga", role="coach")
    dee = make_user("dee@example.com", name="Dee")
    CoachLink.objects.create(coach=other, client=dee, started_at=timezone.now())
    pause(make_plan(dee, date(2026, 3, 2)))
    return coach, {name: plan.client for name, plan in people.items()}


@pytest.mark.django_db
def test_the_coach_digest_comes_once_at_the_coachs_local_time_with_links():
    coach, people = coach_with_clients()
    mail.outbox.clear()  # the instant alerts are tested elsewhere
    # All of Tuesday 10 March in New York (UTC-4 since the 8 March clock change).
    start = datetime(2026, 3, 10, 4, 0, tzinfo=UTC)
    sent = {}
    for step in range(48):
        now = start + timedelta(minutes=30 * step)
        sent[now] = [m for m in run_at(now) if m.to == ["cora@example.com"]]
    digests = [(now, messages) for now, messages in sent.items() if messages]
    assert [now for now, _ in digests] == [datetime(2026, 3, 10, 22, 30, tzinfo=UTC)]  # 18:30
    ((_, (message,)),) = digests
    assert message.subject == "Who needs you today"
    for body in (message.body, html_of(message)):
        assert "Ana's plan is paused" in body
        assert "Ben's plan needs a look from you" in body
        assert f"/coach/clients/{people['Ana'].public_id}/" in body
        assert f"/coach/clients/{people['Ben'].public_id}/" in body
        # Only who and a link: not the well client, not another coach's, no health detail.
        for absent in ("Cal", "Dee", "hip", "fall", "pain"):
            assert absent not in body, absent
    assert Notification.objects.get(kind="coach_digest", user=coach).day == date(2026, 3, 10)


@pytest.mark.django_db
def test_no_digest_when_nobody_needs_the_coach_or_the_coach_turned_it_off():
    calm = make_user("calm@example.com", name="Calm", role="coach", time_zone="UTC")
    well = make_user("well@example.com", name="Will")
    CoachLink.objects.create(coach=calm, client=well, started_at=timezone.now())
    make_plan(well, date(2026, 3, 2))
    off = make_user("off@example.com", name="Off", role="coach", time_zone="UTC")
    MailPreferences.objects.create(user=off, coach_digest=False)
    ill = make_user("ill@example.com", name="Ill")
    CoachLink.objects.create(coach=off, client=ill, started_at=timezone.now())
    pause(make_plan(ill, date(2026, 3, 2)))
    mail.outbox.clear()
    assert run_at(datetime(2026, 3, 11, 12, 0, tzinfo=UTC)) == []
    (row,) = Notification.objects.filter(kind="coach_digest")
    assert (row.user, row.status) == (calm, "skipped")
