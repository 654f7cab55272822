import logging
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control

from accounts import login_steps
from accounts.services import second_step

logger = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"


class HealthCheckMiddleware:
    """Answers GET /healthz with 200 "ok" after a real query, or 503 when the database is down.

    It sits first so probes skip host validation, the SSL redirect, sessions and CSP.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path != HEALTH_PATH:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return HttpResponse("method not allowed", status=405, content_type="text/plain")
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except DatabaseError:
            return HttpResponse("database unavailable", status=503, content_type="text/plain")
        return HttpResponse("ok", content_type="text/plain")


class NoStoreForSignedInMiddleware:
    """Cache-Control: no-store on every page served to a signed-in person.

    Their pages hold health answers, pain and falls: a shared computer's browser cache or a
    proxy must not keep a copy. Responses that already say no-store or private keep theirs.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True, max_age=0)
        return response


class SecondStepMiddleware:
    """The second step at log-in, for every page (accounts/login_steps.py).

    A session that gave the password but not the code reaches only the code page and "Log
    out", whatever the address. A coach without a second step, where COACH_2FA_REQUIRED is on,
    reaches only its set-up page (and the privacy page and "Log out") until it is done.
    """

    # The footer's language choice works on these pages too: it changes only the words.
    WHILE_DUE = frozenset({"second_step_login", "logout", "set_language"})
    WHILE_SETTING_UP = frozenset(
        {"second_step_setup", "second_step_codes", "logout", "privacy", "set_language"}
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        where = request.resolver_match.view_name
        state = login_steps.state(request)
        if state == login_steps.DUE and where not in self.WHILE_DUE:
            return redirect_to("second_step_login", request)
        if (
            state == login_steps.OFF
            and where not in self.WHILE_SETTING_UP
            and second_step.required_for(user)
        ):
            return redirect_to("second_step_setup", request)
        return None


def redirect_to(name: str, request) -> HttpResponseRedirect:
    """To `name`, coming back to this page afterwards if it was a page (GET)."""
    url = reverse(name)
    if request.method == "GET":
        url += "?" + urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})
    return HttpResponseRedirect(url)


RETRY_AFTER_SECONDS = 60


OUTAGE_ERRORS = (OperationalError, InterfaceError)


def outage_response(request) -> HttpResponse:
    """The plain 503 page: nothing was saved, try again in a minute.

    True by construction: the request's transaction did not commit, so a log posted during
    the outage is not there. Rendered without a RequestContext, whose context processors
    would ask the database again.
    """
    html = render_to_string("errors/503.html", {"was_post": request.method == "POST"})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    patch_cache_control(response, no_store=True)
    return response


class DatabaseOutageMiddleware:
    """A database that cannot be reached gives the 503 page, never a bare 500.

    This catches what views raise; handler500 (plans/views/errors.py) catches the same errors
    raised by other middleware (sessions, the signed-in user).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OUTAGE_ERRORS):
            logger.error("Database unavailable: %s %s: %s", request.method, request.path, exception)
            return outage_response(request)
        return None


class TimeZoneMiddleware:
    """Shows dates and times in the signed-in person's own time zone.

    Django's documented way (`timezone.activate`): every `|date` and `|time` of a stored
    moment then reads in the viewer's zone, so a note written at 23:30 in London is not dated
    the next day for them. Rules never depend on it: they take the person's zone explicitly
    (`User.local_today`).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            timezone.activate(user.tz)
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


# The session marker and the owner of each page, for the service worker (templates/app/sw.js).
OWNER_COOKIE = "bw_owner"
OWNER_HEADER = "BW-Owner"


class OfflineOwnerMiddleware:
    """Tells the service worker whose pages these are, and for how long it may show them.

    The worker keeps Today, the plan and progress for use offline, and the Cache API keeps them
    whatever `no-store` says, after the session has ended too. So each signed-in response names
    its owner (`BW-Owner`, stored with the page), and a marker cookie names the signed-in person
    for exactly as long as the session cookie lives: set whenever Django sets the session cookie
    (same max-age), deleted on sign-out or when a request comes without a valid session. Offline,
    the worker shows a saved page only when the marker exists and names the page's owner.

    The marker is readable by scripts (the worker reads it through the Cookie Store API) and
    holds only the person's public id: it grants nothing (the session cookie stays HttpOnly and
    is what signs a request in) and the server never trusts it. It keeps the next person on a
    shared phone from seeing the last one's pages, not someone with the browser's own tools.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            owner = str(user.public_id)
            response[OWNER_HEADER] = owner
            self._mark(request, response, owner)
        elif OWNER_COOKIE in request.COOKIES:
            response.delete_cookie(
                OWNER_COOKIE,
                path=settings.SESSION_COOKIE_PATH,
                domain=settings.SESSION_COOKIE_DOMAIN,
                samesite=settings.SESSION_COOKIE_SAMESITE,
            )
        return response

    def _mark(self, request, response, owner: str) -> None:
        session = request.session
        # Only when SessionMiddleware sets its cookie on this response (it skips a 5xx): a page
        # view never writes the session just for the marker. A session without a marker (made
        # before it existed) gets no saved pages offline until the next sign-in.
        if response.status_code >= 500:
            return
        if not (session.modified or settings.SESSION_SAVE_EVERY_REQUEST):
            return
        # As SessionMiddleware computes its cookie's lifetime, a moment later.
        max_age = None if session.get_expire_at_browser_close() else session.get_expiry_age()
        response.set_cookie(
            OWNER_COOKIE,
            owner,
            max_age=max_age,
            path=settings.SESSION_COOKIE_PATH,
            domain=settings.SESSION_COOKIE_DOMAIN,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=False,
            samesite=settings.SESSION_COOKIE_SAMESITE,
        )
