import re

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.urls import reverse

from plans.models import User
from tests.factories import PASSWORD, make_user

SIGNUP = {
    "display_name": "Rosa Reyes",
    "email": "Rosa@Example.com",
    "time_zone": "Europe/Madrid",
    "role": "client",
    "password1": "a quiet walk in the park",
    "password2": "a quiet walk in the park",
    "accept_disclaimer": "on",
}


@pytest.mark.django_db
def test_signup_creates_a_client_logs_them_in_and_lowercases_the_email(client):
    response = client.post(reverse("signup"), SIGNUP)
    assert response.status_code == 302
    user = User.objects.get()
    assert user.email == "rosa@example.com"
    assert user.time_zone == "Europe/Madrid"
    assert user.role == "client"
    assert not user.is_coach
    assert int(client.session["_auth_user_id"]) == user.pk


@pytest.mark.django_db
def test_signup_as_coach(client):
    client.post(reverse("signup"), {**SIGNUP, "role": "coach"})
    assert User.objects.get().is_coach


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"password2": "something else entirely"}, "password2", "not the same"),
        ({"accept_disclaimer": ""}, "accept_disclaimer", "tick this box"),
        ({"email": "not-an-email"}, "email", "valid email"),
        ({"time_zone": "Mars/Olympus"}, "time_zone", "valid choice"),
        ({"password1": "123", "password2": "123"}, "password1", "too short"),
        ({"display_name": ""}, "display_name", "required"),
    ],
)
def test_signup_bad_input_shows_a_message_and_creates_nothing(client, change, field, message):
    response = client.post(reverse("signup"), {**SIGNUP, **change})
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors[field])
    assert message in errors
    assert User.objects.count() == 0
    assert "Please check the form" in response.content.decode()


@pytest.mark.django_db
def test_signup_with_a_taken_email_in_any_case_is_refused(client):
    make_user("rosa@example.com")
    response = client.post(reverse("signup"), {**SIGNUP, "email": "ROSA@example.com"})
    assert response.status_code == 200
    assert "already an account" in " ".join(response.context["form"].errors["email"])
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_login_with_email_in_any_case_then_logout(client):
    user = make_user("lee@example.com")
    response = client.post(reverse("login"), {"username": "LEE@example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_logout_by_get_is_refused(logged_in):
    assert logged_in.get(reverse("logout")).status_code == 405
    assert "_auth_user_id" in logged_in.session


@pytest.mark.django_db
def test_wrong_password_gives_a_plain_message(client):
    make_user("lee@example.com")
    response = client.post(reverse("login"), {"username": "lee@example.com", "password": "nope"})
    assert response.status_code == 200
    assert "do not match an account" in response.content.decode()


@pytest.mark.django_db
def test_login_is_locked_after_five_wrong_passwords_even_with_the_right_one(client):
    make_user("lee@example.com")
    for _ in range(5):
        client.post(reverse("login"), {"username": "lee@example.com", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "lee@example.com", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many tries" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get().failures_since_start >= 5


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("account"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


@pytest.mark.django_db
def test_account_details_change(logged_in, client_user):
    response = logged_in.post(
        reverse("account"),
        {"display_name": "Wendy W.", "email": "wendy@example.com", "time_zone": "Pacific/Auckland"},
    )
    assert response.status_code == 302
    client_user.refresh_from_db()
    assert (client_user.display_name, client_user.time_zone) == ("Wendy W.", "Pacific/Auckland")


@pytest.mark.django_db
def test_account_bad_time_zone_changes_nothing(logged_in, client_user):
    response = logged_in.post(
        reverse("account"),
        {"display_name": "Changed", "email": "walker@example.com", "time_zone": "Nowhere"},
    )
    assert response.status_code == 200
    client_user.refresh_from_db()
    assert client_user.display_name == "Wendy Walker"


@pytest.mark.django_db
def test_password_change(logged_in, client_user):
    response = logged_in.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a new long password here",
            "new_password2": "a new long password here",
        },
    )
    assert response.status_code == 302
    client_user.refresh_from_db()
    assert client_user.check_password("a new long password here")


@pytest.mark.django_db
def test_password_reset_mail_link_works_once(client):
    user = make_user("lee@example.com")
    response = client.post(reverse("password_reset"), {"email": "lee@example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/password-reset/\S+/)", mail.outbox[0].body).group(1)

    response = client.get(link, follow=True)  # Django swaps the token into the session
    assert "Set a new password" in response.content.decode()
    form_url = response.redirect_chain[-1][0]
    new = "brand new password please"
    response = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)

    second = client.get(link, follow=True)
    assert "does not work any more" in second.content.decode()


@pytest.mark.django_db
def test_password_reset_for_unknown_email_sends_nothing_but_looks_the_same(client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert mail.outbox == []


@pytest.mark.django_db
def test_account_page_offers_start_again_to_clients_only(logged_in, client, coach_user):
    assert reverse("start_again") in logged_in.get(reverse("account")).content.decode()
    client.force_login(coach_user, backend="django.contrib.auth.backends.ModelBackend")
    assert reverse("start_again") not in client.get(reverse("account")).content.decode()
