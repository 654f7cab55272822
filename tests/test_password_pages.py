"""The password pages speak as plainly as the rest of the site: a short question or statement
as the heading, one line of help for a new password (not Django's list of rules), large buttons."""

import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.factories import PASSWORD
from tests.worker import send_queued_mail

ONE_LINE_HELP = "At least 8 characters. A short sentence is easy to remember and hard to guess."
# What Django's own pages and its validators' help list say; none of it should show.
DJANGO_WORDS = [
    "Your password can’t be too similar",
    "Your password must contain at least",
    "can’t be a commonly used password",
    "can’t be entirely numeric",
    "New password confirmation",
    "Old password",
    "Password reset",
    "Forgotten your password",
]


def reset_confirm_url(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})


def login_page(client, user):
    return client.get(reverse("login"))


def locked_out(client, user):
    for _ in range(5):
        client.post(reverse("login"), {"username": user.email, "password": "wrong"})
    response = client.post(reverse("login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 429
    response.status_code = 200
    return response


def change_form(client, user):
    client.force_login(user)
    return client.get(reverse("password_change"))


def change_done(client, user):
    client.force_login(user)
    return client.get(reverse("password_change_done"))


def reset_form(client, user):
    return client.get(reverse("password_reset"))


def reset_done(client, user):
    return client.get(reverse("password_reset_done"))


def reset_confirm(client, user):
    return client.get(reset_confirm_url(user), follow=True)


def reset_link_used(client, user):
    kwargs = {"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": "1-nope"}
    return client.get(reverse("password_reset_confirm", kwargs=kwargs))


def reset_complete(client, user):
    return client.get(reverse("password_reset_complete"))


PAGES = [
    (login_page, "Log in", "Forgot your password?"),
    (locked_out, "Too many tries", "To keep the account safe, logging in is paused for 15"),
    (change_form, "Change your password", "Type the password you use now."),
    (change_done, "Your new password is saved", "Use it from now on."),
    (reset_form, "Forgot your password?", "we will send you a link to choose a new password"),
    (reset_done, "Check your email", "We have sent you an email with a link"),
    (reset_confirm, "Choose a new password", "Type your new password twice"),
    (reset_link_used, "This link does not work any more", "Ask for a new one."),
    (reset_complete, "Your new password is saved", "You can log in with it now."),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("render", "heading", "words"), PAGES, ids=[p[0].__name__ for p in PAGES])
def test_each_password_page_has_a_plain_heading_and_words(
    client, client_user, render, heading, words
):
    response = render(client, client_user)

    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(rf"<h1[^>]*>{re.escape(heading)}</h1>", html)
    assert words in html
    assert [phrase for phrase in DJANGO_WORDS if phrase in html] == []
    assert 'class="lead"' not in html  # no thin grey text for what matters
    assert "btn-lg" in html


@pytest.mark.django_db
@pytest.mark.parametrize("render", [change_form, reset_confirm])
def test_a_new_password_gets_one_line_of_help_not_the_validators_list(client, client_user, render):
    html = render(client, client_user).content.decode()

    assert html.count(ONE_LINE_HELP) == 1
    assert "<ul" not in html[html.index("<form") : html.index("</form>")]


@pytest.mark.django_db
def test_the_validators_still_refuse_a_weak_password_in_their_own_words(client, client_user):
    client.force_login(client_user)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "12345", "new_password2": "12345"},
    )

    assert response.status_code == 200
    assert "This password is too short." in response.content.decode()
    client_user.refresh_from_db()
    assert client_user.check_password(PASSWORD)


@pytest.mark.django_db
def test_the_reset_email_says_what_to_do_and_how_long_the_link_works(client, client_user):
    client.post(reverse("password_reset"), {"email": client_user.email})
    send_queued_mail()

    (message,) = mail.outbox
    assert "Someone, probably you, asked to set a new password." in message.body
    assert "The link works once, for one day." in message.body
    assert "ignore this email" in message.body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("post", "message"),
    [
        ({}, "Type the password you use now."),
        ({"old_password": "not it"}, "That is not the password you use now. Please try again."),
        ({"old_password": PASSWORD}, "Type a new password."),
        ({"new_password1": "a long new sentence"}, "Type the new password a second time."),
        (
            {"new_password1": "a long new sentence", "new_password2": "another sentence"},
            "The two passwords are not the same.",
        ),
    ],
)
def test_a_refused_change_says_what_to_do_in_plain_words(client, client_user, post, message):
    client.force_login(client_user)

    response = client.post(reverse("password_change"), post)

    assert message in response.content.decode()
    client_user.refresh_from_db()
    assert client_user.check_password(PASSWORD)
