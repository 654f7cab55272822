"""No page sends mail (issue 25, point 2): sign-up, "you already have an account" and both
email-change mails go through the outbox, so with the mail server down each page answers as
usual, and the mail arrives once the server is back, through the real SMTP server.
"""

import re
import smtplib
from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
import time_machine
from django.urls import reverse

from accounts.models import User
from notifications import outbox
from notifications.models import Notification
from tests.factories import PASSWORD, make_user
from tests.notifications.conftest import free_port
from tests.worker import send_queued_mail

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
NEW_EMAIL = {"new_email": "wendy@example.com", "current_password": PASSWORD}
SIGNUP = {
    "display_name": "Rosa Reyes",
    "email": "rosa@example.com",
    "time_zone": "Europe/Madrid",
    "role": "client",
    "password1": "a quiet walk in the park",
    "password2": "a quiet walk in the park",
    "accept_disclaimer": "on",
    "accept_health_data": "on",
}


@pytest.fixture
def mail_server_down(smtp_server, settings):
    """The SMTP fixture's server, unreachable until the test calls the returned `back()`."""
    live_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port()  # nothing listens there: connection refused

    def back():
        settings.EMAIL_PORT = live_port

    return back


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def no_page_talks_to_the_mail_server():
    return mock.patch.object(
        smtplib.SMTP, "__init__", side_effect=AssertionError("a page talked to the mail server")
    )


def text_of(message) -> str:
    """The plain-text part, with the line ends SMTP gave it made plain again."""
    (part,) = [part for part in message.walk() if part.get_content_type() == "text/plain"]
    return part.get_payload(decode=True).decode().replace("\r\n", "\n")


def send_after_the_outage(clock, back) -> None:
    """The worker tries while the server is down, then again after the first wait."""
    send_queued_mail()
    assert set(Notification.objects.values_list("status", flat=True)) == {"retry"}
    back()
    clock.shift(outbox.backoff(1) + timedelta(seconds=1))
    send_queued_mail()


@pytest.mark.django_db
def test_signup_answers_with_the_mail_server_down_and_the_link_arrives_once_it_is_back(
    client, smtp_server, mail_server_down, clock
):
    with no_page_talks_to_the_mail_server():
        response = client.post(reverse("signup"), SIGNUP)
    assert response.status_code == 302 and response["Location"] == reverse("signup_sent")
    assert client.get(response["Location"]).status_code == 200

    send_after_the_outage(clock, mail_server_down)
    (message,) = smtp_server.messages
    assert message["To"] == "rosa@example.com"
    assert message["Subject"] == "Finish making your backward-walk account"
    body = text_of(message)
    assert body.startswith(
        "Hello Rosa Reyes,\n\nTo finish making your account, open this link:\n"
        "http://testserver/signup/confirm/"
    )
    row = Notification.objects.get()
    assert (row.kind, row.status, row.attempts) == ("account", "sent", 2)
    assert row.data == {}  # the words held a sign-in link: not kept once sent

    link = re.search(r"http://testserver(/signup/confirm/\S+/)", body).group(1)
    assert client.post(link)["Location"] == reverse("questionnaire")
    assert User.objects.get().is_active
    send_queued_mail()
    assert len(smtp_server.messages) == 1  # sent once


@pytest.mark.django_db
def test_already_have_an_account_answers_the_same_with_the_mail_server_down(
    client, smtp_server, mail_server_down, clock
):
    make_user("rosa@example.com", "Rosa Original")
    with no_page_talks_to_the_mail_server():
        response = client.post(reverse("signup"), SIGNUP)
    assert response.status_code == 302 and response["Location"] == reverse("signup_sent")

    send_after_the_outage(clock, mail_server_down)
    (message,) = smtp_server.messages
    assert message["To"] == "rosa@example.com"
    assert message["Subject"] == "You already have a backward-walk account"
    assert "Log in: http://testserver/login/" in text_of(message)


@pytest.mark.django_db
def test_email_change_answers_with_the_mail_server_down_and_both_mails_arrive_later(
    logged_in, client_user, smtp_server, mail_server_down, clock
):
    with no_page_talks_to_the_mail_server():
        response = logged_in.post(reverse("email_change"), NEW_EMAIL)
    assert response.status_code == 302 and response["Location"] == reverse("account")
    assert "We sent a link to wendy@example.com" in logged_in.get(reverse("account")).text

    send_after_the_outage(clock, mail_server_down)
    by_address = {message["To"]: message for message in smtp_server.messages}
    assert set(by_address) == {"walker@example.com", "wendy@example.com"}
    assert by_address["walker@example.com"]["Subject"] == (
        "Your backward-walk email is about to change"
    )
    body = text_of(by_address["wendy@example.com"])
    link = re.search(r"http://testserver(/account/email/confirm/\S+/)", body).group(1)
    assert logged_in.post(link).status_code == 302
    client_user.refresh_from_db()
    assert client_user.email == "wendy@example.com"


@pytest.mark.django_db
def test_password_reset_answers_with_the_mail_server_down_and_the_link_arrives_later(
    client, client_user, smtp_server, mail_server_down, clock
):
    with no_page_talks_to_the_mail_server():
        response = client.post(reverse("password_reset"), {"email": "walker@example.com"})
    assert response.status_code == 302

    send_after_the_outage(clock, mail_server_down)
    (message,) = smtp_server.messages
    assert message["To"] == "walker@example.com"
    assert "/password-reset/" in text_of(message)


@pytest.mark.django_db
def test_an_account_mail_given_up_on_keeps_no_words(smtp_server, settings, client_user, clock):
    settings.EMAIL_PORT = free_port()
    row = outbox.queue_one(
        Notification.Kind.ACCOUNT,
        to="walker@example.com",
        key="account:given-up",
        user=client_user,
        data={"subject": "Hi", "body": "http://testserver/signup/confirm/token/"},
    )
    for _ in range(outbox.MAX_ATTEMPTS):
        outbox.deliver(row.pk, NOW + timedelta(days=1))
        Notification.objects.filter(pk=row.pk).update(next_try_at=None)
    row.refresh_from_db()
    assert (row.status, row.data) == ("failed", {})
    assert smtp_server.messages == []


@pytest.mark.django_db
def test_an_account_mail_left_sending_by_a_stopped_worker_keeps_no_words(client_user):
    row = outbox.queue_one(
        Notification.Kind.ACCOUNT,
        to="walker@example.com",
        key="account:stuck",
        user=client_user,
        data={"subject": "Hi", "body": "http://testserver/signup/confirm/token/"},
    )
    outbox.claim(row.pk, NOW)
    assert outbox.sweep_stuck(NOW + outbox.STUCK_AFTER + timedelta(minutes=1)) == 1
    row.refresh_from_db()
    assert (row.status, row.data) == ("unknown", {})


@pytest.mark.django_db
def test_deleting_the_account_deletes_its_queued_account_mail(logged_in, client_user):
    logged_in.post(reverse("email_change"), NEW_EMAIL)
    assert Notification.objects.filter(user=client_user).count() == 2
    client_user.delete()
    assert not Notification.objects.exists()
