"""Every page that shows a treadmill speed shows it in the reader's unit: the client's own
pages and feed in the client's unit, the coach's pages in the coach's unit."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from coaching.models import CoachLink
from feeds import services as calendar_feed
from plans.models import PlanEvent, PlannedSession
from plans.said import render
from plans.services import adjustments
from plans.services.intake import start_plan
from tests.test_questionnaire import PERSONA_1

# Persona 1 starts on the treadmill at 1.5 km/h, which is 0.9 mph.
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
TODAY = date(2026, 11, 25)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def plan(client_user, coach_user):
    CoachLink.objects.create(coach=coach_user, client=client_user)
    return start_plan(client_user, PERSONA_1, TODAY)


def _login(client, user):
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")


def _text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def result_page(client, client_user, coach_user):
    _login(client, client_user)
    # The whole page: the rules' stored reasons name no speed (each session shows it).
    return _text(client.get(reverse("screening_result")))


def physician_letter(client, client_user, coach_user):
    _login(client, client_user)
    page = _text(client.get(reverse("physician_letter")))
    # The programme's general line names both units; the person's own speed is only in theirs.
    return page.replace("1.0–1.5 km/h (0.6–0.9 mph)", "").replace("0.5–3.0 km/h (0.3–1.9 mph)", "")


def own_report(client, client_user, coach_user):
    _login(client, client_user)
    return _text(client.get(reverse("progress_report")))


def coach_report(client, client_user, coach_user):
    _login(client, coach_user)
    return _text(client.get(reverse("coach_progress_report", args=[client_user.public_id])))


def coach_client_facts(client, client_user, coach_user):
    _login(client, coach_user)
    page = _text(client.get(reverse("coach_client", args=[client_user.public_id])))
    # The speed form itself takes km/h and says so; the plan's facts follow the coach's unit.
    return page[page.index('id="plan-h"') :]


def calendar_event(client, client_user, coach_user):
    response = client.get(calendar_feed.feed_path(calendar_feed.new_link(client_user)))
    return _text(response).replace("\r\n ", "")


PAGES = [
    pytest.param(result_page, "client", id="result"),
    pytest.param(physician_letter, "client", id="physician-letter"),
    pytest.param(own_report, "client", id="own-progress-report"),
    pytest.param(coach_report, "coach", id="coach-progress-report"),
    pytest.param(coach_client_facts, "coach", id="coach-client-page"),
    pytest.param(calendar_event, "client", id="calendar-feed"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("render", "reader"), PAGES)
def test_a_person_who_chose_mph_sees_mph_and_never_km_h(
    client, client_user, coach_user, plan, render, reader
):
    assert PlannedSession.objects.filter(plan=plan, speed_kmh__isnull=False).exists()
    person = {"client": client_user, "coach": coach_user}[reader]
    person.speed_unit = "mph"
    person.save(update_fields=["speed_unit"])

    page = render(client, client_user, coach_user)

    assert "0.9 mph" in page
    assert "km/h" not in page


@pytest.mark.django_db
@pytest.mark.parametrize(("render", "reader"), PAGES)
def test_a_person_on_km_h_sees_km_h(client, client_user, coach_user, plan, render, reader):
    page = render(client, client_user, coach_user)

    assert "1.5 km/h" in page
    assert "mph" not in page.replace("(0.6–0.9 mph)", "").replace("(0.3–1.9 mph)", "")


@pytest.mark.django_db
def test_the_coach_sees_the_client_speed_in_the_coach_unit_not_the_client_unit(
    client, client_user, coach_user, plan
):
    client_user.speed_unit = "mph"
    client_user.save(update_fields=["speed_unit"])

    page = coach_client_facts(client, client_user, coach_user)

    assert "1.5 km/h" in page and "mph" not in page


@pytest.mark.django_db
def test_the_speed_form_asks_for_km_h_and_gives_mph_for_an_mph_coach(
    client, client_user, coach_user, plan
):
    coach_user.speed_unit = "mph"
    coach_user.save(update_fields=["speed_unit"])
    _login(client, coach_user)

    page = _text(client.get(reverse("coach_client", args=[client_user.public_id])))

    assert "Type it in km/h, from 0.5 to 3.0 (about 0.3 to 1.9 mph)." in page
    assert "Treadmill speed (km/h)" in page


@pytest.mark.django_db
def test_the_week_table_cached_for_km_h_is_not_served_after_a_switch_to_mph(
    client, client_user, coach_user, plan
):
    _login(client, client_user)
    assert "1.5 km/h" in _text(client.get(reverse("plan")))
    client_user.speed_unit = "mph"
    client_user.save(update_fields=["speed_unit"])

    page = _text(client.get(reverse("plan")))

    weeks = page[page.index("<table") :]
    assert "0.9 mph" in weeks and "1.5 km/h" not in weeks


@pytest.mark.django_db
@pytest.mark.parametrize(("unit", "words"), [("kmh", "1.6 km/h"), ("mph", "1.0 mph")])
def test_a_coach_speed_change_is_written_in_the_client_unit(
    client_user, coach_user, plan, unit, words
):
    client_user.speed_unit = unit
    client_user.save(update_fields=["speed_unit"])
    change = adjustments.Adjustment(
        kind="speed", reason="Felt easy.", row_version=plan.row_version, speed_kmh=Decimal("1.6")
    )

    adjustments.adjust_plan(client_user, coach_user, change)

    event = PlanEvent.objects.get(plan=plan, source="coach")
    assert render(event.reasons[0]) == f"Your coach set your treadmill speed to {words}."
