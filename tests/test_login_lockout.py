"""The login lock-out (django-axes): keyed on the normalised email, and on the client's own
address behind a proxy (findings 1 and 3)."""

import pytest
from django.test import Client
from django.urls import reverse

from backward_walk.settings import axes_ip_settings
from tests.factories import PASSWORD, make_user

PROXY = "10.0.0.2"  # the load balancer: every request reaches the app from here


def try_login(client, email, password, **headers):
    return client.post(reverse("login"), {"username": email, "password": password}, **headers)


def logged_in_as(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("wrong_as", "right_as"),
    [
        ("lee@example.com", "LEE@example.com"),
        ("Lee@Example.com", "lee@example.com"),
        ("LEE@EXAMPLE.COM", "  lee@example.com "),
    ],
)
def test_five_wrong_tries_lock_every_letter_case_of_the_email(client, wrong_as, right_as):
    make_user("lee@example.com")
    for _ in range(5):
        try_login(client, wrong_as, "wrong")
    response = try_login(client, right_as, PASSWORD)
    assert response.status_code == 429
    assert not logged_in_as(client)


@pytest.mark.django_db
def test_mixed_case_wrong_tries_add_up_to_one_lock(client):
    make_user("lee@example.com")
    for email in ("lee@example.com", "Lee@example.com", "LEE@example.com", "lEe@Example.com"):
        try_login(client, email, "wrong")
    assert try_login(client, "LEE@EXAMPLE.COM", "wrong").status_code == 429  # the fifth
    assert try_login(client, "lee@example.com", PASSWORD).status_code == 429


def via_proxy(client_ip: str, sent_by_client: str = "") -> dict:
    """Headers as one proxy sets them: it appends the address it saw to X-Forwarded-For."""
    chain = f"{sent_by_client}, {client_ip}" if sent_by_client else client_ip
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": chain}


@pytest.fixture
def behind_one_proxy(settings):
    order, count, direction = axes_ip_settings(1)  # what AXES_PROXY_COUNT=1 configures
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = order
    settings.AXES_IPWARE_PROXY_COUNT = count
    settings.AXES_IPWARE_PROXY_ORDER = direction


@pytest.mark.django_db
def test_behind_a_proxy_one_persons_failures_do_not_lock_another_address(behind_one_proxy):
    make_user("lee@example.com")
    attacker, owner = Client(), Client()
    for _ in range(5):
        try_login(attacker, "lee@example.com", "wrong", **via_proxy("203.0.113.7"))
    assert (
        try_login(attacker, "lee@example.com", PASSWORD, **via_proxy("203.0.113.7")).status_code
        == 429
    )
    response = try_login(owner, "lee@example.com", PASSWORD, **via_proxy("198.51.100.20"))
    assert response.status_code == 302
    assert logged_in_as(owner)


@pytest.mark.django_db
def test_behind_a_proxy_a_forged_forwarded_for_gives_no_fresh_guesses(behind_one_proxy):
    make_user("lee@example.com")
    attacker = Client()
    for n in range(5):
        try_login(attacker, "lee@example.com", "wrong", **via_proxy("203.0.113.7", f"1.2.3.{n}"))
    response = try_login(
        attacker, "lee@example.com", PASSWORD, **via_proxy("203.0.113.7", "1.2.3.99")
    )
    assert response.status_code == 429
    owner = Client()
    assert (
        try_login(owner, "lee@example.com", PASSWORD, **via_proxy("198.51.100.20")).status_code
        == 302
    )


def test_without_a_proxy_only_the_connection_address_counts():
    assert axes_ip_settings(0)[0] == ("REMOTE_ADDR",)


def test_ipware_is_installed_so_axes_can_read_forwarded_addresses():
    from axes import helpers

    assert helpers.IPWARE_INSTALLED
