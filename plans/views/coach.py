"""Stub: the coach pages arrive with issue 6."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from plans.views.access import coach_only


@login_required
@coach_only
@require_GET
def dashboard(request):
    return render(request, "coach/placeholder.html")
