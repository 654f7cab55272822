"""Invites: making, revoking and following the link; each state of a code has its own page."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from coaching.models import CoachLink, Invite
from coaching.services import invites
from coaching.services import links as coaching
from notifications.models import Notification
from tests.factories import PASSWORD, make_user
from tests.worker import send_queued_mail

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)

SIGNUP = {
    "display_name": "Nina New",
    "email": "nina@example.com",
    "time_zone": "Europe/London",
    "password1": PASSWORD,
    "password2": PASSWORD,
    "accept_disclaimer": "on",
    "accept_health_data": "on",
}


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def invite(coach_user):
    """A link the coach shares themselves: anyone who has it may answer it."""
    return Invite.objects.create(coach=coach_user)


def login(client, user):
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


# --- The coach makes and revokes invites ---------------------------------------------------


@pytest.mark.django_db
def test_coach_makes_an_invite_and_it_is_emailed(coach_logged_in, coach_user):
    response = coach_logged_in.post(reverse("coach_invite_create"), {"email": "Ann@Example.com"})
    assert response.status_code == 302
    invite = Invite.objects.get()
    assert invite.coach == coach_user
    assert invite.email == "ann@example.com"
    assert invite.expires_at == NOW + timedelta(days=14)
    assert mail.outbox == []  # the page only queued it; the worker sends
    send_queued_mail()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ann@example.com"]
    assert f"/invite/{invite.code}/" in mail.outbox[0].body


@pytest.mark.django_db
def test_coach_makes_an_invite_without_email_and_no_mail_is_sent(coach_logged_in):
    coach_logged_in.post(reverse("coach_invite_create"), {"email": ""})
    assert Invite.objects.count() == 1
    assert mail.outbox == []
    page = coach_logged_in.get(reverse("coach_invites")).content.decode()
    assert f"/invite/{Invite.objects.get().code}/" in page
    assert "Open" in page


@pytest.mark.django_db
def test_a_bad_email_shows_a_message_and_makes_no_invite(coach_logged_in):
    response = coach_logged_in.post(reverse("coach_invite_create"), {"email": "not an email"})
    assert response.status_code == 400
    assert "That does not look like an email address" in response.content.decode()
    assert Invite.objects.count() == 0


@pytest.mark.django_db
def test_invite_codes_are_long_and_unguessable(coach_user):
    first = invites.create_invite(coach_user)
    second = invites.create_invite(coach_user)
    assert len(first.code) >= 32
    assert first.code != second.code


@pytest.mark.django_db
def test_invite_list_shows_each_state(coach_logged_in, coach_user, client_user):
    Invite.objects.create(coach=coach_user, email="open@example.com")
    Invite.objects.create(coach=coach_user, email="used@example.com", accepted_at=NOW)
    Invite.objects.create(coach=coach_user, email="gone@example.com", revoked_at=NOW)
    Invite.objects.create(coach=coach_user, email="no@example.com", declined_at=NOW)
    Invite.objects.create(
        coach=coach_user, email="old@example.com", expires_at=NOW - timedelta(days=1)
    )
    page = coach_logged_in.get(reverse("coach_invites")).content.decode()
    for word in ("Open", "Used", "Revoked", "Declined", "Expired"):
        assert f'<strong class="invite-state">{word}</strong>' in page


@pytest.mark.django_db
def test_coach_revokes_an_open_invite(coach_logged_in, invite):
    response = coach_logged_in.post(reverse("coach_invite_revoke", args=[invite.code]))
    assert response.status_code == 302
    invite.refresh_from_db()
    assert invite.state() == "revoked"


@pytest.mark.django_db
def test_revoking_a_used_invite_changes_nothing(coach_logged_in, invite):
    Invite.objects.filter(pk=invite.pk).update(accepted_at=NOW)
    coach_logged_in.post(reverse("coach_invite_revoke", args=[invite.code]))
    invite.refresh_from_db()
    assert invite.revoked_at is None
    assert invite.state() == "used"


@pytest.mark.django_db
def test_another_coach_cannot_revoke_my_invite(client, other_coach_user, invite):
    response = login(client, other_coach_user).post(
        reverse("coach_invite_revoke", args=[invite.code])
    )
    assert response.status_code == 404
    invite.refresh_from_db()
    assert invite.revoked_at is None


@pytest.mark.django_db
def test_revoke_refuses_get(coach_logged_in, invite):
    assert (
        coach_logged_in.get(reverse("coach_invite_revoke", args=[invite.code])).status_code == 405
    )
    invite.refresh_from_db()
    assert invite.revoked_at is None


@pytest.mark.django_db
def test_create_refuses_get(coach_logged_in):
    assert coach_logged_in.get(reverse("coach_invite_create")).status_code == 405
    assert Invite.objects.count() == 0


@pytest.mark.django_db
def test_a_client_cannot_make_invites(logged_in):
    assert logged_in.post(reverse("coach_invite_create"), {"email": ""}).status_code == 403
    assert Invite.objects.count() == 0


# --- Following the link --------------------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_sees_sign_up_and_log_in(client, invite):
    page = client.get(reverse("invite", args=[invite.code])).content.decode()
    assert "Cora Coach invites you" in page
    assert reverse("invite_signup", args=[invite.code]) in page
    assert f"{reverse('login')}?next={reverse('invite', args=[invite.code])}" in page


@pytest.mark.way_in("accounts.views.account.signup_confirm")
@pytest.mark.django_db
def test_sign_up_from_the_invite_makes_a_linked_client_once_the_email_is_confirmed(
    client, invite, coach_user
):
    """Issue 25: the link to the coach is made when the mailed link is opened, not before."""
    response = client.post(reverse("invite_signup", args=[invite.code]), SIGNUP)
    assert response["Location"] == reverse("signup_sent")
    user = User.objects.get(email="nina@example.com")
    assert user.role == "client"
    assert not user.is_active and not CoachLink.objects.exists()
    send_queued_mail()
    link = re.search(r"http://testserver(/signup/confirm/\S+/)", mail.outbox[-1].body).group(1)
    response = client.post(link)
    assert response["Location"] == reverse("questionnaire")
    assert CoachLink.objects.get(client=user, ended_at__isnull=True).coach == coach_user
    invite.refresh_from_db()
    assert invite.state() == "used"
    assert invite.accepted_by == user


@pytest.mark.django_db
def test_sign_up_from_the_invite_cannot_choose_the_coach_role(client, invite):
    client.post(reverse("invite_signup", args=[invite.code]), {**SIGNUP, "role": "coach"})
    assert User.objects.get(email="nina@example.com").role == "client"


@pytest.mark.django_db
def test_sign_up_with_bad_input_makes_nothing(client, invite):
    response = client.post(
        reverse("invite_signup", args=[invite.code]), {**SIGNUP, "password2": "different"}
    )
    assert response.status_code == 200
    assert "The two passwords are not the same." in response.content.decode()
    assert not User.objects.filter(email="nina@example.com").exists()
    invite.refresh_from_db()
    assert invite.state() == "open"


@pytest.mark.django_db
def test_sign_up_on_a_revoked_invite_makes_no_account(client, invite):
    Invite.objects.filter(pk=invite.pk).update(revoked_at=NOW)
    response = client.post(reverse("invite_signup", args=[invite.code]), SIGNUP)
    assert response.status_code == 410
    assert not User.objects.filter(email="nina@example.com").exists()


@pytest.mark.django_db
def test_logged_in_client_accepts(logged_in, client_user, invite, coach_user):
    page = logged_in.get(reverse("invite", args=[invite.code])).content.decode()
    assert "Accept" in page and "Decline" in page
    response = logged_in.post(reverse("invite_accept", args=[invite.code]))
    assert response.status_code == 302
    assert CoachLink.objects.get(client=client_user, ended_at__isnull=True).coach == coach_user
    invite.refresh_from_db()
    assert invite.accepted_by == client_user


@pytest.mark.django_db
def test_accepting_with_a_coach_ends_the_old_link_and_says_so_first(
    logged_in, client_user, invite, coach_user, other_coach_user
):
    old = CoachLink.objects.create(coach=other_coach_user, client=client_user)
    page = logged_in.get(reverse("invite", args=[invite.code])).content.decode()
    assert "You already have a coach: Sam Stranger." in page
    assert "accepting ends your link with Sam Stranger" in page
    logged_in.post(reverse("invite_accept", args=[invite.code]))
    old.refresh_from_db()
    assert old.ended_at is not None
    assert old.ended_by == client_user
    current = CoachLink.objects.get(client=client_user, ended_at__isnull=True)
    assert current.coach == coach_user
    assert CoachLink.objects.filter(client=client_user).count() == 2  # history kept


@pytest.mark.django_db
def test_logged_in_client_declines(logged_in, client_user, invite):
    response = logged_in.post(reverse("invite_decline", args=[invite.code]))
    assert response.status_code == 302
    invite.refresh_from_db()
    assert invite.state() == "declined"
    assert not CoachLink.objects.filter(client=client_user).exists()


@pytest.mark.django_db
def test_accept_refuses_get(logged_in, client_user, invite):
    assert logged_in.get(reverse("invite_accept", args=[invite.code])).status_code == 405
    invite.refresh_from_db()
    assert invite.state() == "open"
    assert not CoachLink.objects.filter(client=client_user).exists()


@pytest.mark.django_db
def test_decline_refuses_get(logged_in, invite):
    assert logged_in.get(reverse("invite_decline", args=[invite.code])).status_code == 405
    invite.refresh_from_db()
    assert invite.state() == "open"


@pytest.mark.django_db
def test_anonymous_accept_goes_to_login(client, invite):
    response = client.post(reverse("invite_accept", args=[invite.code]))
    assert response["Location"].startswith(reverse("login"))
    invite.refresh_from_db()
    assert invite.state() == "open"


@pytest.mark.django_db
def test_a_coach_opening_an_invite_gets_a_clear_page(client, other_coach_user, invite):
    page = login(client, other_coach_user).get(reverse("invite", args=[invite.code]))
    assert "This invite is for a client" in page.content.decode()


@pytest.mark.django_db
def test_a_coach_cannot_accept_an_invite(client, other_coach_user, invite):
    response = login(client, other_coach_user).post(reverse("invite_accept", args=[invite.code]))
    assert response.status_code == 403
    invite.refresh_from_db()
    assert invite.state() == "open"
    assert CoachLink.objects.count() == 0


# --- Each state of a code ------------------------------------------------------------------


@pytest.mark.django_db
def test_unknown_code_is_a_friendly_404(client):
    response = client.get(reverse("invite", args=["no-such-code"]))
    assert response.status_code == 404
    assert "We cannot find this invite" in response.content.decode()


@pytest.mark.django_db
def test_used_code_has_its_own_page(logged_in, invite, other_client_user):
    invites.accept_invite(invite, other_client_user)
    response = logged_in.get(reverse("invite", args=[invite.code]))
    assert response.status_code == 410
    assert "This invite has already been used" in response.content.decode()


@pytest.mark.django_db
def test_the_person_who_used_it_is_told_they_are_linked(logged_in, invite, client_user):
    invites.accept_invite(invite, client_user)
    response = logged_in.get(reverse("invite", args=[invite.code]))
    assert response.status_code == 200
    assert "You are linked with Cora Coach" in response.content.decode()


@pytest.mark.django_db
def test_expired_code_has_its_own_page(client, invite):
    with time_machine.travel(NOW + timedelta(days=15), tick=False):
        response = client.get(reverse("invite", args=[invite.code]))
    assert response.status_code == 410
    assert "This invite has expired" in response.content.decode()


@pytest.mark.django_db
def test_expired_code_cannot_be_accepted(logged_in, client_user, invite):
    Invite.objects.filter(pk=invite.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    response = logged_in.post(reverse("invite_accept", args=[invite.code]))
    assert response.status_code == 410
    assert not CoachLink.objects.filter(client=client_user).exists()


@pytest.mark.django_db
def test_revoked_code_has_its_own_page(client, invite):
    Invite.objects.filter(pk=invite.pk).update(revoked_at=NOW)
    response = client.get(reverse("invite", args=[invite.code]))
    assert response.status_code == 410
    assert "This invite was withdrawn" in response.content.decode()


@pytest.mark.django_db
def test_declined_code_has_its_own_page(client, invite):
    Invite.objects.filter(pk=invite.pk).update(declined_at=NOW)
    response = client.get(reverse("invite", args=[invite.code]))
    assert response.status_code == 410
    assert "This invite was declined" in response.content.decode()


@pytest.mark.django_db
def test_single_use_a_second_client_cannot_accept(client_user, other_client_user, invite):
    invites.accept_invite(invite, client_user)
    with pytest.raises(coaching.CoachingError):
        invites.accept_invite(invite, other_client_user)
    assert not CoachLink.objects.filter(client=other_client_user).exists()


@pytest.mark.django_db
def test_single_use_is_checked_in_the_database_not_on_a_stale_row(
    client_user, other_client_user, invite
):
    stale = Invite.objects.get(pk=invite.pk)  # read before anyone used it
    invites.accept_invite(invite, client_user)
    with pytest.raises(coaching.CoachingError):
        invites.accept_invite(stale, other_client_user)
    assert CoachLink.objects.count() == 1


# --- Ending a link -------------------------------------------------------------------------


@pytest.mark.django_db
def test_client_ends_the_link_and_history_stays(logged_in, client_user, coach_user):
    link = CoachLink.objects.create(coach=coach_user, client=client_user)
    response = logged_in.post(reverse("client_end_link"))
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.ended_at is not None
    assert link.ended_by == client_user
    assert CoachLink.objects.filter(client=client_user).count() == 1


@pytest.mark.django_db
def test_client_end_link_refuses_get(logged_in, client_user, coach_user):
    link = CoachLink.objects.create(coach=coach_user, client=client_user)
    assert logged_in.get(reverse("client_end_link")).status_code == 405
    link.refresh_from_db()
    assert link.ended_at is None


@pytest.mark.django_db
def test_coach_ends_the_link(coach_logged_in, coach_user, client_user):
    link = CoachLink.objects.create(coach=coach_user, client=client_user)
    response = coach_logged_in.post(reverse("coach_end_link", args=[client_user.public_id]))
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.ended_by == coach_user
    assert (
        coach_logged_in.get(reverse("coach_client", args=[client_user.public_id])).status_code
        == 404
    )


@pytest.mark.django_db
def test_new_invite_after_the_link_ended_links_again(client_user, coach_user):
    link = CoachLink.objects.create(coach=coach_user, client=client_user)
    coaching.end_link(link, by=coach_user)
    invite = invites.create_invite(coach_user)
    invites.accept_invite(invite, client_user)
    assert CoachLink.objects.filter(client=client_user, ended_at__isnull=True).count() == 1
    invite.refresh_from_db()
    assert invite.state() == "used"


@pytest.mark.django_db
def test_only_a_coach_can_make_invites(client_user):
    with pytest.raises(coaching.CoachingError):
        invites.create_invite(client_user)


@pytest.mark.django_db
def test_accepting_from_the_same_coach_keeps_one_link(client_user, coach_user):
    CoachLink.objects.create(coach=coach_user, client=client_user)
    invites.accept_invite(invites.create_invite(coach_user), client_user)
    assert CoachLink.objects.filter(client=client_user).count() == 1


# --- Findings 5 and 6: one transaction for invite + mail; emailed invites bound to their address


@pytest.fixture
def emailed_invite(coach_user):
    return Invite.objects.create(coach=coach_user, email="walker@example.com")


@pytest.mark.django_db
def test_a_mail_server_that_is_down_does_not_stop_the_invite(
    coach_logged_in, coach_user, monkeypatch
):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    response = coach_logged_in.post(reverse("coach_invite_create"), {"email": "nina@example.com"})
    assert response.status_code == 302
    assert Invite.objects.filter(coach=coach_user).exists()
    send_queued_mail()
    # The worker keeps the mail for a later try instead of losing it.
    assert Notification.objects.get(kind="invite").status == "retry"


@pytest.mark.django_db
def test_a_coach_name_with_a_newline_cannot_reach_an_invite_mail(coach_user):
    coach_user.display_name = "Cora\nBcc: everyone@example.com"
    with pytest.raises(ValidationError):
        coach_user.full_clean()


@pytest.mark.django_db
def test_a_newline_in_a_coach_name_never_reaches_a_mail_header(coach_user):
    coach_user.display_name = "Cora\nCoach"  # as if written before names were checked
    invites.invite_and_mail(coach_user, "nina@example.com", lambda code: f"/invite/{code}/")
    send_queued_mail()
    (message,) = mail.outbox
    assert "\n" not in message.subject
    assert Notification.objects.get(kind="invite").status == "sent"


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["invite_accept", "invite_decline"])
def test_an_emailed_invite_cannot_be_answered_by_someone_else(
    action, client, emailed_invite, other_client_user
):
    login(client, other_client_user)
    assert client.get(reverse("invite", args=[emailed_invite.code])).status_code == 403
    response = client.post(reverse(action, args=[emailed_invite.code]))
    assert response.status_code == 403
    assert "sent to a different email address" in response.content.decode()
    emailed_invite.refresh_from_db()
    assert emailed_invite.state() == "open"
    assert not CoachLink.objects.filter(client=other_client_user).exists()


@pytest.mark.django_db
def test_an_emailed_invite_is_answered_by_its_address_in_any_case(client, coach_user):
    invite = Invite.objects.create(coach=coach_user, email="walker@example.com")
    person = make_user("Walker@Example.com")
    login(client, person)
    assert client.post(reverse("invite_accept", args=[invite.code])).status_code == 302
    assert CoachLink.objects.get(client=person, ended_at__isnull=True).coach == coach_user


@pytest.mark.django_db
def test_a_link_invite_stays_shareable(client, invite, other_client_user):
    login(client, other_client_user)
    assert client.post(reverse("invite_accept", args=[invite.code])).status_code == 302
    assert CoachLink.objects.filter(client=other_client_user, ended_at__isnull=True).exists()


@pytest.mark.django_db
def test_sign_up_from_an_emailed_invite_keeps_its_address(client, coach_user):
    invite = Invite.objects.create(coach=coach_user, email="nina@example.com")
    response = client.post(
        reverse("invite_signup", args=[invite.code]), {**SIGNUP, "email": "mallory@example.com"}
    )
    assert response["Location"] == reverse("signup_sent")
    assert User.objects.filter(email="nina@example.com").exists()
    assert not User.objects.filter(email="mallory@example.com").exists()
