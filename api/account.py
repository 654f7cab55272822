"""The account page's token section: make a token (shown once) and revoke one. Pages, not
API: a signed-in session with its CSRF token, as every form of the account page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from api import tokens
from api.forms import TokenForm


@login_required
@require_POST
def new_token(request):
    form = TokenForm(request.POST, role=request.user.role)
    if form.is_valid():
        try:
            made = tokens.make_token(
                request.user, form.cleaned_data["name"], form.cleaned_data["scope"]
            )
        except tokens.TokenRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            # The secret is in this answer only (no-store, as every signed-in page).
            context = {"token": made.token, "secret": made.secret}
            return render(request, "api/token_made.html", context, status=201)
    return render(request, "api/token_made.html", {"form": form}, status=400)


@login_required
@require_POST
def revoke_token(request, pk):
    if not tokens.revoke(request.user, pk):
        raise Http404(_("No such token."))
    messages.success(request, _("Token revoked. Anything using it can no longer get in."))
    return redirect(reverse("account") + "#api-tokens")
