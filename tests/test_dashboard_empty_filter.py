"""The line under the coach's filters says what the filter matched, and never "Nothing needs
your attention" while any client has a flag (issue 23: a filter that matched nobody said so
while falls were on the books).

Every value of every filter is tried, with and without a flagged client among the coach's
clients; the values are read from the form itself, so a new one is tested too.
"""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse

from coaching.forms import DashboardFilterForm
from coaching.models import CoachLink
from tests.factories import log_session, make_plan, make_user, refresh_status

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # a Wednesday
START = date(2026, 11, 2)  # a Monday; sessions on Mon, Wed, Fri
NOTHING = "Nothing needs your attention"
ONE_FLAGGED = '1 client has flags: <a href="?flag=any">show them</a>.'


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def coached(coach, email, name):
    person = make_user(email, name)
    CoachLink.objects.create(coach=coach, client=person, shares_history=True)
    refresh_status(person)
    return person


def quiet_clients(coach):
    """Nell has not finished the questions; Gina walks every session: no flags."""
    coached(coach, "nell@example.com", "Nell New")
    gina = coached(coach, "gina@example.com", "Gina Good")
    plan = make_plan(gina, START, weeks=4, stage="treadmill")
    for session in plan.sessions.filter(date__lt=NOW.date()):
        log_session(session, "done")


def fallen_client(coach):
    """Flo walks on the handrail and fell on Monday: one flag, "fall"."""
    flo = coached(coach, "flo@example.com", "Flo Fall")
    plan = make_plan(flo, START, weeks=4)
    for session in plan.sessions.filter(date__lt=NOW.date()):
        log_session(session, "done", fall=session.date == date(2026, 11, 23))
    return flo


def every_filter_value():
    form = DashboardFilterForm()
    values = [("q", "Flo"), ("q", "Nell"), ("q", "zzz")]
    for name in ("flag", "stage", "walk_test"):
        values += [(name, value) for value, _words in form.fields[name].choices if value]
    return values


def label(name, value):
    if name == "q":
        return value
    return str(dict(DashboardFilterForm().fields[name].choices)[value])


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "value"), every_filter_value())
def test_with_a_flagged_client_no_filter_says_nothing_needs_attention(
    coach_logged_in, coach_user, name, value
):
    quiet_clients(coach_user)
    fallen_client(coach_user)
    response = coach_logged_in.get(reverse("coach_dashboard"), {name: value})
    page = response.content.decode()
    listed = list(response.context["rows"])
    assert NOTHING not in page
    if not listed:
        assert f"No clients match “{label(name, value)}”." in page
        assert ONE_FLAGGED in page
    elif not any(row.flags for row in listed):
        assert "None of these clients has a new flag. <strong>" + ONE_FLAGGED in page
    else:
        assert "Among these clients:" in page
        assert '<a href="?flag=fall">1 fall</a>' in page


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "value"), every_filter_value())
def test_without_flagged_clients_each_filter_says_so_and_names_itself(
    coach_logged_in, coach_user, name, value
):
    quiet_clients(coach_user)
    response = coach_logged_in.get(reverse("coach_dashboard"), {name: value})
    page = response.content.decode()
    assert "Nothing needs your attention today." in page
    assert "has flags" not in page and "have flags" not in page
    if not response.context["rows"]:
        assert f"No clients match “{label(name, value)}”." in page


@pytest.mark.django_db
def test_the_filter_matching_nobody_names_every_filter_in_use(coach_logged_in, coach_user):
    quiet_clients(coach_user)
    fallen_client(coach_user)
    query = {"flag": "paused", "stage": "pool", "q": "Flo", "walk_test": "at_risk"}
    page = coach_logged_in.get(reverse("coach_dashboard"), query).content.decode()
    assert "No clients match “Flo”, “Paused”, “Pool”, “Latest in the at-risk range”." in page
    assert ONE_FLAGGED in page


@pytest.mark.django_db
def test_many_flagged_clients_are_counted_on_the_empty_line(coach_logged_in, coach_user):
    fallen_client(coach_user)
    pat = coached(coach_user, "pat@example.com", "Pat Pain")
    plan = make_plan(pat, START, weeks=4)
    log_session(plan.sessions.get(date=date(2026, 11, 23)), pain=8)
    page = coach_logged_in.get(reverse("coach_dashboard"), {"flag": "paused"}).content.decode()
    assert "No clients match “Paused”." in page
    assert '2 clients have flags: <a href="?flag=any">show them</a>.' in page


@pytest.mark.django_db
def test_flags_marked_seen_are_not_called_nothing(coach_logged_in, coach_user):
    """Seen flags leave the summary's counts, but the clients still have them."""
    flo = fallen_client(coach_user)
    coach_logged_in.post(reverse("coach_mark_seen", args=[flo.public_id]))
    for query in ({}, {"flag": "paused"}):
        page = coach_logged_in.get(reverse("coach_dashboard"), query).content.decode()
        assert NOTHING not in page
        assert "1 client still has flags you have seen." in page


@pytest.mark.django_db
def test_without_a_filter_the_line_is_as_before(coach_logged_in, coach_user):
    quiet_clients(coach_user)
    fallen_client(coach_user)
    page = coach_logged_in.get(reverse("coach_dashboard")).content.decode()
    assert '<strong>Today:</strong>\n    <a href="?flag=fall">1 fall</a>' in page


# The page's own queries (test_coach_dashboard.DASHBOARD_QUERIES), and the counts over all the
# coach's rows once more, unfiltered, only when the filtered list shows nobody with a flag
# (one count; the page's rows are not read when the filter matches nobody).
DASHBOARD_QUERIES = 5


@pytest.mark.django_db
@pytest.mark.parametrize("clients", [1, 12])
def test_the_empty_line_costs_the_same_queries_whatever_the_number_of_clients(
    coach_logged_in, coach_user, django_assert_num_queries, clients
):
    for n in range(clients):
        fallen_client_n = coached(coach_user, f"c{n}@example.com", f"Client {n}")
        plan = make_plan(fallen_client_n, START, weeks=4)
        log_session(plan.sessions.get(date=date(2026, 11, 23)), fall=True)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        page = coach_logged_in.get(reverse("coach_dashboard"), {"flag": "paused"})
    assert f"{clients} client" in page.content.decode()
    with django_assert_num_queries(DASHBOARD_QUERIES):
        coach_logged_in.get(reverse("coach_dashboard"), {"flag": "fall"})
