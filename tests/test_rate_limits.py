"""Daily limits on everything that sends mail or creates accounts (finding 4): at the limit
it still works; one past it, a plain message and nothing sent or made."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from coaching.models import Invite
from notifications import limits
from tests.factories import make_user
from tests.worker import send_queued_mail

SIGNUP = {
    "display_name": "Rosa Reyes",
    "time_zone": "Europe/Madrid",
    "role": "client",
    "password1": "a quiet walk in the park",
    "password2": "a quiet walk in the park",
    "accept_disclaimer": "on",
    "accept_health_data": "on",
}


def from_address(ip: str) -> Client:
    return Client(REMOTE_ADDR=ip)


@pytest.mark.django_db
def test_signup_per_email_limit():
    per_day = limits.SIGNUP_PER_EMAIL.per_day
    for n in range(per_day):
        response = from_address(f"198.51.100.{n}").post(
            reverse("signup"), {**SIGNUP, "email": "rosa@example.com"}
        )
        assert response.status_code == 302
    send_queued_mail()
    assert len(mail.outbox) == per_day
    past = from_address("198.51.100.99").post(
        reverse("signup"), {**SIGNUP, "email": "rosa@example.com"}
    )
    assert past.status_code == 429
    assert (
        "several emails to this address today. Please try again tomorrow." in past.content.decode()
    )
    send_queued_mail()
    assert len(mail.outbox) == per_day


@pytest.mark.django_db
def test_signup_per_address_limit():
    client = from_address("203.0.113.5")
    per_day = limits.SIGNUP_PER_ADDRESS.per_day
    for n in range(per_day):
        response = client.post(reverse("signup"), {**SIGNUP, "email": f"p{n}@example.com"})
        assert response.status_code == 302
    past = client.post(reverse("signup"), {**SIGNUP, "email": "late@example.com"})
    assert past.status_code == 429
    assert "Too many accounts were started from this connection today" in past.content.decode()
    assert not User.objects.filter(email="late@example.com").exists()
    assert User.objects.count() == per_day


@pytest.mark.django_db
def test_password_reset_per_email_limit():
    make_user("lee@example.com")
    per_day = limits.RESET_PER_EMAIL.per_day
    for n in range(per_day):
        response = from_address(f"198.51.100.{n}").post(
            reverse("password_reset"), {"email": "lee@example.com"}
        )
        assert response.status_code == 302
    past = from_address("198.51.100.99").post(
        reverse("password_reset"), {"email": "LEE@example.com"}
    )
    assert past.status_code == 429
    assert "Please try again tomorrow." in past.content.decode()
    send_queued_mail()
    assert len(mail.outbox) == per_day


@pytest.mark.django_db
def test_password_reset_per_address_limit_counts_unknown_emails_too():
    client = from_address("203.0.113.5")
    per_day = limits.RESET_PER_ADDRESS.per_day
    for n in range(per_day):
        assert (
            client.post(reverse("password_reset"), {"email": f"n{n}@example.com"}).status_code
            == 302
        )
    past = client.post(reverse("password_reset"), {"email": "one-more@example.com"})
    assert past.status_code == 429
    assert "Too many password resets" in past.content.decode()


@pytest.mark.django_db
def test_invites_per_coach_limit(coach_logged_in, coach_user):
    per_day = limits.INVITES_PER_ACCOUNT.per_day
    for n in range(per_day):
        response = coach_logged_in.post(
            reverse("coach_invite_create"), {"email": f"c{n}@example.com"}
        )
        assert response.status_code == 302
    past = coach_logged_in.post(reverse("coach_invite_create"), {"email": "late@example.com"})
    assert past.status_code == 429
    assert "You have made 20 invites today. Please try again tomorrow." in past.content.decode()
    assert Invite.objects.filter(coach=coach_user).count() == per_day
    send_queued_mail()
    assert len(mail.outbox) == per_day


@pytest.mark.django_db
def test_invites_per_address_limit_across_coaches(client, coach_user, other_coach_user):
    per_day = limits.INVITES_PER_EMAIL.per_day
    coaches = [coach_user, other_coach_user]
    for n in range(per_day):
        client.force_login(coaches[n % 2], backend="django.contrib.auth.backends.ModelBackend")
        response = client.post(reverse("coach_invite_create"), {"email": "target@example.com"})
        assert response.status_code == 302
    past = client.post(reverse("coach_invite_create"), {"email": "Target@Example.com"})
    assert past.status_code == 429
    assert "This address has had 3 invites from us today." in past.content.decode()
    assert Invite.objects.filter(email="target@example.com").count() == per_day


@pytest.mark.django_db
def test_limits_start_again_the_next_day(time_machine):
    time_machine.move_to("2026-11-25 10:00Z", tick=False)
    for _ in range(limits.RESET_PER_EMAIL.per_day):
        limits.spend((limits.RESET_PER_EMAIL, "a@example.com"))
    with pytest.raises(limits.LimitReached):
        limits.spend((limits.RESET_PER_EMAIL, "a@example.com"))
    time_machine.move_to("2026-11-26 00:01Z", tick=False)
    limits.spend((limits.RESET_PER_EMAIL, "a@example.com"))


@pytest.mark.django_db
def test_the_counts_hold_no_address_in_the_clear():
    limits.spend((limits.RESET_PER_EMAIL, "private@example.com"))
    from accounts.models import SendCount

    assert "private" not in SendCount.objects.get().key
