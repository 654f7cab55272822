"""The dashboard for everyday use (issue 17): a summary line from the flags, sortable columns,
words for a client with no plan, and no CSV link when no row is listed."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse

from coaching.flags import flag_summary
from coaching.services import invites
from tests.factories import log_session, make_plan, make_user

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.mark.parametrize(
    ("flag_sets", "line"),
    [
        ([], []),
        ([(("pain", "Pain 7 or more"),)], [("pain", 1, "1 in pain")]),
        (
            [
                (("pain", "x"), ("paused", "x")),
                (("pain", "x"), ("fall", "x")),
                (("fall", "x"),),
                (("missed", "x"),),
            ],
            [
                ("pain", 2, "2 in pain"),
                ("fall", 2, "2 falls"),
                ("missed", 1, "1 missed"),
                ("paused", 1, "1 paused"),
            ],
        ),
    ],
)
def test_summary_counts_clients_per_flag_in_the_flags_order(flag_sets, line):
    assert [(code, count, str(words)) for code, count, words in flag_summary(flag_sets)] == line


def _coached(coach, email, name):
    person = make_user(email, name)
    invites.accept_invite(invites.create_invite(coach), person, shares_history=True)
    return person


@pytest.mark.django_db
def test_dashboard_shows_the_summary_line_linked_to_each_filter(coach_logged_in, coach_user):
    pat = _coached(coach_user, "pat@example.com", "Pat Pain")
    plan = make_plan(pat, date(2026, 11, 16), weeks=2)
    log_session(plan.sessions.filter(date__lte=date(2026, 11, 24)).last(), pain=8)
    html = coach_logged_in.get(reverse("coach_dashboard")).content.decode()
    assert '<a href="?flag=pain">1 in pain</a>' in html


@pytest.mark.django_db
def test_client_without_a_plan_reads_has_not_finished_the_questions(coach_logged_in, coach_user):
    _coached(coach_user, "new@example.com", "Nia New")
    html = coach_logged_in.get(reverse("coach_dashboard")).content.decode()
    assert "Has not finished the questions" in html
    assert "Nothing needs your attention today." in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "csv_link"),
    [("", True), ("?q=nobody-by-this-name", False)],
)
def test_csv_link_only_when_rows_are_listed(coach_logged_in, coach_user, query, csv_link):
    _coached(coach_user, "new@example.com", "Nia New")
    html = coach_logged_in.get(reverse("coach_dashboard") + query).content.decode()
    assert ("Download this table (CSV)" in html) is csv_link


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "sorted_by"),
    [("", "Needs attention"), ("?sort=name", "Client"), ("?sort=last_session", "Last session")],
)
def test_column_headers_order_the_list_and_mark_the_current_order(
    coach_logged_in, coach_user, query, sorted_by
):
    _coached(coach_user, "new@example.com", "Nia New")
    html = coach_logged_in.get(reverse("coach_dashboard") + query).content.decode()
    for code in ("name", "attention", "last_session"):
        assert f'href="?sort={code}"' in html
    start = html.index("aria-sort=")
    assert sorted_by in html[start : html.index("</th>", start)]
    assert html.count("aria-sort=") == 1
