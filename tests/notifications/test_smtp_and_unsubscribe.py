"""Mail sent through a real SMTP server, read back, and its unsubscribe link used."""

from datetime import UTC, date, datetime, time
from urllib.parse import urlparse

import pytest
import time_machine
from django.test import Client

from notifications import reminders
from notifications.models import MailPreferences
from tests.factories import make_plan, make_user
from tests.worker import send_queued_mail

NOW = datetime(2026, 3, 10, 14, 0, tzinfo=UTC)  # 10:00 in New York


@pytest.fixture
def reminded(db):
    user = make_user("ana@example.com", name="Ana", time_zone="America/New_York")
    make_plan(user, date(2026, 3, 2), days=("tue",))
    MailPreferences.objects.create(user=user, reminders=True, reminder_time=time(8, 0))
    return user


def header(message, name):
    """The header unfolded (long values arrive folded over lines)."""
    return "".join(message[name].split())


def parts(message):
    return {
        part.get_content_type(): part.get_payload(decode=True).decode()
        for part in message.walk()
        if not part.is_multipart()
    }


@pytest.mark.django_db
def test_a_reminder_arrives_with_both_parts_and_one_click_headers(smtp_server, reminded):
    with time_machine.travel(NOW, tick=False):
        reminders.queue_due(NOW)
        send_queued_mail()
    (message,) = smtp_server.messages
    assert message["To"] == "ana@example.com"
    assert message["Subject"] == "Your backward walking session is today"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert header(message, "List-Unsubscribe").startswith("<http")
    body = parts(message)
    assert "Hello Ana," in body["text/plain"]
    assert "Hello Ana," in body["text/html"]
    assert "/today/" in body["text/plain"]


@pytest.mark.django_db
def test_the_one_click_post_unsubscribes_without_a_session(smtp_server, reminded):
    with time_machine.travel(NOW, tick=False):
        reminders.queue_due(NOW)
        send_queued_mail()
    (message,) = smtp_server.messages
    path = urlparse(header(message, "List-Unsubscribe").strip("<>")).path
    browser = Client(enforce_csrf_checks=True)  # no session, no CSRF token: as a mail program
    page = browser.get(path)
    assert page.status_code == 200
    assert "Stop these emails?" in page.content.decode()
    reminded.mail_preferences.refresh_from_db()
    assert reminded.mail_preferences.reminders is True  # a GET changes nothing
    response = browser.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    reminded.mail_preferences.refresh_from_db()
    assert reminded.mail_preferences.reminders is False


@pytest.mark.django_db
def test_a_changed_unsubscribe_token_is_refused(reminded, client):
    assert client.post("/unsubscribe/not-a-real-token/").status_code == 404
    reminded.mail_preferences.refresh_from_db()
    assert reminded.mail_preferences.reminders is True


@pytest.mark.django_db
def test_email_choices_need_a_login_and_a_post(client, reminded):
    assert client.get("/account/mail/").status_code in (302, 405)
    response = client.post("/account/mail/", {"reminders": "", "reminder_time": "07:30"})
    assert response.status_code == 302 and "/login/" in response["Location"]
    reminded.mail_preferences.refresh_from_db()
    assert reminded.mail_preferences.reminders is True


@pytest.mark.django_db
def test_a_client_turns_reminders_on_at_their_time(client):
    user = make_user("lee@example.com")
    client.force_login(user)
    assert client.get("/account/mail/").status_code == 405
    response = client.post("/account/mail/", {"reminders": "on", "reminder_time": "07:30"})
    assert response.status_code == 302
    prefs = MailPreferences.objects.get(user=user)
    assert prefs.reminders is True
    assert prefs.reminder_time == time(7, 30)
