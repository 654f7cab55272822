"""Issue 27: what the worker sends speaks the language of the person it goes to (their
account's, whatever language was active when it was queued): a reminder through a real SMTP
server, a phone's push text, the weekly summary's days and numbers, a coach's alert and an
invite (in the coach's words), and the "you already have an account" mail."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import translation

from accounts.models import User
from coaching.models import CoachLink
from coaching.services import invites
from notifications import compose, reminders
from notifications.models import MailPreferences, Notification
from plans.models import Plan
from tests.factories import PASSWORD, WEEKDAYS, log_session, make_plan, make_user
from tests.notifications.push_service import Phone
from tests.notifications.test_alert_words import log, walking_plan
from tests.notifications.test_pause_note_and_digest import pause
from tests.notifications.test_smtp_and_unsubscribe import parts
from tests.worker import send_queued_mail

NOW = datetime(2026, 3, 10, 10, 0, tzinfo=UTC)  # Tuesday 10 March 2026, 11:00 in Madrid


@pytest.fixture
def lucia(db):
    person = make_user("lucia@example.com", "Lucía", language="es", time_zone="Europe/Madrid")
    make_plan(person, date(2026, 3, 9), weeks=3, days=WEEKDAYS)
    MailPreferences.objects.create(user=person, reminders=True, reminder_time=time(8, 0))
    return person


def run_at(now=NOW) -> None:
    with time_machine.travel(now, tick=False), translation.override("en"):  # the worker's own
        reminders.queue_due(now)
        send_queued_mail()


@pytest.mark.django_db
def test_a_reminder_email_is_in_the_persons_language(lucia, smtp_server):
    run_at()
    (message,) = smtp_server.messages
    assert message["Subject"] == "=?utf-8?q?Hoy_tiene_su_sesi=C3=B3n_de_caminar_hacia_atr=C3=A1s?="
    assert message["Content-Language"] == "es"
    body = parts(message)
    assert "Hola, Lucía:" in body["text/plain"]
    assert "Hoy es día de caminar" in body["text/plain"]
    assert '<html lang="es">' in body["text/html"]
    assert "Hello" not in body["text/plain"] + body["text/html"]


@pytest.mark.django_db
def test_the_same_reminder_is_english_for_someone_who_reads_english(lucia, smtp_server):
    lucia.language = "en"
    lucia.save(update_fields=["language"])
    with translation.override("es"):  # whatever the worker happens to have active
        reminders.queue_due(NOW)
    run_at()
    (message,) = smtp_server.messages
    assert message["Subject"] == "Your backward walking session is today"


@pytest.mark.django_db
def test_push_texts_are_in_the_persons_language(lucia, vapid, push_service):
    phone = Phone(push_service.url("lucia-phone"))
    phone.save_for(lucia)
    run_at()
    (received,) = push_service.to(phone)
    assert phone.read(received)["body"] == "Hora de caminar hacia atrás hoy"
    pause(Plan.objects.get(client=lucia), needs=Plan.PauseNeeds.PHYSICIAN, today=date(2026, 3, 9))
    run_at(NOW + timedelta(days=1))
    notes = push_service.to(phone)[1:]
    assert [phone.read(r)["body"] for r in notes] == [
        "Una nota sobre su plan. Abra backward-walk para ver lo que viene ahora."
    ]


@pytest.mark.django_db
def test_a_coach_alert_is_in_the_coachs_language_whatever_the_clients(
    vapid, push_service, smtp_server, django_capture_on_commit_callbacks
):
    now = datetime(2026, 12, 3, 15, 0, tzinfo=UTC)
    carmen = make_user("carmen@example.com", "Carmen", role="coach", language="es")
    ana = make_user("ana@example.com", "Ana", language="en")
    CoachLink.objects.create(coach=carmen, client=ana, started_at=now - timedelta(days=60))
    phone = Phone(push_service.url("carmen-phone"))
    phone.save_for(carmen)
    with time_machine.travel(now, tick=False):
        walking_plan(ana)
        with django_capture_on_commit_callbacks(execute=True), translation.override("en"):
            log(ana, date(2026, 12, 1), fall=True, fall_injury=True)
        send_queued_mail()
    (received,) = push_service.to(phone)
    assert phone.read(received)["body"] == "Ana: una caída"


@pytest.mark.django_db
def test_the_weekly_summary_writes_days_and_numbers_as_spanish_does(lucia):
    MailPreferences.objects.filter(user=lucia).update(weekly_summary=True)
    plan = Plan.objects.get(client=lucia)
    log_session(plan.sessions.get(date=date(2026, 3, 9)))
    log_session(plan.sessions.get(date=date(2026, 3, 10)), "partial")  # counts a half
    reader = User.objects.get(pk=lucia.pk)
    row = Notification(kind=Notification.Kind.WEEKLY_SUMMARY, user=reader, day=date(2026, 3, 16))
    with time_machine.travel(datetime(2026, 3, 16, 9, 0, tzinfo=UTC), tick=False):
        message = compose.message_for(row, datetime(2026, 3, 16, 9, 0, tzinfo=UTC))
    assert "lunes 16 de marzo" in message.body
    assert "La semana pasada hizo 1,5 de 7 sesiones." in message.body


@pytest.mark.django_db
def test_an_invite_is_written_in_the_inviting_coachs_language(db):
    carmen = make_user("carmen@example.com", "Carmen", role="coach", language="es")
    invite = invites.create_invite(carmen, "nuevo@example.com")
    with translation.override("en"):
        invites.send_invite_email(invite, "https://walk.example.org/invite/x/")
    send_queued_mail()
    (message,) = mail.outbox
    assert "Hola" in message.body and "Hello" not in message.body
    assert " de " in message.body  # "until 24 de marzo de 2026": the date in Spanish words


@pytest.mark.django_db
def test_a_second_sign_up_is_answered_in_the_accounts_language(client, lucia):
    form = {
        "display_name": "Lucía",
        "email": lucia.email,
        "password1": PASSWORD,
        "password2": PASSWORD,
        "time_zone": "Europe/Madrid",
        "role": "client",
        "accept_disclaimer": "on",
        "accept_health_data": "on",
    }
    client.post("/signup/", form, HTTP_ACCEPT_LANGUAGE="en")
    send_queued_mail()
    (message,) = mail.outbox
    assert message.subject == "Ya tiene una cuenta de backward-walk"
