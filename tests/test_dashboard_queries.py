"""The dashboard's cost does not grow with the number of clients: a page of 50 is filtered,
sorted and paged in the database on the stored read model (coaching.models.ClientStatus)."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse

from coaching.models import CoachLink
from coaching.services import status
from tests.factories import log_session, make_plan, make_user

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
START = date(2026, 11, 2)
# Session and user (2), the counts and the page's rows (2), the coach's recently ended links
# (1).
DASHBOARD_QUERIES = 5


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def clients(coach, count: int) -> None:
    for number in range(count):
        client = make_user(f"c{number}@example.com", f"Client {number:03d}")
        CoachLink.objects.create(coach=coach, client=client, shares_history=True)
        plan = make_plan(client, START, weeks=4)
        first = plan.sessions.order_by("date").first()
        log_session(first, pain=7 if number % 3 == 0 else 1)
    status.refresh_all()


@pytest.mark.parametrize("count", [5, 60])
@pytest.mark.parametrize("query", ["", "?sort=name", "?flag=pain", "?page=2&sort=last_session"])
@pytest.mark.django_db
def test_a_page_costs_the_same_queries_for_5_and_60_clients(
    coach_logged_in, coach_user, django_assert_num_queries, count, query
):
    clients(coach_user, count)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = coach_logged_in.get(reverse("coach_dashboard") + query)
    assert response.status_code == 200
    assert len(response.context["rows"]) == min(count, 50) or "flag" in query or "page" in query


@pytest.mark.parametrize("count", [5, 60])
@pytest.mark.django_db
def test_a_filter_that_matches_nobody_costs_the_same(
    coach_logged_in, coach_user, django_assert_num_queries, count
):
    """No rows to read; the counts over everyone (for "N clients have flags") instead."""
    clients(coach_user, count)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = coach_logged_in.get(reverse("coach_dashboard") + "?stage=pool")
    # Everyone walked only the first session: "3+ missed" for all, pain for every third.
    assert response.context["flagged_count"] == count
