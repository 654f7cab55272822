"""Reminders on this phone, in the pseudo-language of tests/test_i18n.py: every word the block,
its script's messages and the JSON answers show is marked for translation, and so is what a
notification says."""

import json
import re

import pytest
from django.urls import reverse

from notifications import push
from tests.notifications.push_service import Phone
from tests.test_i18n import (  # noqa: F401 (fixtures)
    OPEN,
    PERSONA_1,
    answer_steps,
    assert_marked,
    catalogues,
    frozen,
    pseudo,
    world,
)

SCRIPT_WORDS = ("data-unsupported", "data-blocked", "data-failed", "data-working")


def script_words_are_marked(html: str) -> None:
    for name in SCRIPT_WORDS:
        (value,) = re.findall(f'{name}="([^"]*)"', html)
        assert value.startswith(OPEN), name


@pytest.mark.django_db
@pytest.mark.usefixtures("world", "vapid", "pseudo")
def test_the_account_page_with_phone_reminders_is_marked(logged_in):
    assert_marked(logged_in, reverse("account"))
    script_words_are_marked(logged_in.get(reverse("account")).content.decode())


@pytest.mark.django_db
@pytest.mark.usefixtures("world", "vapid", "pseudo")
def test_the_coachs_account_page_with_phone_alerts_is_marked(coach_logged_in):
    assert_marked(coach_logged_in, reverse("account"))


@pytest.mark.django_db
@pytest.mark.usefixtures("vapid", "pseudo")
def test_the_result_page_with_phone_reminders_is_marked(logged_in):
    answer_steps(logged_in, PERSONA_1, through=3)
    html = logged_in.get(reverse("screening_result")).content.decode()
    assert 'id="push-choice"' in html
    assert_marked(logged_in, reverse("screening_result"))
    script_words_are_marked(html)


@pytest.mark.django_db
@pytest.mark.usefixtures("vapid", "pseudo")
def test_the_answers_to_the_script_are_marked(logged_in):
    phone = Phone("https://fcm.googleapis.com/fcm/send/ana")
    answers = [
        logged_in.post(
            reverse("push_subscribe"),
            json.dumps({"subscription": phone.subscription(), "asked": True}),
            content_type="application/json",
        ),
        logged_in.post(reverse("push_subscribe"), "nonsense", content_type="application/json"),
        logged_in.post(reverse("push_subscribe"), "{}", content_type="application/json"),
        logged_in.post(
            reverse("push_unsubscribe"),
            json.dumps({"endpoint": phone.endpoint}),
            content_type="application/json",
        ),
    ]
    for answer in answers:
        words = answer.json().get("message") or answer.json()["error"]
        assert words.startswith(OPEN), words


@pytest.mark.usefixtures("pseudo")
def test_what_a_notification_says_is_marked():
    context = {"subject": None, "client_url": "https://walk.example.org/coach/clients/x/"}
    for kind, (words, _ttl) in push.PUSHED.items():
        assert words(context)["body"].startswith(OPEN), kind
