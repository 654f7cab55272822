"""The coach dashboard: one row per current client, attention first, filters, pages, queries."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse

from plans.models import CoachLink, Plan, User
from plans.queries import DashboardRow, DashboardRows
from tests.factories import log_session, make_plan, make_user

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # a Wednesday
TODAY = date(2026, 11, 25)
START = date(2026, 11, 2)  # a Monday; sessions on Mon, Wed, Fri


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def coached(coach, email, name, **extra) -> User:
    client = make_user(email, name, **extra)
    CoachLink.objects.create(coach=coach, client=client)
    return client


def log_all_past(plan, until=TODAY, **extra):
    for session in plan.sessions.filter(date__lt=until):
        log_session(session, "done", **extra)


def rows_for(coach):
    return [DashboardRow.of(c) for c in DashboardRows(coach, TODAY)]


# --- Who is listed ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_lists_only_my_current_clients(coach_logged_in, coach_user, other_coach_user):
    mine = coached(coach_user, "mine@example.com", "Mina Mine")
    coached(other_coach_user, "theirs@example.com", "Theo Theirs")
    former = coached(coach_user, "former@example.com", "Fred Former")
    CoachLink.objects.filter(client=former).update(ended_at=NOW)
    page = coach_logged_in.get(reverse("coach_dashboard")).content.decode()
    assert "Mina Mine" in page
    assert "Theo Theirs" not in page
    assert "Fred Former" not in page
    assert reverse("coach_client", args=[mine.public_id]) in page


@pytest.mark.django_db
def test_empty_state_invites_the_first_client(coach_logged_in):
    page = coach_logged_in.get(reverse("coach_dashboard")).content.decode()
    assert "Invite your first client" in page


@pytest.mark.django_db
def test_row_shows_stage_status_adherence_and_last_session(coach_user):
    client = coached(coach_user, "good@example.com", "Gina Good")
    plan = make_plan(client, START, weeks=4, stage="treadmill")
    log_all_past(plan, rpe=4, pain=1)
    # Partly done on Mon 23: 7 days = Fri 20 done + Mon 23 half = 1.5 of 2.
    partial = plan.sessions.get(date=date(2026, 11, 23)).log
    partial.status = "partial"
    partial.save()
    [row] = rows_for(coach_user)
    assert row.stage == "Treadmill"
    assert row.status == "Active"
    assert row.adherence_7 == 75
    # 28 days: Nov 2 .. 24 has 10 sessions; 9 done + one half.
    assert row.adherence_28 == 95
    assert row.last_session == date(2026, 11, 23)
    assert (row.last_rpe, row.last_pain) == (4, 1)
    assert row.flags == ()


@pytest.mark.django_db
def test_page_row_links_to_the_client_and_dates_the_last_session(coach_logged_in, coach_user):
    client = coached(coach_user, "good@example.com", "Gina Good")
    log_all_past(make_plan(client, START, weeks=4))
    page = coach_logged_in.get(reverse("coach_dashboard")).content.decode()
    link = reverse("coach_client", args=[client.public_id])
    assert f'<a class="client-link" href="{link}">Gina Good</a>' in page
    assert '<time datetime="2026-11-23">Mon 23 Nov</time>' in page


@pytest.mark.django_db
def test_a_client_without_a_plan_is_listed(coach_user):
    coached(coach_user, "new@example.com", "Nell New")
    [row] = rows_for(coach_user)
    assert row.stage == ""
    assert row.status == "No plan yet"
    assert row.adherence_7 is None
    assert row.flags == ()


# --- Flags ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_pain_of_7_in_the_last_14_days_is_flagged(coach_user):
    client = coached(coach_user, "pain@example.com", "Pat Pain")
    plan = make_plan(client, START, weeks=4)
    log_session(plan.sessions.get(date=date(2026, 11, 23)), pain=7)
    [row] = rows_for(coach_user)
    assert ("pain", "Pain 7 or more") in row.flags


@pytest.mark.django_db
def test_morning_pain_of_7_is_flagged_too(coach_user):
    client = coached(coach_user, "pain@example.com", "Pat Pain")
    plan = make_plan(client, START, weeks=4)
    log_session(plan.sessions.get(date=date(2026, 11, 23)), pain=2, pain_next_morning=8)
    assert [code for code, _ in rows_for(coach_user)[0].flags] == ["pain"]


@pytest.mark.django_db
def test_old_pain_is_not_flagged(coach_user):
    client = coached(coach_user, "pain@example.com", "Pat Pain")
    plan = make_plan(client, START, weeks=4)
    log_all_past(plan, pain=1)
    log = plan.sessions.get(date=date(2026, 11, 6)).log  # 19 days ago
    log.pain_during = 9
    log.save()
    assert rows_for(coach_user)[0].flags == ()


@pytest.mark.django_db
def test_a_fall_is_flagged(coach_user):
    client = coached(coach_user, "fall@example.com", "Flo Fall")
    plan = make_plan(client, START, weeks=4)
    log_all_past(plan)
    log = plan.sessions.get(date=date(2026, 11, 20)).log
    log.fall = True
    log.save()
    assert [code for code, _ in rows_for(coach_user)[0].flags] == ["fall"]


@pytest.mark.django_db
def test_three_missed_in_a_row_is_flagged(coach_user):
    client = coached(coach_user, "miss@example.com", "Mo Missed")
    plan = make_plan(client, START, weeks=4)
    log_all_past(plan, until=date(2026, 11, 18))  # nothing on 18, 20, 23
    assert [code for code, _ in rows_for(coach_user)[0].flags] == ["missed"]


@pytest.mark.django_db
def test_two_missed_is_not_flagged(coach_user):
    client = coached(coach_user, "miss@example.com", "Mo Missed")
    plan = make_plan(client, START, weeks=4)
    log_all_past(plan, until=date(2026, 11, 20))  # nothing on 20, 23
    assert rows_for(coach_user)[0].flags == ()


@pytest.mark.django_db
def test_a_skipped_log_is_not_missed(coach_user):
    client = coached(coach_user, "skip@example.com", "Sky Skipper")
    plan = make_plan(client, START, weeks=4)
    for session in plan.sessions.filter(date__lt=TODAY):
        log_session(session, "skipped")
    assert rows_for(coach_user)[0].flags == ()


@pytest.mark.django_db
def test_needs_clearance_and_paused_are_flagged(coach_user):
    waiting = coached(coach_user, "wait@example.com", "Wally Waiting")
    make_plan(waiting, START, status=Plan.Status.NEEDS_CLEARANCE)
    paused = coached(coach_user, "paused@example.com", "Paula Paused")
    plan = make_plan(paused, START, weeks=4, status=Plan.Status.PAUSED)
    Plan.objects.filter(pk=plan.pk).update(pause_needs="physician")
    flags = {row.client.display_name: [c for c, _ in row.flags] for row in rows_for(coach_user)}
    assert flags["Wally Waiting"] == ["clearance"]
    # Its sessions are not due until it is cleared: no adherence yet, not "0 %".
    waiting_row = next(r for r in rows_for(coach_user) if r.client == waiting)
    assert (waiting_row.adherence_7, waiting_row.adherence_28) == (None, None)
    # A paused plan's unlogged sessions are not "missed": the client cannot log them.
    assert flags["Paula Paused"] == ["clearance", "paused"]


@pytest.mark.django_db
def test_flags_are_words_on_the_page_not_colour_alone(coach_logged_in, coach_user):
    client = coached(coach_user, "fall@example.com", "Flo Fall")
    plan = make_plan(client, START, weeks=4)
    log_session(plan.sessions.get(date=date(2026, 11, 23)), fall=True, pain=8)
    page = coach_logged_in.get(reverse("coach_dashboard")).content.decode()
    assert "Pain 7 or more</li>" in page
    assert "Fall</li>" in page


# --- Ordering, filters, search, pages ------------------------------------------------------


@pytest.fixture
def mixed(coach_user):
    """A good client with recent activity, a flagged one with older activity, one without a plan."""
    good = coached(coach_user, "good@example.com", "Gina Good")
    log_all_past(make_plan(good, START, weeks=4, stage="track"))
    fallen = coached(coach_user, "fall@example.com", "Flo Fall")
    plan = make_plan(fallen, START, weeks=4, stage="pool")
    log_session(plan.sessions.get(date=date(2026, 11, 13)), fall=True)
    coached(coach_user, "new@example.com", "Nell New")
    return good, fallen


@pytest.mark.django_db
def test_flagged_clients_come_first_then_by_last_activity(coach_user, mixed):
    names = [row.client.display_name for row in rows_for(coach_user)]
    assert names == ["Flo Fall", "Gina Good", "Nell New"]


@pytest.mark.django_db
def test_filter_by_flag(coach_logged_in, mixed):
    page = coach_logged_in.get(reverse("coach_dashboard"), {"flag": "fall"}).content.decode()
    assert "Flo Fall" in page
    assert "Gina Good" not in page


@pytest.mark.django_db
def test_filter_by_any_flag(coach_logged_in, mixed):
    page = coach_logged_in.get(reverse("coach_dashboard"), {"flag": "any"}).content.decode()
    assert "Flo Fall" in page
    assert "Gina Good" not in page and "Nell New" not in page


@pytest.mark.django_db
def test_filter_by_stage(coach_logged_in, mixed):
    page = coach_logged_in.get(reverse("coach_dashboard"), {"stage": "track"}).content.decode()
    assert "Gina Good" in page
    assert "Flo Fall" not in page


@pytest.mark.django_db
def test_filter_clients_without_a_plan(coach_logged_in, mixed):
    page = coach_logged_in.get(reverse("coach_dashboard"), {"stage": "none"}).content.decode()
    assert "Nell New" in page
    assert "Gina Good" not in page


@pytest.mark.django_db
def test_search_by_name(coach_logged_in, mixed):
    page = coach_logged_in.get(reverse("coach_dashboard"), {"q": "gina"}).content.decode()
    assert "Gina Good" in page
    assert "Flo Fall" not in page


@pytest.mark.django_db
def test_search_by_email_ignores_case(mixed, coach_user):
    rows = DashboardRows(coach_user, TODAY, search="FALL@EXAMPLE")
    assert [c.display_name for c in rows] == ["Flo Fall"]


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["%", "_", "\\"])
def test_search_wildcards_are_plain_characters(mixed, coach_user, text):
    """% and _ are SQL wildcards; typed into the box they match only themselves."""
    assert list(DashboardRows(coach_user, TODAY, search=text)) == []
    assert DashboardRows(coach_user, TODAY, search=text).count() == 0


@pytest.mark.django_db
def test_search_finds_a_literal_underscore(coach_user):
    coached(coach_user, "under_score@example.com", "Una Score")
    coached(coach_user, "underxscore@example.com", "Xavier Score")
    rows = DashboardRows(coach_user, TODAY, search="under_")
    assert [c.display_name for c in rows] == ["Una Score"]


@pytest.mark.django_db
def test_slices_page_through_the_rows_in_order(coach_user):
    bulk_clients(coach_user, 7)
    everyone = [c.pk for c in DashboardRows(coach_user, TODAY)]
    assert [c.pk for c in DashboardRows(coach_user, TODAY)[2:5]] == everyone[2:5]
    assert [c.pk for c in DashboardRows(coach_user, TODAY)[5:]] == everyone[5:]
    assert DashboardRows(coach_user, TODAY, flag=None, stage=None, search=None).count() == 7


@pytest.mark.django_db
def test_unknown_flag_is_refused(coach_user):
    with pytest.raises(ValueError, match="unknown flag"):
        DashboardRows(coach_user, TODAY, flag="pain; DROP TABLE plans_user")


@pytest.mark.django_db
def test_no_match_says_so(coach_logged_in, mixed):
    page = coach_logged_in.get(reverse("coach_dashboard"), {"q": "zzz"}).content.decode()
    assert "No clients match." in page
    assert "Invite your first client" not in page


@pytest.mark.django_db
def test_a_bad_filter_value_is_ignored(coach_logged_in, mixed):
    response = coach_logged_in.get(reverse("coach_dashboard"), {"flag": "nonsense"})
    assert response.status_code == 200
    assert "Gina Good" in response.content.decode()


def bulk_clients(coach, count: int) -> None:
    """Many clients at once, half with a plan and a log (no password hashing)."""
    users = User.objects.bulk_create(
        User(email=f"c{n}@example.com", display_name=f"Client {n:03d}", password="!")
        for n in range(count)
    )
    CoachLink.objects.bulk_create(CoachLink(coach=coach, client=u) for u in users)
    for user in users[::2]:
        plan = make_plan(user, START, weeks=4)
        log_session(plan.sessions.get(date=date(2026, 11, 23)), pain=8 if user.pk % 3 else 1)


@pytest.mark.django_db
def test_pages_of_fifty(coach_logged_in, coach_user):
    bulk_clients(coach_user, 60)
    first = coach_logged_in.get(reverse("coach_dashboard")).content.decode()
    assert first.count('class="client-row') == 50
    assert "Page 1 of 2" in first
    second = coach_logged_in.get(reverse("coach_dashboard"), {"page": 2}).content.decode()
    assert second.count('class="client-row') == 10


@pytest.mark.django_db
def test_page_links_keep_the_filters(coach_logged_in, coach_user):
    bulk_clients(coach_user, 120)
    page = coach_logged_in.get(reverse("coach_dashboard"), {"q": "Client"}).content.decode()
    assert "?q=Client&amp;page=2" in page


# --- Queries -------------------------------------------------------------------------------

# The page: session, user, the paginator's count, the rows.
DASHBOARD_QUERIES = 4


@pytest.mark.django_db
def test_listing_the_rows_is_one_query(coach_user, django_assert_num_queries):
    bulk_clients(coach_user, 20)
    with django_assert_num_queries(1):
        rows = rows_for(coach_user)
    assert len(rows) == 20


@pytest.mark.django_db
def test_dashboard_queries_for_5_clients(coach_logged_in, coach_user, django_assert_num_queries):
    bulk_clients(coach_user, 5)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = coach_logged_in.get(reverse("coach_dashboard"))
    assert response.content.decode().count('class="client-row') == 5


@pytest.mark.django_db
def test_dashboard_queries_for_200_clients(coach_logged_in, coach_user, django_assert_num_queries):
    bulk_clients(coach_user, 200)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = coach_logged_in.get(reverse("coach_dashboard"))
    assert response.content.decode().count('class="client-row') == 50


@pytest.mark.django_db
def test_dashboard_queries_for_200_clients_filtered(
    coach_logged_in, coach_user, django_assert_num_queries
):
    bulk_clients(coach_user, 200)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = coach_logged_in.get(
            reverse("coach_dashboard"), {"flag": "pain", "q": "Client", "stage": "handrail"}
        )
    assert response.status_code == 200
