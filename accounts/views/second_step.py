"""The second step at log-in: the code page after the password, and on the account page
setting it up, new recovery codes and turning it off.

The password step is Django's LoginView (accounts/views/account.py), unchanged: it signs the
person in, and SecondStepMiddleware keeps a session whose code is still due on the code page
below. Every view here works on the signed-in person's own devices only; none takes an id.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods
from django_otp.plugins.otp_static.models import StaticDevice

from accounts import lockout, login_steps
from accounts.forms.second_step import CodeForm, SetUpCodeForm
from accounts.services import second_step

# Session keys: the key being set up, and new recovery codes waiting to be shown once.
PENDING_SECRET = "second_step_pending_secret"  # noqa: S105 - a name, not a secret
NEW_CODES = "second_step_new_codes"
# Below this many recovery codes left, the person is told to make new ones.
FEW_CODES_LEFT = 3


def wrong_code_message() -> str:
    return _(
        "That code did not work. Check it and type it again, or wait for the next code: "
        "each code works only once."
    )


def next_page(request) -> str:
    """Where the person was going (?next=, this site only), or their home page."""
    wanted = request.GET.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if not safe or wanted.startswith(reverse("second_step_login")):
        return resolve_url(settings.LOGIN_REDIRECT_URL)
    return wanted


def locked_out(request):
    """Too many wrong tries: the half-finished log-in ends, and the lock-out page says why."""
    user = request.user
    logout(request)
    return lockout.locked_out_page(request, user)


@login_required
@require_http_methods(["GET", "POST"])
def log_in_code(request):
    """The second step of logging in: the code from the app, or a recovery code."""
    if login_steps.state(request) != login_steps.DUE:
        return redirect(next_page(request))
    user = request.user
    if lockout.is_locked_out(request, user):
        return locked_out(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = second_step.check_code(user, form.cleaned_data["code"])
        if device is not None:
            login_steps.passed(request, device)
            lockout.clear_failures(request, user)
            if isinstance(device, StaticDevice):
                warn_about_codes_left(request, user)
            return redirect(next_page(request))
        if lockout.count_wrong_code(request, user):
            return locked_out(request)
        form.add_error("code", wrong_code_message())
    status = 400 if form.errors else 200
    return render(request, "registration/second_step.html", {"form": form}, status=status)


def warn_about_codes_left(request, user) -> None:
    left = second_step.recovery_codes_left(user)
    # Whole sentences for each case (few left: make new ones), one text per translator.
    if left <= FEW_CODES_LEFT:
        text = ngettext(
            "You used a recovery code. You have %(left)d left. Make new ones on your account page.",
            "You used a recovery code. You have %(left)d left. Make new ones on your account page.",
            left,
        )
    else:
        text = ngettext(
            "You used a recovery code. You have %(left)d left.",
            "You used a recovery code. You have %(left)d left.",
            left,
        )
    messages.warning(request, text % {"left": left})


@login_required
@require_http_methods(["GET", "POST"])
def set_up(request):
    """Scan the QR code (or type the key) into an authenticator app, then type its code."""
    user = request.user
    if second_step.is_on(user):
        return redirect("account")
    # The key waits in the session until the app proves it has it, so the QR code stays the
    # same when the page is opened again, and nothing is saved before the code is right.
    secret = request.session.get(PENDING_SECRET)
    if not secret:
        secret = request.session[PENDING_SECRET] = second_step.new_secret()
    form = SetUpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = second_step.turn_on(user, secret, form.cleaned_data["code"])
        if codes is not None:
            del request.session[PENDING_SECRET]
            login_steps.set_up_here(request)
            request.session[NEW_CODES] = codes
            messages.success(request, _("The second step is on."))
            return redirect("second_step_codes")
        form.add_error(
            "code",
            _(
                "That code did not match. Check that the app shows “backward-walk” with your "
                "email, then type the code it shows now."
            ),
        )
    context = {
        "form": form,
        "qr_code": second_step.qr_code(second_step.app_link(user, secret)),
        "secret": second_step.secret_for_typing(secret),
        "required": second_step.required_for(user),
    }
    return render(
        request, "account/second_step_setup.html", context, status=400 if form.errors else 200
    )


@login_required
@require_GET
def recovery_codes(request):
    """New recovery codes, shown this once; afterwards only how many are left."""
    codes = request.session.pop(NEW_CODES, None)
    context = {
        "codes": [second_step.format_recovery_code(code) for code in codes or ()],
        "left": second_step.recovery_codes_left(request.user),
        "is_on": second_step.is_on(request.user),
    }
    return render(request, "account/second_step_codes.html", context)


def code_confirmed_page(request, template: str, on_confirmed):
    """A page that asks for a current code before it changes anything."""
    user = request.user
    if not second_step.is_on(user):
        return redirect("account")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if second_step.check_code(user, form.cleaned_data["code"]) is not None:
            return on_confirmed()
        form.add_error("code", wrong_code_message())
    context = {"form": form, "required": second_step.required_for(user)}
    return render(request, template, context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def new_recovery_codes(request):
    def make_new_codes():
        request.session[NEW_CODES] = second_step.new_recovery_codes(request.user)
        return redirect("second_step_codes")

    return code_confirmed_page(request, "account/second_step_new_codes.html", make_new_codes)


@login_required
@require_http_methods(["GET", "POST"])
def turn_off(request):
    def switch_off():
        second_step.turn_off(request.user)
        login_steps.turned_off(request)
        if second_step.required_for(request.user):
            messages.success(
                request,
                _("The old second step is off. Coaches need one, so set up the new one now."),
            )
            return redirect("second_step_setup")
        messages.success(
            request, _("The second step is off. Logging in needs only your password now.")
        )
        return redirect("account")

    return code_confirmed_page(request, "account/second_step_turn_off.html", switch_off)
