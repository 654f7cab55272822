"""Wording that agrees with itself (issue 17): one number of backward minutes on the result,
the plan and Today, named the same way on each."""

import re
from datetime import UTC, date, datetime

import pytest
import time_machine

from plans.demo_data import PROFILES, answers
from plans.services.intake import start_plan
from tests.factories import make_user
from tests.test_questionnaire import PERSONA_1

START = date(2026, 3, 2)  # a Monday
PHRASE = re.compile(r"(\d+) minutes? of backward walking per session")
PERSONAS = {
    **{name: data for name, data in PROFILES.items() if name != "chest_pain"},
    "persona_1": PERSONA_1,
    # Short on time: the session is cut to fit, the reason must not name the uncut dose.
    "twenty_minutes": answers(minutes=20),
    "fifteen_minutes_high": answers(falls_12m=1, minutes=15),
}


def page_text(response) -> str:
    assert response.status_code == 200
    html = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize("name", PERSONAS)
def test_result_plan_and_today_name_one_number_of_backward_minutes(client, db, name):
    user = make_user(f"{name}@example.com")
    plan = start_plan(user, dict(PERSONAS[name]), START)
    first = plan.sessions.filter(cancelled=False).order_by("date").first()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    # On the first session's day, so Today shows that session.
    with time_machine.travel(datetime.combine(first.date, datetime.min.time(), UTC), tick=False):
        found = {
            url: PHRASE.findall(page_text(client.get(url)))
            for url in ("/start/result/", "/plan/", "/today/")
        }
    for url, numbers in found.items():
        assert numbers, f"{url} does not name the backward minutes per session"
        assert set(numbers) == {str(first.backward_minutes)}, (url, numbers)


def test_a_paused_persona_is_shown_no_dose(client, db):
    user = make_user("paused@example.com")
    start_plan(user, dict(PROFILES["chest_pain"]), START)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    with time_machine.travel(datetime(2026, 3, 2, 9, tzinfo=UTC), tick=False):
        assert not PHRASE.search(page_text(client.get("/start/result/")))


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        pytest.param(
            {"replacement_weeks_ago": 13, "age": 66},
            "You had a hip or knee replaced about 3 months ago. That is why you start along",
            id="knee-or-hip-replacement",
        ),
        pytest.param(
            {"falls_12m": 1, "walking_aid": "cane", "age": 78},
            "You told us you fell once in the last year.",
            id="a-fall-and-a-cane",
        ),
        pytest.param(
            {"stroke_months_ago": 14, "access_treadmill": False, "access_track": False},
            "You had a stroke 14 months ago. That is why you start in the pool",
            id="stroke",
        ),
    ],
)
def test_the_result_and_plan_pages_name_the_persons_own_condition(client, db, changes, named):
    user = make_user("own-words@example.com")
    start_plan(user, answers(**changes), START)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    with time_machine.travel(datetime(2026, 3, 2, 9, tzinfo=UTC), tick=False):
        assert named in page_text(client.get("/start/result/"))
        assert named in page_text(client.get("/plan/"))
