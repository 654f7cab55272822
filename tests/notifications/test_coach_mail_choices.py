"""A coach turns the instant alerts off (or on) from /account/, and the worker respects it."""

from datetime import UTC, date, datetime, time

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from coaching.models import CoachLink
from notifications.models import MailPreferences, Notification
from tests.factories import make_plan, make_user
from tests.notifications.test_coach_alerts import pause
from tests.worker import send_queued_mail

NOW = datetime(2026, 3, 10, 14, 0, tzinfo=UTC)


@pytest.fixture
def coach_and_client(db):
    coach = make_user("cora@example.com", name="Cora", role="coach")
    ana = make_user("ana@example.com", name="Ana")
    CoachLink.objects.create(coach=coach, client=ana, started_at=timezone.now())
    return coach, make_plan(ana, date(2026, 3, 2))


@pytest.mark.django_db
def test_the_account_page_shows_a_coach_their_alert_choices_not_a_clients(client, coach_and_client):
    coach, _plan = coach_and_client
    client.force_login(coach)
    page = client.get("/account/").content.decode()
    section = page[page.index('id="mail-choices-title"') :]
    section = section[: section.index("</section>")]
    assert section.count("<form") == 1 and 'id="coach-mail-form"' in section
    for field in ("coach_alerts", "coach_digest", "digest_time"):
        assert f'name="{field}"' in section
    assert 'name="reminders"' not in section
    # On by default: these mails are about people's safety.
    assert 'id="id_coach_alerts" checked' in section


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("form", "alerts_sent"),
    [
        ({"coach_digest": "on", "digest_time": "17:00"}, 0),  # alerts box left unticked
        ({"coach_alerts": "on", "coach_digest": "on", "digest_time": "17:00"}, 1),
    ],
    ids=["alerts-off", "alerts-on"],
)
def test_a_coach_who_turns_alerts_off_gets_no_alert_when_a_plan_pauses(
    client, coach_and_client, django_capture_on_commit_callbacks, form, alerts_sent
):
    coach, plan = coach_and_client
    client.force_login(coach)
    response = client.post("/account/mail/", form)
    assert response.status_code == 302 and response["Location"] == "/account/"
    prefs = MailPreferences.objects.get(user=coach)
    assert prefs.coach_alerts is bool(alerts_sent)
    assert (prefs.coach_digest, prefs.digest_time) == (True, time(17, 0))
    assert "Your email choices are saved." in client.get("/account/").content.decode()

    with time_machine.travel(NOW, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            pause(plan)
        send_queued_mail()
    assert len(mail.outbox) == alerts_sent
    expected = "sent" if alerts_sent else "skipped"
    assert Notification.objects.get(kind="coach_alert").status == expected
