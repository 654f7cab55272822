"""A linked coach is mailed as soon as a client's plan pauses: name and link, no health detail."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.utils import timezone

from coaching.models import CoachLink
from notifications.models import Notification
from plans.models import Plan, PlanEvent
from plans.services.transitions import Change, locked_plan, transition
from tests.factories import make_plan, make_user
from tests.worker import send_queued_mail

NOW = datetime(2026, 3, 10, 14, 0, tzinfo=UTC)


def pause(plan):
    with transaction.atomic():
        transition(
            locked_plan(plan.pk),
            Change(
                PlanEvent.Kind.PAUSE,
                PlanEvent.Source.RULES,
                values={"status": Plan.Status.PAUSED, "pause_reason": [{"code": "do.after_fall"}]},
            ),
            today=date(2026, 3, 10),
        )


@pytest.mark.django_db
def test_a_pause_mails_the_linked_coach_once(django_capture_on_commit_callbacks):
    """The rules' own pauses say what happened: tests/notifications/test_alert_words.py."""
    coach = make_user("cora@example.com", name="Cora", role="coach")
    ana = make_user("ana@example.com", name="Ana")
    CoachLink.objects.create(coach=coach, client=ana, started_at=timezone.now())
    plan = make_plan(ana, date(2026, 3, 2))
    with time_machine.travel(NOW, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            pause(plan)
        send_queued_mail()
    (message,) = mail.outbox
    assert message.to == ["cora@example.com"]
    assert message.subject == "Ana: plan paused"
    assert "Ana had their plan paused today. Their plan is paused until" in message.body
    assert "hip" not in message.body  # the words for the client are not the coach's
    assert f"/coach/clients/{ana.public_id}/" in message.body
    assert Notification.objects.get(kind="coach_alert").status == "sent"


@pytest.mark.django_db
def test_a_pause_without_a_coach_mails_nobody(django_capture_on_commit_callbacks):
    ana = make_user("ana@example.com", name="Ana")
    plan = make_plan(ana, date(2026, 3, 2))
    with django_capture_on_commit_callbacks(execute=True):
        pause(plan)
    assert not Notification.objects.exists()
