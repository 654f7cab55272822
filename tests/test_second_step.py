"""The second step at log-in (issue 25, point 4): a code from an authenticator app (TOTP) or a
single-use recovery code after the password; required for coaches by COACH_2FA_REQUIRED; wrong
codes count towards the lock-out; only ever the person's own devices."""

from binascii import unhexlify
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import login_steps
from accounts.services import second_step
from tests.factories import PASSWORD
from tests.test_i18n import DATA, assert_marked, catalogues, pseudo  # noqa: F401 - fixtures
from tests.test_settings import PRODUCTION, run_manage

NOW = datetime(2026, 12, 2, 10, 0, 5, tzinfo=UTC)
STEP = timedelta(seconds=30)
LOGIN = reverse("login")
CODE_PAGE = reverse("second_step_login")


@pytest.fixture
def clock():
    """Frozen: a code is computed for the same moment the server checks it."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def app_code(secret: str) -> str:
    """What the authenticator app shows now for `secret`."""
    return f"{TOTP(unhexlify(secret)).token():06d}"


def next_app_code(clock, secret: str) -> str:
    """The app's code half a minute later (a code is accepted once only)."""
    clock.shift(STEP)
    return app_code(secret)


def turn_on(user) -> tuple[str, list[str]]:
    secret = second_step.new_secret()
    codes = second_step.turn_on(user, secret, app_code(secret))
    assert codes is not None
    return secret, codes


def log_in(client, email: str, password: str = PASSWORD):
    return client.post(LOGIN, {"username": email, "password": password})


def give_code(client, code: str, next_url: str = ""):
    url = CODE_PAGE + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"code": code})


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def code_given(client) -> bool:
    return client.session.get(login_steps.SESSION_KEY) == login_steps.DONE


@pytest.fixture
def coach_with_app(clock, coach_user):
    secret, codes = turn_on(coach_user)
    return coach_user, secret, codes


# --- Setting it up ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_set_up_page_shows_a_qr_code_and_the_key_as_text(logged_in, client_user):
    response = logged_in.get(reverse("second_step_setup"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'src="data:image/svg+xml' in html  # img-src data: is allowed by the CSP
    secret = logged_in.session["second_step_pending_secret"]
    assert second_step.secret_for_typing(secret) in html
    # The QR code holds the otpauth link with the site's name and the person's email.
    link = second_step.app_link(client_user, secret)
    assert link.startswith("otpauth://totp/backward-walk%3Awalker%40example.com?secret=")
    assert "issuer=backward-walk" in link
    assert not TOTPDevice.objects.exists()  # nothing saved before the app proves it has the key


@pytest.mark.django_db
def test_set_up_keeps_the_same_key_when_the_page_is_opened_again(logged_in):
    logged_in.get(reverse("second_step_setup"))
    first = logged_in.session["second_step_pending_secret"]
    logged_in.get(reverse("second_step_setup"))
    assert logged_in.session["second_step_pending_secret"] == first


@pytest.mark.django_db
def test_a_wrong_first_code_saves_nothing_and_says_so(clock, logged_in):
    logged_in.get(reverse("second_step_setup"))
    secret = logged_in.session["second_step_pending_secret"]
    wrong = f"{(int(app_code(secret)) + 1) % 1_000_000:06d}"
    response = logged_in.post(reverse("second_step_setup"), {"code": wrong})
    assert response.status_code == 400
    assert "That code did not match" in response.content.decode()
    assert not TOTPDevice.objects.exists()
    assert not StaticDevice.objects.exists()


@pytest.mark.django_db
def test_the_apps_code_turns_it_on_and_ten_recovery_codes_are_shown_once(
    clock, logged_in, client_user
):
    logged_in.get(reverse("second_step_setup"))
    secret = logged_in.session["second_step_pending_secret"]
    response = logged_in.post(reverse("second_step_setup"), {"code": app_code(secret)})
    assert response.status_code == 302
    assert response.url == reverse("second_step_codes")
    device = TOTPDevice.objects.get(user=client_user)
    assert device.confirmed and device.key == secret
    tokens = list(
        StaticToken.objects.filter(device__user=client_user).values_list("token", flat=True)
    )
    assert len(tokens) == second_step.RECOVERY_CODE_COUNT == 10
    assert len(set(tokens)) == 10
    assert code_given(logged_in)  # set up here: this session goes on without a code

    shown = logged_in.get(reverse("second_step_codes")).content.decode()
    for token in tokens:
        assert second_step.format_recovery_code(token) in shown
    again = logged_in.get(reverse("second_step_codes")).content.decode()
    for token in tokens:
        assert second_step.format_recovery_code(token) not in again
    assert "shown only once" in again
    assert "You have 10 unused codes left." in again


@pytest.mark.django_db
def test_set_up_when_it_is_on_already_goes_to_the_account_page(clock, logged_in, client_user):
    turn_on(client_user)
    response = logged_in.get(reverse("second_step_setup"))
    assert response.status_code == 302
    assert response.url == reverse("account")


@pytest.mark.django_db
def test_account_page_says_whether_it_is_on(clock, logged_in, client_user):
    off = logged_in.get(reverse("account")).content.decode()
    assert "Second step at log-in" in off
    assert reverse("second_step_setup") in off
    turn_on(client_user)
    on = logged_in.get(reverse("account")).content.decode()
    assert "You have 10 recovery codes left." in on
    assert reverse("second_step_turn_off") in on


# --- Logging in with a code ------------------------------------------------------------------


@pytest.mark.django_db
def test_the_password_leads_to_the_code_page_and_the_code_finishes_the_log_in(
    clock, client, coach_with_app
):
    coach, secret, _ = coach_with_app
    response = log_in(client, coach.email)
    assert response.status_code == 302
    page = client.get(response.url)  # the page the login sends to…
    assert page.status_code == 302
    assert page.url.startswith(CODE_PAGE)  # …waits for the code
    assert client.get(CODE_PAGE).status_code == 200
    response = give_code(client, next_app_code(clock, secret), next_url="/coach/")
    assert response.status_code == 302
    assert response.url == "/coach/"
    assert code_given(client)
    assert client.get(reverse("coach_dashboard")).status_code == 200


@pytest.mark.django_db
def test_the_code_step_renews_the_session_key(clock, client, coach_with_app):
    coach, secret, _ = coach_with_app
    log_in(client, coach.email)
    before = client.session.session_key
    give_code(client, next_app_code(clock, secret))
    assert client.session.session_key != before


@pytest.mark.parametrize(
    "name",
    ["home", "today", "plan", "account", "coach_dashboard", "account_export", "second_step_setup"],
)
@pytest.mark.django_db
def test_a_session_with_the_password_but_not_the_code_reaches_nothing(
    clock, client, coach_with_app, name
):
    coach, _, _ = coach_with_app
    log_in(client, coach.email)
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response.url == f"{CODE_PAGE}?next={reverse(name).replace('/', '%2F')}"


@pytest.mark.django_db
def test_a_post_without_the_code_changes_nothing(clock, client, coach_with_app):
    coach, _, _ = coach_with_app
    log_in(client, coach.email)
    response = client.post(
        reverse("account"),
        {"display_name": "Taken Over", "time_zone": "UTC", "speed_unit": "kmh"},
    )
    assert response.status_code == 302
    assert response.url == CODE_PAGE
    coach.refresh_from_db()
    assert coach.display_name == "Cora Coach"
    # Nor can it turn the second step off or see new recovery codes.
    client.post(reverse("second_step_turn_off"), {"code": "anything"})
    client.post(reverse("second_step_new_codes"), {"code": "anything"})
    assert TOTPDevice.objects.filter(user=coach).exists()
    assert StaticToken.objects.filter(device__user=coach).count() == 10


@pytest.mark.django_db
def test_log_out_is_reachable_from_the_code_page(clock, client, coach_with_app):
    coach, _, _ = coach_with_app
    log_in(client, coach.email)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert not signed_in(client)


@pytest.mark.django_db
def test_a_code_is_accepted_once(clock, coach_with_app):
    coach, secret, _ = coach_with_app
    code = next_app_code(clock, secret)
    first, second = Client(), Client()
    log_in(first, coach.email)
    assert give_code(first, code).status_code == 302
    log_in(second, coach.email)
    assert give_code(second, code).status_code == 400
    assert not code_given(second)


@pytest.mark.django_db
def test_an_account_without_a_second_step_logs_in_with_the_password_alone(client, client_user):
    response = log_in(client, client_user.email)
    assert response.status_code == 302
    assert client.get(reverse("account")).status_code == 200
    assert client.session[login_steps.SESSION_KEY] == login_steps.OFF


@pytest.mark.django_db
def test_a_session_from_before_the_second_step_existed_is_asked_for_the_code(
    clock, client, coach_with_app
):
    coach, _, _ = coach_with_app
    client.force_login(coach, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    del session[login_steps.SESSION_KEY]
    session.save()
    response = client.get(reverse("coach_dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(CODE_PAGE)


@pytest.mark.django_db
def test_next_never_leads_off_the_site(clock, client, coach_with_app):
    coach, secret, _ = coach_with_app
    log_in(client, coach.email)
    response = give_code(client, next_app_code(clock, secret), next_url="https://evil.example/")
    assert response.url == reverse("home")


@pytest.mark.django_db
def test_the_code_page_sends_a_finished_session_on(clock, logged_in):
    response = logged_in.get(CODE_PAGE)
    assert response.status_code == 302
    assert response.url == reverse("home")


# --- Recovery codes --------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_recovery_code_logs_in_once_and_is_then_refused(clock, coach_with_app):
    coach, _, codes = coach_with_app
    first = Client()
    log_in(first, coach.email)
    # Typed as shown ("abcd efgh"), in capitals: still the code.
    response = give_code(first, second_step.format_recovery_code(codes[0]).upper())
    assert response.status_code == 302
    assert code_given(first)
    warning = [str(m) for m in get_messages(response.wsgi_request)]
    assert warning == ["You used a recovery code. You have 9 left."]
    assert StaticToken.objects.filter(device__user=coach).count() == 9

    clock.shift(timedelta(minutes=1))
    second = Client()
    log_in(second, coach.email)
    response = give_code(second, codes[0])
    assert response.status_code == 400
    assert "That code did not work" in response.content.decode()
    assert not code_given(second)


@pytest.mark.django_db
def test_new_recovery_codes_need_a_code_and_replace_the_old_ones(clock, client, coach_with_app):
    coach, secret, old = coach_with_app
    log_in(client, coach.email)
    give_code(client, next_app_code(clock, secret))
    assert client.post(reverse("second_step_new_codes"), {"code": "123"}).status_code == 400
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(old)
    clock.shift(timedelta(minutes=1))
    response = client.post(reverse("second_step_new_codes"), {"code": app_code(secret)})
    assert response.url == reverse("second_step_codes")
    new = set(StaticToken.objects.values_list("token", flat=True))
    assert len(new) == 10
    assert not new & set(old)
    shown = client.get(reverse("second_step_codes")).content.decode()
    assert all(second_step.format_recovery_code(code) in shown for code in new)


# --- The lock-out ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_five_wrong_codes_lock_the_account_out(clock, client, coach_with_app):
    coach, secret, _ = coach_with_app
    log_in(client, coach.email)
    for _ in range(4):
        clock.shift(STEP)
        assert give_code(client, "000000").status_code == 400
    clock.shift(STEP)
    response = give_code(client, "000000")
    assert response.status_code == 429
    assert "Too many tries" in response.content.decode()
    assert not signed_in(client)  # the half-finished log-in is ended
    # Even the right password and code are refused for the cool-off time.
    assert log_in(client, coach.email).status_code == 429
    assert not signed_in(client)


@pytest.mark.django_db
def test_wrong_codes_add_up_with_wrong_passwords(clock, client, coach_with_app):
    coach, secret, _ = coach_with_app
    for _ in range(3):
        log_in(client, coach.email, "wrong password")
    assert log_in(client, coach.email).status_code == 302  # the right password…
    assert AccessAttempt.objects.get().failures_since_start == 3  # …does not clear the count
    clock.shift(STEP)
    assert give_code(client, "000000").status_code == 400
    clock.shift(STEP)
    assert give_code(client, "000000").status_code == 429  # the fifth wrong try


@pytest.mark.django_db
def test_the_right_code_clears_the_count(clock, client, coach_with_app):
    coach, secret, _ = coach_with_app
    log_in(client, coach.email)
    for _ in range(4):
        clock.shift(STEP)
        give_code(client, "000000")
    clock.shift(timedelta(minutes=1))  # django-otp also waits longer after each wrong code
    assert give_code(client, app_code(secret)).status_code == 302
    assert not AccessAttempt.objects.exists()


@pytest.mark.django_db
def test_without_a_second_step_the_right_password_still_clears_the_count(client, client_user):
    for _ in range(4):
        log_in(client, client_user.email, "wrong password")
    assert log_in(client, client_user.email).status_code == 302
    assert not AccessAttempt.objects.exists()


@pytest.mark.django_db
def test_the_code_typed_is_not_kept_in_the_lock_out_record(clock, client, coach_with_app):
    coach, _, _ = coach_with_app
    log_in(client, coach.email)
    give_code(client, "123456")
    assert "123456" not in AccessAttempt.objects.get().post_data


# --- Required for coaches --------------------------------------------------------------------


@pytest.mark.django_db
def test_required_a_coach_without_a_second_step_is_sent_to_set_it_up(settings, client, coach_user):
    settings.COACH_2FA_REQUIRED = True
    log_in(client, coach_user.email)
    for name in ("coach_dashboard", "coach_invites", "account", "home"):
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response.url.startswith(reverse("second_step_setup")), name
    page = client.get(reverse("second_step_setup"))
    assert page.status_code == 200
    assert "every coach logs in with a password and a code" in page.content.decode()
    assert "Not now" not in page.content.decode()  # no way round it


@pytest.mark.django_db
def test_required_a_coach_who_sets_it_up_reaches_the_coach_pages(
    settings, clock, client, coach_user
):
    settings.COACH_2FA_REQUIRED = True
    log_in(client, coach_user.email)
    client.get(reverse("second_step_setup"))
    secret = client.session["second_step_pending_secret"]
    client.post(reverse("second_step_setup"), {"code": app_code(secret)})
    assert client.get(reverse("second_step_codes")).status_code == 200
    assert client.get(reverse("coach_dashboard")).status_code == 200


@pytest.mark.django_db
def test_required_applies_to_coaches_only(settings, client, client_user):
    settings.COACH_2FA_REQUIRED = True
    log_in(client, client_user.email)
    assert client.get(reverse("account")).status_code == 200


@pytest.mark.django_db
def test_not_required_a_coach_without_a_second_step_goes_on(settings, coach_logged_in):
    settings.COACH_2FA_REQUIRED = False
    assert coach_logged_in.get(reverse("coach_dashboard")).status_code == 200


@pytest.mark.parametrize(
    ("env", "shown"),
    [
        ({}, "False"),  # development: coaches choose
        ({"COACH_2FA_REQUIRED": "1"}, "True"),
        ({**PRODUCTION}, "True"),  # production: required unless switched off
        ({**PRODUCTION, "COACH_2FA_REQUIRED": "0"}, "False"),
    ],
)
def test_coach_2fa_required_is_read_from_the_environment(env, shown):
    code = "from django.conf import settings; print(settings.COACH_2FA_REQUIRED)"
    result = run_manage("shell", "--no-imports", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == shown


def test_a_bad_coach_2fa_required_stops_start_up_naming_it():
    result = run_manage("check", env={"COACH_2FA_REQUIRED": "sometimes"})
    assert result.returncode != 0
    assert "COACH_2FA_REQUIRED" in result.stderr


# --- Turning it off --------------------------------------------------------------------------


@pytest.mark.django_db
def test_turning_it_off_asks_for_a_current_code(clock, client, coach_with_app):
    coach, secret, _ = coach_with_app
    log_in(client, coach.email)
    give_code(client, next_app_code(clock, secret))
    assert client.get(reverse("second_step_turn_off")).status_code == 200

    clock.shift(STEP)
    response = client.post(reverse("second_step_turn_off"), {"code": "000000"})
    assert response.status_code == 400
    assert TOTPDevice.objects.filter(user=coach).exists()

    clock.shift(timedelta(minutes=1))
    response = client.post(reverse("second_step_turn_off"), {"code": app_code(secret)})
    assert response.status_code == 302
    assert response.url == reverse("account")
    assert not TOTPDevice.objects.filter(user=coach).exists()
    assert not StaticDevice.objects.filter(user=coach).exists()
    assert client.get(reverse("coach_dashboard")).status_code == 200

    # The next log-in needs the password only.
    fresh = Client()
    log_in(fresh, coach.email)
    assert fresh.get(reverse("coach_dashboard")).status_code == 200


@pytest.mark.django_db
def test_turning_it_off_when_required_leads_to_setting_it_up_again(
    settings, clock, client, coach_with_app
):
    settings.COACH_2FA_REQUIRED = True
    coach, secret, _ = coach_with_app
    log_in(client, coach.email)
    give_code(client, next_app_code(clock, secret))
    clock.shift(STEP)
    response = client.post(reverse("second_step_turn_off"), {"code": app_code(secret)})
    assert response.url == reverse("second_step_setup")
    assert client.get(reverse("coach_dashboard")).url.startswith(reverse("second_step_setup"))


@pytest.mark.django_db
def test_a_client_may_turn_it_on_and_off_too(clock, logged_in, client_user):
    logged_in.get(reverse("second_step_setup"))
    secret = logged_in.session["second_step_pending_secret"]
    logged_in.post(reverse("second_step_setup"), {"code": app_code(secret)})
    assert second_step.is_on(client_user)
    clock.shift(STEP)
    logged_in.post(reverse("second_step_turn_off"), {"code": app_code(secret)})
    assert not second_step.is_on(client_user)


# --- Permissions -----------------------------------------------------------------------------

PAGES = [
    "second_step_login",
    "second_step_setup",
    "second_step_codes",
    "second_step_new_codes",
    "second_step_turn_off",
]


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.django_db
def test_anonymous_is_sent_to_log_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(f"{LOGIN}?next=")


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.django_db
def test_anonymous_post_changes_nothing(clock, client, client_user, name):
    secret, codes = turn_on(client_user)
    response = client.post(reverse(name), {"code": codes[0]})
    assert response.status_code == 302
    assert response.url.startswith(f"{LOGIN}?next=")
    assert StaticToken.objects.count() == 10
    assert TOTPDevice.objects.count() == 1


def test_no_page_takes_a_device_id():
    """Every page works on the signed-in person's own devices: there is no id to change."""
    for name in PAGES:
        assert "<" not in reverse(name)


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("second_step_login", "put"),
        ("second_step_setup", "put"),
        ("second_step_codes", "post"),
        ("second_step_new_codes", "delete"),
        ("second_step_turn_off", "put"),
    ],
)
@pytest.mark.django_db
def test_other_methods_are_refused(logged_in, name, method):
    assert getattr(logged_in, method)(reverse(name)).status_code == 405


@pytest.mark.django_db
def test_another_persons_codes_never_work(clock, coach_with_app, other_coach_user):
    coach, secret, codes = coach_with_app
    _, other_codes = turn_on(other_coach_user)
    client = Client()
    log_in(client, other_coach_user.email)
    assert give_code(client, codes[0]).status_code == 400
    clock.shift(STEP)
    assert give_code(client, app_code(secret)).status_code == 400
    assert not code_given(client)
    assert StaticToken.objects.filter(device__user=coach).count() == 10


@pytest.mark.django_db
def test_another_persons_second_step_cannot_be_turned_off(clock, coach_with_app, other_coach_user):
    coach, secret, codes = coach_with_app
    stranger = Client()
    stranger.force_login(other_coach_user, backend="django.contrib.auth.backends.ModelBackend")
    clock.shift(STEP)
    # The stranger has no second step: the pages send them to set up their own.
    response = stranger.post(reverse("second_step_turn_off"), {"code": app_code(secret)})
    assert response.url == reverse("account")
    response = stranger.post(reverse("second_step_new_codes"), {"code": codes[0]})
    assert response.url == reverse("account")
    assert TOTPDevice.objects.filter(user=coach).exists()
    assert StaticToken.objects.filter(device__user=coach).count() == 10
    # With a second step of their own, the coach's codes still do not count as theirs.
    turn_on(other_coach_user)
    clock.shift(STEP)
    response = stranger.post(reverse("second_step_turn_off"), {"code": app_code(secret)})
    assert response.status_code == 400
    assert TOTPDevice.objects.filter(user=other_coach_user).exists()
    assert TOTPDevice.objects.filter(user=coach).exists()


@pytest.mark.django_db
def test_the_codes_page_shows_only_the_persons_own_new_codes(clock, coach_with_app, client_user):
    coach, _, codes = coach_with_app
    other = Client()
    other.force_login(client_user, backend="django.contrib.auth.backends.ModelBackend")
    html = other.get(reverse("second_step_codes")).content.decode()
    assert not any(second_step.format_recovery_code(code) in html for code in codes)


# --- Every word marked for translation (tests/test_i18n.py's pseudo-language) ------------------


@pytest.mark.django_db
def test_set_up_and_codes_pages_are_marked(clock, logged_in, pseudo):  # noqa: F811
    setup = reverse("second_step_setup")
    logged_in.get(setup)
    secret = logged_in.session["second_step_pending_secret"]
    data = (*DATA, second_step.secret_for_typing(secret))
    assert_marked(logged_in, setup, data=data)
    assert_marked(logged_in, setup, data=data, status=400, method="post", payload={"code": "1"})
    logged_in.post(setup, {"code": app_code(secret)})
    codes = StaticToken.objects.values_list("token", flat=True)
    shown = (*DATA, *(second_step.format_recovery_code(code) for code in codes))
    assert_marked(logged_in, reverse("second_step_codes"), data=shown)
    assert_marked(logged_in, reverse("second_step_codes"))  # shown once: now only the count
    assert_marked(logged_in, reverse("account"))
    for name in ("second_step_new_codes", "second_step_turn_off"):
        assert_marked(logged_in, reverse(name))
        assert_marked(logged_in, reverse(name), status=400, method="post", payload={"code": "1"})


@pytest.mark.django_db
def test_code_page_its_errors_and_the_lock_out_are_marked(
    clock,
    client,
    coach_with_app,
    pseudo,  # noqa: F811
):
    coach, _, codes = coach_with_app
    log_in(client, coach.email)
    assert_marked(client, CODE_PAGE)
    wrong = {"code": "000000"}
    for _ in range(4):
        clock.shift(STEP)
        assert_marked(client, CODE_PAGE, status=400, method="post", payload=wrong)
    clock.shift(STEP)
    assert_marked(client, CODE_PAGE, status=429, method="post", payload=wrong)
    clock.shift(timedelta(minutes=20))  # the cool-off is over
    log_in(client, coach.email)
    client.post(CODE_PAGE, {"code": codes[0]})
    assert_marked(client, reverse("account"))  # with the "codes left" message
