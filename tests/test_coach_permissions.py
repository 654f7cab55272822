"""Who may open which coach page. Each case is written out on its own, on purpose.

Personas: Cora (coach_user) coaches Wendy (client_user); Sam (other_coach_user) coaches Otto
(other_client_user); Fred was Cora's client until the link ended.
"""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse

from coaching.models import CoachLink, Invite, Note
from plans.models import Plan, PlanEvent
from tests.factories import make_plan, make_user

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
MONDAY = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def world(coach_user, other_coach_user, client_user, other_client_user):
    CoachLink.objects.create(coach=coach_user, client=client_user)
    CoachLink.objects.create(coach=other_coach_user, client=other_client_user)
    former = make_user("fred@example.com", "Fred Former")
    CoachLink.objects.create(coach=coach_user, client=former, ended_at=NOW)
    plans = {
        "mine": make_plan(client_user, MONDAY),
        "theirs": make_plan(other_client_user, MONDAY),
        "former": make_plan(former, MONDAY),
    }
    return {"former": former, "plans": plans}


def snapshot() -> tuple:
    """Row counts and plan versions: equal before and after a refused request."""
    return (
        Note.objects.count(),
        PlanEvent.objects.count(),
        Invite.objects.count(),
        CoachLink.objects.filter(ended_at__isnull=True).count(),
        tuple(Plan.objects.order_by("pk").values_list("row_version", "status", "level")),
    )


def adjust_data(plan):
    return {"pause-row_version": plan.row_version, "pause-reason": "Test."}


# --- The coach's own client is reachable ---------------------------------------------------


@pytest.mark.django_db
def test_coach_opens_own_clients_page(coach_logged_in, client_user, world):
    response = coach_logged_in.get(reverse("coach_client", args=[client_user.public_id]))
    assert response.status_code == 200
    assert "Wendy Walker" in response.content.decode()


# --- Another coach's client: 404 -----------------------------------------------------------


@pytest.mark.django_db
def test_other_coachs_client_page_is_404(coach_logged_in, other_client_user, world):
    url = reverse("coach_client", args=[other_client_user.public_id])
    assert coach_logged_in.get(url).status_code == 404


@pytest.mark.django_db
def test_other_coachs_client_adjust_is_404_and_changes_nothing(
    coach_logged_in, other_client_user, world
):
    before = snapshot()
    url = reverse("coach_adjust", args=[other_client_user.public_id, "pause"])
    response = coach_logged_in.post(url, adjust_data(world["plans"]["theirs"]))
    assert response.status_code == 404
    assert snapshot() == before


@pytest.mark.django_db
def test_other_coachs_client_note_is_404_and_changes_nothing(
    coach_logged_in, other_client_user, world
):
    before = snapshot()
    url = reverse("coach_note", args=[other_client_user.public_id])
    assert coach_logged_in.post(url, {"body": "Hello"}).status_code == 404
    assert snapshot() == before


@pytest.mark.django_db
def test_other_coachs_client_end_link_is_404_and_changes_nothing(
    coach_logged_in, other_client_user, world
):
    before = snapshot()
    url = reverse("coach_end_link", args=[other_client_user.public_id])
    assert coach_logged_in.post(url).status_code == 404
    assert snapshot() == before


# --- A former client: 404 ------------------------------------------------------------------


@pytest.mark.django_db
def test_former_client_page_is_404(coach_logged_in, world):
    url = reverse("coach_client", args=[world["former"].public_id])
    assert coach_logged_in.get(url).status_code == 404


@pytest.mark.django_db
def test_former_client_adjust_is_404_and_changes_nothing(coach_logged_in, world):
    before = snapshot()
    url = reverse("coach_adjust", args=[world["former"].public_id, "pause"])
    response = coach_logged_in.post(url, adjust_data(world["plans"]["former"]))
    assert response.status_code == 404
    assert snapshot() == before


@pytest.mark.django_db
def test_former_client_note_is_404_and_changes_nothing(coach_logged_in, world):
    before = snapshot()
    url = reverse("coach_note", args=[world["former"].public_id])
    assert coach_logged_in.post(url, {"body": "Hello"}).status_code == 404
    assert snapshot() == before


@pytest.mark.django_db
def test_unknown_client_id_is_404(coach_logged_in, world):
    url = reverse("coach_client", args=["00000000-0000-0000-0000-000000000000"])
    assert coach_logged_in.get(url).status_code == 404


# --- A client opening coach pages: 403 ------------------------------------------------------


@pytest.mark.django_db
def test_client_gets_403_on_dashboard(logged_in, world):
    assert logged_in.get(reverse("coach_dashboard")).status_code == 403


@pytest.mark.django_db
def test_client_gets_403_on_csv(logged_in, world):
    assert logged_in.get(reverse("coach_clients_csv")).status_code == 403


@pytest.mark.django_db
def test_client_gets_403_on_a_client_page(logged_in, client_user, world):
    url = reverse("coach_client", args=[client_user.public_id])
    assert logged_in.get(url).status_code == 403


@pytest.mark.django_db
def test_client_gets_403_on_adjust_and_nothing_changes(logged_in, client_user, world):
    before = snapshot()
    url = reverse("coach_adjust", args=[client_user.public_id, "pause"])
    assert logged_in.post(url, adjust_data(world["plans"]["mine"])).status_code == 403
    assert snapshot() == before


@pytest.mark.django_db
def test_client_gets_403_on_coach_note_and_nothing_changes(logged_in, client_user, world):
    before = snapshot()
    url = reverse("coach_note", args=[client_user.public_id])
    assert logged_in.post(url, {"body": "Hi"}).status_code == 403
    assert snapshot() == before


@pytest.mark.django_db
def test_client_gets_403_on_coach_end_link_and_nothing_changes(logged_in, client_user, world):
    before = snapshot()
    url = reverse("coach_end_link", args=[client_user.public_id])
    assert logged_in.post(url).status_code == 403
    assert snapshot() == before


@pytest.mark.django_db
def test_client_gets_403_on_invites(logged_in, world):
    assert logged_in.get(reverse("coach_invites")).status_code == 403


@pytest.mark.django_db
def test_client_gets_403_on_invite_create_and_nothing_changes(logged_in, world):
    before = snapshot()
    assert logged_in.post(reverse("coach_invite_create"), {"email": ""}).status_code == 403
    assert snapshot() == before


@pytest.mark.django_db
def test_coach_gets_403_on_client_notes_pages(coach_logged_in, world):
    before = snapshot()
    assert coach_logged_in.get(reverse("client_notes")).status_code == 403
    assert coach_logged_in.post(reverse("note_reply"), {"body": "Hi"}).status_code == 403
    assert coach_logged_in.post(reverse("client_end_link")).status_code == 403
    assert snapshot() == before


# --- Anonymous: to the login page -----------------------------------------------------------


def assert_login_redirect(response):
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_anonymous_dashboard_goes_to_login(client):
    assert_login_redirect(client.get(reverse("coach_dashboard")))


@pytest.mark.django_db
def test_anonymous_csv_goes_to_login(client):
    assert_login_redirect(client.get(reverse("coach_clients_csv")))


@pytest.mark.django_db
def test_anonymous_client_page_goes_to_login(client, client_user, world):
    assert_login_redirect(client.get(reverse("coach_client", args=[client_user.public_id])))


@pytest.mark.django_db
def test_anonymous_adjust_goes_to_login_and_changes_nothing(client, client_user, world):
    before = snapshot()
    url = reverse("coach_adjust", args=[client_user.public_id, "pause"])
    assert_login_redirect(client.post(url, adjust_data(world["plans"]["mine"])))
    assert snapshot() == before


@pytest.mark.django_db
def test_anonymous_coach_note_goes_to_login_and_changes_nothing(client, client_user, world):
    before = snapshot()
    assert_login_redirect(
        client.post(reverse("coach_note", args=[client_user.public_id]), {"body": "Hi"})
    )
    assert snapshot() == before


@pytest.mark.django_db
def test_anonymous_end_link_goes_to_login_and_changes_nothing(client, client_user, world):
    before = snapshot()
    assert_login_redirect(client.post(reverse("coach_end_link", args=[client_user.public_id])))
    assert snapshot() == before


@pytest.mark.django_db
def test_anonymous_invites_goes_to_login(client):
    assert_login_redirect(client.get(reverse("coach_invites")))


@pytest.mark.django_db
def test_anonymous_invite_create_goes_to_login_and_changes_nothing(client, world):
    before = snapshot()
    assert_login_redirect(client.post(reverse("coach_invite_create"), {"email": ""}))
    assert snapshot() == before


@pytest.mark.django_db
def test_anonymous_reply_goes_to_login_and_changes_nothing(client, world):
    before = snapshot()
    assert_login_redirect(client.post(reverse("note_reply"), {"body": "Hi"}))
    assert snapshot() == before


# --- POST endpoints refuse GET (405), changing nothing ----------------------------------------


@pytest.mark.django_db
def test_adjust_refuses_get(coach_logged_in, client_user, world):
    before = snapshot()
    url = reverse("coach_adjust", args=[client_user.public_id, "pause"])
    assert coach_logged_in.get(url).status_code == 405
    assert snapshot() == before


@pytest.mark.django_db
def test_coach_note_refuses_get(coach_logged_in, client_user, world):
    before = snapshot()
    url = reverse("coach_note", args=[client_user.public_id])
    assert coach_logged_in.get(url).status_code == 405
    assert snapshot() == before


@pytest.mark.django_db
def test_coach_end_link_refuses_get(coach_logged_in, client_user, world):
    before = snapshot()
    url = reverse("coach_end_link", args=[client_user.public_id])
    assert coach_logged_in.get(url).status_code == 405
    assert snapshot() == before


@pytest.mark.django_db
def test_invite_create_refuses_get(coach_logged_in, world):
    before = snapshot()
    assert coach_logged_in.get(reverse("coach_invite_create")).status_code == 405
    assert snapshot() == before


@pytest.mark.django_db
def test_invite_revoke_refuses_get(coach_logged_in, coach_user, world):
    invite = Invite.objects.create(coach=coach_user)
    before = snapshot()
    url = reverse("coach_invite_revoke", args=[invite.code])
    assert coach_logged_in.get(url).status_code == 405
    assert snapshot() == before
    invite.refresh_from_db()
    assert invite.revoked_at is None


@pytest.mark.django_db
def test_reply_refuses_get(logged_in, world):
    before = snapshot()
    assert logged_in.get(reverse("note_reply")).status_code == 405
    assert snapshot() == before


@pytest.mark.django_db
def test_client_end_link_refuses_get(logged_in, world):
    before = snapshot()
    assert logged_in.get(reverse("client_end_link")).status_code == 405
    assert snapshot() == before


@pytest.mark.django_db
def test_dashboard_refuses_post(coach_logged_in, world):
    before = snapshot()
    assert coach_logged_in.post(reverse("coach_dashboard")).status_code == 405
    assert snapshot() == before


@pytest.mark.django_db
def test_client_page_refuses_post(coach_logged_in, client_user, world):
    before = snapshot()
    url = reverse("coach_client", args=[client_user.public_id])
    assert coach_logged_in.post(url).status_code == 405
    assert snapshot() == before
