"""Invites carry the coach's own name for them, a copy button, and used ones fold away;
stopping coaching asks first and can be undone for a day, by that coach only."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from coaching.models import CoachLink, Invite
from coaching.services import invites
from coaching.services import links as coaching
from tests.factories import make_user

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


@pytest.fixture
def traveller():
    with time_machine.travel(NOW, tick=False) as machine:
        yield machine


@pytest.fixture
def link(coach_user, client_user, traveller):
    return CoachLink.objects.create(coach=coach_user, client=client_user)


def current(client_user):
    return CoachLink.objects.filter(client=client_user, ended_at__isnull=True).first()


# --- Invites -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_invite_keeps_its_name_and_the_list_shows_it(coach_logged_in, coach_user):
    response = coach_logged_in.post(
        reverse("coach_invite_create"), {"name": "Mrs Patel, Tuesday class", "email": ""}
    )
    assert response.status_code == 302
    assert Invite.objects.get(coach=coach_user).name == "Mrs Patel, Tuesday class"
    page = coach_logged_in.get(reverse("coach_invites")).content.decode()
    assert "Mrs Patel, Tuesday class" in page
    assert "data-copy-target" in page
    assert "js/copy-link" in page


@pytest.mark.django_db
def test_an_invite_without_a_name_is_fine(coach_logged_in, coach_user):
    assert coach_logged_in.post(reverse("coach_invite_create"), {"email": ""}).status_code == 302
    assert Invite.objects.get(coach=coach_user).name == ""


@pytest.mark.django_db
def test_used_invites_are_folded_away(coach_logged_in, coach_user, client_user):
    used = invites.create_invite(coach_user, name="Used one")
    invites.accept_invite(used, client_user)
    invites.create_invite(coach_user, name="Open one")
    page = coach_logged_in.get(reverse("coach_invites")).content.decode()
    folded = page[page.index('<details class="invites-used">') :]
    folded = folded[: folded.index("</details>")]
    assert "Used one" in folded
    assert "Open one" not in folded
    assert "Open one" in page


@pytest.mark.django_db
def test_another_coachs_invites_are_not_listed(coach_logged_in, other_coach_user):
    invites.create_invite(other_coach_user, name="Not yours")
    assert "Not yours" not in coach_logged_in.get(reverse("coach_invites")).content.decode()


# --- Stopping asks first ------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_client_page_links_to_a_confirm_page_not_a_stop_button(
    coach_logged_in, client_user, link
):
    page = coach_logged_in.get(reverse("coach_client", args=[client_user.public_id]))
    html = page.content.decode()
    assert reverse("coach_end_link_confirm", args=[client_user.public_id]) in html
    assert f'action="{reverse("coach_end_link", args=[client_user.public_id])}"' not in html
    confirm = coach_logged_in.get(reverse("coach_end_link_confirm", args=[client_user.public_id]))
    assert confirm.status_code == 200
    assert reverse("coach_end_link", args=[client_user.public_id]) in confirm.content.decode()
    assert current(client_user) is not None  # looking at the question ends nothing


@pytest.mark.django_db
def test_confirm_page_is_only_for_the_clients_own_coach(
    client, other_coach_user, client_user, link
):
    client.force_login(other_coach_user)
    url = reverse("coach_end_link_confirm", args=[client_user.public_id])
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_stopping_leads_to_the_undo_page(coach_logged_in, client_user, link):
    response = coach_logged_in.post(reverse("coach_end_link", args=[client_user.public_id]))
    ended = reverse("coach_link_ended", args=[client_user.public_id])
    assert response["Location"] == ended
    assert current(client_user) is None
    page = coach_logged_in.get(ended).content.decode()
    assert reverse("coach_end_link_undo", args=[client_user.public_id]) in page
    dashboard = coach_logged_in.get(reverse("coach_dashboard")).content.decode()
    assert ended in dashboard


# --- Undo within a day, final after ---------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("later", "restored"),
    [
        (timedelta(hours=23, minutes=59), True),
        (timedelta(hours=24), False),
        (timedelta(days=3), False),
    ],
)
def test_undo_within_a_day_restores_the_link_and_after_it_is_final(
    coach_logged_in, client_user, link, traveller, later, restored
):
    coach_logged_in.post(reverse("coach_end_link", args=[client_user.public_id]))
    traveller.move_to(NOW + later)
    response = coach_logged_in.post(reverse("coach_end_link_undo", args=[client_user.public_id]))
    assert response.status_code == 302
    link.refresh_from_db()
    assert (link.ended_at is None) is restored
    if restored:
        assert response["Location"] == reverse("coach_client", args=[client_user.public_id])
        assert CoachLink.objects.filter(client=client_user).count() == 1  # the same row
    else:
        page = coach_logged_in.get(reverse("coach_link_ended", args=[client_user.public_id]))
        assert "this is final" in page.content.decode()
        assert "Undo" not in page.content.decode()


@pytest.mark.django_db
def test_undo_is_refused_when_the_client_has_a_coach_again(
    coach_user, other_coach_user, client_user, link
):
    coaching.end_link(link, by=coach_user)
    CoachLink.objects.create(coach=other_coach_user, client=client_user)
    link.refresh_from_db()
    with pytest.raises(coaching.CoachingError):
        coaching.undo_end(coach_user, link)
    assert current(client_user).coach == other_coach_user


@pytest.mark.django_db
def test_a_coach_cannot_undo_when_the_client_ended_it(coach_logged_in, client_user, link):
    coaching.end_link(link, by=client_user)
    url = reverse("coach_end_link_undo", args=[client_user.public_id])
    assert coach_logged_in.post(url).status_code == 404
    assert current(client_user) is None


@pytest.mark.django_db
def test_another_coach_cannot_see_or_undo_my_stop(
    client, coach_user, other_coach_user, client_user, link
):
    coaching.end_link(link, by=coach_user)
    client.force_login(other_coach_user)
    assert client.get(reverse("coach_link_ended", args=[client_user.public_id])).status_code == 404
    undo = reverse("coach_end_link_undo", args=[client_user.public_id])
    assert client.post(undo).status_code == 404
    assert current(client_user) is None


@pytest.mark.django_db
def test_undo_refuses_get_anonymous_and_clients(
    client, coach_logged_in, coach_user, client_user, link
):
    coaching.end_link(link, by=coach_user)
    undo = reverse("coach_end_link_undo", args=[client_user.public_id])
    assert coach_logged_in.get(undo).status_code == 405
    coach_logged_in.logout()
    response = client.post(undo)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
    someone = make_user("someone@example.com", "Some One")
    client.force_login(someone)
    assert client.post(undo).status_code == 403
    assert current(client_user) is None
