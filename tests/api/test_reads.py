"""What the API reads: the same numbers and words as the pages, in a fixed number of queries."""

from datetime import timedelta

import pytest

from coaching.models import CoachLink, Note
from coaching.services import links as coaching
from plans.models import Plan
from tests.api.conftest import MONDAY, NOW, TODAY, token_client
from tests.factories import WEEKDAYS, log_session, make_plan, make_user, refresh_status


@pytest.mark.django_db
def test_the_plan_while_paused_lists_each_open_cause_and_who_lifts_it(world):
    wendy = world["person"]
    api = token_client(wendy)
    api.post(
        "/api/v1/falls/",
        {
            "happened_at": (NOW - timedelta(hours=1)).isoformat(),
            "injury": False,
            "head_strike": False,
        },
        format="json",
        HTTP_IDEMPOTENCY_KEY="fall-1",
    )
    plan = api.get("/api/v1/plan/").json()
    assert plan["status"] == "paused"
    assert plan["pause"]["causes"][0]["code"] == "fall"
    assert plan["pause"]["causes"][0]["needs"] == "self"
    assert plan["pause"]["can_check_in"] is False  # the 48-hour wait (§9.4)
    assert plan["pause"]["check_in_opens"]
    assert "log" not in plan["allowed_actions"]


@pytest.mark.django_db
def test_today_sessions_and_progress_read_as_the_pages(world):
    api = token_client(world["person"])
    answer = api.get("/api/v1/today/")
    # Health data: never kept by a browser or a proxy, as the signed-in pages.
    assert "no-store" in answer["Cache-Control"]
    today = answer.json()
    assert today["date"] == str(TODAY)
    assert today["session"]["log"]["status"] == "done"
    sessions = api.get(f"/api/v1/sessions/?from={MONDAY}&to={TODAY}").json()
    assert [s["date"] for s in sessions] == [str(MONDAY), str(MONDAY + timedelta(1)), str(TODAY)]
    assert sessions[0]["log"] is None
    progress = api.get("/api/v1/progress/").json()
    assert progress["last_7_days"]["planned"] == 3
    assert progress["last_7_days"]["done"] == 2.0


@pytest.mark.django_db
def test_a_long_or_backward_range_is_a_problem(world):
    api = token_client(world["person"])
    far = api.get(f"/api/v1/sessions/?from={MONDAY}&to={MONDAY + timedelta(days=100)}")
    assert far.status_code == 400
    assert api.get(f"/api/v1/sessions/?from={TODAY}&to={MONDAY}").status_code == 400
    assert api.get("/api/v1/sessions/?from=yesterday").status_code == 400


@pytest.mark.django_db
def test_no_plan_yet_is_a_404_problem_in_the_persons_words(db):
    response = token_client(make_user("new@example.com", "New")).get("/api/v1/plan/")
    assert response.status_code == 404
    assert response.json()["code"] == "no_plan"
    assert "health questions" in response.json()["detail"]


@pytest.mark.django_db
def test_the_clients_list_has_the_dashboards_flags_order_filters_and_pages(world):
    cora = world["coach"]
    for number in range(60):
        person = make_user(f"c{number}@example.com", f"Client {number:02}")
        CoachLink.objects.create(coach=cora, client=person)
    refresh_status()
    api = token_client(cora)
    first = api.get("/api/v1/clients/?sort=name").json()
    assert first["count"] == 61
    assert len(first["results"]) == 50
    assert first["next"].endswith("page=2&sort=name")
    assert first["results"][0]["name"] == "Client 00"
    paused = Plan.objects.get(client=world["person"])
    Plan.objects.filter(pk=paused.pk).update(status="paused", pause_needs="self")
    refresh_status(world["person"])
    flagged = api.get("/api/v1/clients/?flag=paused").json()
    assert [row["name"] for row in flagged["results"]] == ["Wendy Walker"]
    assert flagged["results"][0]["flags"][0]["code"] == "paused"
    attention = api.get("/api/v1/clients/").json()
    assert attention["results"][0]["name"] == "Wendy Walker"  # flagged first
    bad = api.get("/api/v1/clients/?flag=nonsense")
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["pointer"] == "#/flag"


@pytest.mark.django_db
def test_the_clients_list_takes_the_same_queries_for_few_or_many(world, django_assert_num_queries):
    cora = world["coach"]
    api = token_client(cora)
    api.get("/api/v1/me/")  # last used written once
    # The token and the stored rows of the page (the coach's read model; the rate limit counts
    # in the memory cache: no query).
    with django_assert_num_queries(2):
        api.get("/api/v1/clients/")
    for number in range(20):
        person = make_user(f"c{number}@example.com", f"Client {number:02}")
        make_plan(person, MONDAY, days=WEEKDAYS)
        log_session(Plan.objects.get(client=person).sessions.get(date=MONDAY))
        CoachLink.objects.create(coach=cora, client=person)
    refresh_status()
    with django_assert_num_queries(2):
        assert len(api.get("/api/v1/clients/").json()["results"]) == 21


@pytest.mark.django_db
def test_the_persons_plan_takes_a_fixed_number_of_queries(world, django_assert_num_queries):
    api = token_client(world["person"])
    api.get("/api/v1/me/")
    with django_assert_num_queries(2):  # the token and the plan (the rate limit: memory cache)
        assert api.get("/api/v1/plan/").status_code == 200


@pytest.mark.django_db
def test_history_and_notes_start_where_the_client_shares(world):
    wendy, cora = world["person"], world["coach"]
    Note.objects.create(
        client=wendy,
        author=world["former_coach"],
        body="Old",
        by_coach=True,
        created_at=NOW - timedelta(days=40),
    )
    coaching.write_note(cora, wendy, "Hello Wendy")
    api = token_client(cora)
    notes = api.get(f"/api/v1/clients/{wendy.public_id}/notes/").json()
    assert [(n["body"], n["written_by"]) for n in notes] == [("Hello Wendy", "coach")]
    history = api.get(f"/api/v1/clients/{wendy.public_id}/history/").json()
    link = CoachLink.objects.get(coach=cora, client=wendy)
    assert history["history_from"] == str(link.history_start())
    assert {log["date"] for log in history["logs"]} == {str(TODAY), str(TODAY - timedelta(1))}
    detail = api.get(f"/api/v1/clients/{wendy.public_id}/").json()
    assert detail["client"]["name"] == "Wendy Walker"
    assert detail["plan"]["stage"] == "handrail"
