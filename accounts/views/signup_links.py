"""Request helpers shared by the sign-up pages and the invite sign-up (coaching.views.invites)."""

from collections.abc import Callable
from urllib.parse import urlencode

from axes.helpers import get_client_ip_address
from django.urls import reverse


def client_address(request) -> str:
    """The connection's address as the login lock-out sees it (proxy settings included)."""
    return get_client_ip_address(request) or "unknown"


def signup_link_for(request, *, known_address_goes_to: str = "") -> Callable[[str], str]:
    """The links in the sign-up mails: a token's confirmation link, and for an address that
    already has an account (no token) the login page, then `known_address_goes_to`."""

    def link_for(token: str) -> str:
        if token:
            return request.build_absolute_uri(reverse("signup_confirm", args=[token]))
        login_url = reverse("login")
        if known_address_goes_to:
            login_url += "?" + urlencode({"next": known_address_goes_to})
        return request.build_absolute_uri(login_url)

    return link_for
