"""§9.3 Treadmill sessions never say "turn round", through every page that words a session.

Between backward bouts on a treadmill the person keeps both hands on the rails and rests with
the belt slowed or stopped; with seated rest they stop the belt, step off to the side and sit.
The guided session, Today's card, the plan page (also its printout), the coach's view of the
weeks and the calendar feed all say so; none of them tells a treadmill user to turn round.
"""

import json
import re
from datetime import UTC, date, datetime

import icalendar
import pytest
import time_machine
from django.urls import reverse

from coaching.models import CoachLink
from feeds import services as calendar_feed
from plans import engine
from plans.models import PlannedSession
from plans.services.intake import start_plan
from tests.factories import make_plan
from tests.test_questionnaire import PERSONA_1

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # a Wednesday
MONDAY = date(2026, 11, 23)
WEDNESDAY = date(2026, 11, 25)
TURN = re.compile(r"\bturn", re.IGNORECASE)
BELT_REST = "with the belt slowed or stopped"  # the week table's short words
BOUTS = "of rest with both hands on the rails: slow the belt, or stop it"  # Today, the feed
SITTING = "stop the belt; once it has stopped, step off to the side and sit down"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def treadmill_plan(user, *, seated: bool = False):
    plan = make_plan(user, MONDAY, stage="treadmill")
    if seated:
        PlannedSession.objects.filter(plan=plan).update(seated_rest=True)
    return plan


def html_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def text_of(html: str) -> str:
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def between(html: str, start: str, end: str) -> str:
    first = html.index(start)
    return html[first : html.index(end, first)]


def player_data(html: str) -> dict:
    marker = 'id="player-data" type="application/json">'
    return json.loads(between(html, marker, "</script>")[len(marker) :])


# --- The guided session ----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("seated", [False, True], ids=["belt-rest", "seated-rest"])
def test_s9_3_the_treadmill_player_never_says_turn(logged_in, client_user, seated):
    treadmill_plan(client_user, seated=seated)
    html = html_of(logged_in.get(reverse("session_player", args=[WEDNESDAY])))
    phases = player_data(html)["phases"]

    kinds = [phase["kind"] for phase in phases]
    rest = "seated" if seated else "belt_rest"
    assert "forward" not in kinds and rest in kinds
    for phase in phases:
        for key in ("title", "bout", "hint", "say", "next"):
            assert not TURN.search(phase[key]), (key, phase[key])
    rests = [phase for phase in phases if phase["kind"] == rest]
    if seated:
        assert {phase["title"] for phase in rests} == {"Stop the belt and sit down"}
        assert all("Step off only once it has stopped." in phase["say"] for phase in rests)
    else:
        assert {phase["title"] for phase in rests} == {"Slow the belt and rest"}
        assert all("Keep both hands on the rails." in phase["say"] for phase in rests)
    # The list of steps on the page (shown without JavaScript) says the same.
    steps = text_of(between(html, 'id="player-steps"', "</ol>"))
    assert not TURN.search(steps)
    assert ("Stop the belt and sit down" if seated else "Slow the belt and rest") in steps


@pytest.mark.django_db
def test_s9_3_a_handrail_player_keeps_its_own_turn(logged_in, client_user):
    make_plan(client_user, MONDAY, stage="handrail")
    html = html_of(logged_in.get(reverse("session_player", args=[WEDNESDAY])))
    walks = [p for p in player_data(html)["phases"] if p["kind"] == "forward"]
    assert walks
    assert all(p["say"].startswith("Stop, and turn to face forward.") for p in walks)


# --- Today's session card ----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("seated", [False, True], ids=["belt-rest", "seated-rest"])
def test_s9_3_todays_treadmill_card_never_says_turn(logged_in, client_user, seated):
    treadmill_plan(client_user, seated=seated)
    html = html_of(logged_in.get(reverse("today")))
    card = text_of(between(html, 'class="session-steps"', "</details>"))  # steps and cues

    assert not TURN.search(card)
    assert "Warm up, 5 minutes, off the treadmill:" in card
    assert "stop the belt and step off once it has stopped, then easy walking on the floor" in card
    assert (SITTING if seated else BOUTS) in card
    assert str(engine.TREADMILL_REST_CUE) in card
    if seated:
        assert "beside the treadmill" in card and "end of the rail" not in card


# --- The plan page, its printout and the coach's view of the weeks -----------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("seated", [False, True], ids=["belt-rest", "seated-rest"])
def test_s9_3_the_plan_page_and_its_printout_say_the_treadmill_rest(logged_in, client_user, seated):
    treadmill_plan(client_user, seated=seated)
    html = html_of(logged_in.get(reverse("plan")))

    assert "data-print" in html  # the page is its own printout (print.css hides the rest)
    assert "Turn round" not in html
    tables = between(html, 'id="week-h"', "</section>")
    assert not TURN.search(tables)
    assert "forward" not in tables
    assert ("sitting" if seated else BELT_REST) in tables
    treadmill = between(html, ">On a treadmill</h3>", "</ul>")
    assert not TURN.search(treadmill)
    assert str(engine.TREADMILL_REST_CUE) in treadmill
    assert (str(engine.TREADMILL_SEATED_REST_CUE) in treadmill) is seated
    # The seated drawing's caption puts the chair beside the treadmill, not at a rail's end.
    assert ("sit on a chair beside the treadmill" in html) is seated
    assert "Rest: sit down on a chair at the end of the rail" not in html


@pytest.mark.django_db
def test_s9_3_the_progress_printout_never_says_turn_round(logged_in, client_user):
    treadmill_plan(client_user)
    assert "Turn round" not in html_of(logged_in.get(reverse("progress")))


@pytest.mark.django_db
def test_s9_3_the_coach_sees_the_treadmill_rest_in_the_weeks(
    coach_logged_in, coach_user, client_user
):
    CoachLink.objects.create(coach=coach_user, client=client_user)
    treadmill_plan(client_user)
    url = reverse("coach_client", args=[client_user.public_id])
    tables = between(html_of(coach_logged_in.get(url)), 'id="week-h"', "</section>")
    assert BELT_REST in tables
    assert not TURN.search(tables) and "forward" not in tables


# --- The calendar feed ------------------------------------------------------------------------


def descriptions(client, user) -> list[str]:
    response = client.get(calendar_feed.feed_path(calendar_feed.new_link(user)))
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.content)
    return [str(event["DESCRIPTION"]) for event in calendar.walk("VEVENT")]


@pytest.mark.django_db
def test_s9_3_the_calendar_feed_says_the_treadmill_rest(client, client_user):
    plan = start_plan(client_user, PERSONA_1, WEDNESDAY)  # LOW: the treadmill
    assert plan.stage == "treadmill"
    found = descriptions(client, client_user)

    assert found
    for description in found:
        assert not TURN.search(description), description
        assert "off the treadmill: easy walking forward on the floor" in description
        assert BOUTS in description
        assert "stop the belt and step off once it has stopped" in description
        assert str(engine.TREADMILL_REST_CUE) in description


@pytest.mark.django_db
def test_s9_3_the_calendar_feed_seats_a_treadmill_rest_beside_it(client, client_user):
    treadmill_plan(client_user, seated=True)
    found = descriptions(client, client_user)

    assert found
    for description in found:
        assert not TURN.search(description), description
        assert SITTING in description
        assert str(engine.TREADMILL_SEATED_REST_CUE) in description
        assert "end of the rail" not in description
