"""The invite link, for the person invited: sign up (linked once the email is confirmed), or
accept / decline.

Each state of a code has its own page: unknown (404), used, expired, revoked, declined, and
a coach opening a client's invite.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.services import account as accounts
from accounts.views.signup_links import client_address, signup_link_for
from coaching.forms import InviteSignupForm, SharingForm
from coaching.models import Invite
from coaching.services import invites
from coaching.services import links as coaching
from notifications import limits
from plans.views.access import client_only

GONE = {"used", "expired", "revoked", "declined"}


def _find(code: str) -> Invite | None:
    return Invite.objects.select_related("coach").filter(code=code).first()


def _unknown(request):
    return render(request, "invites/unknown.html", status=404)


def _gone(request, invite: Invite, state: str):
    mine = (
        state == "used"
        and request.user.is_authenticated
        and invite.accepted_by_id == request.user.pk
    )
    return render(
        request,
        "invites/gone.html",
        {"invite": invite, "state": state, "mine": mine},
        status=200 if mine else 410,
    )


@require_http_methods(["GET"])
def invite(request, code):
    found = _find(code)
    if found is None:
        return _unknown(request)
    state = found.state()
    if state in GONE:
        return _gone(request, found, state)
    context = {"invite": found}
    if not request.user.is_authenticated:
        return render(request, "invites/welcome.html", context)
    if request.user.is_coach:
        return render(request, "invites/for_clients.html", context)
    if not invites.is_for(found, request.user):
        return _not_for_you(request, found)
    return _accept_page(request, found, SharingForm())


def _accept_page(request, invite: Invite, form: SharingForm, status: int = 200):
    """What the coach will see, the sharing choice, and the buttons to accept or decline."""
    link = coaching.current_link(request.user)
    context = {
        "invite": invite,
        "form": form,
        "current": link,
        "same_coach": link is not None and link.coach_id == invite.coach_id,
    }
    return render(request, "invites/accept.html", context, status=status)


def _not_for_you(request, invite: Invite):
    """An emailed invite opened by someone signed in with another address."""
    return render(
        request,
        "invites/not_for_you.html",
        {"invite": invite, "reason": invites.NOT_FOR_YOU},
        status=403,
    )


@require_http_methods(["GET", "POST"])
def signup(request, code):
    """A new person signs up from the invite: as on /signup/, the account waits for the
    mailed link, and the page answers the same whether or not the address has an account.
    The invite is accepted when the link is opened (accept_after_signup)."""
    if request.user.is_authenticated:
        return redirect("invite", code=code)
    found = _find(code)
    if found is None:
        return _unknown(request)
    state = found.state()
    if state in GONE:
        return _gone(request, found, state)
    form = InviteSignupForm(request.POST or None, invite_email=found.email)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        link_for = signup_link_for(
            request, known_address_goes_to=reverse("invite", args=[found.code])
        )
        try:
            invites.hold_choice(found, data["shares_history"])
            accounts.start_signup(data, data["password1"], client_address(request), link_for, found)
        except limits.LimitReached as problem:
            form.add_error(None, str(problem))
            context = {"form": form, "invite": found}
            return render(request, "invites/signup.html", context, status=429)
        request.session["signup_email"] = data["email"]
        return redirect("signup_sent")
    return render(request, "invites/signup.html", {"form": form, "invite": found})


def accept_after_signup(request, user, invite: Invite):
    """The person who signed up from `invite` just opened their mailed link (and is logged
    in): now the invite is accepted, through the same service as the Accept button."""
    names = {"name": user.display_name, "coach": invite.coach.display_name}
    try:
        invites.accept_invite(invite, user)
    except coaching.CoachingError:
        # Revoked, expired or used while the mail waited: the account is ready all the same.
        messages.info(
            request,
            _(
                "Welcome, %(name)s. Your account is ready, but the invite from %(coach)s can "
                "no longer be used: ask them for a new one."
            )
            % names,
        )
    else:
        messages.success(
            request,
            _(
                "Welcome, %(name)s. You are now linked with %(coach)s. Next, a few "
                "questions to set up your plan."
            )
            % names,
        )
    return redirect("questionnaire")


def _open_invite_or_page(request, code):
    found = _find(code)
    if found is None:
        return None, _unknown(request)
    state = found.state()
    if state in GONE:
        return None, _gone(request, found, state)
    return found, None


def _answer(request, code, service, message):
    """Accept or decline: the same checks, a different service call and message."""
    found, page = _open_invite_or_page(request, code)
    if page is not None:
        return page
    if not invites.is_for(found, request.user):
        return _not_for_you(request, found)
    try:
        service(found, request.user)
    except coaching.CoachingError:
        found.refresh_from_db()
        return _gone(request, found, found.state())
    message(request, found.coach.display_name)
    return redirect("home")


@login_required
@client_only
@require_POST
def accept(request, code):
    """Accepting records the client's sharing choice with the link (a consent)."""
    form = SharingForm(request.POST)
    if not form.is_valid():
        found, page = _open_invite_or_page(request, code)
        if page is not None:
            return page
        if not invites.is_for(found, request.user):
            return _not_for_you(request, found)
        return _accept_page(request, found, form, status=400)
    shares = form.cleaned_data["shares_history"]
    return _answer(
        request,
        code,
        lambda invite, user: invites.accept_invite(invite, user, shares_history=shares),
        lambda req, name: messages.success(
            req, _("You are now linked with %(coach)s.") % {"coach": name}
        ),
    )


@login_required
@client_only
@require_POST
def decline(request, code):
    return _answer(
        request,
        code,
        invites.decline_invite,
        lambda req, name: messages.info(
            req, _("You declined the invite from %(coach)s.") % {"coach": name}
        ),
    )
