import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.urls import reverse

from accounts.models import Consent, User
from accounts.models.privacy import HEALTH_CONSENT_VERSION
from tests.factories import PASSWORD, make_user
from tests.worker import send_queued_mail

SIGNUP = {
    "display_name": "Rosa Reyes",
    "email": "Rosa@Example.com",
    "time_zone": "Europe/Madrid",
    "role": "client",
    "password1": "a quiet walk in the park",
    "password2": "a quiet walk in the park",
    "accept_disclaimer": "on",
    "accept_health_data": "on",
}


def confirm_link(message) -> str:
    return re.search(r"http://testserver(/signup/confirm/\S+/)", message.body).group(1)


@pytest.mark.django_db
def test_signup_mails_a_link_that_switches_the_account_on_and_logs_in(client):
    response = client.post(reverse("signup"), SIGNUP)
    assert response["Location"] == reverse("signup_sent")
    user = User.objects.get()
    assert (user.email, user.time_zone, user.role) == (
        "rosa@example.com",
        "Europe/Madrid",
        "client",
    )
    assert not user.is_active and not user.email_confirmed
    assert "_auth_user_id" not in client.session
    assert mail.outbox == []  # queued for the worker, not sent in the request
    send_queued_mail()
    assert mail.outbox[0].to == ["rosa@example.com"]

    link = confirm_link(mail.outbox[0])
    assert client.get(link).status_code == 200
    assert User.objects.get().is_active is False  # opening the link (a mail scanner) is not enough
    response = client.post(link)
    assert response["Location"] == reverse("questionnaire")
    user.refresh_from_db()
    assert user.is_active and user.email_confirmed
    assert int(client.session["_auth_user_id"]) == user.pk


@pytest.mark.django_db
def test_signup_records_consent_to_health_data_with_its_date_and_version(client):
    client.post(reverse("signup"), SIGNUP)
    consent = Consent.objects.get()
    assert consent.user == User.objects.get()
    assert consent.kind == "health_data"
    assert consent.version == HEALTH_CONSENT_VERSION
    assert consent.given_at is not None


@pytest.mark.django_db
def test_signup_without_consent_to_health_data_makes_nothing(client):
    response = client.post(reverse("signup"), {**SIGNUP, "accept_health_data": ""})
    assert "the plan cannot work without it" in response.content.decode()
    assert User.objects.count() == 0 and Consent.objects.count() == 0


@pytest.mark.django_db
def test_signup_as_coach(client):
    client.post(reverse("signup"), {**SIGNUP, "role": "coach"})
    assert User.objects.get().is_coach
    send_queued_mail()
    response = client.post(confirm_link(mail.outbox[0]))
    assert response["Location"] == reverse("coach_dashboard")


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
def test_signup_does_not_tell_whether_an_email_has_an_account(client):
    """Finding 8: the same answer for a taken address; its owner is mailed instead."""
    new = client.post(reverse("signup"), {**SIGNUP, "email": "new@example.com"})
    owner = make_user("rosa@example.com", "Rosa Original")
    taken = client.post(reverse("signup"), {**SIGNUP, "email": "ROSA@example.com"})
    assert (taken.status_code, taken["Location"]) == (new.status_code, new["Location"])
    page = client.get(taken["Location"]).content.decode()
    assert "Check your email" in page and "already" not in page
    send_queued_mail()
    assert "You already have a backward-walk account" in mail.outbox[-1].subject
    assert mail.outbox[-1].to == ["rosa@example.com"]
    owner.refresh_from_db()
    assert owner.display_name == "Rosa Original" and owner.check_password(PASSWORD)
    assert User.objects.count() == 2


@pytest.mark.django_db
def test_a_bad_confirmation_link_says_so(client):
    response = client.post(reverse("signup_confirm", args=["not-a-token"]))
    assert response.status_code == 400
    assert "does not work any more" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["Rosa\nBcc: x@example.com", "Rosa\rReyes", "Tab\there", "A\x1bB"])
def test_names_with_control_characters_are_refused(client, logged_in, client_user, name):
    """Finding 5: a newline in a name broke the invite mail's subject."""
    response = client.post(reverse("account"), {"display_name": name, "time_zone": "UTC"})
    assert "no line breaks or tabs" in response.content.decode()
    client_user.refresh_from_db()
    assert client_user.display_name == "Wendy Walker"


@pytest.mark.django_db
def test_signup_refuses_a_name_with_a_newline(client):
    response = client.post(reverse("signup"), {**SIGNUP, "display_name": "Rosa\nReyes"})
    assert "no line breaks or tabs" in response.content.decode()
    assert User.objects.count() == 0


@pytest.mark.django_db
def test_signed_in_login_page_with_next_login_goes_home_not_a_500(logged_in):
    response = logged_in.get(reverse("login") + "?next=/login/")
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


@pytest.mark.django_db
@pytest.mark.parametrize(("length", "ok"), [(128, True), (129, False)])
def test_passwords_have_a_maximum_length(logged_in, client_user, length, ok):
    new = "walk " * (length // 5) + "x" * (length % 5)
    assert len(new) == length
    response = logged_in.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    client_user.refresh_from_db()
    assert client_user.check_password(new) is ok
    if not ok:
        assert "at most 128 characters" in response.content.decode()


@pytest.mark.django_db
def test_lock_out_page_states_the_configured_minutes(client, settings):
    settings.AXES_COOLOFF_TIME = timedelta(minutes=40)
    make_user("lee@example.com")
    for _ in range(5):
        client.post(reverse("login"), {"username": "lee@example.com", "password": "wrong"})
    page = client.post(reverse("login"), {"username": "lee@example.com", "password": "x"})
    assert "paused for 40 minutes" in page.content.decode()


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
def test_account_details_change_but_not_the_email(logged_in, client_user):
    response = logged_in.post(
        reverse("account"),
        {
            "display_name": "Wendy W.",
            "email": "wendy@example.com",
            "time_zone": "Pacific/Auckland",
            "speed_unit": "kmh",
        },
    )
    assert response.status_code == 302
    client_user.refresh_from_db()
    assert (client_user.display_name, client_user.time_zone) == ("Wendy W.", "Pacific/Auckland")
    assert client_user.email == "walker@example.com"


@pytest.mark.django_db
def test_changing_the_email_needs_the_current_password(logged_in, client_user):
    response = logged_in.post(
        reverse("email_change"), {"new_email": "wendy@example.com", "current_password": "nope"}
    )
    assert response.status_code == 400
    assert "not your current password" in response.content.decode()
    client_user.refresh_from_db()
    assert client_user.email == "walker@example.com"
    send_queued_mail()
    assert mail.outbox == []


@pytest.mark.django_db
def test_changing_the_email_applies_only_when_the_new_address_confirms(logged_in, client_user):
    response = logged_in.post(
        reverse("email_change"), {"new_email": "Wendy@Example.com", "current_password": PASSWORD}
    )
    assert response.status_code == 302
    client_user.refresh_from_db()
    assert client_user.email == "walker@example.com"
    assert mail.outbox == []  # queued for the worker, not sent in the request
    send_queued_mail()
    to_old, to_new = mail.outbox
    assert to_old.to == ["walker@example.com"] and "about to change" in to_old.subject
    assert to_new.to == ["wendy@example.com"]
    link = re.search(r"http://testserver(/account/email/confirm/\S+/)", to_new.body).group(1)
    logged_in.get(link)
    client_user.refresh_from_db()
    assert client_user.email == "walker@example.com"  # a GET changes nothing
    assert logged_in.post(link).status_code == 302
    client_user.refresh_from_db()
    assert client_user.email == "wendy@example.com"
    assert logged_in.post(link).status_code == 400  # used once: the old address moved on


@pytest.mark.django_db
def test_account_bad_time_zone_changes_nothing(logged_in, client_user):
    response = logged_in.post(
        reverse("account"), {"display_name": "Changed", "time_zone": "Nowhere"}
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
    assert mail.outbox == []  # queued for the worker, not sent in the request
    send_queued_mail()
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/password-reset/\S+/)", mail.outbox[0].body).group(1)

    response = client.get(link, follow=True)  # Django swaps the token into the session
    assert "Choose a new password" in response.content.decode()
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
