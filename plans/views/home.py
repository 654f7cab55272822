from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from plans.models import Plan


@require_GET
def home(request):
    """The front door: visitors see what this is; signed-in people go to their own page."""
    if not request.user.is_authenticated:
        return render(request, "home.html")
    if request.user.is_coach:
        return redirect("coach_dashboard")
    has_plan = Plan.objects.filter(client=request.user).exclude(status="ended").exists()
    return redirect("today" if has_plan else "questionnaire")
