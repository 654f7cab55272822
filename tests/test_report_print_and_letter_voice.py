"""The progress report prints with a button (as the plan and the letter do), and the physician
letter speaks of the person in the third person: "you" is only for the person's own
instructions above the letter, and in the questions quoted as they were asked."""

import re
from datetime import date

import pytest
from django.urls import reverse

from coaching.models import CoachLink
from plans.services.intake import start_plan
from tests.factories import make_plan
from tests.test_questionnaire import PERSONA_1, PERSONA_7
from tests.test_screening_result import NOTHING_STEADY, PERSONA_9, WHEELCHAIR


@pytest.mark.django_db
@pytest.mark.parametrize("reader", ["client", "coach"])
def test_the_progress_report_has_the_print_button_and_its_script(
    client, client_user, coach_user, reader
):
    CoachLink.objects.create(coach=coach_user, client=client_user)
    make_plan(client_user, date(2026, 11, 23))
    if reader == "client":
        client.force_login(client_user)
        url = reverse("progress_report")
    else:
        client.force_login(coach_user)
        url = reverse("coach_progress_report", args=[client_user.public_id])

    html = client.get(url).content.decode()

    assert '<button type="button" class="btn btn-outline-primary" data-print hidden>' in html
    assert re.search(r'<script src="[^"]*js/print[^"]*\.js" defer></script>', html)
    assert "Print command" not in html
    assert "onclick" not in html


def letter_body(html: str) -> str:
    """The letter from its heading to its end, as text, with the quoted questions left out."""
    start = html.index("<h1")
    end = html.find("</main>", start)
    body = html[start : end if end != -1 else None]
    text = re.sub(r"<[^>]+>", " ", body)
    return re.sub(r"Question: “[^”]*”", " ", text)


def you_words(text: str) -> list[str]:
    return [
        " ".join(line.split())
        for line in text.splitlines()
        if re.search(r"\b(you|your|yours|yourself)\b", line, re.IGNORECASE)
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "answers",
    [
        pytest.param(PERSONA_1, id="ready-on-the-treadmill"),
        pytest.param(PERSONA_7, id="needs-a-physician"),
        pytest.param(PERSONA_9, id="high-risk"),
        pytest.param(NOTHING_STEADY, id="no-safe-stage"),
        pytest.param(WHEELCHAIR, id="no-plan"),
        pytest.param({**PERSONA_1, "replacement_weeks_ago": 8, "knee_oa": True}, id="operation"),
    ],
)
def test_the_letter_body_speaks_of_the_person_not_to_them(logged_in, client_user, answers):
    start_plan(client_user, answers, client_user.local_today())

    html = logged_in.get(reverse("physician_letter")).content.decode()

    assert you_words(letter_body(html)) == []
    assert "The app tells Wendy Walker to call the local emergency number" in html
    # The instructions above the letter are for the person, and may say "you".
    assert "Back to your result" in html[: html.index("<h1")]


def test_the_check_catches_you_in_a_letter():
    sample = "<h1>Letter</h1>\n<p>Call your local emergency number.</p></main><footer>you</footer>"
    assert you_words(letter_body(sample)) == ["Call your local emergency number."]
