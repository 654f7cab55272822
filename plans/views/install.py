"""Putting backward-walk on the phone's home screen: the help page and hiding Today's card."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from accounts.models import User
from plans.views.access import client_only


# For clients: the app, once installed, opens at Today (the manifest's start_url).
@login_required
@client_only
@require_GET
def install_help(request):
    return render(request, "account/install_help.html")


@login_required
@client_only
@require_POST
def hide_install_tip(request):
    User.objects.hide_install_tip(request.user.pk)
    return redirect("today")
