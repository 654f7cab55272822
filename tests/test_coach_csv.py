"""The CSV download: the same filtered table as the dashboard, every row, safe in a spreadsheet."""

import csv
import io
import re
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse

from accounts.models import User
from coaching.models import CoachLink, Invite
from tests.factories import log_session, make_plan, make_user, refresh_status

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
START = date(2026, 11, 2)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def coached(coach, email, name):
    client = make_user(email, name)
    CoachLink.objects.create(coach=coach, client=client, shares_history=True)
    refresh_status(client)
    return client


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.fixture
def two(coach_user, other_coach_user):
    good = coached(coach_user, "good@example.com", "Gina Good")
    plan = make_plan(good, START, weeks=4, stage="track")
    for session in plan.sessions.filter(date__lt=date(2026, 11, 25)):
        log_session(session, rpe=4, pain=1)
    fallen = coached(coach_user, "fall@example.com", "Flo Fall")
    plan = make_plan(fallen, START, weeks=4, stage="pool")
    log_session(plan.sessions.get(date=date(2026, 11, 13)), fall=True, pain=8, rpe=6)
    coached(other_coach_user, "theirs@example.com", "Theo Theirs")


@pytest.mark.django_db
def test_csv_has_a_header_and_one_row_per_client(coach_logged_in, two):
    response = coach_logged_in.get(reverse("coach_clients_csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="clients-2026-11-25.csv"' in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0][:4] == ["Name", "Email", "Stage", "Plan status"]
    assert rows[1] == [
        "Flo Fall",
        "fall@example.com",
        "Pool",
        "Active",
        "0",
        "10",  # 1 of the 10 sessions in 28 days
        "2026-11-13",
        "6",
        "8",
        "Pain 7 or more; Fall; 3+ missed in a row",
    ]
    assert rows[2] == [
        "Gina Good",
        "good@example.com",
        "Open track",
        "Active",
        "100",
        "100",
        "2026-11-23",
        "4",
        "1",
        "",
    ]
    assert len(rows) == 3  # no other coach's client


@pytest.mark.django_db
def test_csv_matches_the_table_with_the_same_filters(coach_logged_in, two):
    params = {"flag": "fall"}
    rows = read_csv(coach_logged_in.get(reverse("coach_clients_csv"), params))
    page = coach_logged_in.get(reverse("coach_dashboard"), params).content.decode()
    names_on_page = re.findall(r'class="client-link"[^>]*>([^<]+)</a>', page)
    assert [row[0] for row in rows[1:]] == names_on_page == ["Flo Fall"]


@pytest.mark.django_db
def test_dashboard_links_to_the_csv_with_its_filters(coach_logged_in, two):
    page = coach_logged_in.get(reverse("coach_dashboard"), {"q": "flo"}).content.decode()
    assert f"{reverse('coach_clients_csv')}?q=flo" in page


@pytest.mark.django_db
def test_csv_is_not_paginated(coach_logged_in, coach_user):
    users = User.objects.bulk_create(
        User(email=f"c{n}@example.com", display_name=f"Client {n}", password="!") for n in range(55)
    )
    CoachLink.objects.bulk_create(CoachLink(coach=coach_user, client=u) for u in users)
    refresh_status(*users)
    rows = read_csv(coach_logged_in.get(reverse("coach_clients_csv")))
    assert len(rows) == 56


@pytest.mark.django_db
def test_a_name_that_looks_like_a_formula_is_made_harmless(coach_logged_in, coach_user):
    coached(coach_user, "evil@example.com", "=HYPERLINK(1)")
    rows = read_csv(coach_logged_in.get(reverse("coach_clients_csv")))
    assert rows[1][0] == "'=HYPERLINK(1)"


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    assert client.get(reverse("coach_clients_csv"))["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_a_client_gets_403(logged_in):
    assert logged_in.get(reverse("coach_clients_csv")).status_code == 403


@pytest.mark.django_db
def test_post_is_refused_and_changes_nothing(coach_logged_in):
    assert coach_logged_in.post(reverse("coach_clients_csv")).status_code == 405
    assert Invite.objects.count() == 0
