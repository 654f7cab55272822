"""Mail a newcomer can read (issue 25, point 6): in development each email is one line in the
terminal, with the link it is about, and the whole message is kept for /dev/mail/ (staff,
DEBUG=1 only)."""

import io
import re
from email import message_from_bytes, policy

import pytest
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.urls import reverse

from notifications import dev_mail
from tests.factories import make_user
from tests.test_accounts import SIGNUP
from tests.test_settings import setting_value
from tests.worker import send_queued_mail


@pytest.fixture
def dev_backend(settings, tmp_path):
    settings.EMAIL_BACKEND = "notifications.dev_mail.DevMailBackend"
    settings.DEV_MAIL_DIR = tmp_path / "dev-mail"
    settings.SITE_URL = "http://127.0.0.1:8000"
    return settings.DEV_MAIL_DIR


def test_development_without_a_mail_server_uses_the_readable_backend():
    env = {"DEBUG": "1", "EMAIL_HOST": ""}
    assert setting_value("EMAIL_BACKEND", env) == "'notifications.dev_mail.DevMailBackend'"


def test_each_email_is_one_line_with_its_link_and_kept_whole(dev_backend):
    message = EmailMultiAlternatives(
        "Set a new backward-walk password",
        "Hello Ana,\nOpen http://127.0.0.1:8000/password-reset/MQ/abc-123/\n"
        "--\nbackward-walk: http://127.0.0.1:8000/\n",
        to=["ana@example.org"],
    )
    message.attach_alternative("<p>Hello Ana</p>", "text/html")
    terminal = io.StringIO()
    assert dev_mail.DevMailBackend(stream=terminal).send_messages([message]) == 1
    assert terminal.getvalue() == (
        "Mail to ana@example.org: Set a new backward-walk password"
        " — http://127.0.0.1:8000/password-reset/MQ/abc-123/\n"
    )
    (kept,) = dev_backend.glob("*.eml")
    parsed = message_from_bytes(kept.read_bytes(), policy=policy.default)
    assert parsed["Subject"] == "Set a new backward-walk password"


def test_the_link_is_never_the_home_page_or_the_way_out(settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    text = (
        "http://127.0.0.1:8000/ then http://127.0.0.1:8000/unsubscribe/abc/ "
        "then http://127.0.0.1:8000/today/"
    )
    assert dev_mail.main_link(text) == "http://127.0.0.1:8000/today/"
    assert dev_mail.summary(["a@example.org"], "Hi", "no link") == "Mail to a@example.org: Hi"


def test_only_the_newest_messages_are_kept(dev_backend, monkeypatch):
    monkeypatch.setattr(dev_mail, "KEEP", 3)
    backend = dev_mail.DevMailBackend(stream=io.StringIO())
    for n in range(5):
        backend.send_messages([EmailMessage(f"Mail {n}", "body", to=["a@example.org"])])
    assert [mail.subject for mail in dev_mail.kept_mail()] == ["Mail 4", "Mail 3", "Mail 2"]


@pytest.mark.django_db
def test_the_sign_up_link_is_one_readable_line_from_the_worker(client, dev_backend, capsys):
    client.post(reverse("signup"), SIGNUP)
    send_queued_mail()
    printed = capsys.readouterr().out.strip().splitlines()
    assert len(printed) == 1
    assert re.fullmatch(
        r"Mail to rosa@example\.com: Finish making your backward-walk account"
        r" — http://testserver/signup/confirm/\S+/",
        printed[0],
    )


@pytest.mark.django_db
def test_dev_mail_page_lists_the_kept_mail_with_its_links_for_staff(client, dev_backend, settings):
    settings.DEBUG = True
    client.post(reverse("signup"), SIGNUP)
    send_queued_mail()
    staff = make_user("staff@example.org", "Stef Staff", is_staff=True)
    client.force_login(staff, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(reverse("dev_mail"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Finish making your backward-walk account" in html
    assert "To rosa@example.com" in html
    assert re.search(r'<a href="http://testserver/signup/confirm/\S+/">', html)


@pytest.mark.django_db
@pytest.mark.parametrize(("debug", "who"), [(False, "staff"), (True, "client"), (True, None)])
def test_dev_mail_page_is_not_there_for_others_or_without_debug(client, settings, debug, who):
    settings.DEBUG = debug
    if who:
        person = make_user(f"{who}@example.org", is_staff=who == "staff")
        client.force_login(person, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(reverse("dev_mail")).status_code == 404
