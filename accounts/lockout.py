"""The login lock-out's view of who is trying (django-axes hooks, named in settings)."""

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib.auth.signals import user_login_failed

from accounts.validators import normalise_email


def normalise_login(value: str | None) -> str | None:
    """Emails are stored normalised (NFKC, lower-case, stripped), so the lock-out counts them
    that way too: "ＬＥＥ@example.com" gives no extra guesses at "lee@example.com"."""
    if value is None:
        return None
    return normalise_email(value)


def normalised_username(request, credentials: dict | None) -> str | None:
    """AXES_USERNAME_CALLABLE: the login as typed, normalised (axes' own lookup order)."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        return normalise_login(credentials.get(field))
    data = getattr(request, "data", None) or getattr(request, "POST", {})
    return normalise_login(data.get(field))


# --- The second step at log-in ---------------------------------------------------------------
# A wrong code is a failed log-in to the lock-out: it adds to the same count as a wrong password
# (keyed on the account's email and the connection's address), and the count is cleared only
# when the whole log-in succeeds (settings: AXES_RESET_ON_SUCCESS is off).


def _credentials(user) -> dict:
    return {settings.AXES_USERNAME_FORM_FIELD: user.get_username()}


def is_locked_out(request, user) -> bool:
    return AxesProxyHandler.is_locked(request, _credentials(user))


def count_wrong_code(request, user) -> bool:
    """Record a wrong code as a failed log-in; True when that locked the account out."""
    user_login_failed.send(sender=__name__, credentials=_credentials(user), request=request)
    return bool(getattr(request, "axes_locked_out", False))


def clear_failures(request, user) -> None:
    """The log-in is complete: forget the wrong tries of this account from this address."""
    AxesProxyHandler.update_request(request)
    AxesProxyHandler.get_implementation().reset_user_attempts(request, _credentials(user))


def locked_out_page(request, user):
    return get_lockout_response(request, None, _credentials(user))
