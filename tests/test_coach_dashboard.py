"""The coach dashboard: one row per current client, attention first, filters, pages, queries.

Rows come from coaching.selectors.dashboard.for_dashboard; the flags' own rules: test_flags.py.
"""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.models import User
from coaching.models import CoachLink
from coaching.selectors.dashboard import for_dashboard
from coaching.services import status
from plans.models import Plan, PlannedSession
from tests.factories import log_session, make_plan, make_user, refresh_status

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # a Wednesday
TODAY = date(2026, 11, 25)
START = date(2026, 11, 2)  # a Monday; sessions on Mon, Wed, Fri


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def coached(coach, email, name, **extra) -> User:
    client = make_user(email, name, **extra)
    # The client shares what they logged before the link began (its own tests: test_coach_consent).
    CoachLink.objects.create(coach=coach, client=client, shares_history=True)
    refresh_status(client)
    return client


def log_all_past(plan, until=TODAY, **extra):
    for session in plan.sessions.filter(date__lt=until):
        log_session(session, "done", **extra)


def rows_for(coach, **filters):
    # The tests write rows by hand: refresh the read model as each write path does.
    refresh_status()
    return for_dashboard(coach, NOW, **filters)


# --- Who is listed ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_lists_only_my_current_clients(coach_logged_in, coach_user, other_coach_user):
    mine = coached(coach_user, "mine@example.com", "Mina Mine")
    coached(other_coach_user, "theirs@example.com", "Theo Theirs")
    former = coached(coach_user, "former@example.com", "Fred Former")
    CoachLink.objects.filter(client=former).update(ended_at=NOW)
    refresh_status(former)
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
    # Told us each time, so nothing is missed; but three weeks without a walk is a flag.
    assert [code for code, _ in rows_for(coach_user)[0].flags] == ["no_sessions"]


@pytest.mark.django_db
def test_needs_clearance_and_paused_are_flagged(coach_user):
    waiting = coached(coach_user, "wait@example.com", "Wally Waiting")
    make_plan(waiting, START, status=Plan.Status.NEEDS_CLEARANCE)
    paused = coached(coach_user, "paused@example.com", "Paula Paused")
    plan = make_plan(paused, START, weeks=4, status=Plan.Status.PAUSED)
    Plan.objects.filter(pk=plan.pk).update(pause_needs="physician")
    flags = {row.name: [c for c, _ in row.flags] for row in rows_for(coach_user)}
    assert flags["Wally Waiting"] == ["clearance"]
    # Its sessions are not due until it is cleared: no adherence yet, not "0 %".
    waiting_row = next(r for r in rows_for(coach_user) if r.pk == waiting.pk)
    assert (waiting_row.adherence_7, waiting_row.adherence_28) == (None, None)
    # A paused plan's unlogged sessions are not "missed": the client cannot log them.
    assert flags["Paula Paused"] == ["clearance", "paused"]


@pytest.mark.django_db
def test_flags_are_words_on_the_page_not_colour_alone(coach_logged_in, coach_user):
    client = coached(coach_user, "fall@example.com", "Flo Fall")
    plan = make_plan(client, START, weeks=4)
    log_session(plan.sessions.get(date=date(2026, 11, 23)), fall=True, pain=8)
    page = coach_logged_in.get(reverse("coach_dashboard")).content.decode()
    # A short badge on a laptop; the full words for screen readers, as its tooltip and on phones.
    badge = 'title="Pain 7 or more"><span class="flag-badge" aria-hidden="true">Pain 7+</span>'
    assert badge in page
    assert '<span aria-hidden="true">⚠ </span>Pain 7 or more</span></li>' in page
    assert '<span aria-hidden="true">⚠ </span>Fall</span></li>' in page


@pytest.mark.django_db
def test_a_pause_of_11_days_is_not_missed(coach_user):
    """The pause cancelled its sessions: not 3+ missed, and the 7 days show nothing due."""
    client = coached(coach_user, "pause@example.com", "Pia Paused")
    plan = make_plan(client, START, weeks=4)
    log_all_past(plan, until=date(2026, 11, 14))
    PlannedSession.objects.filter(client=client, date__gte=date(2026, 11, 14)).update(
        cancelled=True
    )
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.PAUSED, pause_needs="self")
    [row] = rows_for(coach_user)
    assert [code for code, _ in row.flags] == ["paused"]
    assert row.adherence_7 is None
    assert row.adherence_28 == 100  # Nov 2 .. 13: 6 done; the paused days are not due


@pytest.mark.django_db
def test_missed_in_a_row_passes_over_a_pause(coach_user):
    """Walked on the 13th; missed the 16th, cancelled the 18th, missed the 20th and 23rd."""
    client = coached(coach_user, "back@example.com", "Bo Back")
    plan = make_plan(client, START, weeks=4)
    log_all_past(plan, until=date(2026, 11, 14))
    PlannedSession.objects.filter(client=client, date=date(2026, 11, 18)).update(cancelled=True)
    [row] = rows_for(coach_user)
    assert [code for code, _ in row.flags] == ["missed"]


@pytest.mark.django_db
def test_no_session_for_two_weeks_is_flagged(coach_user):
    client = coached(coach_user, "quiet@example.com", "Quinn Quiet")
    plan = make_plan(client, START, weeks=4)
    for session in plan.sessions.filter(date__lt=TODAY):
        log_session(session, "done" if session.date < date(2026, 11, 11) else "skipped")
    [row] = rows_for(coach_user)
    assert row.last_session == date(2026, 11, 9)
    assert [code for code, _ in row.flags] == ["no_sessions"]


@pytest.mark.django_db
def test_needs_review_is_flagged_with_its_reason_on_the_client_page(coach_logged_in, coach_user):
    client = coached(coach_user, "review@example.com", "Rae Review")
    plan = make_plan(client, START, weeks=4)
    log_all_past(plan)
    Plan.objects.filter(pk=plan.pk).update(
        needs_review=True, needs_review_reason=[{"code": "step_backs_28_days"}]
    )
    [row] = rows_for(coach_user)
    assert [code for code, _ in row.flags] == ["needs_review"]
    page = coach_logged_in.get(reverse("coach_dashboard")).content.decode()
    assert '<span aria-hidden="true">⚠ </span>Needs a review</span></li>' in page
    detail = coach_logged_in.get(reverse("coach_client", args=[client.public_id]))
    assert "Needs a review: Three step-backs within four weeks.</li>" in detail.content.decode()


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
    names = [row.name for row in rows_for(coach_user)]
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
    rows = rows_for(coach_user, search="FALL@EXAMPLE")
    assert [row.name for row in rows] == ["Flo Fall"]


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["%", "_", "\\"])
def test_search_wildcards_are_plain_characters(mixed, coach_user, text):
    """% and _ are SQL wildcards; typed into the box they match only themselves."""
    assert rows_for(coach_user, search=text) == []


@pytest.mark.django_db
def test_search_finds_a_literal_underscore(coach_user):
    coached(coach_user, "under_score@example.com", "Una Score")
    coached(coach_user, "underxscore@example.com", "Xavier Score")
    rows = rows_for(coach_user, search="under_")
    assert [row.name for row in rows] == ["Una Score"]


@pytest.mark.django_db
def test_empty_filters_mean_everyone(coach_user):
    bulk_clients(coach_user, 7)
    assert len(rows_for(coach_user, flag=None, stage=None, search=None, sort=None)) == 7


@pytest.mark.django_db
def test_unknown_flag_or_sort_is_refused(coach_user):
    with pytest.raises(ValueError, match="unknown flag"):
        rows_for(coach_user, flag="pain; DROP TABLE accounts_user")
    with pytest.raises(ValueError, match="unknown sort"):
        rows_for(coach_user, sort="email; --")


@pytest.mark.django_db
def test_no_match_says_so(coach_logged_in, mixed):
    page = coach_logged_in.get(reverse("coach_dashboard"), {"q": "zzz"}).content.decode()
    assert "No clients match “zzz”." in page
    assert "Invite your first client" not in page


@pytest.mark.django_db
def test_a_bad_filter_value_is_ignored(coach_logged_in, mixed):
    response = coach_logged_in.get(reverse("coach_dashboard"), {"flag": "nonsense"})
    assert response.status_code == 200
    assert "Gina Good" in response.content.decode()


@pytest.mark.django_db
def test_sort_by_name_or_last_session(coach_logged_in, coach_user, mixed):
    by_name = [row.name for row in rows_for(coach_user, sort="name")]
    assert by_name == ["Flo Fall", "Gina Good", "Nell New"]
    recent = [row.name for row in rows_for(coach_user, sort="last_session")]
    assert recent == ["Gina Good", "Flo Fall", "Nell New"]
    page = coach_logged_in.get(reverse("coach_dashboard"), {"sort": "name"}).content.decode()
    assert '<option value="name" selected>' in page
    assert "In order of name." in page


def bulk_clients(coach, count: int) -> None:
    """Many clients at once, half with a plan and a log (no password hashing)."""
    users = User.objects.bulk_create(
        User(email=f"c{n}@example.com", display_name=f"Client {n:03d}", password="!")
        for n in range(count)
    )
    CoachLink.objects.bulk_create(
        CoachLink(coach=coach, client=u, shares_history=True) for u in users
    )
    for user in users[::2]:
        plan = make_plan(user, START, weeks=4)
        log_session(plan.sessions.get(date=date(2026, 11, 23)), pain=8 if user.pk % 3 else 1)
    refresh_status(*users)


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

# The page: session, user, the counts of the coach's stored rows (coaching.models.ClientStatus),
# the page's rows with their clients, and the links the coach stopped in the last day (to undo).
DASHBOARD_QUERIES = 5


@pytest.mark.django_db
def test_listing_the_rows_is_one_query(coach_user, django_assert_num_queries):
    bulk_clients(coach_user, 20)
    with django_assert_num_queries(1):
        rows = for_dashboard(coach_user)
    assert len(rows) == 20


@pytest.mark.django_db
def test_listing_nobody_is_one_query(coach_user, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert for_dashboard(coach_user) == []


@pytest.mark.django_db
@pytest.mark.parametrize(("clients", "shown"), [(1, 1), (60, 50)])
def test_dashboard_queries_do_not_grow_with_clients(
    coach_logged_in, coach_user, django_assert_num_queries, clients, shown
):
    bulk_clients(coach_user, clients)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = coach_logged_in.get(reverse("coach_dashboard"))
    assert response.content.decode().count('class="client-row') == shown


@pytest.mark.django_db
def test_dashboard_queries_for_60_clients_filtered(
    coach_logged_in, coach_user, django_assert_num_queries
):
    bulk_clients(coach_user, 60)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = coach_logged_in.get(
            reverse("coach_dashboard"),
            {"flag": "pain", "q": "Client", "stage": "handrail", "sort": "name"},
        )
    assert response.status_code == 200


@pytest.mark.django_db
def test_csv_queries_do_not_grow_with_clients(
    coach_logged_in, coach_user, django_assert_num_queries
):
    bulk_clients(coach_user, 60)
    # Session, user, the rows: no counts, no "recently stopped" list.
    with django_assert_num_queries(DASHBOARD_QUERIES - 2):
        response = coach_logged_in.get(reverse("coach_clients_csv"))
    assert response.content.decode().count("\n") == 61


# --- One definition: the dashboard and the client's own pages agree --------------------------


def login(user) -> Client:
    browser = Client()
    browser.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return browser


@pytest.mark.django_db
def test_a_half_percent_rounds_the_same_on_the_dashboard_and_progress(coach_logged_in, coach_user):
    """The 62 % / 63 % case (issue 12): 2.5 of 4 sessions is 62.5 %, shown as 63 % everywhere."""
    client = coached(coach_user, "half@example.com", "Hal Half")
    plan = make_plan(client, date(2026, 11, 16), weeks=2)
    for day, state in [(16, "done"), (18, "partial"), (20, "done"), (23, "skipped")]:
        log_session(plan.sessions.get(date=date(2026, 11, day)), state)
    progress = login(client).get(reverse("progress"))
    assert progress.context["progress"].last_28_days.percent == 63
    assert '<span class="adherence-percent">63%</span>' in progress.content.decode()
    dashboard = coach_logged_in.get(reverse("coach_dashboard")).content.decode()
    assert '<td data-label="Done, 28 days" class="wrap-ok more-cell">63%</td>' in dashboard
    [row] = rows_for(coach_user)
    assert (row.adherence_7, row.adherence_28) == (50, 63)
    detail = coach_logged_in.get(reverse("coach_client", args=[client.public_id]))
    assert detail.context["progress"].last_28_days.percent == 63
    csv_row = coach_logged_in.get(reverse("coach_clients_csv")).content.decode().splitlines()[1]
    assert ",50,63," in csv_row


@pytest.mark.django_db
def test_each_client_is_counted_on_their_own_date(coach_user):
    """11:30 UTC on Wednesday is 00:30 Thursday in Auckland: Wednesday's session is missed
    there, as the client's /progress/ says, though it is still Wednesday for the coach."""
    client = coached(coach_user, "kiwi@example.com", "Kiri Kiwi", time_zone="Pacific/Auckland")
    plan = make_plan(client, date(2026, 11, 16), weeks=2)
    for day in (16, 18, 20, 23):
        log_session(plan.sessions.get(date=date(2026, 11, day)), "done")
    later = NOW + timedelta(hours=1, minutes=30)
    with time_machine.travel(later, tick=False):
        progress = login(client).get(reverse("progress")).context["progress"]
        status.refresh_expired()  # the scheduler's pass after midnight in Auckland
        [row] = for_dashboard(coach_user, later)
    assert row.today == progress.today == date(2026, 11, 26)
    assert row.adherence_7 == progress.last_7_days.percent == 67
    assert row.adherence_28 == progress.last_28_days.percent == 80


# session, user, the coach's link, the plan, this and next week, the plan's history, the
# client's sessions with logs (calendar, adherence, charts), the stored flags row (1), the
# notes.
# +1 for the functional tests; the cached fragments are read back from memory (no query), and
# the recent logs are read only when theirs are rendered afresh.
DETAIL_QUERIES = 10


@pytest.mark.django_db
@pytest.mark.parametrize("weeks", [1, 8])
def test_client_detail_queries_do_not_grow(
    coach_logged_in, coach_user, django_assert_num_queries, weeks
):
    client = coached(coach_user, "detail@example.com", "Dee Tail")
    # Written far enough ahead that the page writes no weeks of its own.
    plan = make_plan(client, START - timedelta(weeks=weeks - 1), weeks=weeks + 5)
    log_all_past(plan, pain=8)
    coach_logged_in.get(reverse("coach_client", args=[client.public_id]))  # warms the cache
    with django_assert_num_queries(DETAIL_QUERIES):
        response = coach_logged_in.get(reverse("coach_client", args=[client.public_id]))
    assert response.status_code == 200
    assert [code for code, _ in response.context["row"].flags] == ["pain"]
