"""The dashboard's latest 3-metre backward walk: a column and a filter, in the same queries."""

from datetime import date

import pytest
from django.urls import reverse

from assessments.models import AssessmentResult
from coaching.models import CoachLink
from coaching.selectors.dashboard import for_dashboard
from tests.factories import make_user, refresh_status
from tests.test_coach_dashboard import DASHBOARD_QUERIES, bulk_clients


def walk(client, day, seconds):
    AssessmentResult.objects.create(
        client=client,
        kind="backward-walk",
        taken_on=day,
        value=seconds,
        values={"seconds": seconds},
        reading="at_risk" if float(seconds) >= 5.5 else "typical",
    )


@pytest.fixture
def three(coach_user):
    people = {}
    for name in ("slow", "quick", "untested"):
        person = make_user(f"{name}@example.com", name.title())
        CoachLink.objects.create(coach=coach_user, client=person, shares_history=True)
        people[name] = person
    walk(people["slow"], date(2026, 1, 5), "4.00")
    walk(people["slow"], date(2026, 2, 5), "6.10")  # the latest counts
    walk(people["quick"], date(2026, 2, 1), "5.49")
    refresh_status(*people.values())  # results written by hand, as record_result would
    return people


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("walk_test", "names"),
    [("", {"Slow", "Quick", "Untested"}), ("at_risk", {"Slow"}), ("none", {"Untested"})],
)
def test_the_filter_reads_the_latest_walk(
    coach_user, three, django_assert_num_queries, walk_test, names
):
    from django.utils import timezone

    with django_assert_num_queries(1):
        rows = for_dashboard(coach_user, timezone.now(), walk_test=walk_test)
    assert {row.name for row in rows} == names


@pytest.mark.django_db
def test_the_column_shows_the_latest_time_and_reading(coach_logged_in, three):
    page = coach_logged_in.get(reverse("coach_dashboard")).content.decode()
    assert "6.1 s on 5 Feb" in page and "5.49 s on 1 Feb" in page
    assert page.count(">at risk</span>") == 1
    assert "Not done" in page


@pytest.mark.django_db
def test_the_page_filters_and_stays_in_constant_queries(
    coach_logged_in, coach_user, three, django_assert_num_queries
):
    bulk_clients(coach_user, 30)
    # The one client listed has no flag: the line under the filter counts everyone's flags
    # (one more count, see test_dashboard_empty_filter.py).
    with django_assert_num_queries(DASHBOARD_QUERIES + 1):
        response = coach_logged_in.get(reverse("coach_dashboard") + "?walk_test=at_risk")
    assert response.content.decode().count('class="client-row') == 1
