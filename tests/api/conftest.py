"""The API's personas, as the pages' permission tests have them: Wendy (the person) with her
coach Cora; Otto (another person) with his coach Sam (another coach); Fred coached Wendy
before Cora (a former coach). Each signs in with a token of their role's widest scope."""

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from rest_framework.test import APIClient

from api.tokens import make_token
from coaching.models import CoachLink
from tests.factories import WEEKDAYS, log_session, make_plan, make_user, refresh_status

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # a Wednesday
MONDAY = date(2026, 11, 23)
TODAY = NOW.date()
YESTERDAY = TODAY - timedelta(days=1)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def token_client(user, scope: str | None = None) -> APIClient:
    scope = scope or ("coach_write" if user.is_coach else "log")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {make_token(user, 'test', scope).secret}")
    return api


def key() -> dict:
    """A new Idempotency-Key header."""
    return {"HTTP_IDEMPOTENCY_KEY": str(uuid.uuid4())}


def walker(email: str, name: str):
    """A person with a plan on every day from Monday, yesterday done and today done by one
    tap (no ratings yet)."""
    person = make_user(email, name)
    plan = make_plan(person, MONDAY, days=WEEKDAYS)
    log_session(plan.sessions.get(date=YESTERDAY))
    log_session(plan.sessions.get(date=TODAY), rpe=None, pain=None)
    return person


@pytest.fixture
def world(db):
    wendy = walker("walker@example.com", "Wendy Walker")
    otto = walker("other@example.com", "Otto Other")
    cora = make_user("coach@example.com", "Cora Coach", role="coach")
    sam = make_user("stranger-coach@example.com", "Sam Stranger", role="coach")
    fred = make_user("fred@example.com", "Fred Former", role="coach")
    CoachLink.objects.create(
        coach=fred,
        client=wendy,
        started_at=NOW - timedelta(days=60),
        ended_at=NOW - timedelta(days=30),
    )
    CoachLink.objects.create(coach=cora, client=wendy, started_at=NOW - timedelta(days=20))
    CoachLink.objects.create(coach=sam, client=otto, started_at=NOW - timedelta(days=20))
    refresh_status()  # the links were written by hand: the coach's rows as the services keep them
    return {
        "person": wendy,
        "other_person": otto,
        "coach": cora,
        "other_coach": sam,
        "former_coach": fred,
    }
