"""Issue 25, point 1: every new account proves its address.

An open invite ("Make a link") let anyone make an active account for any address, linked with
the inviting coach, with no mail to that address. Now a sign-up from an invite waits for its
mailed link like /signup/ does, the invite is accepted when the link is opened, the invite form
answers every address the same and counts against the sign-up limits, and addresses are
normalised on every form where one is typed.
"""

import re
from datetime import UTC, datetime

import pytest
import time_machine
from axes.models import AccessAttempt
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from coaching.models import CoachLink, Invite
from notifications import limits
from tests.factories import PASSWORD, make_user
from tests.worker import send_queued_mail

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
ATTACKER_PASSWORD = "mallory walks backward too"  # noqa: S105
OWNER_PASSWORD = "a quiet walk in the park"  # noqa: S105

SIGNUP = {
    "display_name": "Nina New",
    "email": "nina@example.com",
    "time_zone": "Europe/London",
    "password1": OWNER_PASSWORD,
    "password2": OWNER_PASSWORD,
    "accept_disclaimer": "on",
    "accept_health_data": "on",
}
FULL_WIDTH = "ｎｉｎａ＠ｅｘａｍｐｌｅ．ｃｏｍ"  # nina@example.com in full-width letters
HIDDEN = [
    "nina@exa\u200bmple.com",  # zero-width space
    "nina@example.com\u200d",  # zero-width joiner
    "\ufeffnina@example.com",  # byte-order mark
    "ni\u2060na@example.com",  # word joiner
    "nina@exam\u00adple.com",  # soft hyphen
    "nina@\u202eexample.com",  # right-to-left override
]
HIDDEN_MESSAGE = "has a hidden character in it"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def open_invite(coach_user):
    """The default "Make a link": an invite with no email, for whoever has the link."""
    return Invite.objects.create(coach=coach_user)


def sent_mail() -> list:
    """Mail sent so far, the queued ones included (the worker's batch, as tests/worker.py)."""
    send_queued_mail()
    return mail.outbox


def confirm_link(message) -> str:
    return re.search(r"http://testserver(/signup/confirm/\S+/)", message.body).group(1)


def mails_to(address: str) -> list:
    return [message for message in sent_mail() if message.to == [address]]


def invite_signup(client, invite, **change):
    return client.post(reverse("invite_signup", args=[invite.code]), {**SIGNUP, **change})


def log_in(client, email, password):
    return client.post(reverse("login"), {"username": email, "password": password})


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


# --- The takeover chain ----------------------------------------------------------------------


@pytest.mark.django_db
def test_an_open_invite_no_longer_makes_an_account_in_someone_elses_name(
    open_invite, coach_user, coach_logged_in
):
    """Issue 25 (high): Mallory signs up from an open invite with Nina's address. Nothing is
    switched on, nothing is linked, Mallory reaches nothing; Nina later signs up normally and
    the account is hers alone."""
    mallory = Client()
    mallorys = {"display_name": "Nina", "password1": ATTACKER_PASSWORD}
    response = invite_signup(mallory, open_invite, **mallorys, password2=ATTACKER_PASSWORD)
    assert response["Location"] == reverse("signup_sent")
    waiting = User.objects.get(email="nina@example.com")
    assert not waiting.is_active and not waiting.email_confirmed
    assert not CoachLink.objects.exists()
    open_invite.refresh_from_db()
    assert open_invite.state() == "open"

    # Mallory reaches nothing: not logged in, and the password she chose does not log in.
    assert not logged_in(mallory)
    for page in ("today", "account", "questionnaire"):
        assert mallory.get(reverse(page))["Location"].startswith(reverse("login"))
    log_in(mallory, "nina@example.com", ATTACKER_PASSWORD)
    assert not logged_in(mallory)
    # The coach sees no such client.
    assert "Nina" not in coach_logged_in.get(reverse("coach_dashboard")).content.decode()
    their_page = coach_logged_in.get(reverse("coach_client", args=[waiting.public_id]))
    assert their_page.status_code == 404

    # The link went to Nina's mailbox only, saying who would be linked.
    (to_nina,) = mails_to("nina@example.com")
    assert "links you with Cora Coach" in to_nina.body
    assert "If you did not sign up, you can ignore this email" in to_nina.body
    mallorys_link = confirm_link(to_nina)

    # Nina signs up on her own, later: her details win and the earlier link stops working.
    nina = Client()
    response = nina.post(reverse("signup"), {**SIGNUP, "role": "client"})
    assert response["Location"] == reverse("signup_sent")
    assert nina.post(mallorys_link).status_code == 400
    assert not User.objects.get(email="nina@example.com").is_active
    response = nina.post(confirm_link(mails_to("nina@example.com")[-1]))
    assert response["Location"] == reverse("questionnaire")

    owner = User.objects.get(email="nina@example.com")
    assert owner.is_active and owner.email_confirmed
    assert owner.check_password(OWNER_PASSWORD) and not owner.check_password(ATTACKER_PASSWORD)
    assert owner.display_name == "Nina New"
    assert not CoachLink.objects.exists()  # the invite Mallory used is not Nina's choice
    open_invite.refresh_from_db()
    assert open_invite.state() == "open"
    log_in(mallory, "nina@example.com", ATTACKER_PASSWORD)
    assert not logged_in(mallory)


@pytest.mark.django_db
def test_a_sign_up_link_opened_after_someone_signed_up_again_changes_nothing(open_invite):
    """Issue 25: Nina signs up, then Mallory signs up with her address from an invite; the
    link Nina opens next (her own, older one) must not switch on Mallory's password and
    invite. Only the newest link works."""
    Client().post(reverse("signup"), {**SIGNUP, "role": "client"})
    ninas_link = confirm_link(mails_to("nina@example.com")[-1])
    invite_signup(Client(), open_invite, password1=ATTACKER_PASSWORD, password2=ATTACKER_PASSWORD)
    response = Client().post(ninas_link)
    assert response.status_code == 400
    assert "replaced by a newer one" in response.content.decode()
    assert not User.objects.get(email="nina@example.com").is_active
    assert not CoachLink.objects.exists()


# --- The invite is accepted when the link is opened -------------------------------------------


@pytest.mark.way_in("accounts.views.account.signup_confirm")
@pytest.mark.django_db
def test_opening_the_mailed_link_accepts_the_invite_signed_up_from(client, open_invite, coach_user):
    """Issue 25: the invite is accepted (through services.invites.accept_invite) when the
    sign-up link is opened, and the person is told."""
    invite_signup(client, open_invite)
    link = confirm_link(mails_to("nina@example.com")[-1])
    assert client.get(link).status_code == 200  # a mail scanner's GET does nothing
    assert not CoachLink.objects.exists()
    response = client.post(link, follow=True)
    assert response.redirect_chain[0][0] == reverse("questionnaire")
    assert "You are now linked with Cora Coach" in response.content.decode()
    nina = User.objects.get(email="nina@example.com")
    assert nina.is_active and nina.email_confirmed and nina.signup_invite is None
    assert CoachLink.objects.get(client=nina, ended_at__isnull=True).coach == coach_user
    open_invite.refresh_from_db()
    assert open_invite.accepted_by == nina

    # Opening the link again makes no second link and no error.
    client.post(reverse("logout"))
    assert client.post(link)["Location"] == reverse("questionnaire")
    assert CoachLink.objects.count() == 1


@pytest.mark.way_in("accounts.views.account.signup_confirm")
@pytest.mark.django_db
def test_an_invite_revoked_before_the_link_is_opened_leaves_a_ready_unlinked_account(
    open_invite, coach_logged_in
):
    client = Client()
    invite_signup(client, open_invite)
    coach_logged_in.post(reverse("coach_invite_revoke", args=[open_invite.code]))
    response = client.post(confirm_link(mails_to("nina@example.com")[-1]), follow=True)
    assert "the invite from Cora Coach can no longer be used" in response.content.decode()
    assert User.objects.get(email="nina@example.com").is_active
    assert not CoachLink.objects.exists()


@pytest.mark.django_db
def test_an_emailed_invite_also_waits_for_the_mailed_link(client, coach_user):
    """Issue 25: decided to confirm every address the same way, emailed invites too: the
    invite's link can be forwarded, and one path keeps the same answer and limits for all."""
    invite = Invite.objects.create(coach=coach_user, email="nina@example.com")
    response = invite_signup(client, invite, email="mallory@example.com")
    assert response["Location"] == reverse("signup_sent")
    nina = User.objects.get(email="nina@example.com")  # the invite's address, not the typed one
    assert not nina.is_active and not CoachLink.objects.exists()
    client.post(confirm_link(mails_to("nina@example.com")[-1]))
    assert CoachLink.objects.get(client=nina).coach == coach_user


@pytest.mark.django_db
def test_a_coach_role_sign_up_waiting_for_its_link_becomes_a_client_through_an_invite(
    client, open_invite
):
    Client().post(reverse("signup"), {**SIGNUP, "role": "coach"})
    invite_signup(client, open_invite)
    client.post(confirm_link(mails_to("nina@example.com")[-1]))
    assert User.objects.get(email="nina@example.com").role == "client"
    assert CoachLink.objects.count() == 1


# --- The invite form answers every address the same -------------------------------------------


@pytest.mark.django_db
def test_the_invite_form_answers_the_same_for_a_known_address(open_invite, coach_user):
    """Issue 25: the form said "There is already an account with this email"; now a known
    address gets the same page, and its owner a "you already have an account" mail that
    leads back to the invite after logging in."""
    new = invite_signup(Client(), open_invite, email="new@example.com")
    owner = make_user("nina@example.com", "Nina Original")
    known = invite_signup(
        Client(), Invite.objects.create(coach=coach_user), email="NINA@example.com"
    )
    assert (known.status_code, known["Location"]) == (new.status_code, new["Location"])
    page = Client().get(known["Location"]).content.decode()
    assert "Check your email" in page and "already" not in page
    (to_owner,) = mails_to("nina@example.com")
    assert to_owner.subject == "You already have a backward-walk account"
    assert "/login/?next=%2Finvite%2F" in to_owner.body
    owner.refresh_from_db()
    assert owner.display_name == "Nina Original" and owner.check_password(PASSWORD)
    assert not CoachLink.objects.filter(client=owner).exists()


@pytest.mark.django_db
def test_the_invite_form_counts_against_the_sign_up_limit_per_email(open_invite):
    make_user("nina@example.com")  # known or not, the count is the same
    for n in range(limits.SIGNUP_PER_EMAIL.per_day):
        client = Client(REMOTE_ADDR=f"198.51.100.{n}")
        assert invite_signup(client, open_invite).status_code == 302
    past = invite_signup(Client(REMOTE_ADDR="198.51.100.99"), open_invite)
    assert past.status_code == 429
    assert "several emails to this address today" in past.content.decode()
    assert len(mails_to("nina@example.com")) == limits.SIGNUP_PER_EMAIL.per_day


@pytest.mark.django_db
def test_the_invite_form_counts_against_the_sign_up_limit_per_connection(open_invite):
    client = Client(REMOTE_ADDR="203.0.113.5")
    for n in range(limits.SIGNUP_PER_ADDRESS.per_day):
        assert invite_signup(client, open_invite, email=f"p{n}@example.com").status_code == 302
    past = invite_signup(client, open_invite, email="late@example.com")
    assert past.status_code == 429
    assert "Too many accounts were started from this connection" in past.content.decode()
    assert not User.objects.filter(email="late@example.com").exists()


@pytest.mark.django_db
def test_sign_up_and_invite_sign_up_share_one_count(open_invite):
    client = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(limits.SIGNUP_PER_ADDRESS.per_day):
        client.post(reverse("signup"), {**SIGNUP, "role": "client", "email": f"p{n}@example.com"})
    assert invite_signup(client, open_invite, email="late@example.com").status_code == 429


# --- Addresses are normalised on every form ----------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("typed", HIDDEN)
def test_hidden_characters_are_refused_on_sign_up_and_invite_sign_up(client, open_invite, typed):
    for response in (
        client.post(reverse("signup"), {**SIGNUP, "role": "client", "email": typed}),
        invite_signup(client, open_invite, email=typed),
    ):
        assert response.status_code == 200
        assert HIDDEN_MESSAGE in " ".join(response.context["form"].errors["email"])
    assert User.objects.count() == 1  # the coach
    assert sent_mail() == []


@pytest.mark.django_db
def test_full_width_letters_are_the_plain_address_on_sign_up_and_invite_sign_up(open_invite):
    Client().post(reverse("signup"), {**SIGNUP, "role": "client", "email": FULL_WIDTH})
    assert User.objects.filter(email="nina@example.com").exists()
    User.objects.filter(email="nina@example.com").delete()
    invite_signup(Client(), open_invite, email=FULL_WIDTH.upper())
    assert User.objects.get(email="nina@example.com").signup_invite == open_invite


@pytest.mark.django_db
def test_a_full_width_sign_up_of_a_known_address_is_told_it_has_an_account(open_invite):
    make_user("nina@example.com")
    invite_signup(Client(), open_invite, email=FULL_WIDTH)
    assert User.objects.filter(email__iexact="nina@example.com").count() == 1
    assert mails_to("nina@example.com")[-1].subject == "You already have a backward-walk account"


@pytest.mark.django_db
@pytest.mark.parametrize("typed", HIDDEN[:2])
def test_hidden_characters_are_refused_on_login_and_password_reset(client, typed):
    make_user("nina@example.com")
    response = log_in(client, typed, PASSWORD)
    assert HIDDEN_MESSAGE in response.content.decode()
    assert not logged_in(client)
    assert not AccessAttempt.objects.exists()  # refused before any password check
    response = client.post(reverse("password_reset"), {"email": typed})
    assert HIDDEN_MESSAGE in response.content.decode()
    assert sent_mail() == []


@pytest.mark.django_db
def test_full_width_letters_log_in_and_reset_the_plain_address(client):
    make_user("nina@example.com")
    assert log_in(client, FULL_WIDTH, PASSWORD).status_code == 302
    assert logged_in(client)
    client.post(reverse("logout"))
    client.post(reverse("password_reset"), {"email": FULL_WIDTH})
    assert len(mails_to("nina@example.com")) == 1


@pytest.mark.django_db
def test_full_width_letters_give_no_extra_login_guesses(client):
    make_user("nina@example.com")
    for typed in (FULL_WIDTH, FULL_WIDTH.upper(), "nina@example.com", FULL_WIDTH, FULL_WIDTH):
        log_in(client, typed, "wrong")
    assert log_in(client, "nina@example.com", PASSWORD).status_code == 429


@pytest.mark.django_db
def test_hidden_and_full_width_addresses_on_the_email_change_form(logged_in, client_user):
    response = logged_in.post(
        reverse("email_change"), {"new_email": HIDDEN[0], "current_password": PASSWORD}
    )
    assert response.status_code == 400
    assert HIDDEN_MESSAGE in response.content.decode()
    response = logged_in.post(
        reverse("email_change"), {"new_email": FULL_WIDTH, "current_password": PASSWORD}
    )
    assert response.status_code == 302
    assert mails_to("nina@example.com")  # the confirming link, to the plain address
    full_width_own = "ｗａｌｋｅｒ＠ｅｘａｍｐｌｅ．ｃｏｍ"
    response = logged_in.post(
        reverse("email_change"), {"new_email": full_width_own, "current_password": PASSWORD}
    )
    assert "already your email address" in response.content.decode()


@pytest.mark.django_db
def test_hidden_and_full_width_addresses_on_the_coach_invite_form(coach_logged_in):
    response = coach_logged_in.post(reverse("coach_invite_create"), {"email": HIDDEN[0]})
    assert response.status_code == 400
    assert HIDDEN_MESSAGE in response.content.decode()
    assert not Invite.objects.exists()
    coach_logged_in.post(reverse("coach_invite_create"), {"email": FULL_WIDTH})
    assert Invite.objects.get().email == "nina@example.com"


@pytest.mark.django_db
def test_an_address_longer_than_the_column_is_a_form_message_not_an_error(client):
    long = "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".org"
    response = client.post(reverse("signup"), {**SIGNUP, "role": "client", "email": long})
    assert response.status_code == 200
    assert "at most 254 characters" in " ".join(response.context["form"].errors["email"])


# --- Logging in before confirming --------------------------------------------------------------


@pytest.fixture
def waiting(open_invite):
    """Nina signed up from the invite and has not opened the mailed link yet."""
    invite_signup(Client(), open_invite)
    return User.objects.get(email="nina@example.com")


@pytest.mark.django_db
def test_logging_in_before_confirming_says_so_and_counts_no_failure(client, waiting):
    """Issue 25, point 5: not "email and password do not match" (with five tries before the
    lock-out), but a plain message and a button to get the link again."""
    for _ in range(6):  # more than the lock-out's five: the right password never counts
        response = log_in(client, "Nina@Example.com", OWNER_PASSWORD)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Please confirm your email first: we sent a link to nina@example.com" in page
    assert "do not match" not in page
    assert "Send the link again" in page
    assert not logged_in(client)
    assert not AccessAttempt.objects.filter(failures_since_start__gt=0).exists()


@pytest.mark.django_db
def test_a_wrong_password_for_a_waiting_sign_up_reads_and_counts_like_any_other(client, waiting):
    """Nothing about an address is told to someone without its password."""
    unknown = log_in(client, "nobody@example.com", "wrong").content.decode()
    wrong = log_in(client, "nina@example.com", "wrong").content.decode()
    for page in (unknown, wrong):
        assert "do not match an account" in page
        assert "confirm your email" not in page and "Send the link again" not in page
    assert AccessAttempt.objects.get(username="nina@example.com").failures_since_start == 1


@pytest.mark.django_db
def test_the_lock_out_holds_for_a_waiting_sign_up_even_with_the_right_password(client, waiting):
    for _ in range(5):
        log_in(client, "nina@example.com", "wrong")
    response = log_in(client, "nina@example.com", OWNER_PASSWORD)
    assert response.status_code == 429
    assert "confirm your email" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "made",
    [
        {"email_confirmed": True},  # every account from before issue 25
        {"email_confirmed": False, "last_login": NOW},  # made by staff, used, then switched off
    ],
)
def test_an_account_switched_off_by_staff_is_neither_told_to_confirm_nor_replaced(client, made):
    make_user("nina@example.com", "Nina Original", is_active=False, **made)
    page = log_in(client, "nina@example.com", PASSWORD).content.decode()
    assert "do not match an account" in page and "confirm your email" not in page
    client.post(reverse("signup"), {**SIGNUP, "role": "client"})
    assert mails_to("nina@example.com")[-1].subject == "You already have a backward-walk account"
    kept = User.objects.get(email="nina@example.com")
    assert kept.display_name == "Nina Original" and not kept.is_active


def resend_token(response) -> str:
    return re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)


@pytest.mark.django_db
def test_send_the_link_again_mails_a_working_link_and_keeps_the_invite(client, waiting, coach_user):
    token = resend_token(log_in(client, "nina@example.com", OWNER_PASSWORD))
    response = client.post(reverse("signup_resend"), {"token": token})
    assert response["Location"] == reverse("signup_sent")
    assert "nina@example.com" in client.get(response["Location"]).content.decode()
    first, again = mails_to("nina@example.com")
    assert again.subject == first.subject and "links you with Cora Coach" in again.body
    client.post(confirm_link(again))
    assert logged_in(client)
    assert CoachLink.objects.get(client=waiting).coach == coach_user


@pytest.mark.django_db
def test_send_the_link_again_is_rate_limited_with_the_sign_up_limits(client, waiting):
    token = resend_token(log_in(client, "nina@example.com", OWNER_PASSWORD))
    for _ in range(limits.SIGNUP_PER_EMAIL.per_day - 1):  # the sign-up itself was one
        assert client.post(reverse("signup_resend"), {"token": token}).status_code == 302
    past = client.post(reverse("signup_resend"), {"token": token})
    assert past.status_code == 429
    assert "several emails to this address today" in past.content.decode()
    assert len(mails_to("nina@example.com")) == limits.SIGNUP_PER_EMAIL.per_day


@pytest.mark.django_db
@pytest.mark.parametrize("token", ["", "not-a-token"])
def test_send_the_link_again_needs_the_button_from_a_right_password(client, waiting, token):
    response = client.post(reverse("signup_resend"), {"token": token})
    assert response.status_code == 400
    assert "log in again" in response.content.decode()
    assert len(mails_to("nina@example.com")) == 1


@pytest.mark.django_db
def test_send_the_link_again_refuses_get(client):
    assert client.get(reverse("signup_resend")).status_code == 405


@pytest.mark.django_db
def test_send_the_link_again_after_confirming_sends_nothing(client, waiting):
    token = resend_token(log_in(client, "nina@example.com", OWNER_PASSWORD))
    client.post(confirm_link(mails_to("nina@example.com")[-1]))
    response = client.post(reverse("signup_resend"), {"token": token})
    assert response.status_code == 400
    assert "already confirmed" in response.content.decode()
    assert len(mails_to("nina@example.com")) == 1


# --- The default ---------------------------------------------------------------------------------


def test_a_new_account_is_unconfirmed_unless_a_mailed_link_was_opened():
    """Issue 25: email_confirmed defaults to False (migration 0024 keeps existing accounts)."""
    assert User().email_confirmed is False
