"""Sign-up, log-in, password reset and the person's own account: details, email, export,
deletion. Rules and writes live in accounts/services/account.py."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.forms.account import (
    AccountForm,
    DeleteAccountForm,
    EmailChangeForm,
    EmailLoginForm,
    SignupForm,
)
from accounts.models.privacy import HEALTH_CONSENT_VERSION
from accounts.services import account as accounts
from accounts.services.export import export_zip
from accounts.views.signup_links import client_address, signup_link_for
from coaching.forms import SharingForm
from coaching.services import links as coaching
from coaching.services import status
from coaching.views import invites as invite_views
from feeds.views import account_context as calendar_context
from notifications import limits
from notifications.forms import QueuedPasswordResetForm

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            accounts.start_signup(
                data, data["password1"], client_address(request), signup_link_for(request)
            )
        except limits.LimitReached as problem:
            form.add_error(None, str(problem))
            return render(request, "registration/signup.html", {"form": form}, status=429)
        request.session["signup_email"] = data["email"]
        return redirect("signup_sent")
    return render(request, "registration/signup.html", {"form": form})


@require_GET
def signup_sent(request):
    email = request.session.get("signup_email", "")
    return render(request, "registration/signup_sent.html", {"email": email})


@require_http_methods(["GET", "POST"])
def signup_confirm(request, token):
    """GET shows a button (mail scanners open links); POST switches the account on."""
    if request.method == "GET":
        return render(request, "registration/signup_confirm.html")
    try:
        confirmed = accounts.confirm_signup(token)
    except accounts.AccountError as problem:
        return render(
            request, "registration/signup_confirm.html", {"error": str(problem)}, status=400
        )
    user = confirmed.user
    login(request, user, backend=MODEL_BACKEND)
    if confirmed.invite is not None:
        return invite_views.accept_after_signup(request, user, confirmed.invite)
    messages.success(
        request, _("Welcome, %(name)s. Your account is ready.") % {"name": user.display_name}
    )
    return redirect("coach_dashboard" if user.is_coach else "questionnaire")


@require_POST
def signup_resend(request):
    """The login page's "send the link again", for a sign-up that typed the right password."""
    try:
        user = accounts.resend_signup_link(
            request.POST.get("token", ""), client_address(request), signup_link_for(request)
        )
    except accounts.AccountError as problem:
        return render(request, "registration/signup_resend.html", {"error": problem}, status=400)
    except limits.LimitReached as problem:
        return render(request, "registration/signup_resend.html", {"error": problem}, status=429)
    request.session["signup_email"] = user.email
    return redirect("signup_sent")


class LoginView(auth_views.LoginView):
    """Django's login page; a signed-in person is sent on, never back to this page."""

    authentication_form = EmailLoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        waiting = getattr(context["form"], "awaiting_confirmation", None)
        if waiting is not None:
            context["resend_token"] = accounts.resend_token(waiting)
        return context

    def get_success_url(self):
        url = super().get_success_url()
        # ?next=/login/ for someone signed in would redirect here forever (Django raises).
        if url == self.request.path:
            return resolve_url("home")
        return url


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset page with daily limits per connection and per address."""

    form_class = QueuedPasswordResetForm

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        try:
            limits.spend(
                (limits.RESET_PER_ADDRESS, client_address(self.request)),
                (limits.RESET_PER_EMAIL, email),
            )
        except limits.LimitReached as problem:
            form.add_error(None, str(problem))
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().form_valid(form)


def _account_page(request, *, form=None, email_form=None, status=200):
    context = {
        "form": form or AccountForm(instance=request.user),
        "email_form": email_form or EmailChangeForm(request.user),
        **calendar_context(request),
        **_coach_context(request.user),
    }
    return render(request, "account/account.html", context, status=status)


def _coach_context(user) -> dict:
    """A client's coach, what the coach sees, and the form that changes it."""
    link = None if user.is_coach else coaching.current_link(user)
    if link is None:
        return {"coach_link": None}
    since = link.history_start()
    return {
        "coach_link": link,
        "coach_since": since,
        "sharing_form": SharingForm(
            initial={"shares_history": "yes" if link.shares_history else "no"}, since=since
        ),
    }


@login_required
@require_http_methods(["GET", "POST"])
def account(request):
    if request.method == "GET":
        return _account_page(request)
    form = AccountForm(request.POST, instance=request.user)
    if not form.is_valid():
        return _account_page(request, form=form)
    user = form.save(commit=False)
    with transaction.atomic():
        user.save(update_fields=["display_name", "time_zone", "speed_unit"])
        # The coach's list sorts by the name and counts on the client's local date.
        status.refresh_one(user.pk)
    messages.success(request, _("Your details are saved."))
    return redirect("account")


@login_required
@require_POST
def change_email(request):
    form = EmailChangeForm(request.user, request.POST)
    if not form.is_valid():
        messages.error(request, _("Your email was not changed. Please check the form below."))
        return _account_page(request, email_form=form, status=400)
    new_email = form.cleaned_data["new_email"]
    try:
        accounts.request_email_change(
            request.user,
            new_email,
            lambda token: request.build_absolute_uri(reverse("email_confirm", args=[token])),
        )
    except limits.LimitReached as problem:
        form.add_error(None, str(problem))
        return _account_page(request, email_form=form, status=429)
    messages.success(
        request,
        _(
            "We sent a link to %(email)s. Open it to finish the change; until then your "
            "email stays as it is."
        )
        % {"email": new_email},
    )
    return redirect("account")


@login_required
@require_http_methods(["GET", "POST"])
def confirm_email(request, token):
    if request.method == "GET":
        return render(request, "account/email_confirm.html")
    try:
        new_email = accounts.confirm_email_change(request.user, token)
    except accounts.AccountError as problem:
        return render(request, "account/email_confirm.html", {"error": str(problem)}, status=400)
    messages.success(request, _("Your email is now %(email)s.") % {"email": new_email})
    return redirect("account")


@login_required
@require_GET
def export(request):
    response = HttpResponse(export_zip(request.user), content_type="application/zip")
    stamp = timezone.localdate(timezone=request.user.tz).isoformat()
    response["Content-Disposition"] = f'attachment; filename="backward-walk-my-data-{stamp}.zip"'
    return response


# Set in the signed-out session after a deletion, so that the same "Delete" sent again from
# another tab (now signed out) lands on the "deleted" page, not on the login page.
JUST_DELETED = "account_just_deleted"


@require_http_methods(["GET", "POST"])
def delete_account(request):
    if not request.user.is_authenticated:
        if request.method == "POST" and request.session.get(JUST_DELETED):
            return redirect("account_deleted")
        return redirect_to_login(request.get_full_path())
    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        # False when another tab deleted it a moment before: the end is the same.
        accounts.delete_account(request.user)
        logout(request)
        request.session[JUST_DELETED] = True
        return redirect("account_deleted")
    status = 400 if form.errors else 200
    return render(request, "account/delete.html", {"form": form}, status=status)


@require_GET
def account_deleted(request):
    return render(request, "account/deleted.html")


@require_GET
def privacy(request):
    context = {
        "consent_version": HEALTH_CONSENT_VERSION,
        "backup_days": settings.BACKUP_RETENTION_DAYS,
    }
    return render(request, "privacy.html", context)
