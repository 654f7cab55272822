"""The client's "Stop working with your coach" asks first and can be undone for a day (issue 25,
point 5), as the coach's side already does. §9.1: the undo brings the link back, not the
stages the coach had confirmed as supervised.
"""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from coaching.models import CoachLink
from coaching.services import invites
from coaching.services import links as coaching
from plans.models import Plan
from plans.services import adjustments
from plans.services.intake import current_plan, start_plan
from tests.engine.answer_factory import make_answers_dict
from tests.test_s9_1_supervision_follows_the_link import (
    BACKEND,
    LAPSED,
    NOW,
    TODAY,
    assert_lapsed,
    confirm,
)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def on_treadmill(client_user, coach_user) -> Plan:
    """As in the §9.1 tests: HIGH, the coach confirmed treadmill and track and moved her on."""
    start_plan(client_user, make_answers_dict(age=95, access_pool=False), TODAY)
    CoachLink.objects.create(coach=coach_user, client=client_user)
    confirm(client_user, coach_user, "treadmill", "track")
    plan = current_plan(client_user)
    adjustments.adjust_plan(
        client_user,
        coach_user,
        adjustments.Adjustment("stage_up", "Ready for the belt.", plan.row_version),
    )
    plan = current_plan(client_user)
    assert plan.supervised_stages == ["track", "treadmill"]
    return plan


@pytest.fixture
def linked(client_user, coach_user) -> CoachLink:
    return CoachLink.objects.create(coach=coach_user, client=client_user)


def as_client(client, user):
    client.force_login(user, backend=BACKEND)
    return client


# --- Asking first ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_my_coach_page_links_to_a_confirmation_not_a_one_tap_button(logged_in, linked):
    page = logged_in.get(reverse("client_notes")).content.decode()
    assert reverse("client_end_link_confirm") in page
    assert f'action="{reverse("client_end_link")}"' not in page


@pytest.mark.django_db
def test_the_confirmation_page_says_what_happens_and_changes_nothing(logged_in, linked):
    response = logged_in.get(reverse("client_end_link_confirm"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Stop working with Cora Coach?" in page
    assert "Cora Coach will no longer see them" in page
    assert "You can undo this for one day." in page
    assert f'action="{reverse("client_end_link")}"' in page
    assert "No, keep Cora Coach" in page
    linked.refresh_from_db()
    assert linked.ended_at is None


@pytest.mark.django_db
def test_the_confirmation_without_a_coach_goes_back_to_my_coach(logged_in):
    response = logged_in.get(reverse("client_end_link_confirm"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("client_notes")
    assert "You have no coach at the moment." in response.content.decode()


@pytest.mark.django_db
def test_the_confirmation_needs_a_login(client, linked):
    response = client.get(reverse("client_end_link_confirm"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_a_coach_gets_403_on_the_clients_confirmation(coach_logged_in, linked):
    assert coach_logged_in.get(reverse("client_end_link_confirm")).status_code == 403


@pytest.mark.django_db
def test_the_confirmation_refuses_post(logged_in, linked):
    assert logged_in.post(reverse("client_end_link_confirm")).status_code == 405
    linked.refresh_from_db()
    assert linked.ended_at is None


@pytest.mark.django_db
def test_stopping_lands_on_a_page_with_the_undo(logged_in, client_user, linked):
    response = logged_in.post(reverse("client_end_link"))
    assert response["Location"] == reverse("client_link_ended")
    linked.refresh_from_db()
    assert (linked.ended_at, linked.ended_by) == (NOW, client_user)
    page = logged_in.get(reverse("client_link_ended")).content.decode()
    assert "You stopped working with Cora Coach" in page
    assert "You can undo this until Thursday 3 December, 10:00" in page
    assert f'action="{reverse("client_end_link_undo")}"' in page
    # My coach page offers it too, for the day.
    notes = logged_in.get(reverse("client_notes")).content.decode()
    assert "You can still undo it" in notes


# --- Undoing within a day ----------------------------------------------------------------------


@pytest.mark.way_in("coaching.views.notes.undo_end_coaching")
@pytest.mark.django_db
def test_s9_1_the_client_undoes_within_a_day_and_the_supervised_stages_stay_gone(
    client, on_treadmill, client_user, coach_user, frozen
):
    """§9.1: the client's undo restores the link; the coach confirms the stages again."""
    as_client(client, client_user)
    confirm_page = client.get(reverse("client_end_link_confirm")).content.decode()
    assert "leaves your plan at once" in confirm_page
    client.post(reverse("client_end_link"))
    assert_lapsed(on_treadmill, by=client_user, source="client")
    frozen.shift(timedelta(hours=23))
    page = client.get(reverse("client_link_ended")).content.decode()
    assert "Undoing does not bring back the stages your coach had confirmed" in page
    response = client.post(reverse("client_end_link_undo"), follow=True)
    assert "Cora Coach is your coach again." in response.content.decode()
    assert "did not come back" in response.content.decode()
    assert CoachLink.objects.coaches(coach_user, client_user)
    plan = Plan.objects.get(pk=on_treadmill.pk)
    assert plan.supervised_stages == []
    assert plan.stages == ["handrail"]
    assert LAPSED in client.get(reverse("today")).content.decode()


@pytest.mark.django_db
def test_after_a_day_the_undo_is_refused(logged_in, client_user, linked, frozen):
    logged_in.post(reverse("client_end_link"))
    frozen.shift(timedelta(hours=24, minutes=1))
    page = logged_in.get(reverse("client_link_ended")).content.decode()
    assert "This can no longer be undone here." in page
    assert reverse("client_end_link_undo") not in page
    response = logged_in.post(reverse("client_end_link_undo"), follow=True)
    assert "more than a day since you stopped" in response.content.decode()
    assert not CoachLink.objects.has_coach(client_user)


@pytest.mark.django_db
def test_the_undo_is_refused_once_the_client_took_another_coach(
    logged_in, client_user, linked, other_coach_user
):
    logged_in.post(reverse("client_end_link"))
    invites.accept_invite(invites.create_invite(other_coach_user), client_user)
    page = logged_in.get(reverse("client_link_ended")).content.decode()
    assert reverse("client_end_link_undo") not in page
    response = logged_in.post(reverse("client_end_link_undo"), follow=True)
    assert "You have a coach again, so this cannot be undone." in response.content.decode()
    assert CoachLink.objects.get(client=client_user, ended_at__isnull=True).coach == (
        other_coach_user
    )


@pytest.mark.django_db
def test_the_coach_cannot_undo_the_clients_stop(client, client_user, coach_user, linked):
    """Either side undoes only its own stop: the client's choice stands for the coach."""
    as_client(client, client_user).post(reverse("client_end_link"))
    as_client(client, coach_user)
    assert client.get(reverse("coach_link_ended", args=[client_user.public_id])).status_code == 404
    response = client.post(reverse("coach_end_link_undo", args=[client_user.public_id]))
    assert response.status_code == 404
    with pytest.raises(coaching.CoachingError):
        coaching.undo_end(coach_user, CoachLink.objects.get(pk=linked.pk))
    assert not CoachLink.objects.has_coach(client_user)


@pytest.mark.django_db
def test_the_client_cannot_undo_the_coachs_stop(client, client_user, coach_user, linked):
    as_client(client, coach_user).post(reverse("coach_end_link", args=[client_user.public_id]))
    as_client(client, client_user)
    assert client.get(reverse("client_link_ended")).status_code == 404
    assert client.post(reverse("client_end_link_undo")).status_code == 404
    assert not CoachLink.objects.has_coach(client_user)


@pytest.mark.django_db
def test_another_client_has_nothing_to_undo(
    client, client_user, other_client_user, coach_user, linked
):
    as_client(client, client_user).post(reverse("client_end_link"))
    as_client(client, other_client_user)
    assert client.get(reverse("client_link_ended")).status_code == 404
    assert client.post(reverse("client_end_link_undo")).status_code == 404
    assert not CoachLink.objects.has_coach(client_user)


@pytest.mark.django_db
def test_the_ended_page_and_the_undo_need_a_login(client, client_user, linked):
    as_client(client, client_user).post(reverse("client_end_link"))
    client.logout()
    for method, name in (("get", "client_link_ended"), ("post", "client_end_link_undo")):
        response = getattr(client, method)(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert not CoachLink.objects.has_coach(client_user)


@pytest.mark.django_db
def test_a_coach_gets_403_on_the_clients_undo(client, client_user, coach_user, linked):
    as_client(client, client_user).post(reverse("client_end_link"))
    as_client(client, coach_user)
    assert client.get(reverse("client_link_ended")).status_code == 403
    assert client.post(reverse("client_end_link_undo")).status_code == 403
    assert not CoachLink.objects.has_coach(client_user)


@pytest.mark.django_db
def test_the_undo_refuses_get_and_the_ended_page_refuses_post(logged_in, client_user, linked):
    logged_in.post(reverse("client_end_link"))
    assert logged_in.get(reverse("client_end_link_undo")).status_code == 405
    assert logged_in.post(reverse("client_link_ended")).status_code == 405
    assert not CoachLink.objects.has_coach(client_user)
