from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def home(request):
    """The front door: visitors see what this is; signed-in people go to their own page."""
    if not request.user.is_authenticated:
        return render(request, "home.html")
    if request.user.is_coach:
        return render(request, "coach/placeholder.html")
    return render(request, "client/placeholder.html")
