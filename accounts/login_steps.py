"""Where a signed-in session stands with the second step, kept in the session itself.

Django's log-in (the password) starts every session; for an account with a second step the
session is then "due" until the code is given, and SecondStepMiddleware (plans/middleware.py)
lets a due session reach only the code page and "Log out". Reading the state costs no query,
so the pages' query budgets do not change; it is worked out once per log-in.
"""

from django.middleware.csrf import rotate_token
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login

from accounts import lockout
from accounts.services import second_step

SESSION_KEY = "second_step"
DUE = "due"  # the password was right; the code is still to come
DONE = "done"  # the code was right (or the second step was just set up here)
OFF = "off"  # the account has no second step


def state(request) -> str:
    """The session's state; a session older than this feature is worked out once."""
    value = request.session.get(SESSION_KEY)
    if value is None:
        value = DUE if second_step.is_on(request.user) else OFF
        request.session[SESSION_KEY] = value
    return value


def on_log_in(sender, request, user, **kwargs) -> None:
    """user_logged_in: every log-in (the password, a confirmed sign-up) starts here."""
    if request is None or not hasattr(request, "session"):
        return
    request.session.pop(DEVICE_ID_SESSION_KEY, None)
    if second_step.is_on(user):
        request.session[SESSION_KEY] = DUE
    else:
        request.session[SESSION_KEY] = OFF
        lockout.clear_failures(request, user)


def passed(request, device) -> None:
    """The code was right: the log-in is complete. A new session key, as at any log-in."""
    request.session.cycle_key()
    rotate_token(request)
    otp_login(request, device)
    request.session[SESSION_KEY] = DONE


def set_up_here(request) -> None:
    """The second step was just set up (or changed) in this session, so it counts as given."""
    request.session[SESSION_KEY] = DONE


def turned_off(request) -> None:
    request.session.pop(DEVICE_ID_SESSION_KEY, None)
    request.session[SESSION_KEY] = OFF
